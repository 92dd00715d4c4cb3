"""``bad``: what broken phones send, against the app only (the floor keeps no rules):
racing taps that would overspend, resends after a dropped socket, taps on a step closed
meanwhile, vote events no page sends, garbage frames, a phone that vanishes and comes
back.
"""

from __future__ import annotations

import asyncio
import random

from bench import server as srv
from bench.client import Phone
from bench.measures import Action
from bench.protocol import garbage
from bench.room import ACK_TIMEOUT, Options, follow, gather_room
from bench.scenarios.vote import write_card
from bench.targets.base import STEP_TITLES, VOTE_ELEMENT, Target


async def scenario_bad(target: Target, server: srv.Server, opts: Options, result: dict):
    """What broken phones send: resends after drops, a vanished phone, racing taps,
    taps on a closed step, garbage bytes."""
    rng = random.Random(opts.seed + 1)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    bad: dict = {}
    # A phone vanishes now and comes back later (a reload of its ?p= link).
    vanisher = phones[-1]
    vanish_query = vanisher.query
    await vanisher.close()
    participants_before = target.participants()

    async def come_back() -> dict:
        await asyncio.sleep(opts.vanish_seconds)
        again = Phone(server.base_url, query=vanish_query, name="returned")
        again.watch(STEP_TITLES["vote"])
        again.watch(STEP_TITLES["ideas"])
        ack = await again.open()
        await again.wait_ack(ack, ACK_TIMEOUT)
        out = {
            "after_seconds": opts.vanish_seconds,
            "ack": ack.status,
            "same_token": again.query_param("p")
            == Phone("http://127.0.0.1", query=vanish_query).query_param("p"),
            "sees_current_step": any(
                again.watched.get(STEP_TITLES[k]) is not None for k in ("ideas", "vote")
            ),
            "participants_before": participants_before,
            "participants_after": target.participants() - extra["joins"],
            "asked_to_check_in_again": "Welcome!" in again.texts(),
        }
        await again.close()
        return out

    extra = {"joins": 0}  # phones joined since (the after-garbage check): not the vanisher
    vanish_task = asyncio.create_task(come_back())
    active = phones[:-1]

    # Resend after a dropped socket: submit a card, cut the network, resume, submit again.
    resend = []
    for j, phone in enumerate(active[: min(4, len(active))]):
        form = await phone.wait_for(Target.card_form, 15)
        if not form:
            resend.append("no card form")
            continue
        area, category, submit = form
        values = {area: f"Resent card {j}"}
        if category is not None:
            values[category] = 0
        await phone.submit(submit, values)
        await asyncio.sleep([0, 0.02, 0.1, 0.5][j])
        await phone.drop()
        await asyncio.sleep(0.3)
        phone.auto_reconnect = False
        await phone.open(resume=True, run=False)
        phone.auto_reconnect = True
        ack = await phone.submit(submit, values)
        await phone.wait_ack(ack, ACK_TIMEOUT)
        resend.append(ack.status)
    bad["resend_after_drop_acks"] = resend
    # Everyone else writes one card.
    cards = Action("card")
    await asyncio.gather(
        *(
            write_card(target, p, i, rng.uniform(0, 2), cards)
            for i, p in enumerate(active[4:], start=4)
        )
    )
    expected_cards = len(resend) + len(cards.latencies)
    bad["cards_expected"] = expected_cards
    bad["cards_stored"] = target.cards()
    result["follow"].append(await follow(target, active, "vote", opts))

    # Racing taps that would overspend: budget + 3 taps without waiting for answers.
    racing = Action("racing_vote")
    acks = []
    for phone in active:
        buttons = [b for b in Target.plus_buttons(phone) if not b.disabled]
        if not buttons:
            racing.fail("no + button")
            continue
        for k in range(target.budget + 3):
            acks.append((phone, await Target.press(phone, buttons[k % len(buttons)])))
    for phone, ack in acks:
        await phone.wait_ack(ack, ACK_TIMEOUT)
        racing.record(ack)  # answered; which of the racing taps were refused is not knowable
    ok, detail = target.ballots_ok()
    bad["overspend_race"] = {
        "taps": len(acks),
        "acks": racing.report()["ack_seconds"],
        "failures": racing.failures,
        "phones_told_why_a_tap_was_refused": sum(1 for p in active if Target.refusal(p)),
        "dots_stored": target.dots(),
        "max_possible": len(active) * target.budget,
        "ballots_ok": ok,
        "ballots": detail,
    }

    # A dot resent after a drop.
    phone = active[0]
    await phone.wait_for(lambda p: bool(Target.plus_buttons(p)), 10)
    minus = [b for b in Target.minus_buttons(phone) if not b.disabled]
    if minus:
        ack = await Target.press(phone, minus[0])
        await phone.wait_ack(ack, ACK_TIMEOUT)
    dots_before = target.dots()
    plus = [b for b in Target.plus_buttons(phone) if not b.disabled]
    if plus:
        await Target.press(phone, plus[0])
        await phone.drop()
        await asyncio.sleep(0.3)
        phone.auto_reconnect = False
        await phone.open(resume=True, run=False)
        phone.auto_reconnect = True
        ack = await Target.resend(phone, plus[0])
        await phone.wait_ack(ack, ACK_TIMEOUT)
        await asyncio.sleep(0.5)
        bad["vote_resend_after_drop"] = {
            "ack": ack.status,
            "dots_before": dots_before,
            "dots_after": target.dots(),
            "expected_after": dots_before + 1,
        }

    # Taps on a step the facilitator has just closed (the phones still show it).
    for p in active:
        m = [b for b in Target.minus_buttons(p) if not b.disabled]
        if m:
            await Target.press(p, m[0])
    await asyncio.sleep(2)
    await asyncio.to_thread(target.close_current)
    closed_dots = target.dots()
    late = []
    for p in active:
        plus = [b for b in Target.plus_buttons(p) if not b.disabled]
        if plus:
            late.append((p, await Target.press(p, plus[0])))
    for p, ack in late:
        await p.wait_ack(ack, ACK_TIMEOUT)
    await asyncio.sleep(1)
    bad["taps_on_closed_step"] = {
        "taps": len(late),
        "dots_at_close": closed_dots,
        "dots_after_taps": target.dots(),
        "phones_told_closed": sum(
            any(
                "closed" in t.lower() and "step" in t.lower()
                for t in [*p.texts(), Target.refusal(p) or ""]
            )
            for p in active
        ),
    }

    # Events no page sends: a vote element's trigger that is not a tap, counts for
    # cards of no vote, negative or huge counts, a flood of entries.
    hostile = [
        "not a dict",
        {"set": "all", "seq": 1},
        {"set": {"999999": 3}, "seq": 2},
        {"set": {"-1": 1, "abc": 2}, "seq": 3},
        {"set": {str(i): 1 for i in range(5000)}, "seq": 4},
        {"set": {"1": -5}, "seq": 5},
        {"set": {"1": 10**30}, "seq": 6},
        [1, 2, 3],
    ]
    await asyncio.to_thread(target.change_step, "vote")  # open again
    phone = active[1] if len(active) > 1 else active[0]
    await phone.wait_for(lambda p: any(not b.disabled for b in Target.plus_buttons(p)), 10)
    element = phone.component(VOTE_ELEMENT)
    dots_before = target.dots()
    answers = []
    if element is not None:
        for payload in hostile:
            ack = await phone.trigger(element, "dots", payload)
            await phone.wait_ack(ack, ACK_TIMEOUT)
            answers.append(ack.status)
    bad["hostile_vote_events"] = {
        "sent": len(answers),
        "answers": answers,
        "dots_before": dots_before,
        "dots_after": target.dots(),
        "ballots_ok": target.ballots_ok()[0],
    }

    # Garbage on the websocket.
    junk = [
        bytes(rng.getrandbits(8) for _ in range(64)),
        b"\xff" * 16,
        b"\x0a\x05\x12\x03abc",  # a truncated, wrong-typed field
        "not a protobuf, a text frame",
    ]
    bad["garbage"] = await garbage(server.base_url, junk)
    bad["garbage_payloads"] = ["random 64 bytes", "0xff * 16", "malformed protobuf", "text frame"]
    # The server still serves a phone.
    check = Phone(server.base_url, query=target.join_query(), name="after-garbage")
    extra["joins"] += 1
    ack = await check.open()
    await check.wait_ack(ack, ACK_TIMEOUT)
    bad["server_alive_after_garbage"] = ack.status
    await check.close()

    bad["vanished_phone"] = await vanish_task
    result["bad_input"] = bad
    result["exceptions_drawn_on_phones"] = sum(p.counters.exceptions for p in phones)
    return phones
