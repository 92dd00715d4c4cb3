"""Coordinators: every workshop of every territory, filtered, compared, exported, and
how its pledges are followed up.

Comparisons show each territory's readiness (its spread and its change over time)
side by side, never a ranking of territories (DESIGN section 2). The combined
export of all workshops is built when its download is clicked.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from pari import charts, i18n, urls, web
from pari.i18n import N_, _, current_language, ngettext, using_language
from pari.labels import (
    COMMITMENT_KIND_LABELS,
    dimension_label,
    status_label,
    template_label,
    text_label,
)
from pari.models import CommitmentKind, Template, WorkshopStatus
from pari.permissions import NotAllowed
from pari.privacy import group_text
from pari.reporting import compare, exports, followup, progress
from pari.steps.dot_vote.chart import agreement_text
from pari.text import md_escape


def render() -> None:
    user = web.current_user()
    if user is None:
        return
    if not user.is_coordinator:
        st.error(_("This page is for coordinators."))
        return
    st.set_page_config(layout="wide", page_title="PARI · " + _("All workshops"))
    st.title(_("All workshops"), anchor=False)
    with web.db() as session:
        everything = compare.overview(session=session, acting_user_id=user.id)
    if everything.empty:
        st.info(_("No workshop yet."))
        return
    filters = _filters(everything)
    shown = compare.apply_filters(everything, filters)
    st.caption(
        ngettext(
            "{shown} of {total} workshop shown.",
            "{shown} of {total} workshops shown.",
            len(everything),
        ).format(shown=len(shown), total=len(everything))
    )
    _table(shown)
    if shown.empty:
        st.info(_("No workshop matches these filters."))
    else:
        _open_plan(shown)
    ids = shown.workshop_id.tolist()
    with web.db() as session:
        me = user.id
        readiness = compare.readiness(session=session, workshop_ids=ids, acting_user_id=me)
        priorities = compare.top_priorities(session=session, workshop_ids=ids, acting_user_id=me)
        ratings = compare.rating_statements(session=session, workshop_ids=ids, acting_user_id=me)
        kinds = compare.commitments_by_kind(session=session, workshop_ids=ids, acting_user_id=me)
        summaries = compare.summaries(session=session, workshop_ids=ids, acting_user_id=me)
    _readiness(readiness)
    _priorities(priorities)
    _ratings(ratings)
    _kinds(kinds)
    _progress(user.id, shown)
    _side_by_side(summaries)
    _combined_export(user.id)


def _filters(frame: pd.DataFrame) -> compare.Filters:
    territories = sorted({t for t in frame.territory}, key=str.casefold)
    dates = [d for d in frame.held_on if d is not None]
    c1, c2, c3, c4 = st.columns([2, 2, 2, 2])
    chosen_territories = c1.multiselect(
        _("Territory"),
        territories,
        format_func=lambda t: t or _("No territory"),
        key="dash_territories",
    )
    period = c2.date_input(
        _("Held between"),
        value=(min(dates), max(dates)) if dates else (),
        format=i18n.date_input_format(),
        key="dash_period",
    )
    templates = c3.multiselect(
        _("Template"), list(Template), format_func=template_label, key="dash_templates"
    )
    statuses = c4.multiselect(
        _("Status"), list(WorkshopStatus), format_func=status_label, key="dash_statuses"
    )
    start = end = None
    if isinstance(period, tuple | list) and period:
        start = period[0]
        end = period[1] if len(period) > 1 else None
    elif isinstance(period, date):
        start = period
    if dates and start == min(dates) and end == max(dates):
        start = end = None  # the full range: workshops without a date stay too
    return compare.Filters(
        territories=chosen_territories,
        start=start,
        end=end,
        templates=templates,
        statuses=statuses,
    )


def _table(shown: pd.DataFrame) -> None:
    base = web.settings().base_url
    st.dataframe(
        pd.DataFrame(
            {
                _("Title"): shown.title,
                _("Territory"): shown.territory,
                _("Date"): shown.held_on,
                _("Template"): [template_label(t) for t in shown.template],
                _("Status"): [status_label(s) for s in shown.status],
                _("Facilitator"): shown.facilitator,
                _("People"): shown.participants,
                _("Pledges"): shown.pledges,
                _("Done"): shown.done,
                _("Local plan"): [f"{base}/{urls.LOCAL_PLAN}?w={c}" for c in shown.code],
            }
        ),
        hide_index=True,
        width="stretch",
        column_config={
            _("Local plan"): st.column_config.LinkColumn(display_text=_("Open")),
        },
    )


def _open_plan(shown: pd.DataFrame) -> None:
    from pages import plan
    from pages.workshops import choose

    codes = shown.code.tolist()
    titles = dict(zip(shown.code, shown.title, strict=True))
    c1, c2 = st.columns([3, 1], vertical_alignment="bottom")
    code = c1.selectbox(
        _("Workshop"), codes, format_func=lambda c: f"{titles[c]} · {c}", key="dash_open"
    )
    if c2.button(_("Open its local plan"), key="dash_open_plan", type="primary"):
        choose(code)
        st.switch_page(
            st.Page(plan.render, title=_("Local plan"), url_path=urls.LOCAL_PLAN),
            query_params={"w": code},
        )


def _readiness(readiness: compare.Readiness) -> None:
    st.header(_("Readiness by territory"), anchor=False)
    st.caption(
        _(
            "One radar per territory: the line is the median of everyone's answers, the band "
            "the middle half of the answers of the latest workshop; earlier workshops are "
            "dotted. Territories are not ranked: each starts from its own place."
        )
    )
    frame = readiness.frame
    if frame.empty:
        st.info(_("No readiness assessment in these workshops yet."))
        return
    web.chart(charts.readiness_side_by_side(frame, readiness.dimensions))
    dims = readiness.dimensions
    rows = []
    for _code, part in frame.groupby("code", sort=False):
        medians = part.set_index("dimension")["median"]
        first = part.iloc[0]
        rows.append(
            {
                _("Territory"): first.territory,
                _("Workshop"): first.workshop,
                _("Date"): first.held_on,
                **{dimension_label(d): medians.get(d) for d in dims},
            }
        )
    table = pd.DataFrame(rows)
    st.dataframe(table, hide_index=True, width="stretch")


def _priorities(priorities: pd.DataFrame) -> None:
    st.header(_("Top priorities per workshop"), anchor=False)
    if priorities.empty:
        st.info(_("No dot vote in these workshops yet."))
        return
    st.dataframe(
        pd.DataFrame(
            {
                _("Territory"): priorities.territory,
                _("Workshop"): priorities.workshop,
                "#": priorities["rank"],
                _("Priority"): priorities.priority,
                _("Dots"): priorities.dots,
                _("Agreement"): [agreement_text(a) for a in priorities.agreement],
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _ratings(ratings: pd.DataFrame) -> None:
    """The same statement rated in several workshops, side by side (never ranked)."""
    if ratings.empty:
        return
    st.header(_("The same statements in several workshops"), anchor=False)
    st.dataframe(
        pd.DataFrame(
            {
                _("Statement"): [text_label(t) for t in ratings.statement],
                _("Territory"): ratings.territory,
                _("Workshop"): ratings.workshop,
                _("Date"): ratings.held_on,
                _("Answers"): ratings.n,
                _("Mean"): ratings["mean"].round(1),
                _("Median"): ratings["median"],
                _("Don't know"): ratings.dont_know,
            }
        ),
        hide_index=True,
        width="stretch",
    )


def _kinds(kinds: pd.DataFrame) -> None:
    st.header(_("Commitments by kind per territory"), anchor=False)
    if kinds.empty:
        st.info(_("No commitments in these workshops yet."))
        return
    left, right = st.columns([3, 2])
    with left:
        web.chart(charts.kinds_by_territory(kinds))
    with right:
        wide = kinds.pivot_table(
            index="territory", columns="kind", values="pledges", aggfunc="sum", fill_value=0
        )
        present = [k.value for k in CommitmentKind if k.value in wide.columns]
        st.dataframe(
            pd.DataFrame(
                {
                    _("Territory"): wide.index,
                    **{
                        _(COMMITMENT_KIND_LABELS[CommitmentKind(k)]): wide[k].tolist()
                        for k in present
                    },
                }
            ),
            hide_index=True,
            width="stretch",
        )


EVERY_LABELS = {
    progress.Every.CHANGE: N_("Each day something changed"),
    progress.Every.WEEK: N_("Each week"),
}


def _progress(user_id: int, shown: pd.DataFrame) -> None:
    """Follow-up of the pledges (issue 21): now, per priority and over time, for every
    territory or one."""
    st.header(_("Follow-up progress"), anchor=False)
    st.caption(
        _(
            "The pledges of the workshops shown above, by their latest follow-up status. "
            "On the chart, each day shows every pledge with the status it had at the end "
            "of that day (in the workshop's time zone). Withdrawn pledges are not counted."
        )
    )
    c1, c2 = st.columns(2)
    territory = c1.selectbox(
        _("Territory"),
        [None, *sorted(set(shown.territory), key=str.casefold)],
        format_func=lambda t: _("All territories") if t is None else t or _("No territory"),
        key="dash_progress_territory",
    )
    every = c2.radio(
        _("Over time"),
        list(progress.Every),
        format_func=lambda e: _(EVERY_LABELS[e]),
        horizontal=True,
        key="dash_progress_every",
    )
    with web.db() as session:
        seen = progress.coordinator_progress(
            session=session,
            acting_user_id=user_id,
            territory=territory,
            workshop_ids=shown.workshop_id.tolist(),
            every=every,
        )
    if not seen.pledges:
        st.info(_("No commitments in these workshops yet."))
        return
    for column, status in zip(st.columns(len(progress.STATUSES)), progress.STATUSES, strict=True):
        column.metric(followup.status_label(status), seen.by_status[status])
    # The chart, then its counts as a table: one under the other, so every column of
    # the table shows at 1280 px in the narrow layout too.
    web.chart(charts.progress_over_time(seen.over_time))
    counts = _count_columns()
    st.dataframe(
        progress.over_time_table(seen), hide_index=True, width="stretch", column_config=counts
    )
    st.subheader(_("By priority"), anchor=False)
    st.dataframe(
        progress.priority_table(seen, with_workshop=len(seen.by_workshop) > 1),
        hide_index=True,
        width="stretch",
        column_config=counts,
    )
    st.subheader(_("By workshop"), anchor=False)
    st.dataframe(
        progress.workshop_table(seen), hide_index=True, width="stretch", column_config=counts
    )
    st.download_button(
        _("Follow-up progress (CSV)"),
        data=progress.csv_bytes(seen),
        file_name="pari-progress.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key="dash_progress_csv",
    )


def _count_columns() -> dict:
    """The counts' columns just wide enough for their headings and the text columns
    bounded (a long priority is shortened, whole on hover), so every count shows on a
    1280 px page."""
    return {
        _("Workshop"): st.column_config.TextColumn(width=200),
        _("Priority"): st.column_config.TextColumn(width=260),
        **{
            label: st.column_config.NumberColumn(width=85)
            for label in progress.count_labels().values()
        },
    }


def _side_by_side(summaries: list[compare.Summary]) -> None:
    st.header(_("Mission debriefs and local plans side by side"), anchor=False)
    debriefs = [s for s in summaries if s.template == Template.MISSION_DEBRIEF.value]
    plans = [s for s in summaries if s.template != Template.MISSION_DEBRIEF.value]
    left, right = st.columns(2, gap="large")
    for column, heading, items, top_label in (
        (left, _("Mission debriefs"), debriefs, _("Lessons to take home")),
        (right, _("Local plans"), plans, _("Top priorities")),
    ):
        with column:
            st.subheader(heading, anchor=False)
            if not items:
                st.info(_("None in these filters."))
            for s in items:
                with st.container(border=True):
                    st.text(s.title)
                    facts = (
                        s.territory,
                        i18n.format_date(s.held_on),
                        i18n.ngettext("{n} person", "{n} people", s.participants).format(
                            n=s.participants
                        ),
                        i18n.ngettext("{n} pledge", "{n} pledges", s.pledges).format(n=s.pledges),
                    )
                    st.caption(md_escape(" · ".join(x for x in facts if x)))
                    if s.groups:
                        st.caption(
                            md_escape(
                                " · ".join(f"{group_text(g, short=True)}: {n}" for g, n in s.groups)
                            )
                        )
                    if s.top:
                        st.text(
                            top_label
                            + ":\n"
                            + "\n".join(f"{i}. {t} ({d})" for i, (t, d) in enumerate(s.top, 1))
                        )


def _all_file(
    lang: str, write: Callable[[exports.Export], bytes], user_id: int
) -> Callable[[], bytes]:
    sessions = web.later_db()
    allowed = web.still_allowed_later()

    def build() -> bytes:
        with sessions() as session, using_language(lang):
            # Checked when the file is built: an account deactivated, logged out elsewhere
            # or demoted since gets no data.
            try:
                if not allowed(session):
                    raise NotAllowed(web.NOT_YOURS_NOW)
                return write(exports.all_workshops_export(session=session, acting_user_id=user_id))
            except NotAllowed:
                return _(web.NOT_YOURS_NOW).encode()

    return build


def _combined_export(user_id: int) -> None:
    st.header(_("Data of every workshop"), anchor=False)
    st.caption(
        _(
            "The same tables for every workshop of every territory, whatever the filters "
            "above; each row names its workshop and territory."
        )
    )
    lang = current_language()
    c1, c2 = st.columns(2)
    c1.download_button(
        _("All workshops (zip)"),
        data=_all_file(lang, exports.zip_bytes, user_id),
        file_name="pari-all.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        key="dash_all_zip",
    )
    c2.download_button(
        _("All workshops (xlsx)"),
        data=_all_file(lang, exports.xlsx_bytes, user_id),
        file_name="pari-all.xlsx",
        mime=exports.XLSX_MEDIA_TYPE,
        on_click="ignore",
        icon=":material/table:",
        key="dash_all_xlsx",
    )
