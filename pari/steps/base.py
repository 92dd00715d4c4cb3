"""What every step kind is: its settings (one typed reader), what it takes from phones,
and what a change of its settings may not undo once people have answered.

A kind is an instance of a ``Kind`` subclass in its own module of ``pari.steps``,
listed once in the registry (``pari.steps.KINDS``), as decidim registers a
participatory component with its settings schema. Nothing here imports Streamlit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import Any, ClassVar

from sqlalchemy import event, func
from sqlalchemy import select as core_select
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Session, select

from pari.errors import PariError
from pari.i18n import N_
from pari.models import AnswerMode, Step, StepKind


@dataclass(frozen=True)
class Config:
    """A kind's settings, typed; ``as_stored()`` is what ``Step.config`` keeps.

    A setting added after steps were stored is named in ``omitted_at_default``: at its
    default it is not stored, so a step stored before it reads and saves as before."""

    omitted_at_default: ClassVar[tuple[str, ...]] = ()

    def as_stored(self) -> dict[str, Any]:
        defaults = {f.name: f.default for f in fields(self)}
        return {
            k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(self).items()
            if not (k in self.omitted_at_default and v == defaults[k])
        }


@dataclass(frozen=True)
class NoConfig(Config):
    pass


SHUFFLE_FIELD = N_("Cards in a different order on each phone")


@dataclass(frozen=True, kw_only=True)
class CardsConfig(Config):
    """Settings of a kind that offers the cards of an ideas step: which cards (empty:
    all), and whether each phone gets them in its own order (issue 18, anti-herding:
    the first cards of one shared list get more attention than the last). A setting at
    its default is not stored."""

    card_ids: tuple[int, ...] = ()
    shuffle: bool = True
    omitted_at_default: ClassVar[tuple[str, ...]] = ("card_ids", "shuffle")

    def answers_differ(self, other: Config) -> bool:
        """Whether ``other`` would change what answers mean: the order cards are
        offered in does not, so it may change after the first answer."""
        return other != replace(self, shuffle=getattr(other, "shuffle", self.shuffle))


@dataclass(frozen=True)
class Ranked:
    """One line of a ranking: its rank (1 is the first), its key, text and count."""

    rank: int
    key: int
    text: str
    count: int


class Kind:
    """One step kind. Subclasses set the class attributes and override what they use."""

    kind: ClassVar[StepKind]
    label: ClassVar[str]  # N_ message id: the kind's name in the editor and lists
    config_type: ClassVar[type[Config]] = NoConfig
    takes_input: ClassVar[bool] = True  # phones answer it (the plan step only shows)
    draws_on_ideas: ClassVar[bool] = False  # may offer the cards of an earlier ideas step
    needs_ideas: ClassVar[bool] = False  # ... and cannot run without one

    @property
    def orders_cards(self) -> bool:
        """Offers cards to phones, each phone in its own order if the step says so
        (its settings are a ``CardsConfig``)."""
        return issubclass(self.config_type, CardsConfig)

    # The table of one person's answers (with step_id and participant_id), if any.
    answer_model: ClassVar[Any] = None
    # The tables whose rows are this kind's answers, each with a ``self_paced`` column:
    # a result read in one mode only (``answers_in_mode``) counts only those rows of
    # them. Empty: the ``answer_model``.
    mode_models: ClassVar[tuple[Any, ...]] = ()

    @property
    def answers_models(self) -> tuple[Any, ...]:
        """``mode_models``, or the ``answer_model`` alone."""
        if self.mode_models:
            return self.mode_models
        return (self.answer_model,) if self.answer_model is not None else ()

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> Config:
        """Settings a facilitator gives, checked (``InvalidConfig``) and completed with defaults."""
        del raw, dot_budget
        return self.config_type()

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> Config:
        """A stored row's settings, never refused: what is damaged falls back to defaults."""
        del raw, dot_budget
        return self.config_type()

    def default_config(self) -> dict[str, Any] | None:
        """The settings a new step starts with when the editor gives none (``validate``
        completes them): None by default, ``validate``'s own defaults."""
        return None

    # Its settings carry the workshop's dot budget: a template's step takes it when the
    # workshop is made, and a new budget reaches the steps ``guard_change`` lets change.
    uses_dot_budget: ClassVar[bool] = False

    def with_dot_budget(self, raw: Mapping[str, Any] | None, budget: int) -> dict[str, Any]:
        """Settings ``raw`` under the workshop's dot budget ``budget``: unchanged by default."""
        del budget
        return dict(raw or {})

    def answers(self, session: Session, step: Step) -> int:
        """What the run page and the presenter count as this step's answers: by default
        the people who answered (``answer_model`` rows), none for a kind without one."""
        model = self.answer_model
        if model is None:
            return 0
        query = select(func.count(func.distinct(model.participant_id))).where(
            model.step_id == step.id
        )
        return int(session.exec(query).one() or 0)

    def answer_rows(self, step_ids: Sequence[int]) -> list[Any]:
        """Who answered these steps of this kind, and how: SELECTs of ``step_id``,
        ``participant_id`` and ``self_paced`` (the answer's mode), one row per answer
        that still counts (``pari.workshops.window`` counts people per mode, and tells
        a phone which steps it has answered). By default the ``answer_model`` rows."""
        return answer_rows_of(self.answer_model, step_ids)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        """Raise ``AnswersKept`` when ``new`` would lose or distort what people already
        entered under ``old``."""
        del session, step, old, new

    # --- reading: results, charts, report --------------------------------------------
    # The presenter counts this step's answers beside the join code (``answers``).
    counts_answers: ClassVar[bool] = True

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        """What the presenter draws for this step, one pandas DataFrame per key (its
        ``wall.draw`` reads them); computed per version of the workshop. None by default."""
        del session, step
        return {}

    def masked(self, frames: dict[str, Any], rule: Any) -> dict[str, Any]:
        """``frames`` with every group too small to show pooled (``rule`` is a
        ``pari.privacy.GroupRule``). A kind whose frames derive from a group column
        derives them again from the pooled one, so no figure counts a small group."""
        return rule.mask_frames(frames)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        """This step's part of the local plan (a ``pari.reporting.blocks.Section``, drawn
        by the report and by its ``wall.plan_panel`` on the plan page), or None."""
        del session, step, workshop
        return None

    # --- a ranking (dot votes, polls): revealed rank by rank (``pari.reveal``) ----------
    ranks_results: ClassVar[bool] = False

    def ranked(self, frames: dict[str, Any]) -> list[Ranked] | None:
        """This step's results as a ranking (ties: the earlier first), or None for a kind
        whose results are not one."""
        del frames
        return None

    def keep_ranks(self, frames: dict[str, Any], ranks: dict[int, int]) -> dict[str, Any]:
        """The frames with only the ranked keys in ``ranks`` (key -> rank), their text
        led by the rank ("3. ...")."""
        del ranks
        return frames

    def count_text(self, n: int) -> str:
        """A ranking line's count, in words ("3 dots")."""
        return str(n)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        """The rows this kind adds to the data export, per table (``pari.reporting.exports``;
        ``data`` is what ``pari.reporting.export_data.load`` read): none by default."""
        del data
        return {}

    # Tables of its own (each with a ``step_id``) whose rows ``export_data.load`` reads
    # for it, in primary-key order, into ``data.rows[model]``.
    export_models: ClassVar[tuple[Any, ...]] = ()
    # Files it adds to the export beyond the six (table name -> its columns after the
    # workshop's and the step's), and each one's sheet name (an ``N_`` message id).
    export_tables: ClassVar[Mapping[str, tuple[str, ...]]] = {}
    export_sheets: ClassVar[Mapping[str, str]] = {}
    # Human headers (``N_`` message ids) of the columns those files add.
    export_headers: ClassVar[Mapping[str, str]] = {}

    # --- writing: the phone's rules, the editor ------------------------------------------
    # The phone's rules are ``pari.steps.<kind>.rules``, its screen ``phone.draw(view)``.
    # Its cards are what steps that draw on ideas offer (the ideas step).
    writes_cards: ClassVar[bool] = False
    # ``editor.settings_fields(cfg)`` draws its settings in the workshop editor.
    has_settings_fields: ClassVar[bool] = False
    # ``editor.paper_form(...)`` enters an answer for a person without a phone (run page).
    has_paper_input: ClassVar[bool] = False
    # ``editor.run_panel(user, workshop, step)`` draws the facilitator's controls of this
    # step's answers on the run page while it is current (approving questions, hiding a
    # word); kinds that moderate the cards of an ideas step use ``pages.run_cards``.
    has_run_panel: ClassVar[bool] = False


@contextmanager
def answers_in_mode(session: Session, kind: Kind, mode: AnswerMode | None) -> Iterator[None]:
    """Every ORM read of ``session`` inside counts only the answers of ``kind`` given in
    ``mode`` (live, self-paced; None: all), through SQLAlchemy's ``with_loader_criteria``
    on its ``answers_models``: the kinds' own results and report queries work unchanged,
    and the rows they join (cards voted on, people's groups) are not filtered."""
    models = kind.answers_models
    if mode is None or not models:
        yield
        return
    flag = mode is AnswerMode.SELF_PACED
    criteria = [
        with_loader_criteria(model, model.self_paced == flag, include_aliases=True)
        for model in models
    ]

    def only_mode(state: ORMExecuteState) -> None:
        if state.is_select:
            state.statement = state.statement.options(*criteria)

    event.listen(session, "do_orm_execute", only_mode)
    try:
        yield
    finally:
        event.remove(session, "do_orm_execute", only_mode)


def answer_rows_of(model: Any, step_ids: Sequence[int], *where: Any) -> list[Any]:
    """``Kind.answer_rows`` of one table with ``step_id``, ``participant_id`` and
    ``self_paced`` columns, filtered by ``where`` too (none for no table)."""
    if model is None:
        return []
    return [
        core_select(
            model.step_id.label("step_id"),
            model.participant_id.label("participant_id"),
            model.self_paced.label("self_paced"),
        ).where(model.step_id.in_(list(step_ids)), *where)
    ]


class AnswersKept(PariError, ValueError):
    """A settings change refused because people have answered under the old settings."""
