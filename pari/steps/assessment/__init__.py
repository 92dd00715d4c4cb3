"""Assessment: each person rates the territory's readiness per dimension, 0 to 10 or
"don't know" (the CSEI readiness dimensions by default, DESIGN section 2)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from pari.i18n import N_, _
from pari.labels import READINESS_DIMENSIONS
from pari.models import Assessment as Rating
from pari.models import Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind
from pari.steps.fields import clean_list

MAX_DIMENSION = 64
MAX_DIMENSIONS = 16
DEFAULT_DIMENSIONS = tuple(READINESS_DIMENSIONS)


@dataclass(frozen=True)
class AssessmentConfig(Config):
    # A built-in dimension's key ("vision"), or a custom dimension's text as typed.
    dimensions: tuple[str, ...] = DEFAULT_DIMENSIONS


class Assessment(Kind):
    kind = StepKind.ASSESSMENT
    label = N_("Assessment")
    config_type = AssessmentConfig
    answer_model = Rating

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> AssessmentConfig:
        raw = raw or {}
        dims = clean_list(
            raw.get("dimensions", list(DEFAULT_DIMENSIONS)),
            field=N_("Dimensions"),
            limit=MAX_DIMENSION,
            min_items=1,
            max_items=MAX_DIMENSIONS,
        )
        return AssessmentConfig(tuple(dims))

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> AssessmentConfig:
        """Dimension keys as stored (an item may also be ``{"key": ...}``); the default
        eight when none is usable."""
        stored = (raw or {}).get("dimensions")
        keys: list[str] = []
        for item in stored if isinstance(stored, list | tuple) else []:
            key = item.get("key") if isinstance(item, Mapping) else item
            if isinstance(key, str) and key.strip() and key[:MAX_DIMENSION] not in keys:
                keys.append(key[:MAX_DIMENSION])
        return AssessmentConfig(tuple(keys) or DEFAULT_DIMENSIONS)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        assert isinstance(old, AssessmentConfig) and isinstance(new, AssessmentConfig)
        for dim in sorted(set(old.dimensions) - set(new.dimensions)):
            rated = session.exec(
                select(Rating.id).where(Rating.step_id == step.id, Rating.dimension == dim).limit(1)
            ).first()
            if rated is not None:
                raise AnswersKept(
                    N_("“{dimension}” is already rated, so it stays in the assessment."),
                    dimension=_(READINESS_DIMENSIONS.get(dim, dim)),
                )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.assessment.results import assessment

        return {"assessment": assessment(session=session, step=step)}

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.assessment.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.assessment.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    has_settings_fields = True


KIND = Assessment()
