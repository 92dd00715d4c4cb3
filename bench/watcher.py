"""What the live watcher's poll costs on PostgreSQL (issue 14): the figures behind
keeping polling over ``LISTEN/NOTIFY`` (``pari/live.py``).

    .venv/bin/python -m bench.watcher                  # PARI_TEST_DATABASE_URL, or local
    .venv/bin/python -m bench.watcher --workshops 5 --polls 2000

On a fresh PostgreSQL database: ``workshops`` workshops, one follower each, then
``polls`` calls of ``Watcher.poll_once`` (the watcher thread's whole work, the read of
the followed workshops' versions included) with nothing due, as between step changes.
Prints the wall time and this process's CPU a poll, PostgreSQL's CPU a poll (all its
processes, so run it on a quiet machine), and what five polls a second cost a replica
in share of a core. Then one step change made outside the watcher, and how long the
watcher took to ask the follower to rerun, polling at its real interval.
"""

from __future__ import annotations

import argparse
import random
import resource
import time

from sqlmodel import Session

from bench.cluster import fresh_pg_database, postgres_cpu_seconds
from pari import live
from pari.db import make_engine, migrate
from pari.models import Workshop
from pari.versioning import bump
from tests.factories import make_workshop


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(database_url: str, workshops: int, polls: int) -> dict[str, float]:
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine) as s:
        ids = [make_workshop(s)[0].id for _ in range(workshops)]
        versions = {w.id: w.stage_version for w in (s.get(Workshop, i) for i in ids)}
    asked: list[float] = []
    watcher = live.Watcher(
        engine,
        rerun=lambda _sid, _fragment: asked.append(time.perf_counter()) or live.Rerun.DONE,
        known=lambda: {f"s{i}" for i in ids},
    )
    for i in ids:
        watcher.follow(f"s{i}", i, versions[i])
    for _ in range(50):  # the pool's connection made, the statement cached
        watcher.poll_once()

    wall, cpu, pg = time.perf_counter(), _cpu(), postgres_cpu_seconds()
    for _ in range(polls):
        watcher.poll_once()
    wall, cpu, pg = time.perf_counter() - wall, _cpu() - cpu, postgres_cpu_seconds() - pg
    assert not asked, "nothing was due"

    watcher.start()  # its own thread at POLL_SECONDS, as in a replica
    try:
        delays = []
        rng = random.Random(14)
        for _ in range(20):
            time.sleep(live.POLL_SECONDS * (1 + rng.random()))  # anywhere in the interval
            with Session(engine) as s:
                bump(s, ids[0], stage=True)
                s.commit()
            committed = time.perf_counter()
            while len(asked) <= len(delays):
                time.sleep(0.001)
            delays.append(asked[-1] - committed)
    finally:
        watcher.stop()
        engine.dispose()
    per_poll = 1000 / polls
    return {
        "wall_ms": wall * per_poll,
        "cpu_ms": cpu * per_poll,
        "postgres_ms": pg * per_poll,
        "core_share_at_5_per_s": (cpu + pg) / polls * (1 / live.POLL_SECONDS) * 100,
        "change_to_ask_mean_s": sum(delays) / len(delays),
        "change_to_ask_max_s": max(delays),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workshops", type=int, default=1)
    parser.add_argument("--polls", type=int, default=2000)
    args = parser.parse_args()
    with fresh_pg_database() as url:
        m = measure(url, args.workshops, args.polls)
    print(
        f"{args.workshops} workshop(s) followed, {args.polls} polls: "
        f"{m['wall_ms']:.2f} ms wall a poll, {m['cpu_ms']:.2f} ms CPU here + "
        f"{m['postgres_ms']:.2f} ms PostgreSQL; five a second = "
        f"{m['core_share_at_5_per_s']:.2f}% of a core a replica. A change made "
        f"outside the watcher asked for in {m['change_to_ask_mean_s']:.3f} s on average "
        f"(max {m['change_to_ask_max_s']:.3f} s) of 20."
    )


if __name__ == "__main__":
    main()
