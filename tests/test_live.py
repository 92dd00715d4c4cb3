"""The watcher reruns exactly the sessions whose workshop moved, once per move."""

from __future__ import annotations

from pari import versioning
from pari.live import Watcher
from tests.factories import make_workshop


def test_watcher_reruns_only_followers_of_a_moved_workshop(engine, session):
    w1, _ = make_workshop(session)
    w2, _ = make_workshop(session)
    calls: list[str] = []
    watcher = Watcher(engine, rerun=lambda sid: calls.append(sid) or True, active=lambda: set())
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
    watcher = Watcher(engine, rerun=lambda sid: calls.append(sid) or True, active=lambda: set())
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
    watcher = Watcher(engine, rerun=lambda sid: calls.append(sid) or True, active=lambda: set())
    watcher.follow("late-phone", w1.id, 0)
    assert watcher.poll_once() == 1 and calls == ["late-phone"]


def test_gone_sessions_are_forgotten(engine, session):
    w1, _ = make_workshop(session)
    watcher = Watcher(engine, rerun=lambda sid: False, active=lambda: set())
    watcher.follow("closed-tab", w1.id, 0)
    versioning.bump(session, w1.id, stage=True)
    session.commit()
    watcher.poll_once()
    assert watcher.following() == {}
