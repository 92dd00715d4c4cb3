"""The word cloud on screen: on the presenter (``draw``) the cloud beside its table of
top words with counts (the table is what a screen reader reads), the counts of answers
and people, and on a 1080p wall each stakeholder group's most sent words; on the local
plan page (``plan_panel``) the same from the report's section.

The wall's size is known only to the browser, so the cloud is laid out twice (for a
1920x1080 wall and a 1280x720 one, the sizes fitted to the number of words) and a media
query shows one (one figure scaled by CSS does not work: Streamlit redraws it at the
column's width, the words overlapping); each layout is cached by its words."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pari import charts, web
from pari.i18n import _, ngettext
from pari.labels import text_label
from pari.privacy import group_text
from pari.steps.word_cloud import chart as cloud_chart
from pari.steps.word_cloud.report import WordCloudSection
from pari.steps.word_cloud.results import pooled, top_by_group
from pari.text import md_escape

TOP_TALL = 10  # rows of the table beside the cloud on a 1080p wall
TOP_SHORT = 6  # ... on a 720p one
GROUP_WORDS = 3
TALL_KEY = "pari_cloud_tall"
SHORT_KEY = "pari_cloud_short"
SHORT_WALL = "(max-height: 999px), (max-width: 1500px)"
BASE_CSS = """<style>
.pari-words { border-collapse: collapse; width: 100%; max-width: 100%; table-layout: fixed;
  font-size: 1.5rem; color: #111; }
.pari-words caption { text-align: left; font-weight: 800; font-size: 1.5rem;
  border-bottom: 4px solid #1B6B3A; margin-bottom: .3rem; overflow-wrap: anywhere; }
.pari-words td, .pari-words th { padding: .15rem .3rem; border-bottom: 1px solid #ddd;
  overflow-wrap: anywhere; word-break: break-word; }
.pari-words th { text-align: left; font-size: 1.1rem; color: #333; }
.pari-words td.n, .pari-words th.n { text-align: right; white-space: nowrap; width: 4.6em; }
.pari-state, .pari-not-drawn { overflow-wrap: anywhere; }
.pari-not-drawn { font-size: 1.3rem; color: #333; margin: .2rem 0 0 0; }
/* the groups in one row, however many: a word a line, cut with "…" if too long */
.pari-groups { display: grid; gap: .5rem; margin-top: .3rem; grid-auto-flow: column;
  grid-auto-columns: minmax(0, 1fr); }
.pari-group { border-left: 6px solid #888; padding: .1rem .4rem; font-size: 1.15rem;
  line-height: 1.3; color: #111; min-width: 0; }
.pari-group b { display: block; font-size: 1rem; color: #333; overflow-wrap: anywhere; }
.pari-group span { display: block; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
</style>"""
# The wall: one cloud of the two, by the wall's size; on a short wall fewer lines.
CSS = (
    BASE_CSS
    + f"""<style>
.st-key-{SHORT_KEY} {{ display: none; }}
@media {SHORT_WALL} {{
  /* the counts line too: the join panel beside it says both numbers */
  .pari-groups, .pari-words tr.pari-older,
  p.pari-state.pari-words-counts {{ display: none; }}
  .st-key-{TALL_KEY} {{ display: none; }}
  .st-key-{SHORT_KEY} {{ display: flex; }}
  .pari-words, .pari-words caption {{ font-size: 1.15rem; }}
  .pari-words th {{ font-size: .95rem; }}
}}
</style>"""
)


def _e(text: object) -> str:
    return html.escape(str(text or ""), quote=False)


@st.cache_data(max_entries=64, show_spinner=False)
def _cloud(
    words: tuple[tuple[str, int], ...], size: tuple[int, int], fonts: tuple[int, int]
) -> go.Figure:
    frame = pd.DataFrame(words, columns=["text", "answers"])
    return cloud_chart.cloud(frame, size=size, fonts=fonts, big=True)


def _show(fig: go.Figure) -> None:
    # width="content": the words were placed for this size; stretched they would overlap.
    web.chart(fig, width="content")


def drawn(fig: go.Figure) -> int:
    """How many words the cloud's figure draws."""
    return sum(len(trace.text or ()) for trace in fig.data if trace.mode == "text")


def not_drawn_note(total: int, shown: int) -> str:
    """Said under the cloud when words did not fit in it (too long for the wall at a
    size read from the back of the room, or past ``chart.MAX_WORDS``): the counts and
    the export keep them, the table lists the most sent; empty when all are drawn."""
    missing = total - shown
    if missing <= 0:
        return ""
    return ngettext(
        "{n} word did not fit in the cloud.",
        "{n} words did not fit in the cloud.",
        missing,
    ).format(n=missing)


def _cloud_and_note(fig: go.Figure, total: int) -> None:
    _show(fig)
    note = not_drawn_note(total, drawn(fig))
    if note:
        st.html(f'<p class="pari-not-drawn" data-testid="word-not-drawn">{_e(note)}</p>')


def words_table(words: pd.DataFrame, *, rows: int, short: int | None = None) -> str:
    """The top words with their counts as an HTML table (escaped), the alternative to
    the cloud; rows past ``short`` are left out on a short wall."""
    ranked = "rank" in words.columns
    body = []
    for i, row in enumerate(words.head(rows).itertuples(), start=1):
        older = ' class="pari-older"' if short is not None and i > short else ""
        label = f"{int(row.rank)}. {row.text}" if ranked else row.text
        body.append(f'<tr{older}><td>{_e(label)}</td><td class="n">{int(row.answers)}</td></tr>')
    more = len(words) - rows
    caption = _("Top words") if more <= 0 else _("Top words ({n} in all)").format(n=len(words))
    return (
        f'<table class="pari-words" data-testid="word-table"><caption>{_e(caption)}</caption>'
        f'<thead><tr><th scope="col">{_e(_("Word"))}</th>'
        f'<th scope="col" class="n">{_e(_("Answers"))}</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def counts_line(counts: pd.DataFrame | None) -> str:
    if counts is None or counts.empty:
        return ""
    row = counts.iloc[0]
    answers = int(row.answers) - int(row.hidden)
    people = int(row.people)
    return (
        ngettext("{n} answer", "{n} answers", answers).format(n=answers)
        + " · "
        + ngettext("{n} person", "{n} people", people).format(n=people)
    )


def groups_html(groups: pd.DataFrame) -> str:
    """Each group's most sent words, small groups already pooled (``Kind.masked``)."""
    top = top_by_group(pooled(groups), GROUP_WORDS)
    if top.empty:
        return ""
    cards = "".join(
        f'<div class="pari-group" style="border-left-color:{charts.group_color(g)}">'
        f"<b>{_e(group_text(g, short=True))}</b>"
        + "".join(
            f"<span>{_e(t)} ({int(n)})</span>" for t, n in zip(part.text, part.answers, strict=True)
        )
        + "</div>"
        for g, part in top.groupby("group", sort=False)
    )
    return f'<div class="pari-groups" data-testid="word-groups">{cards}</div>'


def draw(frames: dict[str, pd.DataFrame], config: dict[str, Any], *, chart: Callable) -> None:
    """The cloud, its table and counts; in a top-N reveal only the words revealed."""
    del config, chart
    words = frames["words"]
    line = counts_line(frames.get("counts"))
    if words.empty:
        st.html(f'<p class="pari-note">{_e(_("No answers yet"))}</p>')
        if line:
            st.html(f'<p class="pari-state">{_e(line)}</p>')
        return
    key = tuple(zip(words.text.astype(str), words.answers.astype(int), strict=True))
    st.html(CSS)
    left, right = st.columns([3, 1], gap="medium")
    with left:
        with st.container(key=TALL_KEY):
            _cloud_and_note(_cloud(key, cloud_chart.WALL_TALL, cloud_chart.FONTS_BIG), len(key))
        with st.container(key=SHORT_KEY):
            _cloud_and_note(_cloud(key, cloud_chart.WALL_SHORT, cloud_chart.FONTS_SHORT), len(key))
    with right:
        st.html(words_table(words, rows=TOP_TALL, short=TOP_SHORT))
        if line:
            st.html(
                f'<p class="pari-state pari-words-counts" data-testid="word-counts">{_e(line)}</p>'
            )
    groups = frames.get("groups")
    if groups is not None and "rank" not in words.columns:
        st.html(groups_html(groups))


def plan_panel(section: WordCloudSection, *, chart: Callable) -> None:
    """The word cloud's part of the local plan page (``report.WordCloudSection``)."""
    del chart
    st.subheader(md_escape(text_label(section.title)), anchor=False)
    if section.words.empty:
        st.info(_("Nobody answered this word cloud."))
        return
    st.caption(section.counts_text())
    left, right = st.columns([2, 1])
    with left:
        _show(_plan_cloud(section.words))
    with right:
        st.dataframe(
            pd.DataFrame(
                {
                    _("Word"): section.words.text,
                    _("Answers"): section.words.answers.astype(int),
                    _("People"): section.words.people.astype(int),
                }
            ),
            hide_index=True,
            height=320,
        )
    by_group = section.group_rows()
    if not by_group.empty:
        st.markdown("**" + _("Most sent words by stakeholder group") + "**")
        st.html(BASE_CSS + groups_html(section.groups))


def _plan_cloud(words: pd.DataFrame) -> go.Figure:
    return cloud_chart.cloud(words, size=(640, 360), fonts=(14, 52))
