"""What a run prints: the short table (the app and the floor side by side, per
scenario), issue 15's table of the room arriving, screens locking and the calibration
against real phones, and the machine the run was made on (in the JSON).
"""

from __future__ import annotations

import contextlib
import platform


def table(results: list[dict]) -> str:
    """The short table: the app and the floor side by side, per scenario."""

    def get(r, *keys):
        for k in keys:
            if r is None or not isinstance(r, dict):
                return None
            r = r.get(k)
        return r

    def f(v, unit=""):
        return "–" if v is None else f"{v}{unit}"

    rows = []
    for r in results:
        a = r["actions"]
        follows = r.get("idle", {}).get("follow") or r.get("follow") or []
        f95 = max((x["p95"] for x in follows if x.get("p95") is not None), default=None)
        missed = sum(x.get("missed", 0) for x in follows)
        main = a.get("vote") or a.get("upvote") or a.get("word") or a.get("check_in") or {}
        sent, stored = _sent_stored(r)
        lag = next(
            (v for k, v in (r.get("presenter") or {}).items() if k.startswith("seconds_to_")),
            None,
        )
        rows.append(
            "| {sc} | {tg} | {n} | {jps} | {idle} | {f95} | {tap} | {cpu} | {votes} | {pres} "
            "| {mem} | {log} |".format(
                sc=r["scenario"],
                tg=target(r),
                n=f"{r.get('joined', 0)}/{r['phones']}",
                jps=f(get(a, "join", "per_second")),
                idle=f(get(r, "idle", "cpu_share_quiet")),
                f95=f"{f(f95, ' s')}" + (f" ({missed} missed)" if missed else ""),
                tap=(
                    f"{f(get(main, 'ack_seconds', 'p50'))} / {f(get(main, 'ack_seconds', 'p95'))}"
                    + (
                        f" ({sum(main.get('failures', {}).values())} failed)"
                        if main.get("failures")
                        else ""
                    )
                ),
                cpu=f(r.get("cpu_seconds_per_action") or get(main, "cpu_seconds_per_action")),
                votes=f"{sent}/{stored}" if sent is not None else "–",
                pres=f(lag, " s"),
                mem=f(get(r, "memory", "kb_per_phone"), " KB"),
                log=r["server_log"]["problems"] if "error" not in r else "run failed",
            )
        )
    head = (
        "| scenario | target | phones | joins/s | idle CPU share | step follow p95 "
        "| tap ack p50 / p95 s (vote, upvote, word; else check-in) | CPU s / action "
        "| sent/stored (dots, questions+upvotes, words) "
        "| presenter lag | memory / phone | log problems |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    return head + "\n" + "\n".join(rows)


def target(r: dict) -> str:
    """The target, and where it ran when that was not one process on SQLite."""
    if r.get("replicas"):
        return f"{r['target']}, {r['replicas']} replicas (PostgreSQL, nginx)"
    return r["target"]


def table_cpu(results: list[dict]) -> str:
    """Where the machine's CPU went over each run (seconds, and cores on average): the
    app (each replica), nginx, PostgreSQL, and this generator, which shares the machine."""
    lines = []
    for r in results:
        split, wall = r.get("cpu_split"), r.get("seconds")
        if not split or not wall:
            continue
        parts = [k for k in split if k.startswith("replica")] or ["app"]
        parts += [k for k in ("nginx", "postgresql", "generator") if k in split]
        cells = ", ".join(f"{k} {split[k]} s ({split[k] / wall:.2f})" for k in parts)
        lines.append(f"| {r['scenario']} | {target(r)} | {r['phones']} | {wall} s | {cells} |")
    if not lines:
        return ""
    head = (
        "| scenario | target | phones | run | CPU seconds (cores on average) |\n"
        "|---|---|---|---|---|"
    )
    return head + "\n" + "\n".join(lines)


def _sent_stored(r: dict) -> tuple[int | None, int | None]:
    """What the phones sent and what the database holds, for the scenario's answers."""
    if "votes_sent" in r:
        return r["votes_sent"], r.get("votes_stored")
    if "upvotes_sent" in r:
        return (
            r.get("questions_acknowledged", 0) + r["upvotes_sent"],
            r.get("questions_stored", 0) + r.get("upvotes_stored", 0),
        )
    if "words_sent" in r:
        return r["words_sent"], r.get("words_stored")
    return None, None


def table_real_room(results: list[dict]) -> str:
    """Issue 15's figures: the room arriving, screens locking, and the calibration of the
    simulated phones against real Chromium phones at the same step changes."""
    lines = []
    for r in results:
        a = r.get("arrive")
        if a:
            form = a["to_check_in_form"]
            lines.append(
                f"| arrive | {target(r)} | {r.get('joined', 0)}/{r['phones']} over "
                f"{a['over_seconds']:.0f} s | to check-in form p50 {form['p50']} / p95 "
                f"{form['p95']} s | {a['mb_per_cold_join']} MB a cold join "
                f"| CPU {a['cpu_ms_per_cold_join']} ms a cold join = "
                f"{a['cold_join_over_script_alone']}x its script alone "
                f"({a['cpu_ms_script_alone']} ms) |"
            )
        lk = r.get("locks")
        if lk:
            back = lk["back_on_current_step"]
            across = lk["across_a_change"]
            lines.append(
                f"| locks | {target(r)} | {lk['phones_away']} of {r['phones']} away "
                f"{lk['away_seconds'][0]:.0f}-{lk['away_seconds'][1]:.0f} s | stranded "
                f"{lk['stranded']} of {lk['returned']} | back on the current step p95 "
                f"{back['p95']} s | across a change: {across['phones']} phones, p95 "
                f"{across['p95']} s |"
            )
        for f in r.get("idle", {}).get("follow", []):
            rv = f.get("real_visible")
            if rv:
                lines.append(
                    f"| calibration | {target(r)} | step '{f['step']}' | simulated (message) "
                    f"p50 {f['p50']} / p95 {f['p95']} s | {r.get('real_phones')} real Chromium "
                    f"(visible) p50 {rv['p50']} / p95 {rv['p95']} s ({rv['missed']} missed) "
                    f"| gap p50 {_gap(rv['p50'], f['p50'])} / p95 {_gap(rv['p95'], f['p95'])} s |"
                )
    if not lines:
        return ""
    head = "| scenario | target | phones | | | |\n|---|---|---|---|---|---|"
    return head + "\n" + "\n".join(lines)


def _gap(real: float | None, simulated: float | None) -> str:
    return "–" if real is None or simulated is None else f"{real - simulated:+.2f}"


def machine() -> dict:
    import os

    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = 0
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        mem = int(fh.readline().split()[1]) // 1024
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_mb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
