"""What a phone reads on every run: who it is, the workshop, the step it follows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, bindparam
from sqlmodel import Session, select

from pari.db import read_only
from pari.models import AnswerMode, Participant, Step, Workshop
from pari.phone.errors import InvalidInput
from pari.phone.guards import LINK_GONE, writable_mode


@dataclass(frozen=True)
class PhoneView:
    """What one phone draws: who, where, and the step it follows."""

    participant: Participant
    workshop: Workshop
    step: Step | None

    @property
    def checked_in(self) -> bool:
        return self.participant.checked_in_at is not None and self.participant.group is not None

    @property
    def mode(self) -> AnswerMode | None:
        """How this phone may answer ``step`` now (live, self-paced), or None: the
        rules' own check (``pari.phone.guards.writable_mode``)."""
        return writable_mode(self.workshop, self.step)

    @property
    def is_open(self) -> bool:
        """This phone may answer ``step`` now, live or in the self-paced window."""
        return self.mode is not None


def _labelled(prefix: str, table: Any) -> list[Any]:
    return [c.label(f"{prefix}{c.name}") for c in table.c]


_P, _W, _S = Participant.__table__, Workshop.__table__, Step.__table__
# Who, where, and the current step, in one statement (so one snapshot). Core, not the
# ORM: every phone reads this on every step change, and loading three ORM entities cost
# 0.6-0.75 ms against 0.17 ms for this (issue 15); the rows are plain values anyway.
_VIEW = (
    select(*_labelled("p_", _P), *_labelled("w_", _W), *_labelled("s_", _S))
    .select_from(
        _P.join(_W, _W.c.id == _P.c.workshop_id).outerjoin(
            _S, and_(_S.c.id == _W.c.current_step_id, _S.c.workshop_id == _W.c.id)
        )
    )
    .where(_P.c.id == bindparam("participant_id"))
)


def phone_view(*, session: Session, participant_id: int) -> PhoneView:
    """One read of who, where and the current step. A single statement sees one
    snapshot, so the workshop's stage_version is never older than the step drawn
    (a change after it costs one more rerun, never a missed one)."""
    row = session.connection().execute(_VIEW, {"participant_id": participant_id}).first()
    if row is None:
        raise InvalidInput(LINK_GONE)
    m = row._mapping
    step = read_only(Step, m, "s_") if m["s_id"] is not None else None
    return PhoneView(
        participant=read_only(Participant, m, "p_"),
        workshop=read_only(Workshop, m, "w_"),
        step=step,
    )


def stage_version(*, session: Session, workshop_id: int) -> int:
    return session.exec(select(Workshop.stage_version).where(Workshop.id == workshop_id)).one()
