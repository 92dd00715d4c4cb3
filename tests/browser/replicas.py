"""Two (or more) app replicas on one PostgreSQL database behind nginx, on loopback.

Used by tests/browser/test_replicas.py. Every address is 127.0.0.1.
"""

from __future__ import annotations

import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.render_nginx import precompressed_static, render, start_nginx
from tests.browser.conftest import Server, _free_port, start_server, stop_server
from tests.conftest import throwaway_pg_database

STATIC_COPY = Path(tempfile.gettempdir()) / "pari-test-streamlit-static"  # made once


@dataclass
class Cluster:
    url: str  # nginx
    replicas: list[Server]
    database_url: str
    access_log: Path  # nginx's: which replica answered each request (no header says it)
    static_root: Path  # Streamlit's frontend files with their .gz, as nginx serves them

    def upstream_of(self, path: str, route: str, timeout: float = 5) -> str:
        """The replica (host:port) nginx sent one request for ``path`` to, read from its
        access log (``path`` must be unique to this request)."""
        req = urllib.request.Request(f"{self.url}{path}", headers={"Cookie": f"pari_route={route}"})
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                resp.read()
        except urllib.error.HTTPError:
            pass  # whatever the replica answered, the log names it
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:  # the line is written once nginx has answered
            for line in reversed(self.access_log.read_text().splitlines()):
                if f'"GET {path}"' in line:
                    return line.split()[-2]  # ... $upstream_addr $upstream_status
            time.sleep(0.05)
        raise AssertionError(f"no access log line for {path}")

    def route_to(self, replica: int) -> str:
        """A route cookie value that nginx sends to replica number ``replica``."""
        want = self.replicas[replica].url.removeprefix("http://")
        for i in range(200):
            value = f"test-route-{i}"
            if self.upstream_of(f"/route-probe-{value}-{time.monotonic_ns()}", value) == want:
                return value
        raise AssertionError(f"no route cookie reached {want}")


def fresh_pg_database(admin_url: str):
    return throwaway_pg_database(admin_url, prefix="pari_replicas")


@contextmanager
def cluster(tmp: Path, database_url: str, replicas: int = 2) -> Iterator[Cluster]:
    servers: list[Server] = []
    nginx_dir = tmp / "nginx"
    nginx_dir.mkdir()
    port = _free_port()
    proc = None
    try:
        for i in range(replicas):
            d = tmp / f"replica{i}"
            d.mkdir()
            servers.append(
                start_server(
                    d,
                    database_url,
                    env={
                        "PARI_BASE_URL": f"http://127.0.0.1:{port}",
                        # As deploy/pari.env.example: nginx's X-Forwarded-For is believed.
                        "PARI_TRUSTED_PROXIES": "127.0.0.1",
                        "FORWARDED_ALLOW_IPS": "127.0.0.1",
                    },
                )
            )
        conf = nginx_dir / "nginx.conf"
        # Outside pytest's own folder, which nginx's workers (another user) cannot read.
        static_root = Path(precompressed_static(STATIC_COPY))
        conf.write_text(
            render(
                prefix=str(nginx_dir),
                listen=f"127.0.0.1:{port}",
                replicas=[s.url.removeprefix("http://") for s in servers],
                static_root=str(static_root),
            )
        )
        proc = start_nginx(nginx_dir, conf, f"http://127.0.0.1:{port}")
        yield Cluster(
            url=f"http://127.0.0.1:{port}",
            replicas=servers,
            database_url=database_url,
            access_log=nginx_dir / "access.log",
            static_root=static_root,
        )
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        for s in servers:
            stop_server(s)


def pg_admin_url() -> str | None:
    return os.environ.get("PARI_TEST_DATABASE_URL")
