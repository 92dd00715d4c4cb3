"""A made-up X-Forwarded-For from a local peer buys no fresh address (issue 16, point 5).

A real server (``streamlit run serve.py``) on loopback; each try is a new websocket
session with a wrong join code and a new random header, as in the probe that sent
200 wrong codes unlimited. uvicorn, Streamlit's web server, itself puts that header's
value in place of a loopback peer unless ``FORWARDED_ALLOW_IPS`` says otherwise, so
this runs through the real server, not a stub. No browser needed: the websocket
speaks Streamlit's protocol directly (BackMsg.rerun_script).
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import create_engine, text
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

from pari import ratelimit
from tests.browser.conftest import start_server, stop_server


def _wrong_code(base_url: str, forwarded: str) -> None:
    """One new session asking for ``?join=ZZZZZZ`` with this X-Forwarded-For; waits for
    the run to finish."""
    ws_url = base_url.replace("http://", "ws://") + "/_stcore/stream"
    headers = {"Origin": base_url, "X-Forwarded-For": forwarded}
    with connect(ws_url, subprotocols=["streamlit"], additional_headers=headers) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = "join=ZZZZZZ"
        msg.rerun_script.page_script_hash = ""
        ws.send(msg.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(ws.recv(timeout=20))
            if reply.WhichOneof("type") == "script_finished":
                return


def _tries(base_url: str, headers: list[str]) -> None:
    for forwarded in headers:
        _wrong_code(base_url, forwarded)


def _address_buckets(database_url: str) -> dict[str, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT bucket, count(*) FROM rate_event "
                    "WHERE bucket LIKE 'join-address:%' GROUP BY bucket"
                )
            ).all()
    finally:
        engine.dispose()
    return {bucket: n for bucket, n in rows}


def _random_address() -> str:
    return ".".join(str(random.randint(1, 254)) for _ in range(4))


@pytest.fixture
def fresh_env(monkeypatch):
    """The server gets only what the test says about proxies."""
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    monkeypatch.delenv("PARI_TRUSTED_PROXIES", raising=False)


def test_a_local_peer_cannot_pick_its_address_by_header(tmp_path, fresh_env):
    server = start_server(tmp_path)
    try:
        limit = ratelimit.JOIN_ADDRESS_LIMIT.attempts
        _tries(server.url, [_random_address() for _ in range(limit + 5)])
    finally:
        stop_server(server)
    # Every try counted as the local peer it was, and the limit held: the last five
    # were refused before being counted.
    assert _address_buckets(server.database_url) == {"join-address:local": limit}


def test_behind_the_shipped_nginx_the_address_nginx_saw_counts(tmp_path, fresh_env):
    """As deploy/pari.env.example sets it: 127.0.0.1 (nginx) is trusted."""
    env = {"PARI_TRUSTED_PROXIES": "127.0.0.1", "FORWARDED_ALLOW_IPS": "127.0.0.1"}
    server = start_server(tmp_path, env=env)
    try:
        # What nginx sends: the client's own header, then the address it saw.
        _tries(server.url, ["6.6.6.6, 198.51.100.7", "7.7.7.7, 198.51.100.7", "203.0.113.9"])
    finally:
        stop_server(server)
    assert _address_buckets(server.database_url) == {
        "join-address:198.51.100.7": 2,
        "join-address:203.0.113.9": 1,
    }
