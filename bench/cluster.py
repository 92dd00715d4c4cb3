"""Several app replicas on one fresh PostgreSQL database behind nginx (issue 14).

``bench.run --replicas 2`` drives this instead of one server: the phones, the presenter
and the real Chromium phones all go through nginx, as in a deployment (README, "Several
replicas behind nginx"): the configuration is ``deploy/nginx.conf.template`` as
``deploy/render_nginx.py`` writes it, so Streamlit's static files come from nginx,
compressed and cached, and a route cookie keeps each phone on one replica.

``Cluster`` answers what the scenarios ask of a ``bench.server.Server`` (its address,
CPU, memory, sessions, log), summed over the replicas; nginx's and PostgreSQL's CPU are
read apart, so a run can say what each part of the machine took. Every address is
127.0.0.1.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench import server as srv
from deploy.render_nginx import NGINX, precompressed_static, render, start_nginx

STATIC_CACHE = Path(tempfile.gettempdir()) / "pari-bench-streamlit-static"  # made once
PG_ADMIN_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of one process (0 once it has gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / srv.CLK_TCK


def cpu_of(predicate) -> float:
    """CPU seconds of every process on the machine whose (pid, ppid, name) matches."""
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                head, rest = f.read().rsplit(")", 1)
        except OSError:
            continue
        name = head.split("(", 1)[1]
        fields = rest.split()
        if predicate(int(entry), int(fields[1]), name):
            total += (int(fields[11]) + int(fields[12])) / srv.CLK_TCK
    return total


def postgres_cpu_seconds() -> float:
    """The PostgreSQL server's CPU (all its processes: the backends of this run's
    connections, which the replicas' pools keep open, and its own workers)."""
    return cpu_of(lambda _pid, _ppid, name: name == "postgres")


class Processes:
    """The replicas and nginx as one process for ``bench.run``: ``poll()`` is None while
    every one of them runs."""

    def __init__(self, processes: list[subprocess.Popen]) -> None:
        self.processes = processes

    def poll(self) -> int | None:
        for p in self.processes:
            code = p.poll()
            if code is not None:
                return code
        return None


@dataclass
class Cluster:
    replicas: list[srv.Server]
    nginx: subprocess.Popen
    port: int
    prefix: Path  # nginx's folder: configuration, logs
    database_url: str
    routes: list[str]  # a route cookie value per replica, in the order of ``replicas``

    # --- what a scenario asks of a server -------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def fd_limit(self) -> int:
        return min(r.fd_limit for r in self.replicas)

    @property
    def process(self) -> Processes:
        return Processes([*(r.process for r in self.replicas), self.nginx])

    def cpu_seconds(self) -> float:
        """The replicas' CPU (nginx and PostgreSQL apart: ``nginx_cpu_seconds``,
        ``postgres_cpu_seconds``)."""
        return sum(r.cpu_seconds() for r in self.replicas)

    def replica_cpu_seconds(self) -> list[float]:
        return [r.cpu_seconds() for r in self.replicas]

    def nginx_cpu_seconds(self) -> float:
        master = self.nginx.pid
        return cpu_of(lambda pid, ppid, _name: pid == master or ppid == master)

    def rss_bytes(self) -> int:
        return sum(r.rss_bytes() for r in self.replicas)

    def open_fds(self) -> int:
        return sum(r.open_fds() for r in self.replicas)

    def active_sessions(self) -> int:
        return sum(r.active_sessions() for r in self.replicas)

    def sessions_per_replica(self) -> list[int]:
        return [r.active_sessions() for r in self.replicas]

    def log_text(self) -> str:
        parts = [r.log_text() for r in self.replicas]
        error_log = self.prefix / "error.log"
        if error_log.exists():
            parts.append(error_log.read_text(errors="replace"))
        return "\n".join(parts)

    def stop(self) -> None:
        if self.nginx.poll() is None:
            self.nginx.terminate()
            try:
                self.nginx.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.nginx.kill()
        for r in self.replicas:
            r.stop()

    # --- what nginx did ----------------------------------------------------------------

    def websockets_per_replica(self) -> dict[str, int]:
        """Websockets nginx handed to each replica (from its access log, which names the
        upstream of every request and no query string)."""
        counts: Counter[str] = Counter()
        log = self.prefix / "access.log"
        for line in log.read_text(errors="replace").splitlines():
            if '"GET /_stcore/stream"' in line and line.split()[-1] == "101":
                counts[line.split()[-2]] += 1
        return dict(counts)


def _upstream_of(prefix: Path, url: str, route: str, timeout: float = 5) -> str:
    """The replica (host:port) nginx sent one probe request to, from its access log."""
    path = f"/route-probe-{route}-{time.monotonic_ns()}"
    req = urllib.request.Request(url + path, headers={"Cookie": f"pari_route={route}"})
    with contextlib.suppress(urllib.error.HTTPError):
        urllib.request.urlopen(req, timeout=5).read()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:  # nginx writes the line once it has answered
        for line in reversed((prefix / "access.log").read_text().splitlines()):
            if f'"GET {path}"' in line:
                return line.split()[-2]
        time.sleep(0.05)
    raise RuntimeError(f"nginx logged no line for {path}")


def _routes(prefix: Path, url: str, replicas: list[srv.Server]) -> list[str]:
    """A route cookie value that nginx sends to each replica, found by asking."""
    found: dict[str, str] = {}
    for i in range(200):
        value = f"bench-route-{i}"
        found.setdefault(_upstream_of(prefix, url, value), value)
        if len(found) == len(replicas):
            break
    return [found[f"127.0.0.1:{r.port}"] for r in replicas]


@contextlib.contextmanager
def fresh_pg_database(admin_url: str | None = None) -> Iterator[str]:
    """A new, empty PostgreSQL database beside ``admin_url``'s, dropped afterwards (the
    target migrates it)."""
    from sqlalchemy import create_engine, make_url, text

    from pari.settings import normalise_database_url

    admin_url = normalise_database_url(
        admin_url or os.environ.get("PARI_TEST_DATABASE_URL") or PG_ADMIN_DEFAULT
    )
    name = f"pari_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def start(
    script: str, env: dict[str, str], workdir: Path, replicas: int, database_url: str
) -> Cluster:
    """``replicas`` servers of ``script`` on ``database_url`` and nginx in front of them,
    as README's "Several replicas behind nginx" sets them up, on loopback ports."""
    if not Path(NGINX).exists():
        raise RuntimeError("nginx is not installed: bash deploy/system-deps.sh test (as root)")
    port = srv.free_port()
    url = f"http://127.0.0.1:{port}"
    servers: list[srv.Server] = []
    nginx = None
    try:
        for _ in range(replicas):
            servers.append(
                srv.start(
                    script,
                    {
                        **env,
                        "DATABASE_URL": database_url,
                        "PARI_BASE_URL": url,
                        # As deploy/pari.env.example: nginx's X-Forwarded-For is believed.
                        "PARI_TRUSTED_PROXIES": "127.0.0.1",
                        "FORWARDED_ALLOW_IPS": "127.0.0.1",
                    },
                    workdir,
                )
            )
        prefix = workdir / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = prefix / "nginx.conf"
        conf.write_text(
            render(
                prefix=str(prefix),
                listen=f"127.0.0.1:{port}",
                replicas=[f"127.0.0.1:{s.port}" for s in servers],
                static_root=precompressed_static(STATIC_CACHE),
            )
        )
        nginx = start_nginx(prefix, conf, url, preexec_fn=srv.raise_fd_limit)
        return Cluster(
            replicas=servers,
            nginx=nginx,
            port=port,
            prefix=prefix,
            database_url=database_url,
            routes=_routes(prefix, url, servers),
        )
    except BaseException:
        if nginx is not None and nginx.poll() is None:
            nginx.terminate()
        for s in servers:
            s.stop()
        raise
