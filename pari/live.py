"""Phones follow the facilitator by change, not by polling.

Every phone polling the server (``st.fragment(run_every=...)``) does not fit one
process at 300 phones (DESIGN section 7). Instead a phone's run calls
``follow(workshop_id)``, and one watcher thread per process reads the
``stage_version`` of every followed workshop five times a second (one cheap query, so
writes through any replica count). When a workshop's number has moved past
what a session last drew, that session is asked to rerun, the way Streamlit's
own rerun-on-save does it.

On PostgreSQL, behind several replicas, the same poll is how a change made through
one replica reaches the phones of every other: each replica's watcher reads the
shared ``stage_version``. ``LISTEN/NOTIFY`` was weighed against it (issue 14) and
polling kept, by measurement on the 2-core bench machine (``bench/watcher.py``): one
poll costs 0.77 ms of wall time (0.53 ms of the replica's CPU, 0.15 ms of
PostgreSQL's), so five a second are 0.34% of a core a replica (0.35% with five
workshops followed), and a change made outside the replica is asked for 0.10 s
after its commit on average (0.18 s at most), against the 3 s a phone has to show it.
A listener would save that 0.1 s, but hold one connection a
replica outside the pool, need reconnect-and-resync logic after a dropped
connection (the poll has none to get wrong), not pass through pgbouncer's
transaction mode, and leave SQLite a second path. Writes made outside every
replica (the bench's facilitator, a migration, a script) reach phones the same way.

A phone draws the step in one fragment (``pages/participate.py``) and follows from
inside it, so the rerun it is asked for is that fragment's alone: the top bar, the
page's style and the wake element stay as they are, which saves about a fifth of
what a step change costs the server per phone (issue 15). A fragment the session no
longer holds, or a follow made outside any fragment, gets a whole run instead.

That last step uses Streamlit internals (``Runtime._session_mgr``,
``AppSession._event_loop``, ``AppSession._client_state``): Streamlit is pinned
in requirements.txt and tests/browser/test_live.py drives this path on a real
server, so an upgrade that breaks it fails the suite.
"""

from __future__ import annotations

import contextlib
import enum
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from pari.models import Workshop

log = logging.getLogger(__name__)

# A step change reaches phones within 0.2 s of its commit: one read of the followed
# workshops' versions a poll, about 0.7 ms of CPU with the database's, so five a
# second cost about 0.35% of a core (bench/watcher.py, on PostgreSQL).
POLL_SECONDS = 0.2
PRUNE_EVERY = 30  # polls between sweeps of sessions that have gone away
# Phones' runs take turns: a step change asks 300 sessions to rerun at once, and 300
# script threads sharing one interpreter lock all finish late together (and starve
# the event loop that sends what they drew). A few at a time, in the order they
# arrive, the first phones show the step at once and the last no later than before.
TURNS = 2
TURN_WAIT_S = 2.0  # a run waits at most this long for its turn, then goes anyway


@dataclass
class _Follower:
    workshop_id: int
    seen: int  # the stage_version this session last drew
    fragment: str | None = None  # the fragment that drew it (None: the whole page)


class Rerun(enum.Enum):
    """What became of asking a session to rerun."""

    DONE = "done"
    AWAY = "away"  # its socket is down, Streamlit keeps it for a while: ask again later
    GONE = "gone"


def rerun_session(session_id: str, fragment: str | None = None) -> Rerun:
    """Ask one Streamlit session to rerun ``fragment``, or its whole script."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return Rerun.GONE
    manager = Runtime.instance()._session_mgr
    info = manager.get_active_session_info(session_id)
    if info is None:
        # A phone whose screen locked: Streamlit keeps the session for
        # server.disconnectedSessionTTL and resumes it without a rerun when the socket
        # comes back (DESIGN section 8), so it stays due until then.
        return Rerun.AWAY if manager.get_session_info(session_id) is not None else Rerun.GONE
    app_session = info.session
    app_session._event_loop.call_soon_threadsafe(_request_rerun, app_session, fragment)
    return Rerun.DONE


def _request_rerun(app_session, fragment: str | None) -> None:
    """On the session's event loop, where runs start: the fragment if the session still
    holds it (Streamlit drops a request for one it does not, in silence), else the page.
    The saved client state keeps the query string and page; widget values are kept and
    button triggers are not replayed (they are reset before a run)."""
    from streamlit.proto.ClientState_pb2 import ClientState

    state = app_session._client_state
    if fragment is not None and app_session.has_fragment(fragment):
        state = ClientState()
        state.CopyFrom(app_session._client_state)
        state.fragment_id = fragment
    app_session.request_rerun(state)


def known_session_ids() -> set[str]:
    """Sessions with a socket, and those Streamlit keeps for a socket to come back."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return set()
    return {info.session.id for info in Runtime.instance()._session_mgr.list_sessions()}


class Watcher:
    """Reruns the sessions whose workshop's stage_version moved. One per process."""

    def __init__(
        self,
        engine: Engine,
        *,
        rerun: Callable[[str, str | None], Rerun] = rerun_session,
        known: Callable[[], set[str]] = known_session_ids,
        interval: float = POLL_SECONDS,
    ) -> None:
        self._engine = engine
        self._rerun = rerun
        self._known = known
        self._interval = interval
        self._lock = threading.Lock()
        self._followers: dict[str, _Follower] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.polls = 0
        self.reruns = 0
        self.away = 0  # asks that found a session without its socket (kept, asked again)
        self.cycles = 0  # polls the watcher thread completed; tests wait on it, never sleep

    def follow(
        self, session_id: str, workshop_id: int, seen: int, fragment: str | None = None
    ) -> None:
        with self._lock:
            self._followers[session_id] = _Follower(workshop_id, seen, fragment)

    def unfollow(self, session_id: str) -> None:
        with self._lock:
            self._followers.pop(session_id, None)

    def following(self) -> dict[str, int]:
        with self._lock:
            return {sid: f.workshop_id for sid, f in self._followers.items()}

    def versions(self, workshop_ids: Iterable[int]) -> dict[int, int]:
        ids = sorted(set(workshop_ids))
        if not ids:
            return {}
        with self._engine.connect() as conn:
            rows = conn.execute(
                select(Workshop.id, Workshop.stage_version).where(Workshop.id.in_(ids))
            ).all()
        return {wid: version for wid, version in rows}

    def poll_once(self) -> int:
        """One look at the database; returns how many sessions were asked to rerun."""
        self.polls += 1
        with self._lock:
            followers = dict(self._followers)
        if not followers:
            return 0
        current = self.versions(f.workshop_id for f in followers.values())
        due = []
        for sid, f in followers.items():
            version = current.get(f.workshop_id)
            if version is not None and version != f.seen:
                due.append((sid, version))
        gone = []
        for sid, version in due:
            with self._lock:
                follower = self._followers.get(sid)
                if follower is None:
                    continue
                seen, follower.seen = follower.seen, version  # its rerun calls follow() again
            outcome = self._rerun(sid, follower.fragment)
            if outcome is Rerun.DONE:
                self.reruns += 1
                continue
            if outcome is Rerun.AWAY:
                self.away += 1
                with self._lock:  # still due: asked again on every poll until it is back
                    if self._followers.get(sid) is follower:
                        follower.seen = seen
                continue
            gone.append(sid)
        if self.polls % PRUNE_EVERY == 0:
            known = self._known()
            gone.extend(sid for sid in followers if sid not in known)
        if gone:
            with self._lock:
                for sid in gone:
                    self._followers.pop(sid, None)
        return len(due)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="pari-live-watcher", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                self.poll_once()
                self.cycles += 1
            except Exception:  # a database hiccup must not end following for good
                log.exception("live watcher poll failed; retrying")
                time.sleep(self._interval)


_watcher: Watcher | None = None
_watcher_lock = threading.Lock()


def watcher(engine: Engine) -> Watcher:
    """The process's watcher, started on first use."""
    global _watcher
    with _watcher_lock:
        if _watcher is None:
            _watcher = Watcher(engine)
            _watcher.start()
        return _watcher


def follow(workshop_id: int, stage_version: int | None = None) -> None:
    """Rerun this session when the workshop's stage_version moves.

    Call it at the top of a phone's run, before reading the step: a change that
    lands while the page reads then causes one extra rerun, never a missed one.
    ``stage_version`` is what the page is about to draw; omitted, it is read here.
    Called inside a fragment, that fragment is what reruns.
    """
    from streamlit.runtime.scriptrunner_utils.script_run_context import (
        ThreadState,
        get_script_run_ctx,
    )

    from pari import web

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:  # bare mode or a test without a session: nothing to rerun
        return
    w = watcher(web.engine())
    if stage_version is None:
        stage_version = w.versions([workshop_id]).get(workshop_id, 0)
    w.follow(ctx.session_id, workshop_id, stage_version, ThreadState.get().fragment_id)


_turns = threading.BoundedSemaphore(TURNS)
_turn_held = threading.local()


@contextlib.contextmanager
def turn(wait: float = TURN_WAIT_S) -> Iterator[bool]:
    """Draw a phone's page in its turn (``TURNS`` at once in the process). Nested
    turns of one run (the step's fragment inside the whole page) are the outer one; a
    run that waited ``wait`` seconds goes anyway, so a stuck run never holds the room.
    Yields whether this run holds a turn (a nested one: True)."""
    if getattr(_turn_held, "inside", False):  # the outer turn (or its wait) counts
        yield True
        return
    got = _turns.acquire(timeout=wait)
    _turn_held.inside = True
    try:
        yield got
    finally:
        _turn_held.inside = False
        if got:
            _turns.release()


WAKE_JS = Path(__file__).resolve().parent / "components" / "wake.js"
_wake_component = None


def mount_wake() -> None:
    """Draw the phone's wake element (``components/wake.js``): a page that comes back
    from a dropped socket or a locked screen asks for one run, which draws the current
    step. Call it outside any fragment, so the run it asks for is the whole page."""
    global _wake_component
    import streamlit as st

    with _watcher_lock:
        if _wake_component is None:
            _wake_component = st.components.v2.component(
                "pari_wake", js=WAKE_JS.read_text(encoding="utf-8")
            )
    _wake_component(key="pari_wake", on_wake_change=_ignore)


def _ignore() -> None:
    """A wake carries nothing to store: the run it causes is the point."""
