"""The floor: the least a Streamlit page can do for the same room, under the same config.

Served by ``bench/run.py`` with ``streamlit run bench/floor_app.py`` from the project
folder (so ``.streamlit/config.toml`` applies). It has the app's shape and nothing else:

- ``?join=X`` becomes ``?p=TOKEN`` in the same run (a row per phone);
- a check-in form (a radio and a submit button) stores the group;
- the page shows the current step, followed by change: one watcher thread reads a
  version number from SQLite once a second and reruns the sessions that drew an older
  one, the way ``pari.live`` does (the cheapest equivalent of the app's design);
- ideas: a form with a text area that stores a card;
- vote: five "+" buttons inside ``@st.fragment``, each tap stores a row;
- questions: a form that stores a question, and the list by upvotes with a button each
  that adds or takes back one's upvote, in a fragment that refreshes itself as the app's
  does (``QUESTIONS_EVERY``);
- words: a form that stores an answer of a few words, at most three a phone;
- ``?screen=1``: a presenter with ``st.fragment(run_every=2)`` showing the vote, question
  and word counts.

The database is ``FLOOR_DB`` (made by bench/targets/floor.py): tables stage, phone, card,
vote, question, upvote, word.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
import threading

import streamlit as st

DB = os.environ.get("FLOOR_DB", "floor.sqlite3")
QUESTIONS_EVERY = 10  # seconds: as often as the app's phones refresh the questions
QUESTIONS_SHOWN = 30
MAX_WORDS = 3
GROUPS = ["Social economy", "Public authority", "Business", "Knowledge", "Civil society", "Support"]


def connect() -> sqlite3.Connection:
    conn = sqlite3.connect(DB, timeout=10, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def create_schema(path: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS stage (id INTEGER PRIMARY KEY, version INTEGER,
            title TEXT, kind TEXT);
        CREATE TABLE IF NOT EXISTS phone (token TEXT PRIMARY KEY, grp TEXT);
        CREATE TABLE IF NOT EXISTS card (id INTEGER PRIMARY KEY, token TEXT, text TEXT,
            nonce TEXT UNIQUE);
        CREATE TABLE IF NOT EXISTS vote (id INTEGER PRIMARY KEY, token TEXT, card INTEGER);
        CREATE TABLE IF NOT EXISTS question (id INTEGER PRIMARY KEY, token TEXT, text TEXT,
            nonce TEXT UNIQUE);
        CREATE TABLE IF NOT EXISTS upvote (question INTEGER, token TEXT,
            PRIMARY KEY (question, token));
        CREATE TABLE IF NOT EXISTS word (id INTEGER PRIMARY KEY, token TEXT, text TEXT,
            nonce TEXT UNIQUE);
        INSERT OR IGNORE INTO stage VALUES (1, 0, 'Who is here', 'checkin');
        """
    )
    conn.commit()
    conn.close()


def set_stage(path: str, title: str, kind: str) -> None:
    conn = sqlite3.connect(path, timeout=10)
    conn.execute(
        "UPDATE stage SET version = version + 1, title = ?, kind = ? WHERE id = 1", (title, kind)
    )
    conn.commit()
    conn.close()


class _Watcher:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: dict[str, int] = {}
        self.thread = threading.Thread(target=self._run, daemon=True, name="floor-watcher")
        self.thread.start()

    def follow(self, session_id: str, version: int) -> None:
        with self.lock:
            self.seen[session_id] = version

    def _run(self) -> None:
        from streamlit.runtime import Runtime

        conn = connect()
        stop = threading.Event()
        while not stop.wait(1.0):
            try:
                (version,) = conn.execute("SELECT version FROM stage WHERE id = 1").fetchone()
            except sqlite3.Error:
                continue
            with self.lock:
                due = [sid for sid, v in self.seen.items() if v != version]
                for sid in due:
                    self.seen[sid] = version
            if not due or not Runtime.exists():
                continue
            mgr = Runtime.instance()._session_mgr
            for sid in due:
                info = mgr.get_active_session_info(sid)
                if info is None:
                    with self.lock:
                        self.seen.pop(sid, None)
                    continue
                s = info.session
                s._event_loop.call_soon_threadsafe(s.request_rerun, s._client_state)


@st.cache_resource
def watcher() -> _Watcher:
    return _Watcher()


def session_id() -> str:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    return get_script_run_ctx().session_id


def phone_token() -> str | None:
    params = st.query_params
    if "join" in params and "p" not in params:
        params.pop("join")
        token = secrets.token_urlsafe(16)
        with connect() as conn:
            conn.execute("INSERT INTO phone (token) VALUES (?)", (token,))
        params["p"] = token
        return token
    return params.get("p")


@st.fragment(run_every=2)
def presenter() -> None:
    with connect() as conn:
        (n,) = conn.execute("SELECT count(*) FROM vote").fetchone()
        (q,) = conn.execute("SELECT count(*) FROM question").fetchone()
        (u,) = conn.execute("SELECT count(*) FROM upvote").fetchone()
        (w,) = conn.execute("SELECT count(*) FROM word").fetchone()
    st.markdown(f"votes: {n}")
    st.markdown(f"questions: {q} upvotes: {u}")
    st.markdown(f"words: {w}")


@st.fragment(run_every=QUESTIONS_EVERY)
def questions(token: str) -> None:
    with st.form("question", clear_on_submit=True):
        text = st.text_area("Your question", key="question_text_x")
        if st.form_submit_button("Send") and text:
            with connect() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO question (token, text, nonce) VALUES (?, ?, ?)",
                    (token, text, f"{token}:{text}"),
                )
    with connect() as conn:
        rows = conn.execute(
            "SELECT q.id, q.text, q.token = ?, count(u.token), "
            "coalesce(max(u.token = ?), 0) FROM question q "
            "LEFT JOIN upvote u ON u.question = q.id GROUP BY q.id "
            "ORDER BY count(u.token) DESC, q.id DESC LIMIT ?",
            (token, token, QUESTIONS_SHOWN),
        ).fetchall()
    for qid, text, mine, votes, upvoted in rows:
        st.text(f"{text} ({votes})")
        # A label that never changes: a button whose label moved would be a new widget,
        # and a tap on the old one would be lost.
        if st.button("▲", key=f"q_up_{qid}", disabled=bool(mine)):
            with connect() as conn:
                if upvoted:
                    conn.execute(
                        "DELETE FROM upvote WHERE question = ? AND token = ?", (qid, token)
                    )
                else:
                    conn.execute(
                        "INSERT OR IGNORE INTO upvote (question, token) VALUES (?, ?)",
                        (qid, token),
                    )
            st.rerun(scope="fragment")


@st.fragment
def words(token: str) -> None:
    with connect() as conn:
        (n,) = conn.execute("SELECT count(*) FROM word WHERE token = ?", (token,)).fetchone()
    with st.form("word", clear_on_submit=True):
        text = st.text_input("One to three words", key="word_text_x")
        if st.form_submit_button("Send") and text and n < MAX_WORDS:
            with connect() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO word (token, text, nonce) VALUES (?, ?, ?)",
                    (token, text, f"{token}:{text}"),
                )
            n += 1
    st.markdown(f"{n} of {MAX_WORDS} sent")


@st.fragment
def vote(token: str) -> None:
    with connect() as conn:
        (mine,) = conn.execute("SELECT count(*) FROM vote WHERE token = ?", (token,)).fetchone()
    st.markdown(f"{5 - mine} dots left")
    for card in range(1, 6):
        if st.button("+", key=f"plus_{card}"):
            with connect() as conn:
                conn.execute("INSERT INTO vote (token, card) VALUES (?, ?)", (token, card))
            st.markdown(f"stored {card}")


@st.fragment
def ideas(token: str) -> None:
    with st.form("card", clear_on_submit=True):
        text = st.text_area("Your idea (one idea per card)", key="card_text_x")
        if st.form_submit_button("Add card") and text:
            with connect() as conn:
                conn.execute(
                    "INSERT OR IGNORE INTO card (token, text, nonce) VALUES (?, ?, ?)",
                    (token, text, f"{token}:{text}"),
                )
    with connect() as conn:
        (n,) = conn.execute("SELECT count(*) FROM card WHERE token = ?", (token,)).fetchone()
    st.markdown(f"Your cards ({n})")


def main() -> None:
    if st.query_params.get("screen"):
        presenter()
        return
    token = phone_token()
    if not token:
        st.write("join with a code")
        return
    conn = connect()
    version, title, kind = conn.execute(
        "SELECT version, title, kind FROM stage WHERE id = 1"
    ).fetchone()
    watcher().follow(session_id(), version)
    (grp,) = conn.execute("SELECT grp FROM phone WHERE token = ?", (token,)).fetchone() or (None,)
    if grp is None:
        st.header("Welcome!")
        with st.form("check_in"):
            group = st.radio("Which group do you speak for?", GROUPS, index=None)
            if st.form_submit_button("I agree, let's start") and group:
                conn.execute("UPDATE phone SET grp = ? WHERE token = ?", (group, token))
                st.rerun()
        return
    st.header(title)
    if kind == "ideas":
        ideas(token)
    elif kind == "vote":
        vote(token)
    elif kind == "questions":
        questions(token)
    elif kind == "words":
        words(token)
    else:
        st.success("You are checked in.")


if __name__ == "__main__":
    main()
