"""An assessment in the local plan: the territory's readiness per dimension."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from pari import steps
from pari.i18n import _
from pari.labels import dimension_label, text_label
from pari.models import Step, Workshop
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.assessment.chart import assessment_radar
from pari.steps.assessment.results import assessment


@dataclass
class AssessmentSection(Section):
    dimensions: list[str]
    frame: pd.DataFrame  # results.assessment
    order = 30

    def figures(self) -> list[Figure]:
        return [
            Figure(
                f"radar-{self.step_id}",
                text_label(self.title),
                assessment_radar(self.frame, self.dimensions),
                520,
            )
        ]

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", f"{_('Readiness')}: {text_label(self.title)}")]
        if self.frame.empty:
            return [*out, blocks.block("note", _("Nobody rated the readiness dimensions."))]
        frame = self.frame
        everyone = frame[frame.group == "*"].set_index("dimension").reindex(self.dimensions)
        rows = [
            [
                plain(dimension_label(d)),
                plain("–" if pd.isna(r["median"]) else f"{r['median']:g}"),
                plain("" if pd.isna(r["q1"]) else f"{r['q1']:g}–{r['q3']:g}"),
                plain(0 if pd.isna(r["n"]) else int(r["n"])),
            ]
            for d, r in everyone.iterrows()
        ]
        headers = [
            (_("Dimension"), False),
            (_("Median"), True),
            (_("Middle half"), True),
            (_("Answers"), True),
        ]
        explanation = _(
            "Median score from 0 to 10 per dimension, one line per stakeholder group; "
            "“don't know” answers are left out."
        )
        return [
            *out,
            blocks.block("p", explanation),
            *blocks.chart(svgs, f"radar-{self.step_id}"),
            blocks.table(headers, rows),
        ]


def section(session: Session, step: Step, workshop: Workshop) -> AssessmentSection:
    del workshop
    dimensions = list(steps.config(step).dimensions)
    frame = assessment(session=session, step=step)
    return AssessmentSection(step.kind.value, step.id, step.title, dimensions, frame)
