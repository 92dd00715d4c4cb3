"""A matrix in the local plan: where the cards stand on the two criteria."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlmodel import Session

from pari import steps
from pari.i18n import _, format_number, ngettext
from pari.labels import text_label
from pari.models import Step, Workshop
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.matrix.chart import matrix_bubbles
from pari.steps.matrix.results import matrix, passes


@dataclass
class MatrixSection(Section):
    criteria: list[str]
    frame: pd.DataFrame  # results.matrix
    passes: pd.DataFrame = field(default_factory=pd.DataFrame)  # results.passes
    order = 20

    def passed(self) -> str:
        """How often people said "I pass", as a line; '' when never."""
        n = int(self.passes.passes.sum()) if not self.passes.empty else 0
        return passed_text(n) if n else ""

    def positions(self) -> dict[int, tuple[float, float]]:
        """Each scored card's mean position (x, y): a vote's table shows it."""
        return {row.card_id: (row.x, row.y) for row in self.frame.itertuples()}

    def figures(self) -> list[Figure]:
        return [
            Figure(
                f"matrix-{self.step_id}",
                text_label(self.title),
                matrix_bubbles(self.frame, [text_label(c) for c in self.criteria]),
                480,
            )
        ]

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", text_label(self.title))]
        if self.frame.empty:
            return [*out, blocks.block("note", _("Nobody scored in this step."))]
        x_name, y_name = (text_label(c) for c in [*self.criteria, "", ""][:2])
        rows = [
            [
                plain(r.text),
                plain(f"{format_number(r.x, 1)} (±{format_number(r.x_sd, 1)})"),
                plain(f"{format_number(r.y, 1)} (±{format_number(r.y_sd, 1)})"),
                plain(r.raters),
            ]
            for r in self.frame.sort_values(["x", "y"], ascending=False).itertuples()
        ]
        headers = [(_("Card"), False), (x_name, True), (y_name, True), (_("Raters"), True)]
        out += [*blocks.chart(svgs, f"matrix-{self.step_id}"), blocks.table(headers, rows)]
        passed = self.passed()
        return [*out, blocks.block("note", passed)] if passed else out


def section(session: Session, step: Step, workshop: Workshop) -> MatrixSection:
    criteria = list(steps.config(step, workshop).criteria)
    frame = matrix(session=session, step_id=step.id)
    said = passes(session=session, step_id=step.id)
    return MatrixSection(step.kind.value, step.id, step.title, criteria, frame, said)


def passed_text(n: int) -> str:
    return ngettext("“I pass” said {n} time", "“I pass” said {n} times", n).format(n=n)
