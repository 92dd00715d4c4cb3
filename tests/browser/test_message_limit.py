"""Issue 16, point 7, against a real server: websocket frames larger than the app needs
are refused before any login, and a dozen of them sent at once leave the server's
memory where it was (with Streamlit's default of 200 MB, twelve frames of 16 MB took
it from about 210 MB to 640 MB, for good). ``server.maxMessageSize`` in
.streamlit/config.toml is also uvicorn's frame limit. Uploads, which no page takes,
are refused too."""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import urllib.error
import urllib.request

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg

from bench.client import Phone

MB = 2**20
GROWTH_BOUND = 48 * MB  # the 12 frames alone are 192 MB


def in_own_loop(go):
    """Run the coroutine function ``go`` on a thread of its own: a Playwright test
    earlier in the session leaves an event loop running on this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(go())).result()


def rss(server) -> int:
    with open(f"/proc/{server.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def frame(size: int) -> bytes:
    """A well-formed rerun request of about ``size`` bytes (a huge query string)."""
    msg = BackMsg()
    msg.rerun_script.query_string = "x" * size
    return msg.SerializeToString()


async def send_one(url: str, payload: bytes) -> int | str:
    """The close code the server answers ``payload`` with, or "open" if it keeps going."""
    try:
        async with websockets.connect(
            url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            additional_headers={"Origin": url},
            max_size=None,
            ping_interval=None,
            close_timeout=2,
        ) as ws:
            await ws.send(payload)
            while True:
                await asyncio.wait_for(ws.recv(), 10)
    except websockets.ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else "closed"
    except TimeoutError:
        return "open"


def test_big_frames_are_refused_and_memory_stays(server):
    async def warm() -> None:  # one page load first: imports and caches are in memory
        phone = Phone(server.url)
        await phone.wait_ack(await phone.open(), 60)
        await phone.close()

    in_own_loop(warm)
    before = rss(server)

    async def attack() -> list:
        big = frame(16 * MB)
        return await asyncio.gather(*(send_one(server.url, big) for _ in range(12)))

    codes = in_own_loop(attack)
    after = rss(server)
    assert codes == [1009] * 12  # "message too big"
    assert after - before < GROWTH_BOUND, (before // MB, after // MB)

    async def legitimate() -> str:
        # A message the size of a form with long texts still goes through.
        return await send_one(server.url, frame(300 * 1024))

    assert in_own_loop(legitimate) == "open"
    with urllib.request.urlopen(f"{server.url}/_stcore/health", timeout=5) as resp:
        assert resp.status == 200


def test_uploads_are_refused(server):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{server.url}/_stcore/health").read()  # Streamlit's XSRF cookie
    xsrf = next(c.value for c in jar if c.name == "_streamlit_xsrf")

    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + b"a" * 1000 + b"\r\n--b--\r\n"
    )

    def upload(session_id: str) -> int:
        req = urllib.request.Request(
            f"{server.url}/_stcore/upload_file/{session_id}/f1",
            data=body,
            method="PUT",
            headers={"Content-Type": "multipart/form-data; boundary=b", "X-Xsrftoken": xsrf},
        )
        try:
            opener.open(req).read()
            return 204
        except urllib.error.HTTPError as err:
            return err.code

    async def from_a_session() -> int:  # an upload needs a session that is connected
        phone = Phone(server.url, cookies={c.name: c.value for c in jar})
        await phone.wait_ack(await phone.open(), 60)
        try:
            return await asyncio.to_thread(upload, phone.session_id)
        finally:
            await phone.close()

    status = in_own_loop(from_a_session)
    assert status == 413
