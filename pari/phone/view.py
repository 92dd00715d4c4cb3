"""What a phone reads on every run: who it is, the workshop, the step it follows."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_
from sqlmodel import Session, select

from pari.models import Participant, Step, Workshop
from pari.phone.errors import InvalidInput
from pari.phone.guards import LINK_GONE, is_open


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
    def is_open(self) -> bool:
        return is_open(self.workshop, self.step)


def phone_view(*, session: Session, participant_id: int) -> PhoneView:
    """One read of who, where and the current step. A single statement sees one
    snapshot, so the workshop's stage_version is never older than the step drawn
    (a change after it costs one more rerun, never a missed one)."""
    row = session.exec(
        select(Participant, Workshop, Step)
        .join(Workshop, Workshop.id == Participant.workshop_id)
        .outerjoin(Step, and_(Step.id == Workshop.current_step_id, Step.workshop_id == Workshop.id))
        .where(Participant.id == participant_id)
    ).first()
    if row is None:
        raise InvalidInput(LINK_GONE)
    participant, workshop, step = row
    return PhoneView(participant=participant, workshop=workshop, step=step)


def stage_version(*, session: Session, workshop_id: int) -> int:
    return session.exec(select(Workshop.stage_version).where(Workshop.id == workshop_id)).one()
