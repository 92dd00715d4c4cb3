"""The HTTP side of a simulated phone: what Chromium fetches on a cold join and on its
first visit to each step kind (issue 15, item 4).

The list is captured from Debian's Chromium by ``python -m bench.coldjoin --capture``
and kept in ``bench/browser_requests.json``; run it again when Streamlit changes (the
chunk names carry hashes, so a stale list shows as 404s in the results). A phone
replays it over up to six keep-alive connections, as a browser does, accepting the
encodings Chromium accepts, and counts the bytes that cross the wire. Loopback only.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

CAPTURE = Path(__file__).resolve().parent / "browser_requests.json"
CONNECTIONS = 6  # Chromium's connections per host over HTTP/1.1
ACCEPT_ENCODING = "gzip, deflate, br, zstd"  # what Chromium sent here, also over http://


@dataclass
class Fetched:
    requests: int = 0
    bytes: int = 0  # headers and bodies, as received
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def add(self, other: Fetched) -> None:
        self.requests += other.requests
        self.bytes += other.bytes
        self.seconds += other.seconds
        for k, v in other.errors.items():
            self.errors[k] = self.errors.get(k, 0) + v


def load_capture(path: Path = CAPTURE) -> dict | None:
    """``{"document": "/?join=CODE", "cold": [paths], "kinds": {kind: [paths]}}`` or None."""
    if not path.exists():
        return None
    return json.loads(path.read_text())


class Browser:
    """One phone's HTTP connections and cookies (the device cookie, nginx's route)."""

    def __init__(self, base_url: str, cookies: dict[str, str]) -> None:
        parsed = urllib.parse.urlparse(base_url)
        if parsed.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("load is only ever sent to 127.0.0.1")
        self.host = parsed.hostname
        self.port = parsed.port or 80
        self.cookies = cookies  # shared with the phone's websocket handshake
        self._idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []

    async def close(self) -> None:
        for _reader, writer in self._idle:
            writer.close()
        self._idle.clear()

    async def get(self, path: str) -> tuple[int, int]:
        """One GET; returns (status, bytes received)."""
        conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = await asyncio.open_connection(self.host, self.port)
        reader, writer = conn
        head = [
            f"GET {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "User-Agent: Mozilla/5.0 (Linux; Android 14) PARI-bench",
            "Accept: */*",
            f"Accept-Encoding: {ACCEPT_ENCODING}",
            "Connection: keep-alive",
        ]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        await writer.drain()
        status, received, keep = await self._read_response(reader)
        if keep:
            self._idle.append(conn)
        else:
            writer.close()
        return status, received

    async def _read_response(self, reader: asyncio.StreamReader) -> tuple[int, int, bool]:
        raw = await reader.readuntil(b"\r\n\r\n")
        received = len(raw)
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers: dict[str, str] = {}
        for line in lines[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                name = name.strip().lower()
                if name == "set-cookie":
                    cookie = value.strip().split(";", 1)[0]
                    key, _sep, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
                headers[name] = value.strip()
        if "content-length" in headers:
            length = int(headers["content-length"])
            await reader.readexactly(length)
            received += length
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size_line = await reader.readuntil(b"\r\n")
                size = int(size_line.split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                received += len(size_line) + len(chunk)
                if size == 0:
                    break
        keep = headers.get("connection", "").lower() != "close"
        return status, received, keep

    async def fetch_all(self, paths: list[str]) -> Fetched:
        """Fetch ``paths`` over up to CONNECTIONS connections at once, as a page load does."""
        result = Fetched()
        queue: asyncio.Queue[str] = asyncio.Queue()
        for p in paths:
            queue.put_nowait(p)
        started = time.monotonic()

        async def worker() -> None:
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    status, size = await self.get(path)
                except (OSError, asyncio.IncompleteReadError, ValueError) as exc:
                    key = type(exc).__name__
                    result.errors[key] = result.errors.get(key, 0) + 1
                    continue
                result.requests += 1
                result.bytes += size
                if status >= 400:
                    key = f"HTTP {status}"
                    result.errors[key] = result.errors.get(key, 0) + 1

        await asyncio.gather(*(worker() for _ in range(min(CONNECTIONS, len(paths)) or 1)))
        result.seconds = time.monotonic() - started
        return result
