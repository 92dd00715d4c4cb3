"""Every text input from a phone or a facilitator gets the hostile corpus (issue 8):
each string is refused with a message, or stored as plain text with nothing that
runs; and the export neutralises it for spreadsheets."""

from __future__ import annotations

import csv
import io
import unicodedata

import pytest
from sqlmodel import select

from pari import accounts, workshops
from pari.accounts import to_auth_user
from pari.models import Contribution, Role, StepKind, StepState
from pari.phone import joining
from pari.phone.errors import ParticipationError
from pari.phone.joining import JoinError
from pari.reporting import exports
from pari.steps.check_in import rules as check_in_rules
from pari.steps.commitments import rules as pledge_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_user, make_workshop
from tests.hostile import FORMULA_KEYS, HOSTILE

FORBIDDEN = {chr(c) for c in range(0x20) if chr(c) not in "\n"} | {
    "\x7f",
    "\u202e",
    "\u202c",
    "\ufeff",
}


def assert_plain(stored: str) -> None:
    """Stored text carries no control or bidi-override characters and is NFC."""
    assert not (set(stored) & FORBIDDEN), repr(stored)
    assert unicodedata.is_normalized("NFC", stored)


@pytest.fixture
def room(session):
    workshop, steps = make_workshop(
        session,
        steps=[
            (StepKind.CHECK_IN, "Check-in", {}),
            (StepKind.IDEAS, "Ideas", {}),
            (StepKind.COMMITMENTS, "Pledges", {}, 1),
        ],
    )
    pid = joining.join(session=session, code=workshop.code, client_key="h").participant.id
    check_in_rules.check_in(session=session, participant_id=pid, group="business", consent=True)
    workshop.current_step_id = steps[1].id
    steps[1].state = StepState.OPEN
    session.add_all([workshop, steps[1]])
    session.commit()
    return workshop, steps, pid


def _try(fn, **kwargs):
    try:
        return fn(**kwargs), None
    except (ParticipationError, workshops.WorkshopError) as exc:
        return None, exc


@pytest.mark.parametrize("key", list(HOSTILE))
def test_cards_refuse_with_a_message_or_store_plain_text(session, room, key):
    _workshop, steps, pid = room
    card, error = _try(
        ideas_rules.add_card,
        session=session,
        participant_id=pid,
        step_id=steps[1].id,
        text=HOSTILE[key],
    )
    if error is not None:
        session.rollback()
        assert error.localized(), key  # a message a person can read
        assert key in {"very_long", "whitespace_only"}, f"{key} refused: {error.localized()}"
        return
    session.commit()
    assert_plain(card.text)
    # What was written is kept, apart from invisible control characters.
    visible = "".join(ch for ch in HOSTILE[key] if ch not in FORBIDDEN and ch != "\r")
    assert "".join(card.text.split()) == "".join(unicodedata.normalize("NFC", visible).split())


@pytest.mark.parametrize("key", list(HOSTILE))
def test_check_in_details_and_pledges(session, room, key):
    workshop, steps, pid = room
    value = HOSTILE[key][:100]
    p, error = _try(
        check_in_rules.check_in,
        session=session,
        participant_id=pid,
        group="business",
        name=value,
        organisation=value,
        place=value,
        consent=True,
    )
    if error is None:
        session.commit()
        for stored in (p.name, p.organisation, p.place):
            assert_plain(stored)
            assert "\n" not in stored
    else:
        session.rollback()
        assert error.localized()

    workshop.current_step_id = steps[2].id
    steps[2].state = StepState.OPEN
    session.add_all([workshop, steps[2]])
    session.commit()
    pledge, error = _try(
        pledge_rules.pledge,
        session=session,
        participant_id=pid,
        step_id=steps[2].id,
        role="lead",
        kind="time",
        what=HOSTILE[key][:400],
        priority_text=value,
        unit=value[:40],
    )
    if error is None:
        session.commit()
        for stored in (pledge.what, pledge.priority_text, pledge.unit):
            assert_plain(stored)
    else:
        session.rollback()
        assert error.localized()


@pytest.mark.parametrize("key", list(HOSTILE))
def test_facilitator_texts(session, key):
    owner = to_auth_user(make_user(session))
    value = HOSTILE[key]
    w, error = _try(
        workshops.create_workshop,
        session=session,
        user=owner,
        title=value[:150],
        territory=value[:100],
    )
    if error is not None:
        session.rollback()
        assert error.localized()
        return
    session.commit()
    assert_plain(w.title)
    assert_plain(w.territory)
    step = workshops.list_steps(session=session, workshop_id=w.id)[0]
    s, error = _try(
        workshops.update_step,
        session=session,
        user=owner,
        step_id=step.id,
        prompt=value[:1000],
    )
    if error is None:
        session.commit()
        assert_plain(s.prompt)
    else:
        session.rollback()
        assert error.localized()


@pytest.mark.parametrize("key", list(HOSTILE))
def test_account_names(session, key):
    try:
        user = accounts.create_user(
            session=session,
            username=f"u{abs(hash(key)) % 10**6}",
            name=HOSTILE[key][:120],
            password="long enough password",
            role=Role.FACILITATOR,
        )
    except accounts.AccountError as exc:
        assert str(exc)
        return
    assert "\x00" not in user.name


def test_join_codes_from_hostile_strings_are_simply_unknown(session):
    for value in HOSTILE.values():
        with pytest.raises(JoinError):
            joining.join(session=session, code=value, client_key=f"k{len(value)}")
        session.rollback()


def test_stored_hostile_cards_are_exported_neutralised(session, room):
    workshop, steps, pid = room
    for key in [*FORMULA_KEYS, "html_script", "markdown_link", "sql"]:
        ideas_rules.add_card(
            session=session, participant_id=pid, step_id=steps[1].id, text=HOSTILE[key]
        )
    session.commit()
    data = exports.csv_bytes(
        exports.workshop_export(session=session, workshop=workshop), "contributions"
    )
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    stored = sorted(c.text for c in session.exec(select(Contribution)))
    assert len(rows) == len(stored)
    for row in rows:
        assert not row["text"].startswith(("=", "+", "-", "@", "\t", "\r")), row["text"]

    def unneutralised(cell: str) -> str:
        return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell

    assert sorted(unneutralised(r["text"]) for r in rows) == stored
