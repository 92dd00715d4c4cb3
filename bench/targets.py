"""What the load generator drives: the PARI app, or the bare floor app, behind one interface.

Each target knows how to lay out a fresh database, how the facilitator changes step
(in this process, through the same services a click calls, against the same database),
what a phone taps (found by widget kind, key and label, listed in ``RELIES_ON``), and how
to read back what was stored.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.client import Ack, Element, Phone

ROOT = Path(__file__).resolve().parent.parent
COOKIE_KEY = "bench-cookie-key-" + "x" * 32

WAKE_ELEMENT = "pari_wake"  # pari/live.py mounts it on every phone page
STEP_TITLES = {
    "checkin": "Who is here",
    "ideas": "Ideas for the valley",
    "vote": "Vote on priorities",
}

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
}
VOTE_ELEMENT = "pari_dot_vote"


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


class PariTarget(Target):
    name = "app"
    script = "serve.py"

    @staticmethod
    async def on_reconnect(phone: Phone) -> None:
        """pari/components/wake.js: a page whose connection is back asks for one run."""
        element = phone.component(WAKE_ELEMENT)
        if element is not None:
            await phone.trigger(element, "wake", f"reconnected:{time.time():.3f}")

    def env(self) -> dict[str, str]:
        return {
            "DATABASE_URL": self.url,
            "PARI_COOKIE_KEY": COOKIE_KEY,
        }

    @property
    def url(self) -> str:
        return f"sqlite:///{self.workdir / 'app.sqlite3'}"

    def prepare(self) -> Setup:
        from sqlmodel import Session

        from pari import accounts, workshops
        from pari.db import make_engine, migrate
        from pari.models import Role, StepKind, Template

        self.engine = make_engine(self.url)
        migrate(self.engine)
        with Session(self.engine, expire_on_commit=False) as s:
            user = accounts.create_user(
                session=s,
                username="bench.facilitator",
                name="Bench Facilitator",
                password="bench password 123",
                role=Role.FACILITATOR,
            )
            auth = accounts.to_auth_user(user)
            w = workshops.create_workshop(
                session=s,
                user=auth,
                title="Bench workshop",
                territory="Östergötland",
                template=Template.BLANK,
                dot_budget=self.budget,
            )
            existing = {st.kind for st in workshops.list_steps(session=s, workshop_id=w.id)}
            steps: dict[str, int] = {}
            for st in workshops.list_steps(session=s, workshop_id=w.id):
                if st.kind is StepKind.CHECK_IN:
                    steps["checkin"] = st.id
            if StepKind.CHECK_IN not in existing:
                steps["checkin"] = workshops.add_step(
                    session=s,
                    user=auth,
                    workshop_id=w.id,
                    kind=StepKind.CHECK_IN,
                    title=STEP_TITLES["checkin"],
                ).id
            ideas = workshops.add_step(
                session=s,
                user=auth,
                workshop_id=w.id,
                kind=StepKind.IDEAS,
                title=STEP_TITLES["ideas"],
                config={"categories": ["Social", "Ecological", "Economic"]},
            )
            steps["ideas"] = ideas.id
            steps["vote"] = workshops.add_step(
                session=s,
                user=auth,
                workshop_id=w.id,
                kind=StepKind.DOT_VOTE,
                title=STEP_TITLES["vote"],
                config={"budget": self.budget, "per_card_cap": self.cap},
                source_step_id=ideas.id,
            ).id
            workshops.open_step(session=s, user=auth, step_id=steps["checkin"])
            s.commit()
            self.setup = Setup(code=w.code, steps=steps, workshop_id=w.id, user=auth)
        self.cookie = self._cookie()
        return self.setup

    def _cookie(self) -> str:
        from pari.auth import issue_token

        return issue_token(username="bench.facilitator", key=COOKIE_KEY, expiry_days=1)

    def _session(self):
        from sqlmodel import Session

        return Session(self.engine, expire_on_commit=False)

    def change_step(self, kind: str) -> float:
        from pari import workshops

        with self._session() as s:
            workshops.open_step(session=s, user=self.setup.user, step_id=self.setup.steps[kind])
            s.commit()
        return time.monotonic()

    def close_current(self) -> float:
        from pari import workshops
        from pari.models import Workshop

        with self._session() as s:
            w = s.get(Workshop, self.setup.workshop_id)
            workshops.close_step(session=s, user=self.setup.user, step_id=w.current_step_id)
            s.commit()
        return time.monotonic()

    def restrict_vote(self, card_limit: int) -> int:
        """The facilitator offers only the first ``card_limit`` cards in the vote."""
        from sqlmodel import select

        from pari import workshops
        from pari.models import Contribution

        with self._session() as s:
            ids = s.exec(
                select(Contribution.id)
                .where(Contribution.step_id == self.setup.steps["ideas"])
                .order_by(Contribution.id)
                .limit(card_limit)
            ).all()
            workshops.update_step(
                session=s,
                user=self.setup.user,
                step_id=self.setup.steps["vote"],
                config={"budget": self.budget, "per_card_cap": self.cap, "card_ids": list(ids)},
            )
            s.commit()
        return len(ids)

    def presenter(self, base_url: str) -> Phone | None:
        from pari import urls

        return Phone(
            base_url,
            path=urls.SCREEN,
            query=f"w={self.setup.code}",
            name="presenter",
            cookies={"pari_auth": self.cookie},
        )

    def _scalar(self, sql: str, *args) -> int:
        with self.engine.connect() as conn:
            return conn.exec_driver_sql(sql, args).scalar() or 0

    def participants(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM participant WHERE workshop_id = ?", self.setup.workshop_id
        )

    def checked_in(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM participant WHERE workshop_id = ? AND checked_in_at IS NOT NULL",
            self.setup.workshop_id,
        )

    def cards(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM contribution WHERE step_id = ?", self.setup.steps["ideas"]
        )

    def dots(self) -> int:
        return self._scalar(
            "SELECT coalesce(sum(dots), 0) FROM vote WHERE step_id = ?", self.setup.steps["vote"]
        )

    def ballots_ok(self) -> tuple[bool, str]:
        step = self.setup.steps["vote"]
        with self.engine.connect() as conn:
            rows = conn.exec_driver_sql(
                "SELECT b.participant_id, b.spent, b.budget, "
                "(SELECT coalesce(sum(v.dots), 0) FROM vote v WHERE v.step_id = b.step_id "
                " AND v.participant_id = b.participant_id) FROM ballot b WHERE b.step_id = ?",
                (step,),
            ).all()
            over_cap = conn.exec_driver_sql(
                "SELECT count(*) FROM vote WHERE step_id = ? AND dots > ?", (step, self.cap)
            ).scalar()
        bad = [r for r in rows if r[1] != r[3] or r[1] > r[2]]
        ok = not bad and not over_cap
        return ok, f"{len(rows)} ballots, {len(bad)} inconsistent, {over_cap} over the cap"

    def dispose(self) -> None:
        self.engine.dispose()


class FloorTarget(Target):
    name = "floor"
    script = "bench/floor_app.py"

    @property
    def db(self) -> str:
        return str(self.workdir / "floor.sqlite3")

    def env(self) -> dict[str, str]:
        return {"FLOOR_DB": self.db}

    def prepare(self) -> Setup:
        from bench.floor_app import create_schema

        create_schema(self.db)
        self.setup = Setup(code="FLOOR1", steps={"checkin": 1, "ideas": 2, "vote": 3})
        return self.setup

    def change_step(self, kind: str) -> float:
        from bench.floor_app import set_stage

        set_stage(self.db, STEP_TITLES[kind], kind)
        return time.monotonic()

    def close_current(self) -> float:
        from bench.floor_app import set_stage

        set_stage(self.db, "Closed", "closed")
        return time.monotonic()

    def presenter(self, base_url: str) -> Phone | None:
        return Phone(base_url, query="screen=1", name="presenter")

    def _scalar(self, sql: str) -> int:
        conn = sqlite3.connect(self.db, timeout=10)
        try:
            return conn.execute(sql).fetchone()[0] or 0
        finally:
            conn.close()

    def participants(self) -> int:
        return self._scalar("SELECT count(*) FROM phone")

    def checked_in(self) -> int:
        return self._scalar("SELECT count(*) FROM phone WHERE grp IS NOT NULL")

    def cards(self) -> int:
        return self._scalar("SELECT count(*) FROM card")

    def dots(self) -> int:
        return self._scalar("SELECT count(*) FROM vote")
