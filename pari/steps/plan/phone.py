"""The local plan on the phone: the top voted priorities and every pledge, to read."""

from __future__ import annotations

import streamlit as st

from pari import i18n, web
from pari.i18n import _
from pari.labels import group_label
from pari.phone import ui
from pari.phone.plan import plan_view
from pari.phone.view import PhoneView
from pari.text import md_escape


def draw(view: PhoneView) -> None:
    with web.db() as session:
        plan = plan_view(session=session, workshop_id=view.workshop.id)
    st.subheader(_("Top priorities"), anchor=False)
    if not plan.priorities:
        st.caption(_("No priorities have been voted yet."))
    for rank, priority in enumerate(plan.priorities, start=1):
        with st.container(border=True):
            st.markdown(
                f"**{rank}.** "
                + i18n.ngettext("{n} dot", "{n} dots", priority.dots).format(n=priority.dots)
            )
            st.text(priority.text, width="stretch")
    st.subheader(_("Commitments"), anchor=False)
    if not plan.pledges:
        st.caption(_("No pledges yet."))
    for pledge in plan.pledges:
        with st.container(border=True):
            group = group_label(pledge.group)
            st.caption(md_escape(f"{pledge.who} · {group}" if pledge.who else group))
            st.text(ui.pledge_line(pledge, {}), width="stretch")
    if plan.next_steps:
        st.subheader(_("Next steps"), anchor=False)
        st.text(plan.next_steps, width="stretch")
