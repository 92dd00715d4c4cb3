"""The PARI app as a target: ``serve.py`` on a fresh SQLite database (or the fresh
PostgreSQL database its replicas share, ``bench/cluster.py``), a workshop laid out and run
by a facilitator through ``pari``'s own services, stored answers read back with SQL.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from bench.client import Phone
from bench.targets.base import STEP_TITLES, Setup, Target

COOKIE_KEY = "bench-cookie-key-" + "x" * 32
WAKE_ELEMENT = "pari_wake"  # pari/live.py mounts it on every phone page


class PariTarget(Target):
    name = "app"
    script = "serve.py"

    def __init__(self, workdir: Path, database_url: str | None = None) -> None:
        super().__init__(workdir)
        self.database_url = database_url  # None: a new SQLite file in workdir

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
        return self.database_url or f"sqlite:///{self.workdir / 'app.sqlite3'}"

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
            steps["questions"] = workshops.add_step(
                session=s,
                user=auth,
                workshop_id=w.id,
                kind=StepKind.QUESTIONS,
                title=STEP_TITLES["questions"],
            ).id
            steps["words"] = workshops.add_step(
                session=s,
                user=auth,
                workshop_id=w.id,
                kind=StepKind.WORD_CLOUD,
                title=STEP_TITLES["words"],
                config={"max_answers": 3},
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

    def _scalar(self, sql: str, **params) -> int:
        with self.engine.connect() as conn:
            return conn.execute(text(sql), params).scalar() or 0

    def participants(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM participant WHERE workshop_id = :id", id=self.setup.workshop_id
        )

    def checked_in(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM participant WHERE workshop_id = :id"
            " AND checked_in_at IS NOT NULL",
            id=self.setup.workshop_id,
        )

    def cards(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM contribution WHERE step_id = :id", id=self.setup.steps["ideas"]
        )

    def dots(self) -> int:
        return self._scalar(
            "SELECT coalesce(sum(dots), 0) FROM vote WHERE step_id = :id",
            id=self.setup.steps["vote"],
        )

    def ballots_ok(self) -> tuple[bool, str]:
        step = self.setup.steps["vote"]
        with self.engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT b.participant_id, b.spent, b.budget, "
                    "(SELECT coalesce(sum(v.dots), 0) FROM vote v WHERE v.step_id = b.step_id "
                    " AND v.participant_id = b.participant_id) FROM ballot b WHERE b.step_id = :id"
                ),
                {"id": step},
            ).all()
            over_cap = conn.execute(
                text("SELECT count(*) FROM vote WHERE step_id = :id AND dots > :cap"),
                {"id": step, "cap": self.cap},
            ).scalar()
        bad = [r for r in rows if r[1] != r[3] or r[1] > r[2]]
        ok = not bad and not over_cap
        return ok, f"{len(rows)} ballots, {len(bad)} inconsistent, {over_cap} over the cap"

    def questions(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM question WHERE step_id = :id", id=self.setup.steps["questions"]
        )

    def upvotes(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM question_upvote WHERE step_id = :id",
            id=self.setup.steps["questions"],
        )

    def words(self) -> int:
        return self._scalar(
            "SELECT count(*) FROM word_answer WHERE step_id = :id", id=self.setup.steps["words"]
        )

    def words_ok(self) -> tuple[bool, str]:
        over = self._scalar(
            "SELECT count(*) FROM (SELECT participant_id FROM word_answer WHERE step_id = :id "
            "GROUP BY participant_id HAVING count(*) > 3) AS o",
            id=self.setup.steps["words"],
        )
        return over == 0, f"{over} phones over 3 words"

    def dispose(self) -> None:
        self.engine.dispose()
