"""Start a Streamlit server for the benchmark, read its CPU and memory, stop it."""

from __future__ import annotations

import os
import re
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project: where the scripts are run from
FD_LIMIT = 65536
CLK_TCK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_fd_limit() -> int:
    """Raise this process's open-files limit as far as the hard limit allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = FD_LIMIT if hard == resource.RLIM_INFINITY else min(FD_LIMIT, hard)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@dataclass
class Server:
    process: subprocess.Popen
    port: int
    log: Path
    fd_limit: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """utime + stime of the server process (all its threads)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_bytes(self) -> int:
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        return 0

    def open_fds(self) -> int:
        try:
            return len(os.listdir(f"/proc/{self.pid}/fd"))
        except OSError:
            return -1

    def active_sessions(self) -> int:
        try:
            with urllib.request.urlopen(self.base_url + "/_stcore/metrics", timeout=5) as r:
                text = r.read().decode()
        except OSError:
            return -1
        total = 0
        for line in text.splitlines():
            if line.startswith("session_events_total") or line.startswith("#"):
                continue
            m = re.match(r"active_sessions(?:\{[^}]*\})?\s+([0-9.]+)", line)
            if m:
                total += int(float(m.group(1)))
        return total

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(script: str, env: dict[str, str], workdir: Path, timeout: float = 90) -> Server:
    """``streamlit run script`` from the project folder (so its .streamlit/config.toml
    applies), on 127.0.0.1 only, with the open-files limit raised in the child."""
    port = free_port()
    log = workdir / f"server-{Path(script).stem}-{port}.log"
    environ = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "PARI_BASE_URL": f"http://127.0.0.1:{port}",
        **env,
    }
    limit = raise_fd_limit()

    def _child() -> None:
        raise_fd_limit()

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        preexec_fn=_child,
    )
    server = Server(proc, port, log, limit)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(server.base_url + "/_stcore/health", timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"server did not answer within {timeout} s")


# What Streamlit itself logs when the bad-input scenario sends garbage or resumes a
# session whose old socket it has not seen close yet (counted apart in that scenario).
FROM_BAD_INPUT = (
    "Error deserializing back message",
    "DecodeError",
    "is already connected! Reconnecting",
    "Exception in ASGI application",
    "KeyError: 'bytes'",
    "Traceback (most recent call last)",
)
LOG_PATTERNS = ("Traceback", "ERROR", "Error", "WARNING", "Warning", "Exception")


def log_problems(text: str) -> list[str]:
    """Lines of the server log that report an error or a warning."""
    lines = []
    for line in text.splitlines():
        if any(p in line for p in LOG_PATTERNS):
            lines.append(line.strip()[:300])
    return lines
