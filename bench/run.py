"""The room benchmark (issue 10): N phones against the app and against the floor.

    .venv/bin/python -m bench.run --phones 300            # everything, both targets
    .venv/bin/python -m bench.run --phones 20 --quick     # short durations
    .venv/bin/python -m bench.run --scenario idle --target app --phones 100
    .venv/bin/python -m bench.run --replicas 2 --phones 600 1000 --single-phones 300 \
        --scenario idle arrive vote   # 2 replicas on PostgreSQL behind nginx (issue 14)

Each scenario runs on a fresh server (``streamlit run``, open-files limit raised) on a
fresh SQLite database in a temporary folder: ``idle`` (phones sit on the current step while
the facilitator changes step twice), ``vote`` (a card each, then the dots within the
window, arrivals at random, a presenter screen open), ``stress`` (the same, all taps
within a few seconds) and ``bad`` (what broken phones send). The facilitator's clicks are
made in this process through the same services, against the same database. With
``--replicas N`` the app runs as N replicas on a fresh PostgreSQL database behind nginx
(``bench/cluster.py``), everything going through nginx as in a deployment, a presenter on
every replica; each result says what CPU the replicas, nginx, PostgreSQL and this
generator took.

Results: ``bench/results/<timestamp>.json`` and a markdown table on stdout.

Here: the command line and the driver. The scenarios are in ``bench/scenarios/``, the
room they start from in ``bench/room.py``, what they count in ``bench/measures.py``, the
tables in ``bench/report.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench import cluster
from bench import server as srv
from bench.client import Phone
from bench.report import machine, table, table_cpu, table_real_room
from bench.room import Options
from bench.scenarios import SCENARIOS
from bench.targets import TARGETS
from bench.targets.app import PariTarget
from bench.targets.base import RELIES_ON

RESULTS = Path(__file__).resolve().parent / "results"


async def run_one(target_name: str, scenario: str, opts: Options, root: Path) -> dict:
    workdir = root / f"{scenario}-{target_name}"
    workdir.mkdir(parents=True, exist_ok=True)
    if opts.replicas:
        with cluster.fresh_pg_database() as url:
            target = PariTarget(workdir, database_url=url)
            target.prepare()
            server = cluster.start(target.script, target.env(), workdir, opts.replicas, url)
            return await _run_on(target, server, scenario, opts)
    target = TARGETS[target_name](workdir)
    target.prepare()
    server = srv.start(target.script, target.env(), workdir)
    return await _run_on(target, server, scenario, opts)


async def _run_on(target, server, scenario: str, opts: Options) -> dict:
    result: dict = {
        "target": target.name,
        "scenario": scenario,
        "phones": opts.phones,
        "actions": {},
    }
    if opts.replicas:
        result["replicas"] = opts.replicas
        result["database"] = "postgresql"
        result["front"] = "nginx"
    phones: list[Phone] = []
    t0 = time.monotonic()
    cpu0 = cpu_split(server)
    try:
        phones = await SCENARIOS[scenario](target, server, opts, result)
        result["reconnects"] = sum(p.counters.reconnects for p in phones)
        result["exceptions_drawn_on_phones"] = sum(p.counters.exceptions for p in phones)
    except Exception as exc:  # noqa: BLE001 - a failed scenario is a result too
        import traceback

        result["error"] = f"{type(exc).__name__}: {exc}"
        result["traceback"] = traceback.format_exc()[-3000:]
    finally:
        await asyncio.gather(*(p.close() for p in phones), return_exceptions=True)
        result["seconds"] = round(time.monotonic() - t0, 1)
        result["cpu_split"] = {
            k: round(v - cpu0[k], 1) for k, v in cpu_split(server).items() if k in cpu0
        }
        if opts.replicas:
            result["websockets_per_replica"] = server.websockets_per_replica()
        result["server_alive_at_end"] = server.process.poll() is None
        server.stop()
        problems = srv.log_problems(server.log_text())
        ours = [p for p in problems if any(k in p for k in srv.FROM_BAD_INPUT)]
        result["server_log"] = {
            "problems": len(problems) - (len(ours) if scenario == "bad" else 0),
            "from_bad_input": len(ours) if scenario == "bad" else 0,
            "lines": problems[:60],
        }
        target.dispose()
    return result


def cpu_split(server) -> dict[str, float]:
    """CPU seconds so far of each part of the machine a run loads: the app (each replica),
    nginx and PostgreSQL where there are replicas, the load generator (this process, the
    facilitator's clicks included) and the real Chromium phones."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    out = {
        "app": server.cpu_seconds(),
        "generator": own.ru_utime + own.ru_stime,
        "chromium": cluster.cpu_of(lambda _pid, _ppid, name: name.startswith("chrom")),
    }
    if isinstance(server, cluster.Cluster):
        for i, cpu in enumerate(server.replica_cpu_seconds()):
            out[f"replica{i + 1}"] = cpu
        out["nginx"] = server.nginx_cpu_seconds()
        out["postgresql"] = cluster.postgres_cpu_seconds()
    return out


def parse(argv: list[str] | None = None) -> tuple[argparse.Namespace, Options]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--phones", type=int, nargs="+", default=[300])
    ap.add_argument("--scenario", choices=[*SCENARIOS, "all"], nargs="+", default=["all"])
    ap.add_argument("--target", choices=[*TARGETS, "both"], default="both")
    ap.add_argument("--quick", action="store_true", help="short durations (a smoke run)")
    ap.add_argument("--idle-seconds", type=float)
    ap.add_argument("--vote-window", type=float)
    ap.add_argument("--stress-window", type=float)
    ap.add_argument("--card-window", type=float)
    ap.add_argument("--vanish-seconds", type=float)
    ap.add_argument(
        "--vote-cards", type=int, default=20, help="cards offered in the vote (0: every card)"
    )
    ap.add_argument("--out", type=Path, default=None, help="JSON file (default: results/)")
    ap.add_argument("--seed", type=int, default=10)
    ap.add_argument(
        "--real", type=int, default=15, help="real Chromium phones beside them (idle; 0: none)"
    )
    ap.add_argument("--no-http", action="store_true", help="phones skip the browser's HTTP")
    ap.add_argument(
        "--replicas",
        type=int,
        default=0,
        help="N app replicas on a fresh PostgreSQL database behind nginx (the app only;"
        " 0: one process on SQLite)",
    )
    ap.add_argument(
        "--single-phones",
        type=int,
        nargs="*",
        default=[],
        help="with --replicas: first the same scenarios with this many phones on one process"
        " on SQLite, in the same report",
    )
    args = ap.parse_args(argv)
    if args.replicas:
        args.target = "app"
    opts = Options(
        seed=args.seed,
        vote_cards=args.vote_cards,
        real=args.real,
        http=not args.no_http,
        replicas=args.replicas,
    )
    if args.quick:
        opts.idle_seconds, opts.vote_window, opts.stress_window = 15, 15, 5
        opts.card_window, opts.vanish_seconds, opts.follow_timeout = 5, 10, 20
        opts.arrive_seconds, opts.lock_seconds = 10, (2.0, 12.0)
    for name in ("idle_seconds", "vote_window", "stress_window", "card_window", "vanish_seconds"):
        value = getattr(args, name)
        if value is not None:
            setattr(opts, name, value)
    return args, opts


async def main_async(args, opts: Options) -> list[dict]:
    scenarios = SCENARIOS if "all" in args.scenario else tuple(args.scenario)
    targets = list(TARGETS) if args.target == "both" else [args.target]
    # (phones, replicas): one process on SQLite first where asked, for comparison.
    setups = [(n, 0) for n in args.single_phones] + [(n, opts.replicas) for n in args.phones]
    results = []
    with tempfile.TemporaryDirectory(prefix="pari-bench-") as tmp:
        for n, replicas in setups:
            for scenario in scenarios:
                for target in targets:
                    if scenario == "bad" and target == "floor":
                        continue  # broken phones against the app only: the floor keeps no rules
                    o = Options(**{**opts.__dict__, "phones": n, "replicas": replicas})
                    where = f"{replicas} replicas behind nginx" if replicas else "one process"
                    print(f"# {scenario} / {target} / {n} phones / {where} ...", file=sys.stderr)
                    r = await run_one(target, scenario, o, Path(tmp) / f"n{n}-r{replicas}")
                    print(
                        f"  done in {r['seconds']} s"
                        + (f"; ERROR {r['error']}" if "error" in r else ""),
                        file=sys.stderr,
                    )
                    results.append(r)
    return results


def main(argv: list[str] | None = None) -> int:
    args, opts = parse(argv)
    srv.raise_fd_limit()
    started = time.strftime("%Y%m%d-%H%M%S")
    results = asyncio.run(main_async(args, opts))
    report = {
        "started": started,
        "machine": machine(),
        "options": {**opts.__dict__, "phones": args.phones},
        "relies_on": RELIES_ON,
        "results": results,
    }
    out = args.out or RESULTS / f"{started}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, default=str))
    print(table(results))
    for more in (table_real_room(results), table_cpu(results)):
        if more:
            print("\n" + more)
    print(f"\nJSON: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
