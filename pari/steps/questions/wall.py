"""Questions on screen: the pinned question large, then the list by upvotes, on the
presenter screen (``draw``); the questions asked on the local plan page (``plan_panel``).

The wall fits the screen whatever the room asks (as the ideas wall does): the pinned
question is shown whole, however long (up to the 500 characters a question may have),
in smaller type the longer it is, and the list under it gets shorter (on a short
screen it goes) to leave it the room; each listed question is clamped to two lines,
and the list shows as many as fit, saying how many it leaves out; the browser knows
the screen's height, so the page carries both counts and a media query picks one.
Question text is escaped, never HTML or Markdown.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from pari import charts
from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.privacy import group_text
from pari.steps.questions.chart import upvote_bars
from pari.steps.questions.models import QuestionStatus
from pari.steps.questions.report import QuestionsSection
from pari.steps.questions.results import counts
from pari.text import md_escape

# Questions listed under the pinned one (by its size class, see ``_size``): on a screen
# 1000 px high or more (1920x1080), and on a shorter one (1280x720); more when nothing
# is pinned.
ROWS = {"l": (5, 2), "m": (3, 1), "s": (2, 0), "xs": (1, 0)}
ROWS_TALL_FREE, ROWS_SHORT_FREE = 7, 4
SHORT_SCREEN = "(max-height: 999px)"
CSS = f"""<style>
.pari-q-pin {{ background: #FFF6C7; border-left: 12px solid #1B6B3A; border-radius: 6px;
  padding: .6rem 1.2rem .8rem; margin: .2rem 0 1rem; color: #111; }}
.pari-q-pin .pari-kicker {{ margin: 0 0 .2rem; }}
.pari-q-pin-text {{ font-weight: 800; line-height: 1.2; margin: 0; white-space: pre-wrap;
  overflow-wrap: anywhere; }}
.pari-q-size-l {{ font-size: 3.2rem; }} .pari-q-size-m {{ font-size: 2.8rem; }}
.pari-q-size-s {{ font-size: 2.5rem; }} .pari-q-size-xs {{ font-size: 2.2rem; }}
.pari-q-flat {{ white-space: normal; }}
.pari-q-meta {{ font-size: 1.5rem; color: #333; margin: .3rem 0 0; }}
.pari-q-list {{ list-style: none; margin: 0 !important; padding: 0 !important; }}
.pari-q-list li {{ margin: 0 !important; }}
.pari-more {{ font-size: 1.4rem; color: #333; margin-top: .3rem; }}
.pari-q-row {{ display: grid; grid-template-columns: 6.5rem 1fr; gap: 1rem; align-items: start;
  border-bottom: 2px solid #ddd; padding: .45rem 0; }}
.pari-q-votes {{ font-size: 2rem; font-weight: 800; color: #1B6B3A; text-align: right;
  white-space: nowrap; }}
.pari-q-text {{ font-size: 1.6rem; line-height: 1.25; color: #111; margin: 0;
  white-space: pre-wrap; overflow-wrap: break-word; display: -webkit-box;
  -webkit-box-orient: vertical; -webkit-line-clamp: 2; line-clamp: 2; overflow: hidden; }}
.pari-q-done .pari-q-text {{ color: #555; }}
.pari-q-tag {{ font-size: 1.3rem; font-weight: 700; color: #1B6B3A; margin-right: .6rem; }}
.pari-q-who {{ font-size: 1.3rem; color: #333; }}
.pari-q-bar {{ display: flex; height: .55rem; margin-top: .3rem; max-width: 40rem; }}
.pari-q-bar span {{ display: block; height: 100%; }}
.pari-q-legend {{ font-size: 1.25rem; color: #333; margin-top: .5rem; }}
.pari-q-legend i {{ display: inline-block; width: 1rem; height: 1rem; margin: 0 .3rem 0 .9rem;
  vertical-align: -.1rem; }}
.pari-more-short {{ display: none; }}
@media {SHORT_SCREEN} {{
  .pari-q-size-l {{ font-size: 2.4rem; }} .pari-q-size-m {{ font-size: 2rem; }}
  .pari-q-size-s {{ font-size: 1.75rem; }} .pari-q-size-xs {{ font-size: 1.5rem; }}
  .pari-q-older, .pari-more-tall {{ display: none; }}
  .pari-more-short {{ display: block; }}
}}
</style>"""


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


# A line break takes about as much room as this many characters of a line.
BREAK_CHARS = 50
# Beyond this (many line breaks), the pinned text is drawn as one paragraph: it fits.
FLAT_OVER = 560


def _length(text: str) -> int:
    """How much room a text takes, in characters: its line breaks count as lines."""
    return len(text) + BREAK_CHARS * text.count("\n")


def _size(text: str) -> str:
    """A pinned question's size class: the longer, the smaller (still read from the back)."""
    n = min(_length(text), FLAT_OVER + 1)
    return "l" if n <= 120 else "m" if n <= 260 else "s" if n <= 420 else "xs"


def _more(hidden: int, cls: str) -> str:
    if hidden <= 0:
        return ""
    return f'<div class="pari-more {cls}">{_e(charts.not_shown(hidden))}</div>'


def _votes(n: int) -> str:
    said = ngettext("{n} upvote", "{n} upvotes", n).format(n=n)
    return f'<span aria-label="{html.escape(said)}">▲ {n}</span>'


def _bar(question_id: int, upvotes: pd.DataFrame, most: int) -> str:
    """The question's upvotes by the upvoters' group, as a thin stacked bar as long as
    its share of the most upvoted question's."""
    part = upvotes[upvotes.question_id == question_id] if not upvotes.empty else upvotes
    if part.empty or most <= 0:
        return ""
    by_group = part.groupby("group").upvotes.sum()
    spans = "".join(
        f'<span style="width:{100 * int(by_group[g]) / most:.1f}%;'
        f'background:{charts.group_color(g)}"></span>'
        for g in charts.GROUP_ORDER
        if g in by_group.index and by_group[g] > 0
    )
    return f'<div class="pari-q-bar">{spans}</div>'


def _legend(upvotes: pd.DataFrame) -> str:
    if upvotes.empty:
        return ""
    items = "".join(
        f'<i style="background:{charts.group_color(g)}"></i>{_e(group_text(g, short=True))}'
        for g in charts.groups_in(upvotes)
    )
    return f'<div class="pari-q-legend">{_e(_("Upvotes by group:"))}{items}</div>'


def _row(r: Any, upvotes: pd.DataFrame, older: bool, most: int) -> str:
    done = r.status == QuestionStatus.ANSWERED.value
    tag = f'<span class="pari-q-tag">✓ {_e(_("Answered"))}</span>' if done else ""
    who = f'<span class="pari-q-who">— {_e(r.name)}</span>' if r.name else ""
    classes = "pari-q-row" + (" pari-q-done" if done else "") + (" pari-q-older" if older else "")
    meta = f"<div>{tag}{who}</div>" if tag or who else ""
    return (
        f'<li class="{classes}" data-testid="wall-question">'
        f'<div class="pari-q-votes">{_votes(int(r.upvotes))}</div>'
        f'<div><p class="pari-q-text">{_e(r.text)}</p>{meta}'
        f"{_bar(r.question_id, upvotes, most)}</div>"
        "</li>"
    )


def _pinned(r: Any) -> str:
    flat = " pari-q-flat" if _length(r.text) > FLAT_OVER else ""
    who = f'<p class="pari-q-meta">— {_e(r.name)}</p>' if r.name else ""
    return (
        '<div class="pari-q-pin" data-testid="pinned-question">'
        f'<p class="pari-kicker">{_e(_("Now being answered"))} · {_votes(int(r.upvotes))}</p>'
        f'<p class="pari-q-pin-text pari-q-size-{_size(r.text)}{flat}">{_e(r.text)}</p>{who}</div>'
    )


def summary(frame: pd.DataFrame) -> str:
    n = counts(frame)
    return " · ".join(
        [
            ngettext("{n} question", "{n} questions", n["questions"]).format(n=n["questions"]),
            ngettext("{n} answered", "{n} answered", n["answered"]).format(n=n["answered"]),
            ngettext("{n} upvote", "{n} upvotes", n["upvotes"]).format(n=n["upvotes"]),
        ]
    )


def wall_html(frames: dict[str, pd.DataFrame]) -> str:
    """The panel's HTML (one ``st.html``): every text escaped here."""
    frame, upvotes = frames["questions"], frames.get("upvotes", pd.DataFrame())
    if frame.empty:
        return f'<p class="pari-note">{_e(_("No questions yet. Ask yours from your phone."))}</p>'
    pinned = frame[frame.pinned]
    rest = frame[~frame.pinned]
    if pinned.empty:
        tall, short = ROWS_TALL_FREE, ROWS_SHORT_FREE
    else:
        tall, short = ROWS[_size(pinned.iloc[0].text)]
    most = int(frame.upvotes.max())
    head = f'<p class="pari-state" data-testid="question-counts">{_e(summary(frame))}</p>'
    top = _pinned(next(pinned.itertuples())) if not pinned.empty else ""
    shown = enumerate(rest.head(tall).itertuples())
    rows = "".join(_row(r, upvotes, i >= short, most) for i, r in shown)
    return (
        f'{CSS}{head}{top}<ul class="pari-q-list">{rows}</ul>'
        f"{_more(len(rest) - tall, 'pari-more-tall')}{_more(len(rest) - short, 'pari-more-short')}"
        f"{_legend(upvotes)}"
    )


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The pinned question large, then the others by upvotes (the frames hold only what
    the room may see: shown and answered questions, names where the asker chose)."""
    del config, chart
    st.html(wall_html(frames))


def plan_panel(section: QuestionsSection, *, chart: Callable) -> None:
    """The questions' part of the local plan page (``report.QuestionsSection``)."""
    st.subheader(_("Questions") + ": " + md_escape(text_label(section.title)), anchor=False)
    if section.frame.empty:
        st.info(_("Nobody asked a question."))
        return
    st.caption(md_escape(section.summary()))
    table = pd.DataFrame(
        [
            {
                "#": rank,
                _("Question"): text,
                _("Upvotes"): n,
                _("Answered"): "✓" if done else "",
                _("Asked by"): name or group_text(group, short=True),
            }
            for rank, text, n, done, name, group in section.rows()
        ]
    )
    st.dataframe(table, hide_index=True, width="stretch")
    if not section.upvotes.empty:
        chart(upvote_bars(section.frame, section.upvotes))
