"""The run page's theme suggestions for an ideas step (issue 22; drawn by ``pages/run_cards.py``).

"Suggest themes" asks the server once; the suggestion is then the facilitator's to
edit in one form: rename a theme, move cards by choosing them in another theme, tick
the themes to keep, accept or discard. Nothing changes for the room until accepted.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from pages.workshops import show_error
from pari import i18n, web
from pari import workshops as ws
from pari.accounts import AuthUser
from pari.i18n import _
from pari.models import Step
from pari.permissions import NotAllowed
from pari.steps.ideas import theming
from pari.text import md_message, shorten

_KEY = "theme_suggestion"  # {"step_id", "round", "themes": [(name, ids)], "unassigned", "cards"}
_REFUSED_KEY = "theme_suggestion_refused"  # why the last "Suggest themes" gave nothing
_DONE_KEY = "theme_suggestion_done"  # what the last acceptance did, said where it was done


def themes(user: AuthUser, step: Step) -> None:
    """The suggestion for ``step``'s wall, or the button that asks for one."""
    held = st.session_state.get(_KEY)
    if held is None or held["step_id"] != step.id:
        st.button(
            _("Suggest themes"),
            key=f"suggest_themes_{step.id}",
            help=_(
                "Group the cards on the wall into a few themes, computed on this server. "
                "You check them before the room sees anything."
            ),
            on_click=_suggest,
            args=(user, step.id),
        )
        if refused := st.session_state.pop(_REFUSED_KEY, None):
            st.error(refused)
        for done in st.session_state.pop(_DONE_KEY, ()):
            st.success(done)
        return
    _edit(user, step, held)


def _suggest(user: AuthUser, step_id: int) -> None:
    try:
        with web.db() as session:
            found = theming.suggest_themes(session=session, user=user, step_id=step_id)
            langs = theming.card_languages(list(found.cards.values()))
            cards = {
                cid: (card.text, i18n.language_name(langs.get(cid)))
                for cid, card in found.cards.items()
            }
    except (ws.WorkshopError, NotAllowed) as exc:
        st.session_state[_REFUSED_KEY] = md_message(_(exc.message), exc.params)
        return
    except web.DB_BUSY:
        st.session_state[_REFUSED_KEY] = _("One moment: the server is busy.")
        return
    previous = st.session_state.get(_KEY) or {}
    st.session_state[_KEY] = {
        "step_id": step_id,
        "round": previous.get("round", 0) + 1,  # fresh widgets for a fresh suggestion
        "themes": [(t.name, list(t.card_ids)) for t in found.themes],
        "unassigned": list(found.unassigned),
        "cards": cards,
        "already": found.already,
    }


def _discard() -> None:
    st.session_state.pop(_KEY, None)


def _card_label(cards: dict[int, tuple[str, str]], card_id: int) -> str:
    text, language = cards[card_id]
    short = shorten(text, 70)
    return f"{short} · {language}" if language else short


def _edit(user: AuthUser, step: Step, held: dict[str, Any]) -> None:
    cards: dict[int, tuple[str, str]] = held["cards"]
    found: list[tuple[str, list[int]]] = held["themes"]
    prefix = f"theme_{step.id}_{held['round']}"
    st.markdown(_("**Suggested themes**"))
    if held.get("already"):
        st.caption(
            i18n.ngettext(
                "{n} card already in an accepted theme is left as it is.",
                "{n} cards already in an accepted theme are left as they are.",
                held["already"],
            ).format(n=held["already"])
        )
    if not found:
        st.info(
            i18n.ngettext(
                "No themes stand out on a wall of {n} card: sort it by hand.",
                "No themes stand out among these {n} cards: sort them by hand.",
                len(cards),
            ).format(n=len(cards))
        )
        st.button(_("Close"), key=f"{prefix}_close", on_click=_discard)
        return
    st.caption(
        _(
            "Tick the themes to keep and rename them as you like. To move a card, remove "
            "it from one theme and choose it in another. Accepted themes become the "
            "step's categories: the presenter's wall and the exports group by them."
        )
    )
    every = list(cards)
    with st.form(key=f"{prefix}_form", border=False):
        for i, (name, ids) in enumerate(found):
            with st.container(border=True, key=f"{prefix}_box_{i}"):
                keep, title = st.columns([1, 5], vertical_alignment="bottom")
                keep.checkbox(_("Accept"), key=f"{prefix}_keep_{i}")
                title.text_input(_("Theme name"), value=name, key=f"{prefix}_name_{i}")
                st.multiselect(
                    _("Cards in this theme"),
                    every,
                    default=ids,
                    format_func=lambda cid: _card_label(cards, cid),
                    key=f"{prefix}_cards_{i}",
                )
        if held["unassigned"]:
            with st.expander(
                i18n.ngettext(
                    "{n} card not in any theme",
                    "{n} cards not in any theme",
                    len(held["unassigned"]),
                ).format(n=len(held["unassigned"]))
            ):
                for cid in held["unassigned"]:
                    st.text(_card_label(cards, cid))
        accept, discard = st.columns(2)
        accepted = accept.form_submit_button(_("Accept the ticked themes"), type="primary")
        dropped = discard.form_submit_button(_("Discard the suggestion"))
    if dropped:
        _discard()
        st.rerun()
    if accepted:
        chosen = [
            theming.Accepted(
                name=st.session_state[f"{prefix}_name_{i}"],
                card_ids=tuple(st.session_state[f"{prefix}_cards_{i}"]),
            )
            for i in range(len(found))
            if st.session_state[f"{prefix}_keep_{i}"]
        ]
        if not chosen:
            st.warning(_("Tick at least one theme to accept, or discard the suggestion."))
            return
        try:
            with web.db() as session:
                outcome = theming.accept_themes(
                    session=session, user=user, step_id=step.id, themes=chosen
                )
        except (ws.WorkshopError, NotAllowed, ValueError) as exc:
            show_error(exc)  # the suggestion stays, as edited, to mend and accept again
            return
        except web.DB_BUSY:
            st.error(_("One moment: the server is busy."))
            return
        _discard()
        done = [_("Themes accepted: the wall now groups the cards by them.")]
        if outcome.left_out:
            done.append(
                i18n.ngettext(
                    "{n} card had left the wall meanwhile and was left out.",
                    "{n} cards had left the wall meanwhile and were left out.",
                    outcome.left_out,
                ).format(n=outcome.left_out)
            )
        st.session_state[_DONE_KEY] = done
        st.rerun()
