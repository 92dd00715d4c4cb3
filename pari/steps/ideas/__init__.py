"""Ideas: people write cards, optionally in the facilitator's categories."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func
from sqlmodel import Session, select

from pari.i18n import N_, N_plural
from pari.labels import text_label
from pari.models import Contribution, Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind, answer_rows_of
from pari.steps.fields import clean_list, read_texts

MAX_CATEGORY = 120
MAX_CATEGORIES = 12


@dataclass(frozen=True)
class IdeasConfig(Config):
    categories: tuple[str, ...] = ()
    # The categories that came from accepted theme suggestions (``theming``): their
    # cards are sorted, and a new suggestion leaves them be.
    themes: tuple[str, ...] = ()
    omitted_at_default = ("themes",)


class Ideas(Kind):
    kind = StepKind.IDEAS
    label = N_("Ideas")
    mode_models = (Contribution,)  # answers read in one mode (``answers_in_mode``)
    config_type = IdeasConfig

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> IdeasConfig:
        raw = raw or {}
        categories = clean_list(
            raw.get("categories"),
            field=N_("Categories"),
            limit=MAX_CATEGORY,
            min_items=0,
            max_items=MAX_CATEGORIES,
        )
        return IdeasConfig(categories=tuple(categories), themes=_themes_among(raw, categories))

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> IdeasConfig:
        raw = raw or {}
        categories = read_texts(raw.get("categories"), limit=MAX_CATEGORY, max_items=64)
        return IdeasConfig(categories=categories, themes=_themes_among(raw, categories))

    def answer_rows(self, step_ids: Sequence[int]) -> list[Any]:
        """Cards not taken back (hidden or merged ones were still written by their author)."""
        return answer_rows_of(Contribution, step_ids, Contribution.withdrawn == False)  # noqa: E712

    def answers(self, session: Session, step: Step) -> int:
        """Cards on the wall (a card, not a person, is an idea's answer)."""
        query = select(func.count(Contribution.id)).where(
            Contribution.step_id == step.id, on_the_wall()
        )
        return int(session.exec(query).one() or 0)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        assert isinstance(old, IdeasConfig) and isinstance(new, IdeasConfig)
        for category in sorted(set(old.categories) - set(new.categories)):
            used = session.exec(
                select(func.count())
                .select_from(Contribution)
                .where(Contribution.step_id == step.id, Contribution.category == category)
            ).one()
            if used:
                raise AnswersKept(
                    N_plural(
                        "{n} card uses the category “{category}”: move it to another "
                        "category first.",
                        "{n} cards use the category “{category}”: move them to another "
                        "category first.",
                        used,
                    ),
                    n=used,
                    category=text_label(category, among=old.categories),
                )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.ideas.results import card_wall

        return {"cards": card_wall(session=session, step_id=step.id)}

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.ideas.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    writes_cards = True
    has_settings_fields = True
    has_paper_input = True


def _themes_among(raw: Mapping[str, Any], categories: Sequence[str]) -> tuple[str, ...]:
    """The stored themes that are still categories (a category removed in the editor
    stops being a theme with it)."""
    themes = read_texts(raw.get("themes"), limit=MAX_CATEGORY, max_items=MAX_CATEGORIES)
    return tuple(t for t in themes if t in categories)


def on_the_wall() -> ColumnElement[bool]:
    """SQL: a card people see, to vote on, score or pledge to: not hidden by the
    facilitator, not withdrawn by its author, not merged into another card."""
    return and_(
        Contribution.hidden == False,  # noqa: E712 - SQL expression
        Contribution.withdrawn == False,  # noqa: E712
        Contribution.merged_into_id.is_(None),
    )


def is_on_the_wall(card: Contribution) -> bool:
    """``on_the_wall`` for a card already loaded."""
    return not card.hidden and not card.withdrawn and card.merged_into_id is None


KIND = Ideas()
