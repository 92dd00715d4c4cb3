"""Two replicas on one PostgreSQL behind nginx (issue 8): sticky sessions, websockets
through the proxy, and a vote through one replica showing on the other's presenter."""

from __future__ import annotations

import gzip
import os
import re
import time
import urllib.request

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from pari import auth, versioning
from pari.accounts import to_auth_user
from pari.db import make_engine
from pari.models import Role, StepKind, StepState
from pari.phone import joining
from pari.steps.check_in import rules as check_in_rules
from pari.steps.ideas import rules as ideas_rules
from tests.browser.conftest import PHONE, PROJECTOR, dot_button, shot
from tests.browser.replicas import cluster, fresh_pg_database, pg_admin_url
from tests.factories import make_user, make_workshop

PG = pg_admin_url()
if not PG and os.environ.get("CI"):
    raise RuntimeError("CI must set PARI_TEST_DATABASE_URL: the replica test needs PostgreSQL")
pytestmark = pytest.mark.skipif(not PG, reason="needs PARI_TEST_DATABASE_URL (PostgreSQL)")


@pytest.fixture
def setup(tmp_path):
    with fresh_pg_database(PG) as url:
        engine = make_engine(url)
        with Session(engine, expire_on_commit=False) as s:
            owner = make_user(s, role=Role.FACILITATOR, username="fac")
            key = auth.cookie_key(session=s, configured=None)
            workshop, steps = make_workshop(
                s,
                owner=owner,
                steps=[
                    (StepKind.CHECK_IN, "Check-in", {}),
                    (StepKind.IDEAS, "Challenges", {}),
                    (StepKind.DOT_VOTE, "Priorities", {"budget": 3, "per_card_cap": 2}, 1),
                ],
            )
            # One card already written, so the vote has something to vote on.
            writer = joining.join(session=s, code=workshop.code, client_key="t").participant
            check_in_rules.check_in(
                session=s, participant_id=writer.id, group="business", consent=True
            )
            workshop.current_step_id = steps[1].id
            steps[1].state = StepState.OPEN
            s.add_all([workshop, steps[1]])
            s.commit()
            card = ideas_rules.add_card(
                session=s, participant_id=writer.id, step_id=steps[1].id, text="No bus after 18:00"
            )
            s.commit()  # the phone's write, then the facilitator's move, as in a room
            steps[1].state = StepState.CLOSED
            steps[2].state = StepState.OPEN
            workshop.current_step_id = steps[2].id
            s.add_all([workshop, steps[1], steps[2]])
            versioning.bump(s, workshop.id, stage=True)
            s.commit()
            token = auth.issue_token(username=owner.username, key=key, expiry_days=1)
            ctx = {
                "code": workshop.code,
                "card_id": card.id,
                "token": token,
                "owner": to_auth_user(owner),
            }
        with cluster(tmp_path, url) as c:
            yield c, ctx
        engine.dispose()


def test_nginx_keeps_a_browser_on_one_replica(setup):
    c, _ = setup
    for replica in range(2):
        route = c.route_to(replica)
        want = c.replicas[replica].url.removeprefix("http://")
        for i in range(5):
            assert c.upstream_of(f"/sticky-{replica}-{i}", route) == want
            req = urllib.request.Request(f"{c.url}/", headers={"Cookie": f"pari_route={route}"})
            with urllib.request.urlopen(req, timeout=5) as resp:
                assert resp.headers["Referrer-Policy"] == "no-referrer"
                # Which replica answered is nginx's business: no header tells a phone.
                assert not [v for v in resp.headers.values() if want in v]
                assert "X-Pari-Upstream" not in resp.headers


def test_nginx_sends_streamlits_static_files_itself_compressed_and_cached(setup):
    c, _ = setup
    with urllib.request.urlopen(f"{c.url}/", timeout=5) as resp:
        page = resp.read().decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', page)
    assert script, page[:500]
    req = urllib.request.Request(f"{c.url}/{script.group(1)}", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        body = resp.read()
        assert resp.headers["Content-Encoding"] == "gzip"
        assert "immutable" in resp.headers["Cache-Control"]
        assert resp.headers["Content-Type"].startswith("text/javascript")
    assert len(gzip.decompress(body)) > 2 * len(body)
    # Compressed once, beforehand (deploy/render_nginx.py), not for every phone: what
    # nginx sends is the file's own .gz, at a level its on-the-fly gzip does not use.
    assert body == (c.static_root / script.group(1)).with_suffix(".js.gz").read_bytes()
    # No replica was asked: nginx's access log names no upstream for it.
    deadline = time.monotonic() + 5  # the line is written once nginx has answered
    while not (lines := [x for x in c.access_log.read_text().splitlines() if script[1] in x]):
        assert time.monotonic() < deadline, "no access log line for the static file"
        time.sleep(0.05)
    assert lines[-1].split()[-2:] == ["-", "-"], lines[-1]


def test_vote_through_one_replica_shows_on_the_presenter_of_the_other(setup, browser):
    c, ctx = setup
    host = c.url.removeprefix("http://").split(":")[0]

    def context(replica: int, viewport: dict, **cookies: str):
        bctx = browser.new_context(viewport=viewport)
        bctx.add_cookies(
            [{"name": "pari_route", "value": c.route_to(replica), "domain": host, "path": "/"}]
            + [{"name": k, "value": v, "domain": host, "path": "/"} for k, v in cookies.items()]
        )
        page = bctx.new_page()
        page.set_default_timeout(20_000)
        return bctx, page

    desk_ctx, desk = context(1, PROJECTOR, pari_auth=ctx["token"])
    phone_ctx, phone = context(0, PHONE)
    try:
        desk.goto(f"{c.url}/screen?w={ctx['code']}")
        expect(desk.get_by_test_id("join-code")).to_have_text(ctx["code"])
        expect(desk.get_by_test_id("answer-count")).to_contain_text("0")

        phone.goto(f"{c.url}/?join={ctx['code']}")
        phone.get_by_text("Social economy organisations").first.click()
        phone.get_by_role("button", name="I agree, let's start").click()
        shot(phone, "replicas-phone-before-vote")
        dot_button(phone, ctx["card_id"]).click()
        expect(phone.get_by_text("2 dots left")).to_be_visible()
        shot(phone, "replicas-phone-voted")

        # The presenter on the other replica sees the vote without a reload.
        expect(desk.get_by_test_id("answer-count")).to_contain_text("1", timeout=10_000)
        shot(desk, "replicas-presenter")
    finally:
        desk_ctx.close()
        phone_ctx.close()
    upstreams = (c.url, [s.log_text() for s in c.replicas])
    for log in upstreams[1]:
        assert "Traceback" not in log
