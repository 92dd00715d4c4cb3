"""Word cloud: each person sends up to N answers of one to three words; answers are
grouped without case, accents or stop words (``words.key``), and the facilitator may
hide a word from the cloud without deleting its answers (issue 19)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlalchemy import func
from sqlmodel import Session, select

from pari.i18n import N_, ngettext
from pari.models import Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind, Ranked
from pari.steps.fields import clean_int, read_int
from pari.steps.word_cloud.models import HiddenWord, WordAnswer

DEFAULT_ANSWERS = 3
MAX_ANSWERS = 5
ANSWERS_FIELD = N_("Answers per person")
# The ranking phones see once results are revealed, and the most a top-N reveal shows.
TOP_RANKED = 10


@dataclass(frozen=True)
class WordCloudConfig(Config):
    max_answers: int = DEFAULT_ANSWERS  # answers one person may send, 1..5


class WordCloud(Kind):
    kind = StepKind.WORD_CLOUD
    label = N_("Word cloud")
    config_type = WordCloudConfig
    answer_model = WordAnswer

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> WordCloudConfig:
        raw = raw or {}
        value = raw.get("max_answers", DEFAULT_ANSWERS)
        return WordCloudConfig(clean_int(value, field=ANSWERS_FIELD, low=1, high=MAX_ANSWERS))

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> WordCloudConfig:
        raw = raw if isinstance(raw, Mapping) else {}
        return WordCloudConfig(
            read_int(raw.get("max_answers"), default=DEFAULT_ANSWERS, low=1, high=MAX_ANSWERS)
        )

    def answers(self, session: Session, step: Step) -> int:
        """Answers in the cloud (an answer, not a person, is this step's answer; those
        under a hidden word are not in the cloud)."""
        hidden = select(HiddenWord.key).where(HiddenWord.step_id == step.id)
        query = select(func.count(WordAnswer.id)).where(
            WordAnswer.step_id == step.id, WordAnswer.key.not_in(hidden)
        )
        return int(session.exec(query).one() or 0)

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        """A higher limit is always fine; a lower one only while nobody has sent more
        than it (their answers would stand above the limit the room was told)."""
        assert isinstance(old, WordCloudConfig) and isinstance(new, WordCloudConfig)
        if new.max_answers >= old.max_answers:
            return
        per_person = (
            select(func.count(WordAnswer.id).label("n"))
            .where(WordAnswer.step_id == step.id)
            .group_by(WordAnswer.participant_id)
            .subquery()
        )
        most = int(session.exec(select(func.max(per_person.c.n))).one() or 0)
        if most > new.max_answers:
            raise AnswersKept(
                N_(
                    "Someone has already sent {most} answers in this word cloud, so the "
                    "limit cannot go below {most}. Remove answers first, or keep the limit."
                ),
                most=most,
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.word_cloud.results import frames

        return frames(session=session, step=step)

    def masked(self, frames: dict[str, Any], rule: Any) -> dict[str, Any]:
        """The words per group with every small group pooled as "Too few to show", one
        row per word and group again; the cloud and counts hold no group."""
        from pari.steps.word_cloud.results import pooled

        return {**frames, "groups": pooled(rule.mask(frames["groups"]))}

    ranks_results = True

    def ranked(self, frames: dict[str, Any]) -> list[Ranked]:
        """The most sent words (the first ``TOP_RANKED``), keyed by their first answer."""
        words = frames["words"].head(TOP_RANKED)
        rows = zip(words.word_id, words.text, words.answers, strict=True)
        return [Ranked(i, int(k), str(t), int(n)) for i, (k, t, n) in enumerate(rows, start=1)]

    def keep_ranks(self, frames: dict[str, Any], ranks: dict[int, int]) -> dict[str, Any]:
        """Only the words shown, with their rank; their groups too."""
        words = frames["words"]
        kept = words[words.word_id.isin(list(ranks))].copy()
        kept["rank"] = kept.word_id.map(ranks).astype("int64")
        groups = frames["groups"]
        return {
            **frames,
            "words": kept.reset_index(drop=True),
            "groups": groups[groups.key.isin(set(kept.key))].reset_index(drop=True),
        }

    def count_text(self, n: int) -> str:
        return ngettext("{n} answer", "{n} answers", n).format(n=n)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.word_cloud.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.word_cloud.export import rows

        return rows(data)

    export_models: ClassVar[tuple[Any, ...]] = (WordAnswer,)
    export_tables: ClassVar[Mapping[str, tuple[str, ...]]] = {
        "words": (
            "word_answer_id",
            "participant_id",
            "stakeholder_group",
            "text",
            "key",
            "hidden",
            "entered_by",
            "created_at",
        ),
    }
    export_sheets: ClassVar[Mapping[str, str]] = {"words": N_("Word cloud answers")}
    export_headers: ClassVar[Mapping[str, str]] = {
        "word_answer_id": N_("Answer id"),
        "key": N_("Grouped as"),
    }

    # --- writing: the phone's rules, the editor
    has_settings_fields = True
    has_paper_input = True
    has_run_panel = True


KIND = WordCloud()
