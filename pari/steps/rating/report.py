"""A rating scale in the local plan: per statement n, mean, median, distribution,
"don't know" and agreement across groups, with its charts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from pari import steps
from pari.i18n import N_, _
from pari.labels import text_label
from pari.models import Step, Workshop
from pari.privacy import group_rule
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.dot_vote.chart import agreement_text
from pari.steps.rating import RatingConfig
from pari.steps.rating.chart import (
    distribution_chart,
    group_medians,
    mean_text,
    median_text,
    value_name,
)
from pari.steps.rating.results import distribution, frames, pooled

AGREEMENT_NOTE = N_(
    "Agreement across stakeholder groups: 100% when every group's median is the same, "
    "0% when the groups split into two camps at the two ends of the scale; “–” when "
    "fewer than two groups rated the statement. “Don't know” answers count apart, never "
    "in a mean or median."
)


@dataclass
class RatingSection(Section):
    config: RatingConfig
    counts: pd.DataFrame  # results.counts, small groups pooled
    summary: pd.DataFrame  # results.summary
    groups: pd.DataFrame  # results.by_group
    order = 45

    def figures(self) -> list[Figure]:
        label = text_label(self.title)
        return [
            Figure(
                f"rating-{self.step_id}",
                label,
                distribution_chart(self.summary, self.counts, self.config),
                0,
            ),
            Figure(
                f"rating-groups-{self.step_id}",
                _("{title}: each group's median").format(title=label),
                group_medians(self.summary, self.groups, self.config),
                0,
            ),
        ]

    def rated(self) -> bool:
        return bool((self.summary.n.sum() + self.summary.dont_know.sum()) > 0)

    def table_rows(self) -> list[list]:
        """Per statement: text, n, mean, median, don't know, agreement, distribution."""
        dist = distribution(self.counts, self.config)
        out = []
        for r in self.summary.itertuples():
            part = dist[dist.statement == r.statement]
            spread = " · ".join(
                f"{value_name(self.config, int(v))}: {int(n)}"
                for v, n in zip(part.value, part["count"], strict=True)
            )
            out.append(
                [
                    text_label(r.text),
                    int(r.n),
                    mean_text(r.mean),
                    median_text(r.median),
                    int(r.dont_know),
                    agreement_text(r.agreement),
                    spread,
                ]
            )
        return out

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", text_label(self.title))]
        if not self.rated():
            return [*out, blocks.block("note", _("Nobody rated these statements."))]
        headers = [
            (_("Statement"), False),
            (_("Answers"), True),
            (_("Mean"), True),
            (_("Median"), True),
            (_("Don't know"), True),
            (_("Agreement"), True),
            (_("Distribution"), False),
        ]
        return [
            *out,
            blocks.block("p", _(AGREEMENT_NOTE)),
            *blocks.chart(svgs, f"rating-{self.step_id}"),
            blocks.table(headers, [[plain(c) for c in row] for row in self.table_rows()]),
            *blocks.chart(
                svgs,
                f"rating-groups-{self.step_id}",
                _("Each stakeholder group's median per statement"),
            ),
        ]


def section(session: Session, step: Step, workshop: Workshop | None) -> RatingSection:
    """The step's part of the plan, small groups pooled before anything is derived."""
    del workshop
    cfg: RatingConfig = steps.config(step)
    rule = group_rule(session=session, workshop_id=step.workshop_id)
    read = pooled(frames(session=session, step=step), rule)
    return RatingSection(
        step.kind.value,
        step.id,
        step.title,
        cfg,
        read["counts"],
        read["summary"],
        read["groups"],
    )
