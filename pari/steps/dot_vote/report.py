"""A dot vote in the local plan: its priorities, how far the groups agree, its charts."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from pari.i18n import _, format_number
from pari.labels import text_label
from pari.models import Step, Workshop
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.dot_vote.chart import agreement_dots, agreement_text, dot_bars
from pari.steps.dot_vote.results import agreement, dot_tally, group_shares


@dataclass
class VoteSection(Section):
    agreement: pd.DataFrame  # results.agreement + x, y (matrix position, if scored)
    shares: pd.DataFrame  # results.group_shares
    tally: pd.DataFrame
    order = 10

    def link(self, sections: list[Section]) -> None:
        """Each card's position in the first matrix that scored it, if one did."""
        positions: dict[int, tuple[float, float]] = {}
        for other in sections:
            for card_id, xy in getattr(other, "positions", dict)().items():
                positions.setdefault(card_id, xy)
        agree = self.agreement
        self.agreement = agree.assign(
            x=agree.card_id.map(lambda c: positions.get(c, (None, None))[0]),
            y=agree.card_id.map(lambda c: positions.get(c, (None, None))[1]),
        )

    @property
    def priorities_voted(self) -> int:
        return len(self.agreement)

    def figures(self) -> list[Figure]:
        label = text_label(self.title)
        return [
            Figure(f"dots-{self.step_id}", label, dot_bars(self.tally), 0),
            Figure(
                f"agree-{self.step_id}",
                _("{title}: where the groups converge").format(title=label),
                agreement_dots(self.shares, self.agreement),
                0,
            ),
        ]

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", f"{_('Priorities')}: {text_label(self.title)}")]
        if self.agreement.empty:
            return [*out, blocks.block("note", _("Nobody voted in this step."))]
        out.append(
            blocks.block(
                "p",
                _(
                    "Agreement: 100% when every stakeholder group gave the card the same share "
                    "of its dots, 0% when one group alone backed it; “–” when fewer than two "
                    "groups voted."
                ),
            )
        )
        has_pos = self.agreement.x.notna().any()
        headers = [
            ("#", True),
            (_("Priority"), False),
            (_("Dots"), True),
            (_("Groups"), True),
            (_("Agreement"), True),
            (_("Most support from"), False),
        ]
        if has_pos:
            headers.append((_("Matrix position"), True))
        rows = []
        for i, r in enumerate(self.agreement.itertuples(), 1):
            row = [
                plain(i),
                plain(r.text),
                plain(int(r.dots)),
                plain(f"{int(r.groups)}/{int(r.groups_voting)}"),
                plain(agreement_text(r.agreement)),
                [blocks.group_line(r.keenest_group)] if r.keenest_group else plain("–"),
            ]
            if has_pos:
                row.append(
                    plain(
                        "" if pd.isna(r.x) else f"{format_number(r.x, 1)} · {format_number(r.y, 1)}"
                    )
                )
            rows.append(row)
        return [
            *out,
            blocks.table(headers, rows),
            *blocks.chart(svgs, f"dots-{self.step_id}", _("Dots by stakeholder group")),
            *blocks.chart(
                svgs,
                f"agree-{self.step_id}",
                _("Where the groups converge: each group's share of its own dots"),
            ),
        ]


def section(session: Session, step: Step, workshop: Workshop) -> VoteSection:
    del workshop
    tally = dot_tally(session=session, step_id=step.id)
    return VoteSection(
        step.kind.value, step.id, step.title, agreement(tally), group_shares(tally), tally
    )
