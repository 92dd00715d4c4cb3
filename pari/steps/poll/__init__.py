"""Poll: one question, options to choose from (one, or several); the last option may
take a written answer ("Other")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from sqlmodel import Session, select

from pari.i18n import N_, ngettext
from pari.models import Contribution, PollAnswer, Step, StepKind
from pari.steps.base import AnswersKept, Config, Kind, Ranked
from pari.steps.fields import InvalidConfig, clean_bool, clean_list

MAX_OPTION = 120
MAX_OPTIONS = 12
# The templates' last option: a poll that ends with it, and says nothing of ``other``,
# asks for a written answer there.
OTHER = N_("Other")
# "No opinion" (issue 18, anti-herding: a person who has none need not pick an option to
# be counted as having answered): stored as this index, counted apart from the options.
NO_OPINION = -1
NO_OPINION_TEXT = N_("No opinion")
NO_OPINION_FIELD = N_("A “No opinion” answer")


@dataclass(frozen=True)
class PollConfig(Config):
    options: tuple[str, ...] = ()
    multiple: bool = False
    other: bool = False  # the last option takes a written answer
    no_opinion: bool = False  # phones offer "No opinion" after the options
    omitted_at_default: ClassVar[tuple[str, ...]] = ("no_opinion",)

    @property
    def other_option(self) -> int | None:
        """The index of the option that takes a written answer, if any."""
        return len(self.options) - 1 if self.other and self.options else None


class Poll(Kind):
    kind = StepKind.POLL
    label = N_("Poll")
    mode_models = (PollAnswer, Contribution)  # answers read in one mode (``answers_in_mode``)
    config_type = PollConfig
    answer_model = PollAnswer

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> PollConfig:
        raw = raw or {}
        options = clean_list(
            raw.get("options"),
            field=N_("Options"),
            limit=MAX_OPTION,
            min_items=2,
            max_items=MAX_OPTIONS,
        )
        multiple = raw.get("multiple", False)
        if not isinstance(multiple, bool):
            raise InvalidConfig(N_("“Several answers” must be yes or no."))
        other = raw.get("other", _ends_with_other(options))
        if not isinstance(other, bool):
            raise InvalidConfig(N_("“Other, with a written answer” must be yes or no."))
        no_opinion = clean_bool(raw.get("no_opinion", False), field=NO_OPINION_FIELD)
        return PollConfig(tuple(options), multiple, other, no_opinion)

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> PollConfig:
        """The stored options in their places: an answer stores an option's index, so a
        damaged item reads as an empty text rather than shifting the ones after it."""
        raw = raw or {}
        stored = raw.get("options")
        options = tuple(
            _option_text(item)[:MAX_OPTION]
            for item in (stored if isinstance(stored, list | tuple) else ())
        )
        other = raw.get("other", _ends_with_other(options))
        return PollConfig(
            options, raw.get("multiple") is True, other is True, raw.get("no_opinion") is True
        )

    def default_config(self) -> dict[str, Any]:
        return {"options": [N_("Yes"), N_("No")]}

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        assert isinstance(old, PollConfig) and isinstance(new, PollConfig)
        if old == new:
            return
        answered = session.exec(
            select(PollAnswer.id).where(PollAnswer.step_id == step.id).limit(1)
        ).first()
        # Switching "other" or "no opinion" on or off keeps every answer and text stored.
        kept = new.options[: len(old.options)] == old.options and new.multiple == old.multiple
        if answered is not None and not kept:
            raise AnswersKept(
                N_(
                    "People have already answered this poll: you can add options at the "
                    "end, but not change, remove or reorder the existing ones."
                )
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.poll.results import no_opinion, other_answers, poll

        return {
            "poll": poll(session=session, step=step),
            "other": other_answers(session=session, step=step),
            "no_opinion": no_opinion(session=session, step=step),
        }

    ranks_results = True

    def ranked(self, frames: dict[str, Any]) -> list[Ranked]:
        """The options by answers."""
        frame = frames["poll"]
        if frame.empty:
            return []
        order = (
            frame.groupby(["option", "label"], as_index=False)
            .answers.sum()
            .sort_values(["answers", "option"], ascending=[False, True], ignore_index=True)
        )
        rows = zip(order.option, order.label, order.answers, strict=True)
        return [Ranked(i, int(k), str(t), int(n)) for i, (k, t, n) in enumerate(rows, start=1)]

    def keep_ranks(self, frames: dict[str, Any], ranks: dict[int, int]) -> dict[str, Any]:
        """Only the options shown, with their rank, each led by it; no written answers
        (they would speak of the options not shown)."""
        poll = frames["poll"]
        kept = poll[poll.option.isin(list(ranks))].copy()
        kept["rank"] = kept.option.map(ranks).astype("int64")
        kept["label"] = [f"{r}. {t}" for r, t in zip(kept["rank"], kept.label, strict=True)]
        return {"poll": kept.reset_index(drop=True), "no_opinion": frames["no_opinion"]}

    def count_text(self, n: int) -> str:
        return ngettext("{n} answer", "{n} answers", n).format(n=n)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.poll.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.poll.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    has_settings_fields = True


def _ends_with_other(options: Sequence[str]) -> bool:
    return bool(options) and options[-1] == OTHER


def _option_text(item: Any) -> str:
    if isinstance(item, Mapping):  # written by hand or an older version: {"label": ...}
        item = item.get("label") or item.get("name") or item.get("text")
    if isinstance(item, bool) or not isinstance(item, str | int):
        return ""
    return str(item).strip()


KIND = Poll()
