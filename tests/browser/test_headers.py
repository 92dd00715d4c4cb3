"""Issue 16, point 8, against a real server: every HTTP response carries a
Content-Security-Policy with ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``;
under that policy Chromium runs the phone (its vote element), the login (the cookie
writer's iframe), the presenter and the local plan (Plotly) with no violation
reported, and refuses to frame the app; ``/_stcore/metrics`` answers only a request
made on this machine, not one passed on by a proxy."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import accounts
from pari.db import make_engine, migrate
from pari.demo import create_demo
from pari.models import Contribution, Role, StakeholderGroup, StepKind, Workshop
from tests.browser.conftest import PHONE, PROJECTOR, dot_button, shot, wait_idle
from tests.factories import make_current, make_phone, make_workshop

PASSWORD = "a long enough secret"
COOKIE_WRITER = "/component/extra_streamlit_components.CookieManager.cookie_manager/index.html"
# Every frame of every page records what the policy blocked (init scripts run in iframes too).
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def _get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.fixture
def room(server):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        coord = accounts.create_user(
            session=s,
            username="coord",
            name="Coordinator",
            password=PASSWORD,
            role=Role.COORDINATOR,
        )
        s.commit()
        create_demo(session=s, owner_username="coord")
        s.commit()
        plan_code = s.exec(select(Workshop).where(Workshop.territory == "Navarra")).one().code
        workshop, steps = make_workshop(
            s,
            owner=coord,
            code="KX7P2M",
            steps=[
                (StepKind.CHECK_IN, "Welcome", {}),
                (StepKind.IDEAS, "Challenges", {}),
                (StepKind.DOT_VOTE, "Priorities", {"budget": 3, "per_card_cap": 2}, 1),
            ],
        )
        other, _ = make_phone(s, workshop, group=StakeholderGroup.BUSINESS)
        card = Contribution(
            workshop_id=workshop.id, step_id=steps[1].id, participant_id=other.id, text="Bus"
        )
        s.add(card)
        s.commit()
        make_current(s, workshop, steps[2])
        ids = {"plan": plan_code, "live": workshop.code, "card": card.id}
    yield ids
    engine.dispose()


def test_every_response_says_no_framing_and_only_our_scripts(server):
    status, _h, page = _get(f"{server.url}/")
    script = re.search(r'src="\./(static/js/index\.[^"]+\.js)"', page.decode())
    assert status == 200 and script
    for path in ["/", "/sign-in?p=x", "/_stcore/health", "/no/such.png"]:
        _status, headers, _body = _get(server.url + path)
        csp = headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp, path
        assert headers.get("x-frame-options") == "DENY", path
        assert headers.get("referrer-policy") == "no-referrer", path
        scripts = next(d for d in csp.split("; ") if d.startswith("script-src "))
        assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, scripts
    # Streamlit's hashed files: a policy protects nothing on a script (it applies to
    # documents), and would cost ~50 KB a cold join (issue 15); the other two stay.
    _status, headers, _body = _get(server.url + "/" + script.group(1))
    assert headers.get("referrer-policy") == "no-referrer"
    assert headers.get("x-content-type-options") == "nosniff"
    assert "content-security-policy" not in headers
    # The cookie writer's page is framed by our own page, and by no other.
    _status, headers, _body = _get(f"{server.url}{COOKIE_WRITER}")
    assert "frame-ancestors 'self'" in headers["content-security-policy"]
    assert headers.get("x-frame-options") == "SAMEORIGIN"


def test_metrics_answer_this_machine_only(server):
    status, _h, body = _get(f"{server.url}/_stcore/metrics")
    assert status == 200 and b"active_sessions" in body  # as bench/server.py reads it
    for header in (
        {"X-Forwarded-For": "203.0.113.7"},
        {"X-Real-IP": "203.0.113.7"},
        {"Forwarded": "for=203.0.113.7"},
    ):
        status, _h, body = _get(f"{server.url}/_stcore/metrics", header)
        assert status == 404 and b"active_sessions" not in body, header
    status, _h, body = _get(f"{server.url}/_stcore/metrics/", {"X-Forwarded-For": "1.2.3.4"})
    assert b"active_sessions" not in body


def _violations(page) -> list[str]:
    found = []
    for frame in page.frames:
        try:
            found += frame.evaluate("() => window.__csp || []")
        except Exception:  # noqa: BLE001 (a frame gone meanwhile holds nothing to read)
            continue
    return found


def test_pages_work_under_the_policy_and_report_no_violation(server, browser, room):
    console: list[str] = []

    def context(viewport: dict, **kw):
        ctx = browser.new_context(viewport=viewport, **kw)
        ctx.add_init_script(RECORD_VIOLATIONS)
        page = ctx.new_page()
        page.set_default_timeout(30_000)
        page.on("console", lambda m: console.append(m.text))
        page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: console.append(f"failed: {r.url}"))
        page.on("response", lambda r: r.status >= 400 and console.append(f"{r.status}: {r.url}"))
        return ctx, page

    blocked: list[str] = []
    desk_ctx, desk = context(PROJECTOR)
    phone_ctx, phone = context(PHONE, is_mobile=True, has_touch=True)
    try:
        # Login: the authenticator's cookie iframe writes the cookie.
        desk.goto(f"{server.url}/sign-in")
        wait_idle(desk)
        desk.get_by_label("Username", exact=True).fill("coord")
        desk.get_by_label("Password", exact=True).fill(PASSWORD)
        desk.get_by_role("button", name="Log in").click()
        expect(desk.get_by_role("heading", name="Workshops", exact=True)).to_be_visible()
        desk.wait_for_function("() => document.cookie.includes('pari_auth=')")
        blocked += _violations(desk)

        # The phone: check in, then a tap on the vote element (a components-v2 element).
        phone.goto(f"{server.url}/?join={room['live']}")
        phone.get_by_text("Civil society and residents").click()
        phone.get_by_role("button", name="I agree, let's start").click()
        dot_button(phone, room["card"]).click()
        expect(phone.get_by_text("2 dots left")).to_be_visible()
        shot(phone, "csp-phone-vote")
        blocked += _violations(phone)

        # The presenter's live chart and the local plan's charts (Plotly).
        desk.goto(f"{server.url}/screen?w={room['live']}")
        expect(desk.get_by_test_id("join-code")).to_have_text(room["live"])
        expect(desk.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        shot(desk, "csp-presenter")
        blocked += _violations(desk)
        desk.goto(f"{server.url}/local-plan?w={room['plan']}")
        expect(desk.locator(".js-plotly-plot .main-svg").first).to_be_visible()
        wait_idle(desk)
        blocked += _violations(desk)

        # Framed by any page: refused.
        desk.set_content(f'<iframe src="{server.url}/" width="400" height="300"></iframe>')
        desk.wait_for_timeout(2000)  # nothing to wait for: the frame stays empty
        assert any("frame-ancestors" in m for m in console), console[-5:]
        framed = desk.frames[-1]
        assert "Join a workshop" not in (framed.content() if framed != desk.main_frame else "")
    finally:
        desk_ctx.close()
        phone_ctx.close()
    assert blocked == []
    reported = [m for m in console if "Content Security Policy" in m and "frame-ancestors" not in m]
    assert reported == []
    assert "Traceback" not in server.log_text()
