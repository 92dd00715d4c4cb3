"""The check-in step on the phone: the person is checked in (the form itself is
``pari.phone.ui.check_in``, drawn before any step)."""

from __future__ import annotations

import streamlit as st

from pari.i18n import _
from pari.labels import group_label
from pari.phone.view import PhoneView


def draw(view: PhoneView) -> None:
    st.success(
        _("You are checked in as: {group}. Look at the screen in the room.").format(
            group=group_label(view.participant.group)
        )
    )
