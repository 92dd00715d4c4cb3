"""Dot vote: each person spreads a budget of dots over the cards of an ideas step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from pari.i18n import N_, ngettext
from pari.models import MAX_DOT_BUDGET, Ballot, Step, StepKind, Vote
from pari.steps.base import SHUFFLE_FIELD, AnswersKept, CardsConfig, Config, Kind, Ranked
from pari.steps.fields import (
    clean_bool,
    clean_card_ids,
    clean_int,
    read_bool,
    read_card_ids,
    read_int,
)

DEFAULT_PER_CARD_CAP = 3  # in the templates; a step without one allows the whole budget


@dataclass(frozen=True)
class DotVoteConfig(CardsConfig):
    budget: int
    per_card_cap: int


def validate_budget(value: Any) -> int:
    return clean_int(value, field=N_("Dot budget"), low=1, high=MAX_DOT_BUDGET)


class DotVote(Kind):
    kind = StepKind.DOT_VOTE
    label = N_("Dot vote")
    config_type = DotVoteConfig
    answer_model = Vote
    draws_on_ideas = True
    needs_ideas = True

    def validate(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> DotVoteConfig:
        raw = raw or {}
        budget = validate_budget(raw.get("budget", dot_budget))
        cap = clean_int(
            raw.get("per_card_cap", budget), field=N_("Most dots on one card"), low=1, high=budget
        )
        return DotVoteConfig(
            budget,
            cap,
            card_ids=clean_card_ids(raw.get("card_ids")),
            shuffle=clean_bool(raw.get("shuffle", True), field=SHUFFLE_FIELD),
        )

    def read(self, raw: Mapping[str, Any] | None, *, dot_budget: int) -> DotVoteConfig:
        raw = raw or {}
        budget = read_int(raw.get("budget"), default=dot_budget, low=1, high=MAX_DOT_BUDGET)
        cap = read_int(raw.get("per_card_cap"), default=budget, low=1, high=budget)
        return DotVoteConfig(
            budget,
            cap,
            card_ids=read_card_ids(raw.get("card_ids")),
            shuffle=read_bool(raw.get("shuffle"), default=True),
        )

    uses_dot_budget = True

    def with_dot_budget(self, raw: Mapping[str, Any] | None, budget: int) -> dict[str, Any]:
        """The budget, and the most dots on one card brought within it; the rest (the
        facilitator's choice of cards) as it was."""
        raw = dict(raw or {})
        return {
            **raw,
            "budget": budget,
            "per_card_cap": min(raw.get("per_card_cap", DEFAULT_PER_CARD_CAP), budget),
        }

    def guard_change(self, session: Session, step: Step, old: Config, new: Config) -> None:
        assert isinstance(old, DotVoteConfig)
        if not old.answers_differ(new):
            return
        cast = session.exec(select(Ballot.id).where(Ballot.step_id == step.id).limit(1)).first()
        if cast is not None:
            raise AnswersKept(
                N_(
                    "Dots are already cast in this vote, so its budget ({budget}) and "
                    "most dots per card ({cap}) stay as they are. Add a new vote step to vote "
                    "again."
                ),
                budget=old.budget,
                cap=old.per_card_cap,
            )

    # --- reading: results, charts, report

    def frames(self, session: Session, step: Step) -> dict[str, Any]:
        from pari.steps.dot_vote.results import agreement, dot_tally

        tally = dot_tally(session=session, step_id=step.id)
        return {"tally": tally, "agreement": agreement(tally)}

    def masked(self, frames: dict[str, Any], rule: Any) -> dict[str, Any]:
        """The tally pooled (one row per card and group, as before), and the agreement
        read again from it: counted from the stored groups it would tell how many
        small groups backed a card."""
        from pari.steps.dot_vote.results import agreement

        pooled = rule.mask(frames["tally"])
        if pooled.equals(frames["tally"]):  # no group too small: the agreement stands
            return frames
        tally = pooled.groupby(["card_id", "text", "group"], as_index=False, sort=False).dots.sum()
        return {**frames, "tally": tally, "agreement": agreement(tally)}

    ranks_results = True

    def ranked(self, frames: dict[str, Any]) -> list[Ranked]:
        """The cards by dots."""
        from pari.steps.dot_vote.results import ranking

        order = ranking(frames["tally"])
        rows = zip(order.card_id, order.text, order.dots, strict=True)
        return [Ranked(i, int(k), str(t), int(n)) for i, (k, t, n) in enumerate(rows, start=1)]

    def keep_ranks(self, frames: dict[str, Any], ranks: dict[int, int]) -> dict[str, Any]:
        """Only the cards shown, each led by its rank; no agreement chart (its shares would
        speak of the cards not shown)."""
        tally = frames["tally"]
        kept = tally[tally.card_id.isin(list(ranks))].copy()
        kept["text"] = [f"{ranks[c]}. {t}" for c, t in zip(kept.card_id, kept.text, strict=True)]
        return {"tally": kept.reset_index(drop=True)}

    def count_text(self, n: int) -> str:
        return ngettext("{n} dot", "{n} dots", n).format(n=n)

    def report_section(self, session: Session, step: Step, workshop: Any) -> Any:
        from pari.steps.dot_vote.report import section

        return section(session, step, workshop)

    def export_rows(self, data: Any) -> dict[str, list[dict[str, Any]]]:
        from pari.steps.dot_vote.export import rows

        return rows(data)

    # --- writing: the phone's rules, the editor
    has_settings_fields = True
    has_paper_input = True


KIND = DotVote()
