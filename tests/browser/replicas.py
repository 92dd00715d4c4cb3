"""Two (or more) app replicas on one PostgreSQL database behind nginx, on loopback.

Used by tests/browser/test_replicas.py. Every address is 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deploy.render_nginx import render
from tests.browser.conftest import Server, _free_port, start_server, stop_server
from tests.conftest import throwaway_pg_database

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@dataclass
class Cluster:
    url: str  # nginx
    replicas: list[Server]
    database_url: str

    def route_to(self, replica: int) -> str:
        """A route cookie value that nginx sends to replica number ``replica``."""
        want = self.replicas[replica].url.removeprefix("http://")
        for i in range(200):
            value = f"test-route-{i}"
            req = urllib.request.Request(
                f"{self.url}/_stcore/health", headers={"Cookie": f"pari_route={value}"}
            )
            with urllib.request.urlopen(req, timeout=5) as resp:
                if resp.headers.get("X-Pari-Upstream") == want:
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
                start_server(d, database_url, env={"PARI_BASE_URL": f"http://127.0.0.1:{port}"})
            )
        conf = nginx_dir / "nginx.conf"
        conf.write_text(
            render(
                prefix=str(nginx_dir),
                listen=f"127.0.0.1:{port}",
                replicas=[s.url.removeprefix("http://") for s in servers],
            )
        )
        proc = subprocess.Popen(
            [NGINX, "-p", str(nginx_dir), "-c", str(conf), "-g", "daemon off;"],
            stdout=(nginx_dir / "stdout.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((nginx_dir / "stdout.log").read_text()) from None
                time.sleep(0.2)
        yield Cluster(url=f"http://127.0.0.1:{port}", replicas=servers, database_url=database_url)
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=10)
        for s in servers:
            stop_server(s)


def pg_admin_url() -> str | None:
    return os.environ.get("PARI_TEST_DATABASE_URL")
