"""What the room benchmark counts: percentiles, one kind of action's answers, the
server's CPU over a block, and the bytes a phone's browser fetched.

Every figure in a result's JSON goes through these, so a column of the printed table
means the same thing in every scenario.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench import server as srv
from bench.client import Ack
from bench.http import Fetched


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (k - lo), 3)


def summary(values: list[float]) -> dict:
    return {
        "n": len(values),
        "p50": pct(values, 0.5),
        "p95": pct(values, 0.95),
        "max": round(max(values), 3) if values else None,
    }


@dataclass
class Action:
    """Latencies and CPU for one kind of action (join, check-in, card, vote)."""

    name: str
    latencies: list[float] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    refused: dict[str, int] = field(default_factory=dict)  # answered "not saved"
    refused_latencies: list[float] = field(default_factory=list)
    cpu: float = 0.0
    wall: float = 0.0
    first_sent: float | None = None
    last_sent: float | None = None

    def record(self, ack: Ack, refused: str | None = None) -> bool:
        """One answer: acknowledged (True), or refused on screen, or failed."""
        self.first_sent = min(self.first_sent or ack.sent_at, ack.sent_at)
        self.last_sent = max(self.last_sent or ack.sent_at, ack.sent_at)
        if ack.seconds is not None and ack.status.startswith("FINISHED"):
            if refused:
                self.refused[refused] = self.refused.get(refused, 0) + 1
                self.refused_latencies.append(ack.seconds)
                return False
            self.latencies.append(ack.seconds)
            return True
        self.failures[ack.status or "no answer"] = self.failures.get(ack.status, 0) + 1
        return False

    def fail(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1

    def report(self) -> dict:
        done = len(self.latencies)
        spread = (
            round(self.last_sent - self.first_sent, 2)
            if self.first_sent is not None and self.last_sent is not None
            else None
        )
        return {
            "ack_seconds": summary(self.latencies),
            "failures": self.failures,
            "refused": self.refused,
            "refused_answer_seconds": summary(self.refused_latencies),
            "server_cpu_seconds": round(self.cpu, 2),
            "cpu_seconds_per_action": round(self.cpu / done, 4) if done else None,
            "wall_seconds": round(self.wall, 2),
            "per_second": round(done / self.wall, 1) if self.wall else None,
            "sent_over_seconds": spread,
        }


class Measure:
    """CPU seconds of the server over a block."""

    def __init__(self, server: srv.Server) -> None:
        self.server = server

    def __enter__(self):
        self.cpu0 = self.server.cpu_seconds()
        self.t0 = time.monotonic()
        return self

    def __exit__(self, *exc):
        self.cpu = self.server.cpu_seconds() - self.cpu0
        self.wall = time.monotonic() - self.t0


def http_report(http: Fetched, phones: int) -> dict:
    """What the phones' browsers fetched over HTTP, per phone."""
    return {
        "requests_per_phone": round(http.requests / max(phones, 1), 1),
        "kb_per_phone": round(http.bytes / 1024 / max(phones, 1), 1),
        "errors": http.errors,
    }
