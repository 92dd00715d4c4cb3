"""The local plan: the room sees what was decided (shows, takes no input, no settings)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from pari.i18n import N_
from pari.models import Step, StepKind
from pari.steps.base import Kind


class Plan(Kind):
    kind = StepKind.PLAN
    label = N_("Local plan")
    takes_input = False

    # --- reading: results, charts, report
    counts_answers = False

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        """The workshop's priorities over all its votes, and every pledge standing."""
        from pari.steps.commitments.results import workshop_commitments
        from pari.steps.dot_vote.results import priorities

        return {
            "priorities": priorities(session=session, workshop_id=step.workshop_id),
            "pledges": workshop_commitments(session=session, workshop_id=step.workshop_id),
        }

    # --- writing: the phone's rules, the editor


KIND = Plan()
