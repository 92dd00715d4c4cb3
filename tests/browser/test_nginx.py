"""Issue 16, point 8, on the shipped nginx template (deploy/nginx.conf.template) in
front of a tiny stand-in replica on loopback: no response tells which replica answered,
``/_stcore/metrics`` never leaves the machine, and when a replica fails, neither log
records a phone's ``?p=`` token (nginx writes the request line, query and all, into
every error it logs about a request)."""

from __future__ import annotations

import shutil
import socket
import socketserver
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.render_nginx import render
from tests.browser.conftest import _free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
TOKEN = "p0Secret7Token9Of22Chars"


class _Replica(socketserver.BaseRequestHandler):
    """Answers 200 "ok", except /crash, where it hangs up without a word."""

    def handle(self) -> None:
        request = self.request.recv(65536).decode("latin-1")
        if request.split(" ")[1:2] and request.split(" ")[1].startswith("/crash"):
            self.request.close()
            return
        self.request.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            b"Connection: close\r\n\r\nok"
        )


class Proxy:
    def __init__(self, prefix: Path, url: str, replica: str) -> None:
        self.prefix, self.url, self.replica = prefix, url, replica

    def get(self, path: str) -> tuple[int, dict]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as resp:
                resp.read()
                return resp.status, dict(resp.headers)
        except urllib.error.HTTPError as err:
            return err.code, dict(err.headers)

    def logs(self) -> tuple[str, str]:
        time.sleep(0.3)  # nginx writes a request's log line once it has answered
        return tuple(
            (self.prefix / name).read_text(errors="replace")
            if (self.prefix / name).exists()
            else ""
            for name in ("error.log", "access.log")
        )


@pytest.fixture
def proxy(tmp_path) -> Iterator[Proxy]:
    if not Path(NGINX).exists():
        pytest.fail("nginx missing: run `bash deploy/system-deps.sh test` as root")
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Replica)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    live = f"127.0.0.1:{server.server_address[1]}"
    with socket.socket() as s:  # a replica that is down: a port nobody listens on
        s.bind(("127.0.0.1", 0))
        dead = f"127.0.0.1:{s.getsockname()[1]}"
    port = _free_port()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    conf = prefix / "nginx.conf"
    conf.write_text(
        render(
            prefix=str(prefix),
            listen=f"127.0.0.1:{port}",
            replicas=[live, dead],
            static_root=str(tmp_path),
        )
    )
    proc = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=(prefix / "stdout.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((prefix / "stdout.log").read_text()) from None
            time.sleep(0.1)
    try:
        yield Proxy(prefix, url, live)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        server.shutdown()
        server.server_close()


def test_no_header_names_the_replica(proxy):
    seen = set()
    for i in range(20):  # both replicas, by route: the live one answers, the dead one 502s
        status, headers = proxy.get(f"/?p={TOKEN}&i={i}")
        seen.add(status)
        assert "X-Pari-Upstream" not in headers
        assert not [v for v in headers.values() if "127.0.0.1" in v], headers
    assert 200 in seen


def test_metrics_never_leave_the_machine(proxy):
    for path in ("/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics?x=1"):
        status, _headers = proxy.get(path)
        assert status == 404, path
    _error, access = proxy.logs()
    assert "/_stcore/metrics" in access and f" {proxy.replica} " not in access.split("metrics")[1]


def test_a_failing_replica_leaves_no_token_in_the_logs(proxy):
    statuses = set()
    for i in range(30):  # the dead replica (connection refused) and /crash (hung up)
        statuses.add(proxy.get(f"/?p={TOKEN}{i}")[0])
        statuses.add(proxy.get(f"/crash?p={TOKEN}{i}")[0])
    assert 502 in statuses
    error, access = proxy.logs()
    assert TOKEN not in error and TOKEN not in access
    assert "?p=" not in error + access
    # The failures are still there to see, without the query.
    assert '"GET /crash" 502' in access and '"GET /" 502' in access


def test_nginx_own_error_page_is_plain_text_under_a_policy(proxy):
    """When no replica answers, the page nginx writes itself runs and frames nothing."""
    for i in range(10):  # the dead replica, or one that hangs up
        status, headers = proxy.get(f"/crash?i={i}")
        assert status == 502
        assert headers["Content-Type"].startswith("text/plain")
        assert headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert headers["X-Content-Type-Options"] == "nosniff"
