"""The local plan of a workshop: results kept, follow-up of pledges, next steps, downloads.

For the workshop's facilitators and coordinators (``?w=CODE`` as on the other
facilitator pages). Everything drawn comes from ``pari.reporting.plan.collect``, cached by
(workshop, version, language); files are built only when a download is clicked,
on the download's own thread, from the database as it is then.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from functools import partial

import streamlit as st

from pages.workshops import choose, chosen_code
from pari import i18n, steps, web
from pari import workshops as ws
from pari.i18n import LANGUAGE_NAMES, N_, _, current_language
from pari.labels import status_label, template_label
from pari.models import AnswerMode, CommitmentStatus
from pari.permissions import NotAllowed
from pari.reporting import document, downloads, exports, followup, public, tables
from pari.reporting import plan as local_plan
from pari.steps.check_in.chart import room_donut
from pari.steps.commitments.chart import pledges_by_priority
from pari.text import md_message
from pari.workshops import window

FLASH_KEY = "pari_plan_flash"
PUBLIC_FEEDBACK_KEY = "pari_plan_public"
CSS = """
<style>
.pari-plan-title { font-size: 2.1rem; font-weight: 800; line-height: 1.2; color: #1B6B3A;
  margin: 0 0 .3rem 0; overflow-wrap: anywhere; }
.pari-plan-facts { font-size: 1rem; color: #333; margin-bottom: .6rem; }
.pari-plan-facts b { color: #111; }
</style>
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render() -> None:
    user = web.current_user()
    if user is None:
        return
    st.set_page_config(layout="wide", page_title="PARI · " + _("Local plan"))
    st.html(CSS)
    flash = st.session_state.pop(FLASH_KEY, None)
    # Always there, so a message after a save does not move what follows: the tabs stay
    # the same elements and keep the one a person chose (a follow-up save sent them
    # back to "Plan").
    flash_slot = st.empty()
    if flash:
        flash_slot.success(flash)
    code = chosen_code()
    with web.db() as session:
        mine = ws.list_workshops(session=session, user=user)
        if not mine:
            st.info(_("No workshop yet."))
            return
        codes = [w.code for w in mine]
        titles = {w.code: w.title for w in mine}
        if code is None:
            code = codes[0]
        try:
            workshop = ws.get_workshop(session=session, user=user, code=code)
        except ws.NotFound:
            st.error(
                md_message(  # the code as the link's ?w= says: anything
                    _("The workshop {code} no longer exists: it may have been deleted."),
                    {"code": code},
                )
            )
            workshop = None
        except NotAllowed:
            st.error(_("No workshop of yours has this code."))
            workshop = None
        if workshop is not None:
            may_follow = followup.can_follow_up(session=session, user=user, workshop=workshop)
            may_export = followup.can_export(session=session, user=user, workshop=workshop)
            may_publish = public.can_publish_results(session=session, user=user, workshop=workshop)
            counts = window.mode_counts(session=session, workshop_id=workshop.id)
            self_paced = any(c.self_paced for c in counts.values())
    st.selectbox(
        _("Workshop"),
        codes,
        index=codes.index(code) if code in codes else None,
        placeholder=_("Choose a workshop"),
        format_func=lambda c: f"{titles[c]} · {c}",
        key="plan_pick",
        on_change=_picked,
    )
    if workshop is None:
        return
    lang = current_language()
    mode = _mode() if self_paced else None
    try:
        plan = _plan(workshop.id, workshop.version, lang, mode)
    except local_plan.PlanUnavailable:
        st.error(_("This workshop no longer exists: it may have been deleted."))
        return
    _header(plan)
    if may_publish:
        _public_switch(plan, workshop.public_results, workshop.public_key)
    tabs = [_("Plan")]
    if may_follow:
        tabs.append(_("Follow-up"))
    if may_export:
        tabs.append(_("Downloads"))
    # Not keyed: a keyed tab reruns the page on a click, and a download button clicked
    # during that run asked for a file the run had just replaced ("not found").
    drawn = st.tabs(tabs)
    with drawn[0]:
        _plan_view(plan)
    if may_follow:
        with drawn[1]:
            # Every pledge, whichever answers the plan view counts.
            _follow_up(user, plan if mode is None else _plan(workshop.id, workshop.version, lang))
    if may_export:
        with drawn[-1]:
            _downloads(plan, lang)


def _picked() -> None:
    code = st.session_state.get("plan_pick")
    if code:
        choose(code)


MODES: dict[str, str] = {
    "all": N_("All answers"),
    AnswerMode.LIVE.value: N_("Live"),
    AnswerMode.SELF_PACED.value: N_("Self-paced"),
}


def _mode() -> AnswerMode | None:
    """Which answers the plan counts, where some were given in the self-paced window."""
    picked = st.segmented_control(
        _("Answers counted"),
        list(MODES),
        format_func=lambda m: _(MODES[m]),
        default="all",
        key="plan_mode",
        help=_("Live: given in the room. Self-paced: given in the window at one's own pace."),
    )
    return None if picked in (None, "all") else AnswerMode(picked)


@st.cache_data(ttl=600, max_entries=32, show_spinner=False)
def _plan(
    workshop_id: int, version: int, lang: str, mode: AnswerMode | None = None
) -> local_plan.Plan:
    """The plan as of ``version`` (lang keys translated labels drawn from it), counting
    the answers of ``mode`` (None: all)."""
    del version, lang  # cache keys only
    with web.db() as session:
        return local_plan.collect(session=session, workshop_id=workshop_id, mode=mode)


def _header(plan: local_plan.Plan) -> None:
    facts = [
        (_("Territory"), plan.territory or "–"),
        (_("Date"), i18n.format_date(plan.held_on) or "–"),
        (_("Facilitator"), ", ".join(plan.facilitators) or "–"),
        (_("Language"), LANGUAGE_NAMES.get(plan.language, plan.language)),
        (_("Template"), template_label(plan.template)),
        (_("Status"), status_label(plan.status)),
        (_("Code"), plan.code),
    ]
    st.html(
        f'<h1 class="pari-plan-title" data-testid="plan-title">{_e(plan.title)}</h1>'
        '<div class="pari-plan-facts">'
        + " · ".join(f"{_e(k)}: <b>{_e(v)}</b>" for k, v in facts)
        + "</div>"
    )
    if len(plan.card_languages) > 1:  # said where the room wrote in several languages
        st.caption(
            " · ".join(
                i18n.ngettext("{n} card in {language}", "{n} cards in {language}", n).format(
                    n=n, language=i18n.language_name(code)
                )
                for code, n in plan.card_languages.items()
            )
        )
    c1, c2, c3, c4 = st.columns(4)
    c1.metric(_("People"), plan.participants)
    c2.metric(_("Priorities voted"), plan.priorities_voted)
    c3.metric(_("Pledges"), len(plan.pledges))
    c4.metric(_("Pledges done"), plan.pledges_done)


def _plan_view(plan: local_plan.Plan) -> None:
    st.header(_("Who took part"), anchor=False)
    if plan.participants == 0:
        st.info(_("Nobody checked in to this workshop."))
    else:
        left, right = st.columns([2, 3])
        with left:
            st.dataframe(tables.room_table(plan), hide_index=True, width="stretch")
        with right:
            web.chart(room_donut(plan.room))

    for section in plan.sections:  # each step's part, drawn by its kind
        steps.ui(section.kind, "wall").plan_panel(section, chart=web.chart)

    st.header(_("Commitments"), anchor=False)
    if plan.pledges.empty:
        st.info(_("No commitments were made."))
    else:
        st.dataframe(
            tables.pledges_table(plan.pledges),
            hide_index=True,
            width="stretch",
            column_config={
                header: st.column_config.TextColumn(width=px)
                for header, px in tables.pledge_widths().items()
            },
        )
        web.chart(pledges_by_priority(plan.pledges))
    if not plan.no_lead.empty:
        st.warning(_("Priorities with no lead yet") + ": " + str(len(plan.no_lead)))
        for text in plan.no_lead.priority:
            st.text("• " + text)

    st.header(_("Next steps"), anchor=False)
    if plan.next_steps.strip():
        st.text(plan.next_steps)
    else:
        st.info(_("The facilitator has not written the next steps yet."))


# --------------------------------------------------------------------------- public page


def _public_switched(workshop_id: int) -> None:
    """The switch's callback: the account as the database has it now decides."""
    on = bool(st.session_state[f"public_{workshop_id}"])
    web.act(
        PUBLIC_FEEDBACK_KEY,
        workshop_id,
        partial(public.set_public, user=web.current_user(), workshop_id=workshop_id, on=on),
        _("The public results page is on.") if on else _("The public results page is off."),
    )


def _public_switch(plan: local_plan.Plan, on: bool, key: str | None) -> None:
    """The facilitator's switch for the public results page (``pari.reporting.public``),
    and its link to copy while it is on."""
    st.session_state[f"public_{plan.workshop_id}"] = on  # as the database has it now
    with st.container(border=True, key="public_results"):
        st.toggle(
            _("Public results page"),
            key=f"public_{plan.workshop_id}",
            on_change=_public_switched,
            args=(plan.workshop_id,),
        )
        st.caption(
            _(
                "A read-only page for anyone with its link, with no login: the plan, the "
                "ranked priorities, the charts by stakeholder group and the commitments "
                "with their status. It shows no names, no organisations and no join code; "
                "small groups are shown together. Switched off, it is gone at once."
            )
        )
        outcome = st.session_state.pop(PUBLIC_FEEDBACK_KEY, None)  # once, after a switch
        if outcome is not None and outcome[0] == plan.workshop_id:
            (st.success if outcome[1] else st.error)(outcome[2])
        if not on or key is None:
            return
        url = public.link(web.settings().base_url, key)
        st.code(url, language=None, wrap_lines=True)
        st.link_button(_("Open the public page"), url, icon=":material/open_in_new:")
        with web.db() as session:
            withheld = public.withheld(session=session, plan=plan)
        if withheld:
            st.warning(
                md_message(  # step titles are typed by people: shown as written
                    _("Not on the public page until their results are revealed in full: {steps}"),
                    {"steps": ", ".join(withheld)},
                )
            )
        st.caption(
            _("The public page shows the next steps as written in Follow-up: name nobody there.")
        )


# --------------------------------------------------------------------------- follow-up


SAVES_KEY = "plan_saves"  # changes saved on this page in this session


def _apply(change: Callable, message: str) -> None:
    try:
        with web.db() as session:
            change(session)
    except followup.FollowUpError as exc:
        st.error(md_message(_(exc.message), exc.params))
        return
    except NotAllowed as exc:
        st.error(exc.localized())
        return
    st.session_state[FLASH_KEY] = message
    st.session_state[SAVES_KEY] = st.session_state.get(SAVES_KEY, 0) + 1
    st.rerun()


def _follow_up(user, plan: local_plan.Plan) -> None:
    st.header(_("Next steps"), anchor=False)
    with st.form(f"next_steps_{plan.workshop_id}", enter_to_submit=False):
        text = st.text_area(
            _("What happens next, who does it, by when"),
            value=plan.next_steps,
            height=180,
        )
        if st.form_submit_button(_("Save next steps"), type="primary"):
            _apply(
                lambda s: followup.set_next_steps(
                    session=s, user=user, workshop_id=plan.workshop_id, text=text
                ),
                _("Next steps saved."),
            )

    st.header(_("Follow up the pledges"), anchor=False)
    if plan.pledges.empty:
        st.info(_("No commitments were made."))
        return
    names = tables.pledge_names(plan.pledges)
    chosen = st.selectbox(_("Pledge"), list(names), format_func=names.get, key="plan_pledge")
    current = CommitmentStatus(plan.pledges.set_index("commitment_id").loc[chosen, "status"])
    statuses = list(CommitmentStatus)
    # A new form once saved here: the note is not offered again for a second save, and
    # a refused one keeps what was typed (a key on the workshop's version would drop a
    # save made as a phone answered meanwhile).
    saves = st.session_state.get(SAVES_KEY, 0)
    with st.form(f"pledge_{chosen}_{saves}", enter_to_submit=False):
        status = st.radio(
            _("Status"),
            statuses,
            index=statuses.index(current),
            format_func=followup.status_label,
            horizontal=True,
        )
        note = st.text_area(_("Note (dated today)"), height=100)
        if st.form_submit_button(_("Save the update"), type="primary"):
            _apply(
                lambda s: followup.update_commitment(
                    session=s, user=user, commitment_id=int(chosen), status=status, note=note
                ),
                _("Update saved."),
            )
    with web.db() as session:
        past = followup.history(session=session, commitment_id=int(chosen))
    if past:
        st.caption(_("Earlier updates, newest first"))
        st.dataframe(tables.history_table(past), hide_index=True, width="stretch")


# --------------------------------------------------------------------------- downloads


def _later(build: Callable[..., bytes], workshop_id: int, **how) -> Callable[[], bytes]:
    """A download's click handler: ``build`` (``pari.reporting.downloads``) runs on the
    download's own thread, with the sessions and the account's check taken now, while
    this run can reach them."""
    return partial(
        build,
        sessions=web.later_db(),
        allowed=web.still_allowed_later(workshop_id),
        refused=web.NOT_YOURS_NOW,
        workshop_id=workshop_id,
        **how,
    )


def _report_file(workshop_id: int, lang: str, fmt: str) -> Callable[[], bytes]:
    return _later(downloads.report_file, workshop_id, lang=lang, fmt=fmt)


def _export_file(
    workshop_id: int, lang: str, write: Callable[[exports.Export], bytes]
) -> Callable[[], bytes]:
    return _later(downloads.export_file, workshop_id, lang=lang, write=write)


def _downloads(plan: local_plan.Plan, lang: str) -> None:
    stem = document.file_stem(plan.code, plan.held_on)
    st.header(_("Local plan report"), anchor=False)
    st.caption(
        _("A4, with the charts, priorities, commitments and next steps. Built when you click.")
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        _("Report as PDF"),
        data=_report_file(plan.workshop_id, lang, "pdf"),
        file_name=f"{stem}.pdf",
        mime=document.PDF_MEDIA_TYPE,
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        type="primary",
        key=f"dl_pdf_{plan.workshop_id}",
    )
    c2.download_button(
        _("Report as HTML"),
        data=_report_file(plan.workshop_id, lang, "html"),
        file_name=f"{stem}.html",
        mime=document.HTML_MEDIA_TYPE,
        on_click="ignore",
        icon=":material/description:",
        key=f"dl_html_{plan.workshop_id}",
    )
    st.header(_("Data"), anchor=False)
    st.caption(
        _(
            "Every row the workshop holds, one file per table (UTF-8, opens in a spreadsheet); "
            "the zip has all six, the workbook one sheet each."
        )
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        _("All tables (zip)"),
        data=_export_file(plan.workshop_id, lang, exports.zip_bytes),
        file_name=f"pari-{plan.code}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        key=f"dl_zip_{plan.workshop_id}",
    )
    c2.download_button(
        _("Workbook (xlsx)"),
        data=_export_file(plan.workshop_id, lang, exports.xlsx_bytes),
        file_name=f"pari-{plan.code}.xlsx",
        mime=exports.XLSX_MEDIA_TYPE,
        on_click="ignore",
        icon=":material/table:",
        key=f"dl_xlsx_{plan.workshop_id}",
    )
    columns = st.columns(3)
    for i, (table, filename) in enumerate(zip(exports.TABLES, exports.FILES, strict=True)):
        columns[i % 3].download_button(
            filename,
            data=_export_file(plan.workshop_id, lang, lambda x, t=table: exports.csv_bytes(x, t)),
            file_name=f"pari-{plan.code}-{filename}",
            mime="text/csv",
            on_click="ignore",
            key=f"dl_{table}_{plan.workshop_id}",
        )
