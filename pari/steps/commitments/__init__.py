"""Commitments: people pledge time, money, a place or skills, optionally to a card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from pari.i18n import N_
from pari.models import Commitment, Step, StepKind
from pari.steps.base import Config, Kind, answer_rows_of
from pari.steps.fields import clean_card_ids, read_card_ids


@dataclass(frozen=True)
class CommitmentsConfig(Config):
    card_ids: tuple[int, ...] = ()

    def as_stored(self) -> dict[str, Any]:
        return {"card_ids": list(self.card_ids)} if self.card_ids else {}


class Commitments(Kind):
    kind = StepKind.COMMITMENTS
    label = N_("Commitments")
    mode_models = (Commitment,)  # answers read in one mode (``answers_in_mode``)
    config_type = CommitmentsConfig
    draws_on_ideas = True

    def answer_rows(self, step_ids: Sequence[int]) -> list[Any]:
        """Pledges standing (not withdrawn)."""
        return answer_rows_of(Commitment, step_ids, Commitment.withdrawn == False)  # noqa: E712

    def answers(self, session: Session, step: Step) -> int:
        """Pledges standing (not withdrawn)."""
        query = select(func.count(Commitment.id)).where(
            Commitment.step_id == step.id,
            Commitment.withdrawn == False,  # noqa: E712 - SQL expression
        )
        return int(session.exec(query).one() or 0)

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> CommitmentsConfig:
        return CommitmentsConfig(clean_card_ids((raw or {}).get("card_ids")))

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> CommitmentsConfig:
        return CommitmentsConfig(read_card_ids((raw or {}).get("card_ids")))

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.commitments.results import commitments, priorities_without_lead

        pledges = commitments(session=session, step_id=step.id)
        return {
            "pledges": pledges,
            "no_lead": priorities_without_lead(session=session, step=step, pledges=pledges),
        }

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.commitments.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    has_paper_input = True


KIND = Commitments()
