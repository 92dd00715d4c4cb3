"""The interface every target implements (``Target``), the steps a run goes through,
what a phone relies on in the pages (``RELIES_ON``, reported in the results), and how a
phone finds and taps what it needs, whether the app's vote element or the floor's
native buttons draw it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client import Ack, Phone
from bench.page import Element

# What a real phone shows once checked in: the confirmation under the step, or the
# check-in step's own "You are checked in as: ..." (said once, issue 18); the floor's too.
CHECKED_IN = re.compile(r"you are checked in", re.IGNORECASE)

STEP_TITLES = {
    "checkin": "Who is here",
    "ideas": "Ideas for the valley",
    "vote": "Vote on priorities",
    "questions": "Questions to the panel",
    "words": "One to three words",
}
# The keys a phone finds the questions' and the word cloud's widgets by (the floor's too).
QUESTION_KEY = "question_text"
UPVOTE_KEY = "q_up_"
WORD_KEY = "word_text"

# What a simulated phone relies on in the pages (reported in the results).
RELIES_ON = {
    "join": "?join=CODE on the root path becomes ?p=TOKEN (page_info_changed) in the first run",
    "check_in": "a form holding a radio (its label mentions 'group'; the floor: the same) and a "
    "submit button (is_form_submitter) in the same form",
    "step": "the step title appears in a heading/markdown/text element",
    "card": "a text_area whose key starts with 'card_text_' (else the first text_area in a form), "
    "an optional radio in the same form (category), the form's submit button",
    "vote": "the app: the st.components.v2 element 'pari_dot_vote' (its data: cards with their "
    "dots, budget, cap, open, ack, notice, the 'dots left' texts), tapped as its JavaScript "
    "does: a 'dots' event {set: {card: dots, ...every unanswered count}, seq}; the floor: "
    "buttons whose key starts with 'plus_' and label '+', 'dots left' in a markdown element",
    "questions": f"a text_area whose key starts with '{QUESTION_KEY}' and its form's submit "
    "button; the app: the st.components.v2 element 'pari_questions' (its data: questions with "
    "id, status, mine, upvoted; open), tapped as its JavaScript does: a 'tap' event {set: "
    f"{{question: true}}, seq}}; the floor: a button per question keyed '{UPVOTE_KEY}<id>'",
    "words": f"a text_input whose key starts with '{WORD_KEY}' and its form's submit button",
}
VOTE_ELEMENT = "pari_dot_vote"
QUESTIONS_ELEMENT = "pari_questions"


@dataclass(frozen=True)
class DotButton:
    """A '+' or '-' a phone can tap: a native button (the floor) or a card's button in
    the app's vote element."""

    disabled: bool
    element: Element
    card: int | None = None
    step: int = 1  # +1 or -1


@dataclass
class _Pending:
    """What the vote element's JavaScript keeps between taps (dot_vote.js)."""

    seq: int = 0
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)  # card -> (dots, seq)


def _vote_state(phone: Phone) -> tuple[Element | None, dict | None, _Pending]:
    element = phone.component(VOTE_ELEMENT)
    pending = phone.extra.setdefault("vote", _Pending())
    data = element.data if element is not None else None
    if data is not None:
        ack = int(data.get("ack") or 0)
        pending.seq = max(pending.seq, ack)
        pending.counts = {c: v for c, v in pending.counts.items() if v[1] > ack}
    return element, data, pending


def _mine(data: dict, pending: _Pending) -> dict[int, int]:
    counts = {c["id"]: c["dots"] for c in data["cards"]}
    counts.update({c: v[0] for c, v in pending.counts.items()})
    return counts


@dataclass
class Setup:
    code: str
    steps: dict[str, int] = field(default_factory=dict)
    workshop_id: int = 0
    user: object = None


class Target:
    name = "?"
    script = ""
    budget = 5
    cap = 3

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.setup: Setup | None = None

    def env(self) -> dict[str, str]:
        return {}

    def prepare(self) -> Setup:
        raise NotImplementedError

    def change_step(self, kind: str) -> float:
        """Make ``kind`` the current open step; returns the monotonic time of the commit."""
        raise NotImplementedError

    def close_current(self) -> float:
        raise NotImplementedError

    def presenter(self, base_url: str) -> Phone | None:
        return None

    @staticmethod
    async def on_reconnect(phone: Phone) -> None:
        """What the page's own scripts do when its socket is back (the floor: nothing)."""

    def restrict_vote(self, card_limit: int) -> int:
        return 0

    # read-back
    def participants(self) -> int:
        raise NotImplementedError

    def checked_in(self) -> int:
        raise NotImplementedError

    def cards(self) -> int:
        raise NotImplementedError

    def dots(self) -> int:
        raise NotImplementedError

    def ballots_ok(self) -> tuple[bool, str]:
        return True, "n/a"

    def questions(self) -> int:
        raise NotImplementedError

    def upvotes(self) -> int:
        raise NotImplementedError

    def words(self) -> int:
        raise NotImplementedError

    def words_ok(self) -> tuple[bool, str]:
        return True, "n/a"

    def dispose(self) -> None:
        pass

    # what a phone does
    def join_query(self) -> str:
        return f"join={self.setup.code}"

    @staticmethod
    def check_in_form(phone: Phone) -> tuple[Element, Element] | None:
        for radio in phone.find(kind="radio"):
            if "group" not in radio.label.lower() or not radio.form_id:
                continue
            submit = phone.find(form_id=radio.form_id, submitter=True)
            if submit:
                return radio, submit[0]
        return None

    @staticmethod
    def card_form(phone: Phone) -> tuple[Element, Element | None, Element] | None:
        areas = phone.find(kind="text_area", key_prefix="card_text_") or [
            e for e in phone.find(kind="text_area") if e.form_id
        ]
        for area in areas:
            submit = phone.find(form_id=area.form_id, submitter=True)
            if not submit:
                continue
            cats = [r for r in phone.find(kind="radio", form_id=area.form_id) if r.options]
            return area, (cats[0] if cats else None), submit[0]
        return None

    @staticmethod
    def text_form(phone: Phone, kind: str, key_prefix: str) -> tuple[Element, Element] | None:
        """A text field (by its key, else the first of its kind in a form) and its form's
        submit button."""
        found = phone.find(kind=kind, key_prefix=key_prefix) or [
            e for e in phone.find(kind=kind) if e.form_id
        ]
        for field_ in found:
            submit = phone.find(form_id=field_.form_id, submitter=True)
            if submit and not field_.disabled:
                return field_, submit[0]
        return None

    @staticmethod
    def question_form(phone: Phone) -> tuple[Element, Element] | None:
        return Target.text_form(phone, "text_area", QUESTION_KEY)

    @staticmethod
    def word_form(phone: Phone) -> tuple[Element, Element] | None:
        return Target.text_form(phone, "text_input", WORD_KEY)

    @staticmethod
    def upvote_buttons(phone: Phone) -> dict[int, Element]:
        """What a phone can upvote now, by question id: the questions of others it has
        not upvoted in the app's list element, or the floor's enabled buttons."""
        element = phone.component(QUESTIONS_ELEMENT)
        if element is not None:
            data = element.data or {}
            if not data.get("open"):
                return {}
            return {
                q["id"]: element
                for q in data.get("questions", [])
                if not q["mine"] and not q["upvoted"] and q["status"] in ("shown", "answered")
            }
        out = {}
        for button in phone.find(kind="button", key_prefix=UPVOTE_KEY, enabled=True):
            tail = button.key[len(UPVOTE_KEY) :]
            if tail.isdigit():
                out[int(tail)] = button
        return out

    @staticmethod
    async def upvote(phone: Phone, question: int, element: Element) -> Ack:
        """A tap on a question's upvote: the list element's 'tap' event with the state it
        wants (questions.js), or the floor's native button."""
        if element.component != QUESTIONS_ELEMENT:
            return await phone.tap(element)
        seq = phone.extra["questions_seq"] = phone.extra.get("questions_seq", 0) + 1
        return await phone.trigger(element, "tap", {"set": {str(question): True}, "seq": seq})

    @staticmethod
    def plus_buttons(phone: Phone) -> list[DotButton]:
        return Target._dot_buttons(phone, +1)

    @staticmethod
    def minus_buttons(phone: Phone) -> list[DotButton]:
        return Target._dot_buttons(phone, -1)

    @staticmethod
    def _dot_buttons(phone: Phone, step: int) -> list[DotButton]:
        element, data, pending = _vote_state(phone)
        if data is None:
            prefix, label = ("plus_", "+") if step > 0 else ("minus_", "−")
            return [
                DotButton(b.disabled, b, step=step)
                for b in phone.find(kind="button", key_prefix=prefix)
                if b.label == label
            ]
        mine = _mine(data, pending)
        left = data["budget"] - data.get("other", 0) - sum(mine.values())
        out = []
        for card in data["cards"]:
            n = mine.get(card["id"], 0)
            if step > 0:
                disabled = not data["open"] or left <= 0 or n >= data["cap"]
            else:
                disabled = not data["open"] or n == 0
            out.append(DotButton(disabled, element, card["id"], step))
        return out

    @staticmethod
    async def press(phone: Phone, button: DotButton) -> Ack:
        """A tap, as the page sends it: a native button's trigger, or the vote element's
        'dots' event with this card's new count and every count not yet answered."""
        if button.card is None:
            return await phone.tap(button.element)
        element, data, pending = _vote_state(phone)
        mine = _mine(data, pending) if data is not None else {}
        return await Target._send_counts(
            phone,
            element or button.element,
            pending,
            {button.card: mine.get(button.card, 0) + button.step},
        )

    @staticmethod
    async def resend(phone: Phone, button: DotButton) -> Ack:
        """What the page does when a tap got no answer: the element sends the same counts
        again (dot_vote.js retries); a native button can only be tapped again."""
        if button.card is None:
            return await phone.tap(button.element)
        element, _data, pending = _vote_state(phone)
        return await Target._send_counts(phone, element or button.element, pending, {})

    @staticmethod
    async def _send_counts(
        phone: Phone, element: Element, pending: _Pending, change: dict[int, int]
    ) -> Ack:
        pending.seq += 1
        for card, dots in change.items():
            pending.counts[card] = (max(dots, 0), pending.seq)
        pending.counts = {c: (v[0], pending.seq) for c, v in pending.counts.items()}
        value: dict[str, Any] = {
            "set": {str(c): v[0] for c, v in pending.counts.items()},
            "seq": pending.seq,
        }
        return await phone.trigger(element, "dots", value)

    @staticmethod
    def refusal(phone: Phone) -> str | None:
        """The message the app drew for a refused tap (a closed step, a busy database)."""
        _element, data, _pending = _vote_state(phone)
        notice = data.get("notice") if data else None
        return notice.get("text") if isinstance(notice, dict) else None

    @staticmethod
    def dots_left_text(phone: Phone) -> str:
        _element, data, _pending = _vote_state(phone)
        if data is not None:
            stored = sum(c["dots"] for c in data["cards"]) + data.get("other", 0)
            texts = data["text"]["left"]
            return texts[min(max(data["budget"] - stored, 0), len(texts) - 1)]
        for text in phone.texts():
            if "dots left" in text or "dot left" in text:
                return text
        return ""
