"""Check-in: each person says which stakeholder group they speak for (no settings)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as core_select
from sqlmodel import Session, select

from pari.i18n import N_
from pari.models import Participant, Step, StepKind
from pari.steps.base import Kind


class CheckIn(Kind):
    kind = StepKind.CHECK_IN
    label = N_("Check-in")
    mode_models = (Participant,)  # answers read in one mode (``answers_in_mode``)

    def answer_rows(self, step_ids: Sequence[int]) -> list[Any]:
        """The people checked in to the step's workshop (whichever step they did it in),
        in the mode they checked in."""
        return [
            core_select(
                Step.id.label("step_id"),
                Participant.id.label("participant_id"),
                Participant.self_paced.label("self_paced"),
            )
            .join(Participant, Participant.workshop_id == Step.workshop_id)
            .where(Step.id.in_(list(step_ids)), Participant.checked_in_at.is_not(None))
        ]

    def answers(self, session: Session, step: Step) -> int:
        """People checked in to the workshop (a group said, whichever step they did it in)."""
        query = select(func.count(Participant.id)).where(
            Participant.workshop_id == step.workshop_id, Participant.checked_in_at.is_not(None)
        )
        return int(session.exec(query).one() or 0)

    # --- reading: results, charts, report
    counts_answers = False

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.privacy import group_rule

        # The room as a breakdown may show it: small groups pooled as "Too few to show".
        return {"room": group_rule(session=session, workshop_id=step.workshop_id).room()}

    # --- writing: the phone's rules, the editor


KIND = CheckIn()
