"""The ``arrive`` scenario (issue 15): the whole room joins cold within a minute."""

from __future__ import annotations

import asyncio
import random
import time

from bench import server as srv
from bench.client import Phone
from bench.http import Fetched
from bench.measures import Action, Measure, http_report, summary
from bench.room import ACK_TIMEOUT, Options, open_cold
from bench.targets.base import Target

ALONE_JOINS = 20  # the yardstick: this many first script runs, the files cached


async def scenario_arrive(target: Target, server: srv.Server, opts: Options, result: dict):
    """The room arrives: N people scan the code on the wall within ``arrive_seconds``, each
    a cold join (the browser's HTTP, then its websocket), while the facilitator moves to
    the next step half-way. Per phone: opening the link to the check-in form on screen.
    The yardstick for CPU is the first script run alone: joins whose files are cached."""
    warm = Phone(server.base_url, query=target.join_query(), name="warm")
    await warm.wait_ack(await warm.open(), 60)
    await warm.close()
    await _settle()
    alone = Action("script_alone")
    with Measure(server) as m:
        for i in range(ALONE_JOINS):
            phone = Phone(server.base_url, query=target.join_query(), name=f"alone{i}")
            ack = await phone.open()
            await phone.wait_ack(ack, ACK_TIMEOUT)
            await phone.wait_for(Target.check_in_form, 10)
            alone.record(ack)
            await phone.close()
        await _settle()
    alone.cpu, alone.wall = m.cpu, m.wall

    rng = random.Random(opts.seed)
    starts = sorted(rng.uniform(0, opts.arrive_seconds) for _ in range(opts.phones))
    arrive = Action("cold_join")
    http = Fetched()
    to_form: list[float] = []
    ws_bytes: list[int] = []
    t0 = time.monotonic()

    async def one(i: int, at: float) -> Phone | None:
        await asyncio.sleep(max(0.0, t0 + at - time.monotonic()))
        started = time.monotonic()
        opened = await open_cold(target, server.base_url, i, arrive, opts, http)
        if opened is None:
            return None
        phone, ack = opened
        if await phone.wait_for(Target.check_in_form, opts.follow_timeout):
            to_form.append(time.monotonic() - started)
            ws_bytes.append(phone.counters.bytes_in)
        else:
            arrive.fail("no check-in form")
        await phone.wait_ack(ack, ACK_TIMEOUT)
        arrive.record(ack)
        return phone

    change: dict = {}

    async def facilitator() -> None:
        await asyncio.sleep(opts.arrive_seconds / 2)
        change["at"] = round(await asyncio.to_thread(target.change_step, "ideas") - t0, 1)

    with Measure(server) as m:
        joined, _ = await asyncio.gather(
            asyncio.gather(*(one(i, at) for i, at in enumerate(starts))), facilitator()
        )
        await _settle()
    arrive.cpu, arrive.wall = m.cpu, m.wall
    phones = [p for p in joined if isinstance(p, Phone)]
    per_join = m.cpu / max(len(phones), 1)
    per_alone = alone.cpu / ALONE_JOINS
    wire = http.bytes + sum(ws_bytes)
    result["joined"] = len(phones)
    result["participants_stored"] = target.participants()
    result["actions"]["join"] = arrive.report()
    result["arrive"] = {
        "over_seconds": opts.arrive_seconds,
        "step_change_at": change.get("at"),
        "to_check_in_form": summary(to_form),
        "cpu_ms_per_cold_join": round(per_join * 1000, 1),
        "cpu_ms_script_alone": round(per_alone * 1000, 1),
        "cold_join_over_script_alone": round(per_join / per_alone, 2) if per_alone else None,
        "mb_per_cold_join": round(wire / 1e6 / max(len(to_form), 1), 3),
        "http": http_report(http, len(phones)),
        "cpu_share": round(m.cpu / m.wall, 3),
    }
    return phones


async def _settle(seconds: float = 1.0) -> None:
    """Let the server finish what it was asked before its CPU counter is read."""
    await asyncio.sleep(seconds)
