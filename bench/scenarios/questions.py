"""``questions`` (issue 19): the facilitator opens a questions step, and within the window
every phone sends a question and upvotes a few of the others' as its list shows them
(the list refreshes itself), a presenter screen open; every question and upvote
acknowledged must be stored once.
"""

from __future__ import annotations

import asyncio
import random

from bench import server as srv
from bench.client import Phone
from bench.measures import Action, Measure
from bench.room import ACK_TIMEOUT, Options, follow, gather_room, open_presenter, presenter_lag
from bench.targets.base import Target
from bench.targets.floor import FloorTarget


async def ask_and_upvote(
    phone: Phone,
    i: int,
    delay: float,
    upvotes: int,
    asked: Action,
    voted: Action,
    rng: random.Random,
) -> int:
    """Send one question, then upvote ``upvotes`` questions of others, a person reading a
    moment before each tap; returns the upvotes sent."""
    await asyncio.sleep(delay)
    form = await phone.wait_for(Target.question_form, 15)
    if not form:
        asked.fail("no question form")
        return 0
    area, submit = form
    ack = await phone.submit(submit, {area: f"Question {i}: who pays for the bus in village {i}?"})
    await phone.wait_ack(ack, ACK_TIMEOUT)
    asked.record(ack)
    done: set[int] = set()
    sent = 0
    while len(done) < upvotes and sent < 3 * upvotes:
        # Others' questions arrive with the list's own refresh.
        buttons = await phone.wait_for(
            lambda p: {q: b for q, b in Target.upvote_buttons(p).items() if q not in done}, 20
        )
        if not buttons:
            voted.fail("no question to upvote")
            break
        await asyncio.sleep(rng.uniform(0.5, 2.0))
        buttons = {q: b for q, b in Target.upvote_buttons(phone).items() if q not in done}
        if not buttons:
            continue
        question = rng.choice(sorted(buttons))
        ack = await Target.upvote(phone, question, buttons[question])
        sent += 1
        await phone.wait_ack(ack, ACK_TIMEOUT)
        if voted.record(ack):
            done.add(question)
    return sent


async def scenario_questions(target: Target, server: srv.Server, opts: Options, result: dict):
    rng = random.Random(opts.seed)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "questions", opts)]
    presenter, pres = await open_presenter(target, server)
    asked, voted = Action("question"), Action("upvote")
    span = opts.questions_window * 0.5  # the last arrivals still have time to upvote
    with Measure(server) as m:
        sent = await asyncio.gather(
            *(
                ask_and_upvote(p, i, rng.uniform(0, span), opts.upvotes_each, asked, voted, rng)
                for i, p in enumerate(phones)
            )
        )
    # One block for both: a question and an upvote each cost a run of the same fragment.
    for action in (asked, voted):
        action.cpu, action.wall = m.cpu, m.wall
    taps = len(asked.latencies) + len(voted.latencies)
    result["actions"]["question"] = asked.report()
    result["actions"]["upvote"] = voted.report()
    result["cpu_seconds_per_action"] = round(m.cpu / taps, 4) if taps else None
    result["questions_acknowledged"] = len(asked.latencies)
    result["questions_stored"] = target.questions()
    result["upvotes_sent"] = sum(sent)
    result["upvotes_acknowledged"] = len(voted.latencies)
    result["upvotes_stored"] = target.upvotes()
    if presenter is not None:
        floor_text = (
            f"questions: {result['questions_stored']} upvotes: {result['upvotes_stored']}"
            if isinstance(target, FloorTarget)
            else None
        )
        await presenter_lag(presenter, pres, voted, "upvote", floor_text)
    result["presenter"] = pres
    return phones
