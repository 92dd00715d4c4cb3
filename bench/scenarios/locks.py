"""The ``locks`` scenario (issue 15): screens lock, and the phones come back."""

from __future__ import annotations

import asyncio
import random
import time

from bench import server as srv
from bench.client import Phone
from bench.measures import Measure, summary
from bench.room import Options, follow, gather_room
from bench.targets.base import STEP_TITLES, Target


async def scenario_locks(target: Target, server: srv.Server, opts: Options, result: dict):
    """Screens lock: a share of the room drops for 5-60 s, some across a step change,
    then comes back as a browser does (resume, and whatever the page's scripts do). Per
    returning phone: reconnected to the current step on its screen."""
    phones = await gather_room(target, server, opts, result)
    result["follow"] = [await follow(target, phones, "ideas", opts)]
    rng = random.Random(opts.seed + 1)
    away = rng.sample(phones, int(len(phones) * opts.lock_share))
    low, high = opts.lock_seconds
    change_after = low + (high - low) / 3
    current = {"title": STEP_TITLES["ideas"], "changed_at": None}
    returns: list[dict] = []
    t0 = time.monotonic()

    async def lock(p: Phone) -> None:
        p.auto_reconnect = False
        start = rng.uniform(0, 1.5 * change_after)  # some come back before it, some after
        length = rng.uniform(low, high)
        await asyncio.sleep(start)
        await p.drop()
        await asyncio.sleep(length)
        back = time.monotonic()
        try:
            await p.reconnect()
        except Exception as exc:  # noqa: BLE001 - a phone that cannot come back is counted
            returns.append({"failed": type(exc).__name__})
            return
        title = current["title"]
        ok = await p.wait_for(lambda ph: ph.has_text(title), opts.back_within)
        changed = current["changed_at"]
        returns.append(
            {
                "seconds": (time.monotonic() - back) if ok else None,
                "across_change": changed is not None and t0 + start < changed < back,
            }
        )
        p.auto_reconnect = True

    async def facilitator() -> None:
        await asyncio.sleep(change_after)
        for p in phones:
            if p not in away:
                p.watch(STEP_TITLES["vote"])
        current["changed_at"] = await asyncio.to_thread(target.change_step, "vote")
        current["title"] = STEP_TITLES["vote"]

    with Measure(server) as m:
        await asyncio.gather(*(lock(p) for p in away), facilitator())
    stranded = [r for r in returns if r.get("seconds") is None]
    across = [
        r["seconds"] for r in returns if r.get("across_change") and r.get("seconds") is not None
    ]
    result["locks"] = {
        "phones_away": len(away),
        "away_seconds": [low, high],
        "step_change_after": round(change_after, 1),
        "returned": len(returns),
        "stranded": len(stranded),
        "back_on_current_step": summary(
            [r["seconds"] for r in returns if r.get("seconds") is not None]
        ),
        "across_a_change": {
            **summary(across),
            "phones": sum(1 for r in returns if r.get("across_change")),
        },
        "cpu_share": round(m.cpu / m.wall, 3),
    }
    return phones
