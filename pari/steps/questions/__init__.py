"""Questions: people send questions or comments to a panel and upvote each other's
(one upvote per question per person, taken back with a second tap); the facilitator
may approve before a question shows, pins the one being answered, marks answered,
hides (issue 19)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import func
from sqlmodel import Session, select

from pari.i18n import N_, N_plural, ngettext
from pari.models import Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind, answer_rows_of
from pari.steps.fields import clean_bool, read_bool
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote

MODERATED_FIELD = N_("The facilitator approves each question before it shows")
NAMES_FIELD = N_("Phones offer “Show my name with this question”")
# What the room sees: approved questions (or every question, if not moderated).
VISIBLE = (QuestionStatus.SHOWN, QuestionStatus.ANSWERED)


@dataclass(frozen=True)
class QuestionsConfig(Config):
    moderated: bool = False  # a question waits for the facilitator's approval
    names: bool = False  # the asker may choose to be named; otherwise all anonymous


class Questions(Kind):
    kind = StepKind.QUESTIONS
    label = N_("Questions")
    mode_models = (Question, QuestionUpvote)  # answers read in one mode (``answers_in_mode``)
    config_type = QuestionsConfig
    answer_model = Question

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> QuestionsConfig:
        raw = raw or {}
        return QuestionsConfig(
            moderated=clean_bool(raw.get("moderated", False), field=MODERATED_FIELD),
            names=clean_bool(raw.get("names", False), field=NAMES_FIELD),
        )

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> QuestionsConfig:
        raw = raw if isinstance(raw, Mapping) else {}
        return QuestionsConfig(
            moderated=read_bool(raw.get("moderated"), default=False),
            names=read_bool(raw.get("names"), default=False),
        )

    def answer_rows(self, step_ids: Sequence[int]) -> list[Any]:
        """Questions asked and not taken back, and upvotes (an upvote is taking part)."""
        return [
            *answer_rows_of(Question, step_ids, Question.status != QuestionStatus.WITHDRAWN),
            *answer_rows_of(QuestionUpvote, step_ids),
        ]

    def answers(self, session: Session, step: Step) -> int:
        """Questions asked (a question, not a person, is this step's answer): those the
        room sees and those waiting for approval (people did ask them); not the hidden
        ones (the count would tell the room one was hidden) nor those taken back."""
        query = select(func.count(Question.id)).where(
            Question.step_id == step.id,
            Question.status.in_([*VISIBLE, QuestionStatus.PENDING]),
        )
        return int(session.exec(query).one() or 0)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        """Switching approval on keeps every question already shown on show (a status
        is per question); switching it off while questions wait would leave them waiting
        for ever, so they are approved or hidden first. Names may be switched either way:
        off shows no name, on names nobody who did not choose it."""
        assert isinstance(old, QuestionsConfig) and isinstance(new, QuestionsConfig)
        if not (old.moderated and not new.moderated):
            return
        waiting = int(
            session.exec(
                select(func.count(Question.id)).where(
                    Question.step_id == step.id, Question.status == QuestionStatus.PENDING
                )
            ).one()
            or 0
        )
        if waiting:
            raise AnswersKept(
                N_plural(
                    "{n} question waits for approval: approve or hide it first, then switch "
                    "approval off.",
                    "{n} questions wait for approval: approve or hide them first, then switch "
                    "approval off.",
                    waiting,
                ),
                n=waiting,
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.questions.results import question_list, upvotes_by_group

        return {
            "questions": question_list(session=session, step=step),
            "upvotes": upvotes_by_group(session=session, step_id=step.id),
        }

    def count_text(self, n: int) -> str:
        return ngettext("{n} upvote", "{n} upvotes", n).format(n=n)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.questions.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.questions.export import rows

        return rows(data)

    export_models: ClassVar[tuple[Any, ...]] = (Question, QuestionUpvote)
    export_tables: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "questions": (
            "question_id",
            "participant_id",
            "stakeholder_group",
            "text",
            "status",
            "pinned",
            "show_name",
            "upvotes",
            "entered_by",
            "created_at",
            "updated_at",
        ),
        "question_upvotes": ("question_id", "participant_id", "stakeholder_group", "created_at"),
    }
    export_sheets: ClassVar[Mapping[str, str]] = {
        "questions": N_("Questions"),
        "question_upvotes": N_("Question upvotes"),
    }
    export_headers: ClassVar[Mapping[str, str]] = {
        "question_id": N_("Question id"),
        "pinned": N_("Pinned"),
        "show_name": N_("Name shown"),
        "upvotes": N_("Upvotes"),
    }

    # --- writing: the phone's rules, the editor
    has_settings_fields = True
    has_paper_input = True
    has_run_panel = True


KIND = Questions()
