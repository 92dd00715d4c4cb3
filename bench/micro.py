"""One phone, many runs: the server CPU of one full run and of one tap, app beside floor.

    .venv/bin/python -m bench.micro --cards 20 --runs 60
    .venv/bin/python -m bench.micro --questions 300 --runs 40

The room benchmark (``bench.run``) measures a crowd; this measures what each phone costs
the server, sequentially and on a quiet server, so a design change shows up in
milliseconds: a full run on each step, what a step change costs per phone when the
whole room follows it (``follow_ms``, the phones' own reruns: a fragment's in the app),
and a dot tap (a write and its redraw). Everything is sent to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from bench import server as srv
from bench.client import Phone
from bench.http import Fetched
from bench.measures import Action
from bench.room import ACK_TIMEOUT, Options, check_in_one, join_one
from bench.targets import TARGETS
from bench.targets.base import Target


async def _runs(phone: Phone, server: srv.Server, runs: int) -> float:
    """Server CPU milliseconds per full run of this phone's page."""
    cpu0 = server.cpu_seconds()
    for _ in range(runs):
        ack = await phone.send_rerun()
        await phone.wait_ack(ack, ACK_TIMEOUT)
    return round((server.cpu_seconds() - cpu0) * 1000 / runs, 2)


async def _taps(phone: Phone, server: srv.Server, target: Target, taps: int) -> float | None:
    """Server CPU milliseconds per tap: + then - on one card, each waited for."""
    cpu0 = server.cpu_seconds()
    done = 0
    for i in range(taps):
        if i % 2 == 0:
            buttons = [b for b in Target.plus_buttons(phone) if not b.disabled]
        else:
            buttons = [b for b in Target.minus_buttons(phone) if not b.disabled]
        if not buttons:
            buttons = Target.plus_buttons(phone)  # the floor has no "-"
        if not buttons:
            return None
        ack = await Target.press(phone, buttons[0])
        await phone.wait_ack(ack, ACK_TIMEOUT)
        done += 1
        await asyncio.sleep(0.02)
    return round((server.cpu_seconds() - cpu0) * 1000 / max(done, 1), 2)


async def _follows(phones: list[Phone], server: srv.Server, target: Target, changes: int) -> float:
    """Server CPU milliseconds per phone per step change, what the room's follow costs:
    every phone is on the new step (ideas and vote by turns) before the next change."""
    shown = {"vote": lambda p: bool(Target.plus_buttons(p)), "ideas": Target.card_form}
    cpu0 = server.cpu_seconds()
    for i in range(changes):
        kind = "vote" if i % 2 == 0 else "ideas"
        await asyncio.to_thread(target.change_step, kind)
        await asyncio.gather(*(p.wait_for(shown[kind], 15) for p in phones))
    return round((server.cpu_seconds() - cpu0) * 1000 / (changes * len(phones)), 2)


@contextlib.asynccontextmanager
async def _served(target_name: str, workdir: Path, out: dict) -> AsyncIterator[tuple]:
    """A fresh server of the target, stopped afterwards with its log's problems in
    ``out``."""
    target = TARGETS[target_name](workdir)
    target.prepare()
    server = srv.start(target.script, target.env(), workdir)
    try:
        yield target, server
    finally:
        server.stop()
        out["log_problems"] = srv.log_problems(server.log_text())[:10]
        target.dispose()


async def _joined(target: Target, server: srv.Server, n: int) -> list[Phone]:
    """``n`` phones joined and checked in, one after the other."""
    action = Action("join")
    phones = []
    for i in range(n):
        p = await join_one(target, server.base_url, i, action, Options(http=False), Fetched())
        await check_in_one(p, i, action)
        phones.append(p)
    return phones


async def measure(target_name: str, cards: int, runs: int, workdir: Path) -> dict:
    out: dict = {"target": target_name}
    async with _served(target_name, workdir, out) as (target, server):
        warm = Phone(server.base_url, name="warm")
        await warm.wait_ack(await warm.open(), 60)
        await warm.close()
        writers = await _joined(target, server, max(cards, 1))
        phone = writers[0]
        out["run_ms_checkin"] = await _runs(phone, server, runs)
        await asyncio.to_thread(target.change_step, "ideas")
        await phone.wait_for(lambda p: p.has_text("Ideas for the valley"), 10)
        await asyncio.sleep(1.5)
        out["run_ms_ideas"] = await _runs(phone, server, runs)
        for i, p in enumerate(writers[:cards]):
            await p.wait_for(Target.card_form, 10)
            area, cat, submit = Target.card_form(p)
            values = {area: f"Idea {i}: a shared workshop for repairs"}
            if cat is not None:
                values[cat] = 0
            await p.wait_ack(await p.submit(submit, values), ACK_TIMEOUT)
        out["follow_ms"] = await _follows(writers, server, target, max(2, runs // 5))
        await asyncio.to_thread(target.change_step, "ideas")
        await asyncio.gather(*(p.wait_for(Target.card_form, 15) for p in writers))
        for p in writers[1:]:
            await p.close()
        await asyncio.to_thread(target.change_step, "vote")
        await phone.wait_for(lambda p: bool(Target.plus_buttons(p)), 10)
        await asyncio.sleep(1.5)
        out["cards"] = len(Target.plus_buttons(phone))
        out["run_ms_vote"] = await _runs(phone, server, runs)
        out["tap_ms_vote"] = await _taps(phone, server, target, runs)
        out["dots_left_text"] = Target.dots_left_text(phone)
        await phone.close()
    return out


async def measure_questions(target_name: str, questions: int, runs: int, workdir: Path) -> dict:
    """The questions step with ``questions`` asked (by ten phones, through the page):
    server CPU of one refresh of a phone's list (its fragment's own timer tick), of one
    whole run, and of one upvote and its redraw."""
    out: dict = {"target": target_name, "questions": questions}
    async with _served(target_name, workdir, out) as (target, server):
        askers = await _joined(target, server, 10)
        await asyncio.to_thread(target.change_step, "questions")
        for n in range(questions):
            p = askers[n % len(askers)]
            form = await p.wait_for(Target.question_form, 15)
            if not form:
                out["error"] = f"no question form for question {n}"
                return out
            area, submit = form
            ack = await p.submit(submit, {area: f"Question {n}: who pays for the bus?"})
            await p.wait_ack(ack, ACK_TIMEOUT)
        for p in askers[1:]:
            await p.close()
        out["stored"] = await asyncio.to_thread(target.questions)
        phone = askers[0]
        await phone.wait_for(lambda p: len(Target.upvote_buttons(p)) >= 5, 20)
        await asyncio.sleep(1.5)
        out["run_ms_questions"] = await _runs(phone, server, runs)
        timers = list(phone._timers)  # the list's fragment: its interval and id
        out["refresh_every_s"] = [phone._timers[f][0] for f in timers]
        if timers:
            cpu0 = server.cpu_seconds()
            for _ in range(runs):
                # A timer's tick has no ack to wait for: its run's end is counted.
                before = phone.counters.runs_finished
                await phone.send_rerun(fragment_id=timers[0], auto=True)
                deadline = time.monotonic() + ACK_TIMEOUT
                while phone.counters.runs_finished == before and time.monotonic() < deadline:
                    await asyncio.sleep(0.005)
            out["refresh_ms"] = round((server.cpu_seconds() - cpu0) * 1000 / runs, 2)
        cpu0 = server.cpu_seconds()
        done = 0
        for _ in range(runs):
            buttons = Target.upvote_buttons(phone)
            if not buttons:
                break
            question = sorted(buttons)[0]
            ack = await Target.upvote(phone, question, buttons[question])
            await phone.wait_ack(ack, ACK_TIMEOUT)
            done += 1
            await asyncio.sleep(0.05)
        out["upvotes"] = done
        out["tap_ms_upvote"] = round((server.cpu_seconds() - cpu0) * 1000 / max(done, 1), 2)
        out["bytes_in_per_message"] = round(
            phone.counters.bytes_in / max(phone.counters.messages, 1)
        )
        await phone.close()
    return out


async def main_async(args) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory(prefix="pari-micro-") as tmp:
        for name in args.target:
            wd = Path(tmp) / name
            wd.mkdir()
            t0 = time.monotonic()
            if args.questions:
                r = await measure_questions(name, args.questions, args.runs, wd)
            else:
                r = await measure(name, args.cards, args.runs, wd)
            r["seconds"] = round(time.monotonic() - t0, 1)
            results.append(r)
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--cards", type=int, default=20)
    ap.add_argument("--runs", type=int, default=60)
    ap.add_argument("--target", nargs="+", default=["app", "floor"])
    ap.add_argument(
        "--questions", type=int, default=0, help="measure the questions step with this many"
    )
    args = ap.parse_args()
    srv.raise_fd_limit()
    print(json.dumps(asyncio.run(main_async(args)), indent=2))


if __name__ == "__main__":
    main()
