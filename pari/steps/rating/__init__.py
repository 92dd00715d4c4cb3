"""Rating scale: one or more statements rated on the step's scale (1-5, 0-10, or
agree-disagree), "don't know" counted apart (issue 19)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlmodel import Session, select

from pari.i18n import N_, _
from pari.models import Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind
from pari.steps.fields import InvalidConfig, clean_list
from pari.steps.rating.models import MAX_STATEMENTS, Rating

MAX_STATEMENT = 200
SCALE_1_5, SCALE_0_10, SCALE_AGREE = "1-5", "0-10", "agree"
SCALES = (SCALE_1_5, SCALE_0_10, SCALE_AGREE)
# The agree scale is stored 1..5; these are what people read.
AGREE_LABELS: dict[int, str] = {
    1: N_("Strongly disagree"),
    2: N_("Disagree"),
    3: N_("Neither agree nor disagree"),
    4: N_("Agree"),
    5: N_("Strongly agree"),
}
SCALE_LABELS: dict[str, str] = {
    SCALE_1_5: N_("1 to 5"),
    SCALE_0_10: N_("0 to 10"),
    SCALE_AGREE: N_("Strongly disagree to strongly agree"),
}
DONT_KNOW_TEXT = N_("Don't know")
STATEMENTS_FIELD = N_("Statements")


@dataclass(frozen=True)
class RatingConfig(Config):
    statements: tuple[str, ...] = ()
    scale: str = SCALE_AGREE

    @property
    def low(self) -> int:
        return 0 if self.scale == SCALE_0_10 else 1

    @property
    def high(self) -> int:
        return 10 if self.scale == SCALE_0_10 else 5

    @property
    def values(self) -> range:
        """The values a rating may take (``None`` aside: "don't know")."""
        return range(self.low, self.high + 1)

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2


def value_label(scale: str, value: int | None) -> str:
    """A rating as people read it (translated): "Agree", "7", or "Don't know"."""
    if value is None:
        return _(DONT_KNOW_TEXT)
    if scale == SCALE_AGREE and value in AGREE_LABELS:
        return _(AGREE_LABELS[value])
    return str(value)


class RatingScale(Kind):
    kind = StepKind.RATING
    label = N_("Rating scale")
    config_type = RatingConfig
    answer_model = Rating

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> RatingConfig:
        raw = raw or {}
        _check_statements(raw.get("statements"))
        statements = clean_list(
            raw.get("statements"),
            field=STATEMENTS_FIELD,
            limit=MAX_STATEMENT,
            min_items=1,
            max_items=MAX_STATEMENTS,
        )
        scale = raw.get("scale", SCALE_AGREE)
        if scale not in SCALES or not isinstance(scale, str):
            raise InvalidConfig(N_("Choose the scale: 1 to 5, 0 to 10, or agree to disagree."))
        return RatingConfig(tuple(statements), scale)

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> RatingConfig:
        """The stored statements in their places: a rating stores a statement's index,
        so a damaged item reads as an empty text rather than shifting the ones after it."""
        raw = raw or {}
        stored = raw.get("statements")
        items = stored if isinstance(stored, list | tuple) else ()
        statements = tuple(_text(item)[:MAX_STATEMENT] for item in items[:MAX_STATEMENTS])
        scale = raw.get("scale")
        return RatingConfig(statements, scale if scale in SCALES else SCALE_AGREE)

    def default_config(self) -> dict[str, Any]:
        return {"statements": [N_("We are ready to take the next step.")], "scale": SCALE_AGREE}

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        """Ratings are stored by statement index on the old scale: once anyone has
        rated, the scale stays and the statements stay as they are, in their order
        (more may be added at the end)."""
        assert isinstance(old, RatingConfig) and isinstance(new, RatingConfig)
        kept = new.scale == old.scale and new.statements[: len(old.statements)] == old.statements
        if kept:
            return
        rated = session.exec(select(Rating.id).where(Rating.step_id == step.id).limit(1)).first()
        if rated is not None:
            raise AnswersKept(
                N_(
                    "People have already rated these statements: you can add statements at "
                    "the end, but not change the scale or change, remove or reorder the "
                    "existing statements."
                )
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.rating.results import frames

        return frames(session=session, step=step)

    def masked(self, frames: dict[str, Any], rule: Any) -> dict[str, Any]:
        """The counts with small groups pooled, and the per-group figures and the
        agreement read again from them (counted from the stored groups they would
        show what a small group answered)."""
        from pari.steps.rating.results import pooled

        return pooled(frames, rule)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.rating.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.rating.export import rows

        return rows(data)

    export_models = (Rating,)
    export_tables: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "ratings": (
            "rating_id",
            "participant_id",
            "stakeholder_group",
            "statement_index",
            "statement",
            "scale",
            "value",
            "value_label",
            "dont_know",
            "entered_by",
            "created_at",
            "updated_at",
        )
    }
    export_sheets: ClassVar[Mapping[str, str]] = {"ratings": N_("Ratings")}
    export_headers: ClassVar[Mapping[str, str]] = {
        "rating_id": N_("Rating id"),
        "statement_index": N_("Statement number"),
        "statement": N_("Statement"),
        "scale": N_("Scale"),
        "value_label": N_("Answer"),
    }

    # --- writing: the phone's rules, the editor
    has_settings_fields = True
    has_paper_input = True


def _check_statements(values: Any) -> None:
    """The editor's messages that name what is wrong: which statement (its number among
    the lines given) is too long, and how many statements were given."""
    if not isinstance(values, list | tuple):
        return  # clean_list says it must be a list
    given = [v.strip() for v in values if isinstance(v, str) and v.strip()]
    for number, item in enumerate(given, start=1):
        if len(item) > MAX_STATEMENT:
            raise InvalidConfig(
                N_("Statement {n} is too long: {length} characters (at most {limit})."),
                n=number,
                length=len(item),
                limit=MAX_STATEMENT,
            )
    if len(given) > MAX_STATEMENTS:
        raise InvalidConfig(
            N_("Give at most {high} statements: you gave {count}."),
            high=MAX_STATEMENTS,
            count=len(given),
        )


def _text(item: Any) -> str:
    if isinstance(item, Mapping):  # written by hand: {"text": ...}
        item = item.get("text") or item.get("label")
    if isinstance(item, bool) or not isinstance(item, str | int):
        return ""
    return str(item).strip()


KIND = RatingScale()
