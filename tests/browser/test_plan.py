"""Issue 5 in a real browser, at projector size: a coordinator opens the dashboard,
then a workshop's local plan, and downloads its PDF report (built on the click)."""

from __future__ import annotations

import subprocess

from playwright.sync_api import expect
from sqlmodel import Session, select

from pari import accounts
from pari.db import make_engine, migrate
from pari.demo import create_demo
from pari.models import Role, Workshop
from tests.browser.conftest import PROJECTOR, shot, wait_idle

PASSWORD = "a long enough secret"


def test_coordinator_dashboard_plan_and_pdf(server, browser, tmp_path):
    engine = make_engine(server.database_url)
    migrate(engine)
    with Session(engine) as s:
        accounts.create_user(
            session=s,
            username="coord",
            name="Coordinator",
            password=PASSWORD,
            role=Role.COORDINATOR,
        )
        s.commit()
        create_demo(session=s, owner_username="coord")
        s.commit()
        salazar = s.exec(select(Workshop).where(Workshop.territory == "Navarra")).one()
        code, title = salazar.code, salazar.title
    engine.dispose()

    context = browser.new_context(viewport=PROJECTOR, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server.url}/sign-in")
    wait_idle(page)
    page.get_by_label("Username", exact=True).fill("coord")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Workshops", exact=True)).to_be_visible()
    wait_idle(page)
    # The login cookie is written by the authenticator's component once the page has
    # drawn it: wait for the browser to hold it, not for a time.
    page.wait_for_function("() => document.cookie.includes('pari_auth=')")

    page.goto(f"{server.url}/overview")
    expect(page.get_by_role("heading", name="Readiness by territory")).to_be_visible()
    wait_idle(page)
    radars = page.locator(".js-plotly-plot").first
    expect(radars).to_be_visible()
    for territory in ("Navarra", "Östergötland"):  # one radar per territory, side by side
        expect(radars.get_by_text(territory, exact=True)).to_be_visible()
    shot(page, "plan-dashboard-projector")

    # Territories in name order: Navarra's plan is the first offered.
    page.get_by_role("button", name="Open its local plan").click()
    expect(page.get_by_test_id("plan-title")).to_have_text(title)
    assert f"w={code}" in page.url
    wait_idle(page)
    expect(page.get_by_role("heading", name="Who took part")).to_be_visible()
    shot(page, "plan-page-projector")

    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="Report as PDF").click()
    path = tmp_path / "plan.pdf"
    download.value.save_as(path)
    assert download.value.suggested_filename.startswith(f"pari-plan-{code}")
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert title in text and "Navarra" in text
    shot(page, "plan-downloads-projector")
    context.close()
