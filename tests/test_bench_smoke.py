"""The load generator still drives the real app (issue 10): a 20-phone run.

A real server on a fresh database, phones speaking Streamlit's websocket protocol:
they join with the code, check in, follow a step change, write a card each, spend
their dots, and every dot acknowledged is stored exactly once. The full 300-phone
run is a benchmark (``make bench``), not a timed test.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.room import Options
from bench.run import run_one

pytestmark = pytest.mark.server  # each test here runs bench/server.py's real server

PHONES = 20


def test_twenty_phones_join_follow_vote_and_nothing_is_lost(tmp_path):
    opts = Options(
        phones=PHONES,
        vote_window=6,
        card_window=2,
        follow_timeout=15,
        join_concurrency=10,
    )
    # Its own thread and event loop: Playwright's sync API, used by the browser tests
    # in the same pytest process, keeps an event loop running on the main thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        result = pool.submit(asyncio.run, run_one("app", "stress", opts, tmp_path)).result()

    assert "error" not in result, result.get("traceback")
    assert result["joined"] == PHONES
    assert result["http_cold_join"]["errors"] == {}, "bench/browser_requests.json is stale"
    assert result["participants_stored"] == PHONES
    assert result["checked_in_ok"] == PHONES
    assert result["checked_in_stored"] == PHONES
    for follow in result["follow"]:
        assert follow["missed"] == 0, follow
        assert follow["p95"] < 5, follow
    assert result["cards_stored"] == result["cards_sent_ok"] == PHONES
    vote = result["actions"]["vote"]
    assert not vote["failures"], vote
    assert not vote["refused"], vote  # none answered "not saved" at 20 phones
    assert result["votes_sent"] == PHONES * 5
    assert result["votes_acknowledged"] == result["votes_sent"]
    assert result["votes_stored"] == result["votes_sent"]
    assert result["ballots"]["ok"], result["ballots"]
    assert result["exceptions_drawn_on_phones"] == 0
    assert result["server_log"]["problems"] == 0, result["server_log"]["lines"]


def _run(scenario: str, opts: Options, tmp_path):
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_one("app", scenario, opts, tmp_path)).result()


def test_the_room_arrives_with_the_browsers_http(tmp_path):
    """Issue 15: cold joins replay Chromium's requests (bench/browser_requests.json)."""
    result = _run("arrive", Options(phones=10, arrive_seconds=4, follow_timeout=15), tmp_path)
    assert "error" not in result, result.get("traceback")
    arrive = result["arrive"]
    assert result["joined"] == 10 and arrive["to_check_in_form"]["n"] == 10
    assert arrive["http"]["errors"] == {}, "bench/browser_requests.json is stale: --capture"
    assert arrive["http"]["requests_per_phone"] > 50
    assert 0.3 < arrive["mb_per_cold_join"] < 1.2  # compressed, and really fetched
    assert arrive["step_change_at"] is not None
    assert result["server_log"]["problems"] == 0, result["server_log"]["lines"]


def test_phones_whose_screens_locked_come_back_on_the_current_step(tmp_path):
    opts = Options(phones=10, lock_share=0.5, lock_seconds=(2.0, 8.0), follow_timeout=15)
    result = _run("locks", opts, tmp_path)
    assert "error" not in result, result.get("traceback")
    locks = result["locks"]
    assert locks["returned"] == locks["phones_away"] == 5
    assert locks["stranded"] == 0, locks
    assert locks["across_a_change"]["phones"] >= 1, locks  # the seed puts some across
    assert locks["back_on_current_step"]["p95"] < 3, locks
    assert result["server_log"]["problems"] == 0, result["server_log"]["lines"]
