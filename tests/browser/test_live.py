"""Streamlit internals that pari.live relies on, driven on a real server."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from playwright.sync_api import expect
from sqlmodel import Session

from pari import versioning
from pari.db import make_engine, migrate
from tests.browser.conftest import ROOT, _free_port, wait_idle
from tests.factories import make_workshop


def _watcher_cycles(path: Path) -> int:
    """The server's watcher cycles, as the probe's reporter thread last wrote them."""
    try:
        return int(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return -1


def _wait_for_cycles(path: Path, at_least: int, timeout: float = 15.0) -> int:
    """Wait (bounded) until the watcher thread has completed ``at_least`` polls."""
    deadline = time.monotonic() + timeout
    while (cycles := _watcher_cycles(path)) < at_least and time.monotonic() < deadline:
        time.sleep(0.1)
    return cycles


def test_a_followed_page_reruns_when_the_stage_moves(tmp_path, phone):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    cycles_file = tmp_path / "watcher-cycles"
    engine = make_engine(url)
    migrate(engine)
    with Session(engine) as s:
        workshop, _ = make_workshop(s)
        wid = workshop.id
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "tests/apps/live_probe.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DATABASE_URL": url,
            "PYTHONPATH": str(ROOT),
            "PARI_LIVE_CYCLES_FILE": str(cycles_file),
        },
        stdout=(tmp_path / "live.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                phone.goto(f"http://127.0.0.1:{port}/?w={wid}")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        expect(phone.get_by_text("stage_version=0")).to_be_visible()
        phone.get_by_label("kept").fill("half-typed")
        phone.get_by_label("kept").press("Tab")
        expect(phone.get_by_text("runs=2")).to_be_visible()

        with Session(engine) as s:
            versioning.bump(s, wid)  # a write phones need not see: no rerun
            s.commit()
        # Wait on the watcher, not the clock: two more completed polls mean at least one
        # read the database after the commit (polls are 0.2 s apart, longer than the
        # reporter's 0.1 s, so even a count it wrote just before the commit is covered).
        before = _wait_for_cycles(cycles_file, 0)
        assert before >= 0, "the probe never reported the watcher's cycles"
        after = _wait_for_cycles(cycles_file, before + 2)
        assert after >= before + 2, f"watcher thread stalled: cycles {before} -> {after}"
        wait_idle(phone)
        expect(phone.get_by_text("runs=2")).to_be_visible()

        started = time.monotonic()
        with Session(engine) as s:
            versioning.bump(s, wid, stage=True)
            s.commit()
        expect(phone.get_by_text("stage_version=1")).to_be_visible(timeout=5000)
        assert time.monotonic() - started < 3.0
        expect(phone.get_by_text("runs=3")).to_be_visible()
        # What the person was typing survives the rerun.
        assert phone.get_by_label("kept").input_value() == "half-typed"
        assert "Traceback" not in (tmp_path / "live.log").read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        engine.dispose()
