"""The floor as a target: ``bench/floor_app.py``, a bare Streamlit app doing the same
steps with native widgets, what Streamlit as it ships costs for the same room.
"""

from __future__ import annotations

import sqlite3
import time

from bench.client import Phone
from bench.targets.base import STEP_TITLES, Setup, Target


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
        self.setup = Setup(
            code="FLOOR1", steps={"checkin": 1, "ideas": 2, "vote": 3, "questions": 4, "words": 5}
        )
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

    def questions(self) -> int:
        return self._scalar("SELECT count(*) FROM question")

    def upvotes(self) -> int:
        return self._scalar("SELECT count(*) FROM upvote")

    def words(self) -> int:
        return self._scalar("SELECT count(*) FROM word")

    def words_ok(self) -> tuple[bool, str]:
        over = self._scalar(
            "SELECT count(*) FROM (SELECT token FROM word GROUP BY token HAVING count(*) > 3)"
        )
        return over == 0, f"{over} phones over 3 words"
