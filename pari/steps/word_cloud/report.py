"""A word cloud in the local plan: the cloud, its words with their counts, and each
stakeholder group's most sent words (small groups pooled by the plan, ``pari.privacy``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session

from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.models import Step, Workshop
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.word_cloud.chart import cloud
from pari.steps.word_cloud.results import frames, pooled, top_by_group

TABLE_ROWS = 20  # words in the report's table; the export has every answer


@dataclass
class WordCloudSection(Section):
    words: pd.DataFrame  # results.frames()["words"]: no group
    groups: pd.DataFrame  # key, text, group, answers (masked by the plan)
    answers: int = 0
    people: int = 0
    order = 5  # the opening: before the priorities

    def figures(self) -> list[Figure]:
        if self.words.empty:
            return []
        return [Figure(f"words-{self.step_id}", text_label(self.title), cloud(self.words), 420)]

    def counts_text(self) -> str:
        answers = ngettext("{n} answer", "{n} answers", self.answers).format(n=self.answers)
        people = ngettext("from {n} person", "from {n} people", self.people).format(n=self.people)
        return f"{answers} {people}"

    def group_rows(self) -> pd.DataFrame:
        """Each group's most sent words, small groups pooled (one row per word)."""
        return top_by_group(pooled(self.groups))

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", text_label(self.title))]
        if self.words.empty:
            return [*out, blocks.block("note", _("Nobody answered this word cloud."))]
        # The cloud right under the heading: the template's h2 avoids a page break after
        # it and a chart one inside it, so the two stay on one page (a line between them
        # could be left alone at the foot of a page); the counts follow the cloud.
        out += blocks.chart(svgs, f"words-{self.step_id}")
        out.append(blocks.block("p", self.counts_text()))
        rows = [
            [plain(i), plain(t), plain(int(n)), plain(int(p))]
            for i, (t, n, p) in enumerate(
                zip(self.words.text, self.words.answers, self.words.people, strict=True), 1
            )
            if i <= TABLE_ROWS
        ]
        headers = [("#", True), (_("Word"), False), (_("Answers"), True), (_("People"), True)]
        out.append(blocks.table(headers, rows))
        more = len(self.words) - TABLE_ROWS
        if more > 0:
            note = ngettext(
                "{n} more word in the data export.", "{n} more words in the data export.", more
            )
            out.append(blocks.block("note", note.format(n=more)))
        by_group = self.group_rows()
        if not by_group.empty:
            out.append(blocks.block("p", _("Most sent words by stakeholder group")))
            rows = [
                [
                    [blocks.group_line(g)],
                    plain(
                        ", ".join(
                            f"{t} ({int(n)})" for t, n in zip(part.text, part.answers, strict=True)
                        )
                    ),
                ]
                for g, part in by_group.groupby("group", sort=False)
            ]
            out.append(blocks.table([(_("Group"), "nowrap"), (_("Words"), False)], rows))
        return out


def section(session: Session, step: Step, workshop: Workshop) -> WordCloudSection:
    del workshop
    read = frames(session=session, step=step)
    counts = read["counts"].iloc[0]
    return WordCloudSection(
        step.kind.value,
        step.id,
        step.title,
        read["words"],
        read["groups"],
        int(counts.answers) - int(counts.hidden),
        int(counts.people),
    )
