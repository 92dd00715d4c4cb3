"""Streamlit internals that pari.live relies on, driven on a real server."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from playwright.sync_api import expect
from sqlmodel import Session

from pari import versioning
from pari.db import make_engine, migrate
from tests.browser.conftest import ROOT, _free_port
from tests.factories import make_workshop


def test_a_followed_page_reruns_when_the_stage_moves(tmp_path, phone):
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
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
        env={**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)},
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
        time.sleep(2.5)
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
