"""The load generator still drives the real app (issue 10): a 20-phone run.

A real server on a fresh database, phones speaking Streamlit's websocket protocol:
they join with the code, check in, follow a step change, write a card each, spend
their dots, and every dot acknowledged is stored exactly once. The full 300-phone
run is a benchmark (``make bench``), not a timed test.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.run import Options, run_one

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
