"""Placeholder while this screen is being built in the same session."""

from __future__ import annotations

import streamlit as st

from pari.i18n import _


def render() -> None:
    st.info(_("This screen is not ready yet."))
