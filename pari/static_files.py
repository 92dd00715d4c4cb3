"""Streamlit's frontend files, compressed once and served from memory (issue 15).

A phone's first visit fetches about 95 files, 2.9 MB of JavaScript, which Streamlit
1.67 serves uncompressed (its gzip middleware skips ``/static/`` on purpose) and reads
from disk on every request: 190-300 ms of server CPU a cold join (DESIGN section 8),
while the websocket part of the same join costs 10-19 ms. Here each file under
``/static/`` is read once and kept in memory, compressed (Brotli, or gzip for a browser
without it) unless it is a font or too small to gain, and sent whole to every later
browser with Streamlit's own cache policy for its hashed files (``public, immutable``):
about 0.26 ms of server CPU a request, against about 0.95 ms through Streamlit's static
files. The files are Streamlit's, fixed for the pinned version: the cache never goes
stale, and it is bounded by the size of that folder. Everything else (and a browser
that accepts neither encoding) goes on to Streamlit untouched. nginx in ``deploy/``
serves the same files itself.
"""

from __future__ import annotations

import gzip
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path

import anyio.to_thread
import brotli
from starlette.types import ASGIApp, Receive, Scope, Send

PREFIX = "/static/"
COMPRESSIBLE = {".js", ".mjs", ".css", ".json", ".map", ".svg", ".txt", ".html", ".wasm", ".ttf"}
MIN_SIZE = 1024  # smaller files gain too little to be worth the header
CACHE_CONTROL = b"public, immutable, max-age=31536000"  # Streamlit's own for hashed files
# Brotli's quality 9 is 10 % smaller than gzip -9 for Streamlit's chunks at about the
# same cost (60 ms for the 480 KB main chunk); 11 saves 8 % more at 15 times the CPU.
BROTLI_QUALITY = 9


def static_root() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir()).resolve()


@dataclass(frozen=True)
class Compressed:
    body: bytes
    encoding: bytes  # b"br", b"gzip", or b"" for a file sent as it is (a font, a tiny chunk)
    content_type: bytes
    raw_size: int


class CompressedStatic:
    """ASGI middleware: ``/static/...`` from a cache of compressed files in memory."""

    def __init__(self, app: ASGIApp, root: Path | None = None) -> None:
        self.app = app
        self.root = (root or static_root()).resolve()
        # Only files that exist: bounded by the folder (a made-up path caches nothing).
        self._cache: dict[tuple[str, str], Compressed] = {}
        self._locks: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        encoding = _encoding(scope) if path.startswith(PREFIX) else None
        if encoding is None or scope.get("method") not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        entry = self._cache.get((path, encoding))
        if entry is None:  # first ask: compress off the event loop
            entry = await anyio.to_thread.run_sync(self.get, path, encoding)
        if entry is None:
            await self.app(scope, receive, send)
            return
        headers = [
            (b"content-type", entry.content_type),
            (b"content-length", str(len(entry.body)).encode("ascii")),
            (b"cache-control", CACHE_CONTROL),
            (b"vary", b"Accept-Encoding"),
        ]
        if entry.encoding:
            headers.append((b"content-encoding", entry.encoding))
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})

    def get(self, path: str, encoding: str = "gzip") -> Compressed | None:
        """The compressed file for a URL path, or None to let Streamlit answer. A room
        arriving at once asks for the same files together: each is compressed once."""
        key = (path, encoding)
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key in self._cache:
                return self._cache[key]
            entry = self._compress(path, encoding)
            with self._lock:
                if entry is not None:
                    self._cache[key] = entry
                self._locks.pop(key, None)
        return entry

    def _compress(self, path: str, encoding: str) -> Compressed | None:
        relative = path.lstrip("/")
        if "\\" in relative or "\x00" in relative or ".." in relative.split("/"):
            return None
        file = (self.root / relative).resolve()
        if not file.is_relative_to(self.root / "static"):
            return None
        try:
            raw = file.read_bytes()
        except OSError:  # not there, or a folder: Streamlit says so
            return None
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type.endswith(("javascript", "json")):
            content_type += "; charset=utf-8"
        if file.suffix not in COMPRESSIBLE or len(raw) < MIN_SIZE:
            body, encoding = raw, ""  # fonts (woff2 is compressed already), tiny chunks
        elif encoding == "br":
            body = brotli.compress(raw, quality=BROTLI_QUALITY)
        else:
            body = gzip.compress(raw, compresslevel=9, mtime=0)
        return Compressed(
            body=body,
            encoding=encoding.encode("ascii"),
            content_type=content_type.encode("ascii"),
            raw_size=len(raw),
        )


def _encoding(scope: Scope) -> str | None:
    """The best encoding the browser accepts: Brotli, else gzip, else None."""
    for key, value in scope.get("headers", []):
        if key == b"accept-encoding":
            offered = set()
            for part in value.lower().split(b","):
                name, _sep, params = part.strip().partition(b";")
                if params.replace(b" ", b"") not in (b"q=0", b"q=0.0", b"q=0.00"):
                    offered.add(name.strip())
            if b"br" in offered:
                return "br"
            if b"gzip" in offered:
                return "gzip"
            return None
    return None
