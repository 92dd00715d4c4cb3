"""The watcher reruns exactly the sessions whose workshop moved, once per move."""

from __future__ import annotations

import time

from pari import versioning
from pari.live import Rerun, Watcher
from tests.factories import make_workshop


def test_watcher_reruns_only_followers_of_a_moved_workshop(engine, session):
    w1, _ = make_workshop(session)
    w2, _ = make_workshop(session)
    calls: list[str] = []
    watcher = Watcher(
        engine, rerun=lambda sid, fragment=None: calls.append(sid) or Rerun.DONE, known=set
    )
    watcher.follow("phone-a", w1.id, 0)
    watcher.follow("phone-b", w1.id, 0)
    watcher.follow("phone-c", w2.id, 0)

    assert watcher.poll_once() == 0 and calls == []

    versioning.bump(session, w1.id, stage=True)
    session.commit()
    assert watcher.poll_once() == 2
    assert sorted(calls) == ["phone-a", "phone-b"]

    # No second rerun for the same move, even before the sessions call follow() again.
    calls.clear()
    assert watcher.poll_once() == 0 and calls == []


def test_a_write_that_phones_need_not_see_reruns_nobody(engine, session):
    w1, _ = make_workshop(session)
    calls: list[str] = []
    watcher = Watcher(
        engine, rerun=lambda sid, fragment=None: calls.append(sid) or Rerun.DONE, known=set
    )
    watcher.follow("phone-a", w1.id, 0)
    versioning.bump(session, w1.id)  # a card written: presenter only
    session.commit()
    assert watcher.poll_once() == 0 and calls == []


def test_a_session_that_drew_an_old_version_is_rerun_even_if_it_followed_late(engine, session):
    """The race: a phone read the step at version 0, the step moved before it called follow()."""
    w1, _ = make_workshop(session)
    versioning.bump(session, w1.id, stage=True)
    session.commit()
    calls: list[str] = []
    watcher = Watcher(
        engine, rerun=lambda sid, fragment=None: calls.append(sid) or Rerun.DONE, known=set
    )
    watcher.follow("late-phone", w1.id, 0)
    assert watcher.poll_once() == 1 and calls == ["late-phone"]


def test_gone_sessions_are_forgotten(engine, session):
    w1, _ = make_workshop(session)
    watcher = Watcher(engine, rerun=lambda sid, fragment=None: Rerun.GONE, known=set)
    watcher.follow("closed-tab", w1.id, 0)
    versioning.bump(session, w1.id, stage=True)
    session.commit()
    watcher.poll_once()
    assert watcher.following() == {}


def test_a_phone_away_across_step_changes_is_rerun_when_it_comes_back(engine, session):
    """A locked screen: Streamlit keeps the session without its socket and resumes it
    with no rerun (DESIGN section 8). The watcher keeps it due, through several changes,
    until a rerun reaches it, then reruns it once."""
    w1, _ = make_workshop(session)
    away = {"phone-a"}
    calls: list[str] = []

    def rerun(sid: str, fragment: str | None = None) -> Rerun:
        if sid in away:
            return Rerun.AWAY
        calls.append(sid)
        return Rerun.DONE

    watcher = Watcher(engine, rerun=rerun, known=lambda: {"phone-a"})
    watcher.follow("phone-a", w1.id, 0)
    for _change in range(2):
        versioning.bump(session, w1.id, stage=True)
        session.commit()
        assert watcher.poll_once() == 1
        assert calls == [] and watcher.following() == {"phone-a": w1.id}
    away.clear()  # the socket is back
    assert watcher.poll_once() == 1 and calls == ["phone-a"]
    assert watcher.poll_once() == 0 and calls == ["phone-a"]


def test_a_kept_session_is_not_pruned_while_away(engine, session):
    from pari import live

    w1, _ = make_workshop(session)
    watcher = Watcher(engine, rerun=lambda sid, fragment=None: Rerun.AWAY, known=lambda: {"locked"})
    watcher.follow("locked", w1.id, 0)
    versioning.bump(session, w1.id, stage=True)
    session.commit()
    for _poll in range(live.PRUNE_EVERY):
        watcher.poll_once()
    assert watcher.following() == {"locked": w1.id}


def _wait_for_cycles(watcher: Watcher, target: int, timeout: float = 10.0) -> int:
    """Wait (bounded) until the watcher thread has completed ``target`` polls; returns the count.

    The watcher's own progress, not a sleep: a dead thread leaves the count where it was."""
    deadline = time.monotonic() + timeout
    while watcher.cycles < target and time.monotonic() < deadline:
        time.sleep(0.01)
    return watcher.cycles


def test_the_running_watcher_ignores_a_write_phones_need_not_see(engine, session):
    """The watcher thread itself, as a server runs it: a write phones need not see reruns
    nobody even after the thread has looked at the database twice since, and a step
    change then reruns the follower once."""
    w1, _ = make_workshop(session)
    calls: list[str] = []
    watcher = Watcher(
        engine,
        rerun=lambda sid, fragment=None: calls.append(sid) or Rerun.DONE,
        known=set,
        interval=0.02,
    )
    watcher.follow("phone-a", w1.id, 0)
    watcher.start()
    try:
        assert _wait_for_cycles(watcher, 1) >= 1, "the watcher thread never completed a poll"

        versioning.bump(session, w1.id)  # a card written: presenter only
        session.commit()
        # Two polls completed after the write: the second of them began after it.
        before = watcher.cycles
        after = _wait_for_cycles(watcher, before + 2)
        assert after >= before + 2, f"the watcher stalled at {after} polls"
        assert calls == []

        versioning.bump(session, w1.id, stage=True)
        session.commit()
        before = watcher.cycles
        after = _wait_for_cycles(watcher, before + 2)
        assert after >= before + 2, f"the watcher stalled at {after} polls"
        assert calls == ["phone-a"]  # once per move, not once per poll
    finally:
        watcher.stop()
    assert watcher.reruns == 1


def test_a_session_following_from_a_fragment_is_asked_to_rerun_that_fragment(engine, session):
    w1, _ = make_workshop(session)
    calls: list[tuple[str, str | None]] = []
    watcher = Watcher(
        engine,
        rerun=lambda sid, fragment=None: calls.append((sid, fragment)) or Rerun.DONE,
        known=set,
    )
    watcher.follow("phone-a", w1.id, 0, "step-area")
    watcher.follow("phone-b", w1.id, 0)
    versioning.bump(session, w1.id, stage=True)
    session.commit()
    watcher.poll_once()
    assert sorted(calls, key=str) == [("phone-a", "step-area"), ("phone-b", None)]


class _FakeAppSession:
    """What ``_request_rerun`` uses of Streamlit's AppSession."""

    def __init__(self, fragments: set[str]) -> None:
        from streamlit.proto.ClientState_pb2 import ClientState

        self._client_state = ClientState(query_string="p=token", page_script_hash="page")
        self._fragments = fragments
        self.requested: list = []

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id in self._fragments

    def request_rerun(self, client_state) -> None:
        self.requested.append(client_state)


def test_a_fragment_rerun_keeps_the_page_and_a_lost_fragment_reruns_the_whole_page():
    from pari.live import _request_rerun

    app = _FakeAppSession({"step-area"})
    _request_rerun(app, "step-area")
    ran = app.requested[-1]
    assert ran.fragment_id == "step-area"
    assert (ran.query_string, ran.page_script_hash) == ("p=token", "page")
    assert app._client_state.fragment_id == ""  # the saved state stays a whole-page one

    _request_rerun(app, "dropped-by-a-full-run")  # Streamlit would drop it in silence
    assert app.requested[-1] is app._client_state and not app.requested[-1].fragment_id
    _request_rerun(app, None)
    assert app.requested[-1] is app._client_state


def test_runs_take_turns_a_nested_turn_is_the_same_and_a_long_wait_goes_anyway():
    """``live.turn``: at most TURNS runs draw at once; the fragment inside a whole
    page's run does not wait for a second turn; a run that waits past ``wait`` goes."""
    import threading

    from pari import live

    inside = 0
    most = 0
    lock = threading.Lock()
    release = threading.Event()

    def run() -> None:
        nonlocal inside, most
        with live.turn(wait=10):
            with lock:
                inside += 1
                most = max(most, inside)
            with live.turn(wait=10) as nested:  # the step's fragment in the page
                assert nested
            release.wait(5)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(live.TURNS + 3)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 5
    while inside < live.TURNS and time.monotonic() < deadline:
        time.sleep(0.01)
    assert inside == live.TURNS  # the others wait for a turn

    started = time.monotonic()
    with live.turn(wait=0.2) as got:  # every turn is taken: this run goes anyway
        assert not got
    assert 0.15 < time.monotonic() - started < 2

    release.set()
    for t in threads:
        t.join(10)
    assert most == live.TURNS and inside == 0
    with live.turn(wait=0) as got:  # every turn was given back
        assert got
