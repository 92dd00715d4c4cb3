"""The HTTP pieces a phone's first visit goes through (issue 15): Streamlit's static
files compressed once and cached, and the device cookie that makes a second scan of
the QR code the same person. Driven as ASGI apps, without a server."""

from __future__ import annotations

import asyncio
import gzip
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import brotli
import pytest

from pari.codes import DEVICE_COOKIE, looks_like_device
from pari.static_files import CompressedStatic

JS = b"console.log('a phone in a village hall');\n" * 200


async def _call(app, path: str, *, method: str = "GET", headers=()) -> dict:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "scheme": "http",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers],
    }
    await app(scope, receive, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return {"status": start["status"], "headers": dict(start.get("headers", [])), "body": body}


def call(app, path: str, **kw) -> dict:
    """On a thread of its own: Playwright's sync API, used by the browser tests earlier
    in the same process, keeps an event loop running on this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_call(app, path, **kw))).result()


async def streamlit(scope, receive, send):
    """Stands in for Streamlit: says who answered."""
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/html; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b"streamlit"})


@pytest.fixture
def static(tmp_path: Path) -> CompressedStatic:
    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "static" / "js" / "index.abc123.js").write_bytes(JS)
    (tmp_path / "static" / "js" / "tiny.js").write_bytes(b"1;")
    (tmp_path / "secret.txt").write_bytes(b"not for phones " * 200)
    return CompressedStatic(streamlit, root=tmp_path)


@pytest.mark.parametrize(
    "accept,encoding,decode",
    [
        ("gzip, deflate, br, zstd", b"br", brotli.decompress),  # what Chromium sends
        ("gzip, deflate", b"gzip", gzip.decompress),
        ("br;q=0, gzip", b"gzip", gzip.decompress),
    ],
)
def test_static_files_are_sent_compressed_and_cached(static, accept, encoding, decode):
    r = call(static, "/static/js/index.abc123.js", headers=[("Accept-Encoding", accept)])
    assert r["status"] == 200
    assert r["headers"][b"content-encoding"] == encoding
    assert r["headers"][b"content-type"].startswith(b"text/javascript")
    assert b"immutable" in r["headers"][b"cache-control"]
    assert r["headers"][b"vary"] == b"Accept-Encoding"
    assert decode(r["body"]) == JS and len(r["body"]) < len(JS) / 5
    assert int(r["headers"][b"content-length"]) == len(r["body"])


def test_a_file_is_compressed_once(static):
    first = static.get("/static/js/index.abc123.js", "br")
    assert static.get("/static/js/index.abc123.js", "br") is first


@pytest.mark.parametrize(
    "path,headers",
    [
        ("/static/js/index.abc123.js", []),  # accepts no compression
        ("/static/js/index.abc123.js", [("Accept-Encoding", "identity")]),
        ("/static/js/missing.js", [("Accept-Encoding", "br")]),  # Streamlit says 404
        ("/static/../secret.txt", [("Accept-Encoding", "br")]),  # outside the folder
        ("/static/%2e%2e/secret.txt", [("Accept-Encoding", "br")]),
        ("/?join=ABC234", [("Accept-Encoding", "br")]),
    ],
)
def test_everything_else_goes_to_streamlit(static, path, headers):
    r = call(static, path, headers=headers)
    assert r["body"] == b"streamlit"
    assert static._cache == {}  # nothing made up is kept


def test_a_tiny_file_is_sent_from_memory_as_it_is(static):
    r = call(static, "/static/js/tiny.js", headers=[("Accept-Encoding", "br")])
    assert r["body"] == b"1;" and b"content-encoding" not in r["headers"]
    assert b"immutable" in r["headers"][b"cache-control"]


def test_head_sends_no_body(static):
    r = call(
        static, "/static/js/index.abc123.js", method="HEAD", headers=[("Accept-Encoding", "br")]
    )
    assert r["status"] == 200 and r["body"] == b"" and int(r["headers"][b"content-length"]) > 0


def test_the_html_page_names_the_browser_with_an_httponly_cookie():
    from serve import DeviceCookie

    app = DeviceCookie(streamlit)
    r = call(app, "/", headers=[])
    cookie = r["headers"][b"set-cookie"].decode()
    name, _sep, rest = cookie.partition("=")
    value = rest.split(";")[0]
    assert name == DEVICE_COOKIE and looks_like_device(value)
    attributes = {a.strip() for a in cookie.split(";")[1:]}
    assert {"HttpOnly", "SameSite=Lax", "Path=/"} <= attributes
    assert "Secure" not in attributes
    # Behind TLS (nginx says so) it is Secure too.
    r = call(app, "/", headers=[("X-Forwarded-Proto", "https")])
    assert "Secure" in r["headers"][b"set-cookie"].decode()
    # A browser that has one keeps it; a forged or malformed one is replaced.
    kept = call(app, "/", headers=[("Cookie", f"a=b; {DEVICE_COOKIE}={value}")])
    assert b"set-cookie" not in kept["headers"]
    forged = call(app, "/", headers=[("Cookie", f"{DEVICE_COOKIE}=<script>")])
    assert forged["headers"][b"set-cookie"].decode() != cookie


def test_static_files_carry_no_device_cookie():
    from serve import DeviceCookie

    async def js(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/javascript")],
            }
        )
        await send({"type": "http.response.body", "body": b"1;"})

    r = call(DeviceCookie(js), "/static/js/index.js")
    assert b"set-cookie" not in r["headers"]
