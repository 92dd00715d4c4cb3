"""``words`` (issue 19): the facilitator opens a word cloud, and within the window every
phone sends its three answers, a person typing a moment between them, a presenter screen
open; every answer acknowledged must be stored once, and no phone more than three.
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

WORDS = ["trust", "shared tools", "local food", "bus", "time", "respect", "money", "school"]
PER_PHONE = 3


async def send_words(phone: Phone, delay: float, action: Action, rng: random.Random) -> int:
    await asyncio.sleep(delay)
    sent = 0
    # Three different answers: one person does not send the same word twice.
    for n, word in enumerate(rng.sample(WORDS, PER_PHONE)):
        form = await phone.wait_for(Target.word_form, 15)
        if not form:
            action.fail("no word form")
            break
        field_, submit = form
        ack = await phone.submit(submit, {field_: f"{word} {n}" if n == 2 else word})
        sent += 1
        await phone.wait_ack(ack, ACK_TIMEOUT)
        action.record(ack)
        await asyncio.sleep(rng.uniform(1.0, 3.0))
    return sent


async def scenario_words(target: Target, server: srv.Server, opts: Options, result: dict):
    rng = random.Random(opts.seed)
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "words", opts)]
    presenter, pres = await open_presenter(target, server)
    words = Action("word")
    span = max(opts.words_window - PER_PHONE * 3.0, opts.words_window * 0.3)
    with Measure(server) as m:
        sent = await asyncio.gather(
            *(send_words(p, rng.uniform(0, span), words, rng) for p in phones)
        )
    words.cpu, words.wall = m.cpu, m.wall
    result["actions"]["word"] = words.report()
    result["words_sent"] = sum(sent)
    result["words_acknowledged"] = len(words.latencies)
    result["words_stored"] = target.words()
    ok, detail = target.words_ok()
    result["words_per_phone"] = {"ok": ok, "detail": detail}
    if presenter is not None:
        floor_text = f"words: {result['words_stored']}" if isinstance(target, FloorTarget) else None
        await presenter_lag(presenter, pres, words, "word", floor_text)
    result["presenter"] = pres
    return phones
