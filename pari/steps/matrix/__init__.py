"""Matrix: each person scores the cards of an ideas step on two criteria."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from sqlmodel import Session, select

from pari.i18n import N_
from pari.models import Score, Step, StepKind
from pari.steps.base import SHUFFLE_FIELD, AnswersKept, CardsConfig, Config, Kind
from pari.steps.fields import (
    clean_bool,
    clean_card_ids,
    clean_list,
    read_bool,
    read_card_ids,
    read_texts,
)

DEFAULT_CRITERIA = (N_("Impact"), N_("Feasibility"))
MAX_CRITERION = 60


PASS_FIELD = N_("“I pass” on each card")


@dataclass(frozen=True)
class MatrixConfig(CardsConfig):
    criteria: tuple[str, str] = DEFAULT_CRITERIA
    passes: bool = False  # phones offer "I pass" on each card, counted apart (issue 18)
    omitted_at_default: ClassVar[tuple[str, ...]] = (*CardsConfig.omitted_at_default, "passes")

    def answers_differ(self, other: Config) -> bool:
        """Offering "I pass" or not changes no score, so it may change after the first."""
        if isinstance(other, MatrixConfig):
            other = replace(other, passes=self.passes)
        return super().answers_differ(other)


class Matrix(Kind):
    kind = StepKind.MATRIX
    label = N_("Matrix")
    config_type = MatrixConfig
    answer_model = Score
    draws_on_ideas = True
    needs_ideas = True

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> MatrixConfig:
        raw = raw or {}
        first, second = clean_list(
            raw.get("criteria", list(DEFAULT_CRITERIA)),
            field=N_("Criteria"),
            limit=MAX_CRITERION,
            min_items=2,
            max_items=2,
        )
        return MatrixConfig(
            (first, second),
            card_ids=clean_card_ids(raw.get("card_ids")),
            shuffle=clean_bool(raw.get("shuffle", True), field=SHUFFLE_FIELD),
            passes=clean_bool(raw.get("passes", False), field=PASS_FIELD),
        )

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> MatrixConfig:
        """The first two usable criteria as stored; the defaults when fewer than two."""
        raw = raw or {}
        names = read_texts(raw.get("criteria"), limit=MAX_CRITERION, max_items=2)
        criteria = (names[0], names[1]) if len(names) == 2 else DEFAULT_CRITERIA
        return MatrixConfig(
            criteria,
            card_ids=read_card_ids(raw.get("card_ids")),
            shuffle=read_bool(raw.get("shuffle"), default=True),
            passes=read_bool(raw.get("passes"), default=False),
        )

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        assert isinstance(old, MatrixConfig)
        if not old.answers_differ(new):
            return
        scored = session.exec(select(Score.id).where(Score.step_id == step.id).limit(1)).first()
        if scored is not None:
            raise AnswersKept(
                N_("Cards are already scored on these criteria, so they cannot change.")
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.matrix.results import matrix, passes

        return {
            "matrix": matrix(session=session, step_id=step.id),
            "passes": passes(session=session, step_id=step.id),
        }

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.matrix.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.matrix.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    has_settings_fields = True


KIND = Matrix()
