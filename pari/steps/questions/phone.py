"""Questions on the phone: a form to ask, and the room's questions to upvote.

The list is one element (``questions.js``) in a fragment that refreshes itself every
``REFRESH_SECONDS`` or so (``refresh_every``) while the step is open, so a phone sees
the others' new questions within about ten seconds. Each refresh reads the room's
questions from a copy shared by every phone of the process and only its own part
fresh (``listing.phone_list``), and draws one element, whatever the number of
questions. A closed step's list does not refresh (its step change reruns the phone
anyway). The ask form sits in a fragment of its own, so a refresh never touches what a
person is typing.

Results hidden until revealed (``pari.reveal``): the questions are what people upvote,
so they stay listed, but without counts and newest first, so nobody upvotes by
popularity; once revealed, counts and the sort by upvotes come back.
"""

from __future__ import annotations

from pathlib import Path
from threading import Lock
from typing import Any

import streamlit as st

from pari import steps, web
from pari.i18n import N_, _
from pari.phone import ui
from pari.phone.view import PhoneView
from pari.reveal import Reveal
from pari.steps.questions import listing, rules

# Measured with 300 phones (bench/README.md): with a read of every question per phone,
# a refresh every 4 s, then 10 s, took more than the server's two cores; with the shared
# read (``listing``), 10 s and at most PHONE_SHOWN questions a phone meet the bars.
REFRESH_SECONDS = 10
PHONE_SHOWN = 30
HERE = Path(__file__).resolve().parent
COMPONENT_NAME = "pari_questions"
ELEMENT_KEY = "questions_list"
ACK_KEY = "questions_ack"  # (step id, last tap seq answered, notice or None)
SORT_KEY = "questions_sort"
MAX_TAP_ENTRIES = 64
SORTS = {"votes": N_("Most upvoted"), "newest": N_("Newest")}


def draw(view: PhoneView) -> None:
    step = view.step
    cfg = steps.config(step)
    counts = Reveal.of(step).visible
    if view.is_open:
        _ask(step.id, cfg.names, bool(view.participant.name.strip()))
        _live_list(step.id, True, cfg.names, counts)
    else:
        _still_list(step.id, False, cfg.names, counts)


# --- asking ----------------------------------------------------------------------------


SENT_KEY = "questions_sent"  # set by a send: the whole phone reruns, the list with it


@st.fragment
def _ask(step_id: int, names: bool, has_name: bool) -> None:
    if st.session_state.pop(SENT_KEY, False):
        st.rerun()  # one's question is listed at once, not at the list's next refresh
    nonce = ui.nonce(f"question{step_id}")
    with st.form(f"question_{nonce}", border=True):
        st.text_area(
            _("Your question or comment"),
            height=110,
            key=f"question_text_{nonce}",
            # No max_chars: Streamlit would cut a pasted longer text in silence (DESIGN
            # section 8); the service refuses it, naming the limit and the length.
            placeholder=_("At most {n} characters.").format(n=rules.MAX_QUESTION),
        )
        if names:
            st.checkbox(
                _("Show my name with this question"), value=False, key=f"question_name_{nonce}"
            )
            if not has_name:
                st.caption(_("You gave no name: add it under “My details” to show it."))
        st.form_submit_button(
            _("Send question"),
            type="primary",
            width="stretch",
            on_click=_send,
            args=(step_id, nonce, names),
        )
    ui.show_flash("questions")


def _send(step_id: int, nonce: str, names: bool) -> None:
    ok, result = ui.call(
        rules.ask,
        step_id=step_id,
        text=st.session_state.get(f"question_text_{nonce}") or "",
        show_name=bool(st.session_state.get(f"question_name_{nonce}")) if names else False,
        client_nonce=nonce,
    )
    if not ok:
        ui.flash("questions", False, result)
        return
    ui.rotate(f"question{step_id}")  # a fresh, empty form; the text stays only on a refusal
    st.session_state[SENT_KEY] = True
    waiting = result.status.value == "pending"
    ui.flash(
        "questions",
        True,
        _("Your question is sent. The facilitator approves it before it shows.")
        if waiting
        else _("Your question is on the list."),
    )


# --- the list ---------------------------------------------------------------------------


def _list(step_id: int, is_open: bool, names: bool, counts: bool) -> None:
    """The questions (one query) as one element; the sort only once counts show."""
    order = "newest"
    if counts:
        order = (
            st.segmented_control(
                _("Sort"),
                options=list(SORTS),
                format_func=lambda o: _(SORTS[o]),
                default="votes",
                key=f"{SORT_KEY}_{step_id}",
                label_visibility="collapsed",
            )
            or "votes"
        )
    try:
        with web.db() as session:
            questions = listing.phone_list(
                session=session, participant_id=ui.pid(), step_id=step_id, names=names, order=order
            )
    except ui.DB_BUSY:
        st.caption(_(ui.BUSY))
        return
    total = len(questions)
    # The first PHONE_SHOWN in the chosen order, and one's own wherever they stand.
    questions = [q for i, q in enumerate(questions) if i < PHONE_SHOWN or q.mine]
    ack, notice = _acked(step_id)
    if notice is not None:  # said once, with the redraw that answers the tap
        st.session_state[ACK_KEY] = (step_id, ack, None)
    if total > len(questions):
        st.caption(_("Showing {shown} of {n} questions.").format(shown=len(questions), n=total))
    mount(
        key=f"{ELEMENT_KEY}_{step_id}",
        data=list_data(questions, is_open=is_open, counts=counts, ack=ack, notice=notice),
        on_tap=lambda: _on_tap(step_id),
    )


def refresh_every(participant_id: int) -> float:
    """This phone's refresh interval: REFRESH_SECONDS give or take a fifth, the same for a
    person on every run. A room follows a step change within a second, so with one
    interval every list ticked in the same second, every 10 s, and the taps of that
    second waited behind 300 refreshes (tap p95 1.2 s at 300 phones, bench/README.md).
    Spread over 8-12 s (golden-ratio steps of the id), the ticks drift apart."""
    spread = (participant_id * 0.6180339887) % 1.0
    return round(REFRESH_SECONDS * (0.8 + 0.4 * spread), 2)


def _live_list(step_id: int, is_open: bool, names: bool, counts: bool) -> None:
    """While the step is open: the others' new questions within a few seconds."""
    st.fragment(_list, run_every=refresh_every(ui.pid()))(step_id, is_open, names, counts)


@st.fragment
def _still_list(step_id: int, is_open: bool, names: bool, counts: bool) -> None:
    """Closed (or not yet open): no refresh; a step change reruns the phone anyway.
    A fragment of its own, so the open list's refresh stops with it."""
    _list(step_id, is_open, names, counts)


def list_data(
    questions: list[listing.PhoneQuestion],
    *,
    is_open: bool,
    counts: bool,
    ack: int,
    notice: tuple[int | None, str] | None,
) -> dict[str, Any]:
    """Everything the element draws, JSON-ready, texts translated here."""
    return {
        "questions": [
            {
                "id": q.id,
                "text": q.text,
                "status": q.status.value,
                "pinned": q.pinned,
                # Hidden results never leave the server: no counts until revealed.
                "upvotes": q.upvotes if counts else None,
                "upvoted": q.upvoted,
                "mine": q.mine,
                "name": q.name,
                "can_withdraw": q.mine
                and not q.pinned
                and q.status.value not in ("answered", "hidden"),
            }
            for q in questions
        ],
        "open": bool(is_open),
        "counts": bool(counts),
        "ack": int(ack),
        "notice": None if notice is None else {"question": notice[0], "text": notice[1]},
        "text": {
            "empty": _("No questions yet. Be the first to ask."),
            "upvote": _("Upvote"),
            "upvoted": _("Upvoted"),
            "take_back": _("Take my upvote back"),
            "pinned": _("Now being answered"),
            "answered": _("Answered"),
            "mine": _("My question"),
            "waiting": _("Waiting for approval"),
            "hidden": _("Not shown by the facilitator"),
            "withdraw": _("Take my question back"),
            "withdraw_confirm": _("Take this question back? It leaves the list with its upvotes."),
        },
    }


def _acked(step_id: int) -> tuple[int, tuple[int | None, str] | None]:
    acked = st.session_state.get(ACK_KEY)
    return (acked[1], acked[2]) if acked is not None and acked[0] == step_id else (0, None)


def parse_tap(payload: object) -> tuple[dict[int, bool], int | None, int] | None:
    """A tap from the element, checked (a phone is hostile): the upvote states it asks
    for, a question to take back, and its seq; None when it is not one."""
    if not isinstance(payload, dict):
        return None
    seq = payload.get("seq")
    seq = seq if isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0 else 0
    withdraw = payload.get("withdraw")
    if withdraw is not None:
        if isinstance(withdraw, bool) or not isinstance(withdraw, int):
            return None
        return {}, withdraw, seq
    wanted = payload.get("set")
    if not isinstance(wanted, dict) or not wanted or len(wanted) > MAX_TAP_ENTRIES:
        return None
    out: dict[int, bool] = {}
    for key, value in wanted.items():
        key = str(key)
        if not (key.isascii() and key.isdigit() and len(key) <= 18) or not isinstance(value, bool):
            return None
        out[int(key)] = value
    return out, None, seq


def _on_tap(step_id: int) -> None:
    """Store what one tap asks for, each question in its own short transaction."""
    tap = parse_tap(_tap_value(f"{ELEMENT_KEY}_{step_id}"))
    last, _notice = _acked(step_id)
    if tap is None:
        return
    wanted, withdraw, seq = tap
    notice = None
    if withdraw is not None:
        ok, result = ui.call(rules.withdraw, question_id=withdraw)
        notice = None if ok else (withdraw, result)
    for question_id, on in wanted.items():
        ok, result = ui.call(rules.upvote, question_id=question_id, on=on)
        if not ok:
            notice = (question_id, result)
    st.session_state[ACK_KEY] = (step_id, max(last, seq), notice)


_component: Any = None
_component_lock = Lock()


def mount(*, key: str, data: dict[str, Any], on_tap) -> Any:
    """Draw the element (registered on first use, so importing this draws nothing)."""
    global _component
    with _component_lock:
        if _component is None:
            _component = st.components.v2.component(
                COMPONENT_NAME,
                js=(HERE / "questions.js").read_text(encoding="utf-8"),
                css=(HERE / "questions.css").read_text(encoding="utf-8"),
            )
    return _component(key=key, data=data, on_tap_change=on_tap)


def _tap_value(key: str) -> object:
    result = st.session_state.get(key)
    if result is None:
        return None
    try:
        return result["tap"]
    except (KeyError, TypeError):
        return getattr(result, "tap", None)
