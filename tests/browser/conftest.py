"""Browser tests: a real server (``streamlit run serve.py``) on a fresh database,
driven by Playwright through Debian's Chromium (no browser download works here).

Set ``PARI_BROWSER`` to another Chromium binary if needed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from google.protobuf.message import DecodeError
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
BROWSER = os.environ.get("PARI_BROWSER", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
ARTIFACTS = ROOT / "artifacts" / "screenshots"

pytestmark = pytest.mark.browser

# What a person sees can take seconds on a busy 2-core machine (CI runs the whole
# suite there): every assertion waits up to the pages' own timeout, never for a fixed
# time, so a quiet machine still passes at once (issue 14).
expect.set_options(timeout=15_000)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")


def start_server(
    tmp: Path, database_url: str | None = None, env: dict | None = None, port: int | None = None
) -> Server:
    port = port or _free_port()
    database_url = database_url or f"sqlite:///{tmp / 'browser.sqlite3'}"
    log = tmp / f"server-{port}.log"
    environ = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PARI_BASE_URL": f"http://127.0.0.1:{port}",
        **(env or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=environ,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    import urllib.request

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        raise RuntimeError("server did not start in 60 s")
    return Server(url=f"http://127.0.0.1:{port}", database_url=database_url, process=proc, log=log)


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    """A fresh server on a fresh SQLite database, for one test."""
    srv = start_server(tmp_path)
    yield srv
    stop_server(srv)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(BROWSER) and not Path(BROWSER).exists():
        pytest.fail(f"Chromium not found at {BROWSER}: install Debian's chromium (see .ci/run)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=BROWSER, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone(browser):
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    yield page
    ctx.close()


@pytest.fixture
def desk(browser):
    ctx = browser.new_context(viewport=PROJECTOR)
    page = ctx.new_page()
    page.set_default_timeout(15_000)
    yield page
    ctx.close()


def shot(page, name: str) -> Path:
    """Keep a screenshot under artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@contextlib.contextmanager
def page_shown_on_failure(page, name: str) -> Iterator[None]:
    """On a failed assertion, say what the page showed (its text, in the failure's
    message, and a screenshot under artifacts/): a flaky failure on a busy CI machine
    is then read from the log, not guessed at."""
    try:
        yield
    except AssertionError as failure:
        try:
            shown = page.locator("body").inner_text(timeout=3_000)
            shot(page, f"failed-{name}")
        except PlaywrightError as unreadable:  # the page itself may be what broke
            shown = f"(unreadable: {unreadable})"
        raise AssertionError(f"{failure}\n--- {page.url} showed:\n{shown[:3_000]}") from failure


def wait_idle(page, timeout: float = 15_000) -> None:
    """Wait until Streamlit has settled: no run requested or running, and no element of
    an earlier run left on screen (under load a rerun shows old and new copies of an
    element for a moment, DESIGN section 8). Waits for the page's state, never a time."""
    page.wait_for_function(
        """() => {
            const app = document.querySelector("[data-testid='stApp']");
            return app
                && app.getAttribute("data-test-script-state") === "notRunning"
                && !document.querySelector("[data-testid='stStatusWidget']")
                && !document.querySelector("[data-stale='true']");
        }""",
        timeout=timeout,
    )


class Runs:
    """The runs the server has finished for a page, counted off its websocket (each
    ``ForwardMsg`` with ``script_finished``): exact however fast a run is, where the
    page's script-state attribute can skip a short run altogether. Whole runs and
    fragment runs are counted apart, so a fragment refreshing itself (the run page's
    counts) is never taken for the run a click asked for. Made before the page opens
    its socket (before ``goto``)."""

    WHOLE = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY

    def __init__(self, page) -> None:
        self.page = page
        self.whole = 0
        self.fragments = 0
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        try:
            msg = ForwardMsg.FromString(bytes(payload))
        except DecodeError:
            return
        if msg.WhichOneof("type") == "script_finished":
            if msg.script_finished == self.WHOLE:
                self.whole += 1
            else:
                self.fragments += 1

    def click(self, locator, *, in_fragment: bool = False, timeout: float = 15_000) -> None:
        """Click, then wait for the run the click asked for (a whole run, or a fragment's
        for a button inside one) to end and the page to settle. Waiting for "idle"
        alone can pass before that run has even begun (on a busy machine the click's
        message is still on its way), and the next step then meets the page mid-run."""
        count = (lambda: self.fragments) if in_fragment else (lambda: self.whole)
        before = count()
        locator.click()
        deadline = time.monotonic() + timeout / 1000
        while count() <= before:
            if time.monotonic() > deadline:
                raise AssertionError(f"no run ended within {timeout / 1000:.0f} s of the click")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the socket's frames
        wait_idle(self.page, timeout)


def choose(page, label: str, option: str, attempts: int = 3) -> None:
    """Pick ``option`` in the selectbox ``label`` as a person does: type, then Enter once
    the list shows that one option. On a busy machine a rerun of a fragment elsewhere on
    the page can close the list before the Enter; then a person opens it again, and so
    does this (a bounded number of times), until the box shows the option."""
    field = page.get_by_role("combobox", name=label)
    for _ in range(attempts):
        wait_idle(page)
        field.click()
        field.fill(option)
        try:
            expect(page.get_by_role("option")).to_have_count(1, timeout=5_000)
            page.keyboard.press("Enter")
            expect(field).to_have_value(option, timeout=5_000)
            return
        except AssertionError:
            page.keyboard.press("Escape")
    expect(field).to_have_value(option)


def dot_button(page, card_id: int, sign: str = "+"):
    """A card's + or − in the phone's dot vote (pari/components/dot_vote.js; Playwright's
    locators reach into the element's open shadow root)."""
    return page.locator(f'[data-key="{"plus" if sign == "+" else "minus"}_{card_id}"]')
