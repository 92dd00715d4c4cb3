"""What a real phone's join costs, measured with Debian's Chromium (issue 15, item 3).

    python -m bench.coldjoin [--joins 10]
    python -m bench.coldjoin --capture      # refresh bench/browser_requests.json

One server (``serve.py`` on a fresh SQLite database), one Chromium at phone size, joins
made one after another so that the server's CPU can be read around each:

- cold join: a new browser context (empty cache, no cookies) opens ``/?join=CODE``
  until the check-in form is visible;
- warm rejoin: the same context opens the join link again (HTTP cache and device
  cookie kept), until its page is visible;
- script alone: the same warm cache but no cookie, so a new person: the HTML page, the
  websocket and the first script runs, with the static files from the cache; the
  yardstick the bar of DESIGN section 6 compares a cold join with.

Bytes are what Chromium received (CDP ``encodedDataLength`` for HTTP, frame sizes
for the websocket). CPU is the server process's utime + stime from a moment after the
page is visible (a quiet server) to the same moment of the next; loopback only.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import tempfile
import time
from pathlib import Path

from bench import server as srv
from bench.http import CAPTURE
from bench.targets.app import PariTarget
from bench.targets.base import CHECKED_IN, STEP_TITLES

BROWSER = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
SETTLE_S = 0.6  # the server's CPU counter is read once it has had this long to go quiet


class Meter:
    """Bytes and requests one page received, through the Chrome DevTools Protocol."""

    def __init__(self, context, page) -> None:
        self.http = 0
        self.ws = 0
        self.requests = 0
        self.cached = 0
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.requestServedFromCache", self._from_cache)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.on("Network.webSocketFrameSent", self._frame)

    def _finished(self, params: dict) -> None:
        self.requests += 1
        self.http += int(params.get("encodedDataLength", 0))

    def _from_cache(self, _params: dict) -> None:
        self.cached += 1

    def _frame(self, params: dict) -> None:
        response = params.get("response", {})
        data = response.get("payloadData", "")
        self.ws += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data)


def _settled_cpu(server: srv.Server) -> float:
    time.sleep(SETTLE_S)
    return server.cpu_seconds()


def _visit(context, server: srv.Server, url: str, ready: str) -> dict:
    page = context.new_page()
    meter = Meter(context, page)
    before = _settled_cpu(server)
    started = time.monotonic()
    page.goto(url)
    page.get_by_text(ready).first.wait_for(state="visible", timeout=30_000)
    visible = time.monotonic() - started
    cpu = _settled_cpu(server) - before
    page.close()
    return {
        "visible_s": round(visible, 3),
        "server_cpu_ms": round(cpu * 1000, 1),
        "http_bytes": meter.http,
        "ws_bytes": meter.ws,
        "requests": meter.requests,
        "from_cache": meter.cached,
    }


def run(joins: int) -> dict:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="pari-coldjoin-"))
    target = PariTarget(workdir)
    setup = target.prepare()
    server = srv.start(target.script, target.env(), workdir)
    url = f"{server.base_url}/?join={setup.code}"
    ready = "Which group do you speak for?"
    rows: dict[str, list[dict]] = {"cold": [], "warm_rejoin": [], "script_alone": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
            # One join to warm the server (imports, the first compression of each file).
            warmup = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            _visit(warmup, server, url, ready)
            warmup.close()
            for _ in range(joins):
                ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                rows["cold"].append(_visit(ctx, server, url, ready))
                rows["warm_rejoin"].append(_visit(ctx, server, url, ready))
                ctx.clear_cookies()
                rows["script_alone"].append(_visit(ctx, server, url, ready))
                ctx.close()
            browser.close()
    finally:
        server.stop()
        target.dispose()
    summary = {
        kind: {
            key: statistics.median(r[key] for r in results)
            for key in ("visible_s", "server_cpu_ms", "http_bytes", "ws_bytes", "requests")
        }
        for kind, results in rows.items()
    }
    cold, alone = summary["cold"], summary["script_alone"]
    summary["cold_cpu_over_script_alone"] = round(
        cold["server_cpu_ms"] / max(alone["server_cpu_ms"], 0.1), 2
    )
    summary["cold_wire_mb"] = round((cold["http_bytes"] + cold["ws_bytes"]) / 1e6, 3)
    rejoin = summary["warm_rejoin"]
    summary["warm_rejoin_wire_kb"] = round((rejoin["http_bytes"] + rejoin["ws_bytes"]) / 1e3, 1)
    return {"joins": joins, "median": summary, "rows": rows}


def capture(out: Path = CAPTURE) -> dict:
    """What Chromium fetches on a cold join, and on its first visit to each step kind the
    bench uses, written to ``bench/browser_requests.json`` for the simulated phones."""
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="pari-capture-"))
    target = PariTarget(workdir)
    setup = target.prepare()
    server = srv.start(target.script, target.env(), workdir)
    seen: list[str] = []

    def record(request) -> None:
        url = request.url
        if url.startswith(server.base_url) and request.resource_type != "websocket":
            seen.append(url.removeprefix(server.base_url) or "/")

    def settle(page) -> list[str]:
        page.wait_for_load_state("networkidle")
        taken = list(dict.fromkeys(seen))  # in order, once each
        seen.clear()
        return taken

    result: dict = {"document": "/?join=CODE", "cold": [], "kinds": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, args=["--no-sandbox"])
            ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
            page = ctx.new_page()
            page.on("request", record)
            page.goto(f"{server.base_url}/?join={setup.code}")
            page.get_by_text("Which group do you speak for?").wait_for()
            cold = settle(page)
            result["cold"] = [u for u in cold if not u.startswith("/?join=")]
            page.get_by_text("Civil society and residents").click()
            page.get_by_role("button", name="I agree, let's start").click()
            page.get_by_text(CHECKED_IN).first.wait_for()
            result["kinds"]["checkin"] = settle(page)
            target.change_step("ideas")
            page.get_by_text(STEP_TITLES["ideas"]).first.wait_for()
            result["kinds"]["ideas"] = settle(page)
            page.get_by_label("Your idea (one idea per card)").fill("A bus on Sundays")
            page.get_by_role("button", name="Add card").click()
            page.get_by_text("Your cards").first.wait_for()
            settle(page)
            target.change_step("vote")
            page.get_by_text(STEP_TITLES["vote"]).first.wait_for()
            result["kinds"]["vote"] = settle(page)
            browser.close()
    finally:
        server.stop()
        target.dispose()
    result["captured_with"] = {"streamlit": _streamlit_version(), "browser": BROWSER}
    out.write_text(json.dumps(result, indent=1) + "\n")
    return result


def _streamlit_version() -> str:
    import streamlit

    return streamlit.__version__


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--joins", type=int, default=10)
    parser.add_argument("--capture", action="store_true", help="refresh " + CAPTURE.name)
    args = parser.parse_args()
    if args.capture:
        result = capture()
        print(
            f"{CAPTURE}: {len(result['cold'])} requests on a cold join; "
            + ", ".join(f"{k} +{len(v)}" for k, v in result["kinds"].items())
        )
        return
    result = run(args.joins)
    print(json.dumps(result["median"], indent=2))


if __name__ == "__main__":
    main()
