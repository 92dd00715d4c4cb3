"""``vote`` and ``stress``: a card each, then the facilitator opens a vote and every phone
spends its dots, a person waiting to see each dot land (``vote``: arrivals at random over
the window; ``stress``: every phone at once, tapping without pause), a presenter screen
open; every dot acknowledged must be stored once.
"""

from __future__ import annotations

import asyncio
import random

from bench import server as srv
from bench.client import Phone
from bench.measures import Action, Measure
from bench.room import (
    ACK_TIMEOUT,
    Options,
    follow,
    gather_room,
    open_presenter,
    presenter_lag,
    presenters_lag,
)
from bench.targets.base import Target
from bench.targets.floor import FloorTarget


async def write_card(target: Target, phone: Phone, i: int, delay: float, action: Action):
    await asyncio.sleep(delay)
    form = await phone.wait_for(Target.card_form, 15)
    if not form:
        action.fail("no card form")
        return
    area, category, submit = form
    values = {area: f"Idea {i}: a shared workshop for repairs in village {i % 17}"}
    if category is not None:
        values[category] = i % len(category.options)
    ack = await phone.submit(submit, values)
    await phone.wait_ack(ack, ACK_TIMEOUT)
    action.record(ack)


async def spend_dots(
    target: Target,
    phone: Phone,
    delay: float,
    think: tuple[float, float],
    action: Action,
    rng: random.Random,
) -> int:
    """Tap '+' until the budget is spent (a person waits to see each dot land, and taps
    again when told a tap was not saved)."""
    await asyncio.sleep(delay)
    stored = 0
    sent = 0
    while stored < target.budget and sent < 3 * target.budget:
        buttons = await phone.wait_for(
            lambda p: [b for b in Target.plus_buttons(p) if not b.disabled], 15
        )
        if not buttons:
            action.fail("no enabled + button")
            break
        button = rng.choice(buttons)
        ack = await Target.press(phone, button)
        sent += 1
        await phone.wait_ack(ack, ACK_TIMEOUT)
        if action.record(ack, refused=Target.refusal(phone)):
            stored += 1
        if think[1]:
            await asyncio.sleep(rng.uniform(*think))
    return sent


async def scenario_vote(target: Target, server: srv.Server, opts: Options, result: dict):
    """Arrivals at random over the window; a person thinks a moment between dots."""
    return await _vote(target, server, opts, result, opts.vote_window, think=(0.3, 1.5))


async def scenario_stress(target: Target, server: srv.Server, opts: Options, result: dict):
    """Every phone starts within the stress window and taps without pause."""
    return await _vote(target, server, opts, result, opts.stress_window, think=(0.0, 0.0))


async def _vote(
    target: Target, server: srv.Server, opts: Options, result: dict, window: float, think
):
    rng = random.Random(opts.seed)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    cards = Action("card")
    with Measure(server) as m:
        await asyncio.gather(
            *(
                write_card(target, p, i, rng.uniform(0, opts.card_window), cards)
                for i, p in enumerate(phones)
            )
        )
    cards.cpu, cards.wall = m.cpu, m.wall
    result["actions"]["card"] = cards.report()
    result["cards_sent_ok"] = len(cards.latencies)
    result["cards_stored"] = target.cards()
    if opts.vote_cards:
        result["vote_cards_offered"] = await asyncio.to_thread(
            target.restrict_vote, opts.vote_cards
        )
    result["follow"].append(await follow(target, phones, "vote", opts))

    routes = getattr(server, "routes", None)  # behind nginx: a presenter on every replica
    if routes:
        presenters = [await open_presenter(target, server, route) for route in routes]
    else:
        presenters = [await open_presenter(target, server)]

    votes = Action("vote")
    # Arrivals at random over the window, leaving room for the taps themselves.
    start_span = max(window - target.budget * (think[1] + 0.3), window * 0.5)
    with Measure(server) as m:
        sent = await asyncio.gather(
            *(spend_dots(target, p, rng.uniform(0, start_span), think, votes, rng) for p in phones)
        )
    votes.cpu, votes.wall = m.cpu, m.wall
    result["actions"]["vote"] = votes.report()
    result["votes_sent"] = sum(sent)
    result["votes_acknowledged"] = len(votes.latencies)
    result["votes_stored"] = target.dots()
    ok, detail = target.ballots_ok()
    result["ballots"] = {"ok": ok, "detail": detail}
    if isinstance(target, FloorTarget):
        presenter, pres = presenters[0]
        if presenter is not None:
            await presenter_lag(presenter, pres, votes, "vote", f"votes: {result['votes_stored']}")
        result["presenter"] = pres
    else:
        await presenters_lag(presenters, votes, "vote", result)
    return phones
