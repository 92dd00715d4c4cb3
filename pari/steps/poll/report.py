"""A poll in the local plan: answers per option."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from pari import steps
from pari.i18n import _
from pari.labels import text_label
from pari.models import Step, Workshop
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.poll import NO_OPINION_TEXT
from pari.steps.poll.chart import poll_bars
from pari.steps.poll.results import no_opinion, poll


@dataclass
class PollSection(Section):
    options: list[str]
    frame: pd.DataFrame  # results.poll
    no_opinion: int = 0  # people who said "No opinion", counted apart
    order = 40

    def figures(self) -> list[Figure]:
        return [
            Figure(
                f"poll-{self.step_id}",
                text_label(self.title),
                poll_bars(self.frame, [text_label(o) for o in self.options]),
                0,
            )
        ]

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", text_label(self.title))]
        if self.frame.empty:
            return [*out, blocks.block("note", _("Nobody answered this poll."))]
        totals = self.frame.groupby("option").answers.sum()
        rows = [
            [plain(text_label(o)), plain(int(totals.get(i, 0)))] for i, o in enumerate(self.options)
        ]
        if self.no_opinion:
            rows.append([plain(_(NO_OPINION_TEXT)), plain(self.no_opinion)])
        headers = [(_("Option"), False), (_("Answers"), True)]
        return [*out, *blocks.chart(svgs, f"poll-{self.step_id}"), blocks.table(headers, rows)]


def section(session: Session, step: Step, workshop: Workshop) -> PollSection:
    del workshop
    options = list(steps.config(step).options)
    said = int(no_opinion(session=session, step=step).answers.sum())
    return PollSection(
        step.kind.value, step.id, step.title, options, poll(session=session, step=step), said
    )
