"""Questions in the local plan: the questions asked, by upvotes, answered ones marked,
and the upvotes of the top ones by stakeholder group.

Who asked: a question asked anonymously shows the asker's group only; one asked with
the name shown names the person only with their consent for the plan
(``name_in_plan``), else their organisation, else their group (``pari.privacy.who``)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlmodel import Session, select

from pari import steps
from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.models import Participant, Step, Workshop
from pari.privacy import who
from pari.reporting import blocks
from pari.reporting.blocks import Figure, Section, plain
from pari.steps.questions.chart import upvote_bars
from pari.steps.questions.models import QuestionStatus
from pari.steps.questions.results import counts, question_list, upvotes_by_group


@dataclass
class QuestionsSection(Section):
    frame: pd.DataFrame  # results.question_list + who (as the plan may name the asker)
    upvotes: pd.DataFrame  # results.upvotes_by_group
    order = 45

    def summary(self) -> str:
        n = counts(self.frame)
        asked = ngettext("{n} question", "{n} questions", n["questions"]).format(n=n["questions"])
        answered = ngettext("{n} answered", "{n} answered", n["answered"]).format(n=n["answered"])
        votes = ngettext("{n} upvote", "{n} upvotes", n["upvotes"]).format(n=n["upvotes"])
        return f"{asked} · {answered} · {votes}"

    def rows(self) -> list[tuple[int, str, int, bool, str, str]]:
        """(rank, text, upvotes, answered, who, group) by upvotes, most first."""
        frame = self.frame.sort_values(["upvotes", "question_id"], ascending=[False, True])
        return [
            (i, r.text, int(r.upvotes), r.status == QuestionStatus.ANSWERED.value, r.who, r.group)
            for i, r in enumerate(frame.itertuples(), 1)
        ]

    def figures(self) -> list[Figure]:
        if self.upvotes.empty:
            return []
        fig = upvote_bars(self.frame, self.upvotes)
        return [
            Figure(
                f"questions-{self.step_id}",
                text_label(self.title),
                fig,
                int(fig.layout.height or 420),
            )
        ]

    def blocks(self, svgs: dict[str, str]) -> list[dict]:
        out = [blocks.block("h2", f"{_('Questions')}: {text_label(self.title)}")]
        if self.frame.empty:
            return [*out, blocks.block("note", _("Nobody asked a question."))]
        out.append(blocks.block("p", self.summary()))
        headers = [
            ("#", True),
            (_("Question"), False),
            (_("Upvotes"), True),
            (_("Answered"), "nowrap"),
            (_("Asked by"), "nowrap"),
        ]
        rows = [
            [
                plain(rank),
                plain(text),
                plain(n),
                plain(_("Answered") if done else ""),
                plain(name) if name else [blocks.group_line(group)],
            ]
            for rank, text, n, done, name, group in self.rows()
        ]
        return [
            *out,
            blocks.table(headers, rows),
            *blocks.chart(
                svgs,
                f"questions-{self.step_id}",
                _("Upvotes of the top questions by stakeholder group"),
            ),
        ]


def section(session: Session, step: Step, workshop: Workshop) -> QuestionsSection:
    del workshop
    names = steps.config(step).names
    frame = question_list(session=session, step=step)
    people = {
        p.id: p
        for p in session.exec(
            select(Participant).where(Participant.id.in_([int(i) for i in frame.participant_id]))
        )
    }
    frame = frame.assign(
        who=[
            who(people.get(int(pid))) if names and show else ""
            for pid, show in zip(frame.participant_id, frame.show_name, strict=True)
        ]
    ).drop(columns=["name"])
    return QuestionsSection(
        step.kind.value,
        step.id,
        step.title,
        frame,
        upvotes_by_group(session=session, step_id=step.id),
    )
