"""Issue 21, item 4, in a real browser at 1280x720: a coordinator reads the follow-up
progress on the dashboard (three pledges made ten days ago, all planned), records two
status changes where follow-up is recorded (the local plan's Follow-up tab), and the
dashboard, reloaded, counts them now and over time; the workshop's public results
page, switched on, shows the same counts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace

import pyarrow as pa
import pytest
from google.protobuf.message import DecodeError
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect
from sqlmodel import Session, select
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from pari import accounts, urls
from pari import workshops as ws
from pari.db import make_engine, migrate
from pari.i18n import format_date
from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    StepKind,
    Workshop,
    WorkshopStatus,
    utcnow,
)
from pari.reporting import plan as local_plan
from pari.reporting import public
from pari.reporting import tables as plan_tables
from pari.steps.commitments import rules as pledge_rules
from pari.workshops.window import zone
from tests.browser.conftest import Runs, page_shown_on_failure, shot, wait_idle
from tests.browser.test_facilitator import coordinator_and_maria, log_in
from tests.browser.test_reveal import open_page
from tests.factories import make_current, make_phone, make_workshop

CODE = "FW3KP8"
DESK = {"width": 1280, "height": 720}
STEPS = [
    (StepKind.CHECK_IN, "Who is in the room?", {}),
    (StepKind.COMMITMENTS, "Who does what", {}),
]
CHECK_IN, PLEDGES = range(len(STEPS))
BUS, YOUTH = "A bus on Sundays", "A youth centre"
# (priority, what, organisation): the organisation names the pledge in the plan's list
PLEDGED = [
    (BUS, "Drive the minibus on Sundays", "Kinda Riders"),
    (BUS, "Lend the parish minibus", "Parish of Kisa"),
    (YOUTH, "Find a room for the youth centre", "Kisa Youth Club"),
]
MADE_DAYS_AGO = 10


def pledged(database_url: str) -> SimpleNamespace:
    """Maria's workshop, held ten days ago: three pledges made then, none followed up."""
    engine = make_engine(database_url)
    migrate(engine)
    with Session(engine, expire_on_commit=False) as s:
        maria = coordinator_and_maria(s)
        owner = accounts.to_auth_user(maria)
        w, steps = make_workshop(s, owner=maria, steps=STEPS, code=CODE)
        made = utcnow() - timedelta(days=MADE_DAYS_AGO)
        workshop = s.get(Workshop, w.id)
        workshop.title = "Kisa local plan"
        workshop.held_on = made.astimezone(zone(workshop.timezone)).date()
        s.add(workshop)
        s.commit()
        make_current(s, w, steps[PLEDGES])
        ids = []
        for priority, what, organisation in PLEDGED:
            person, _token = make_phone(s, w, group=StakeholderGroup.SOCIAL_ECONOMY)
            person.organisation = organisation
            s.add(person)
            s.commit()
            pledge = pledge_rules.pledge(
                session=s,
                participant_id=person.id,
                step_id=steps[PLEDGES].id,
                role=CommitmentRole.LEAD,
                kind=CommitmentKind.TIME,
                what=what,
                priority_text=priority,
            )
            s.commit()
            ids.append(pledge.id)
        for pledge in s.exec(select(Commitment).where(Commitment.id.in_(ids))):
            pledge.created_at = pledge.updated_at = made
            s.add(pledge)
        ws.set_status(session=s, user=owner, workshop_id=w.id, status=WorkshopStatus.CLOSED)
        s.commit()
        tz = zone(workshop.timezone)
        days = (format_date(made.astimezone(tz)), format_date(utcnow().astimezone(tz)))
    return SimpleNamespace(engine=engine, owner=owner, workshop_id=w.id, days=days)


@pytest.fixture
def room(server) -> Iterator[SimpleNamespace]:
    r = pledged(server.database_url)
    yield r
    r.engine.dispose()


def metric(page, label: str):
    """The value of the metric labelled ``label`` (exactly)."""
    return (
        page.get_by_test_id("stMetric")
        .filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
        .get_by_test_id("stMetricValue")
    )


def assert_counts(page, planned: int, in_progress: int, done: int, dropped: int) -> None:
    counts = (("Planned", planned), ("In progress", in_progress), ("Done", done))
    for label, n in (*counts, ("Dropped", dropped)):
        expect(metric(page, label)).to_have_text(str(n))


COUNTS = ["Planned", "In progress", "Done", "Dropped", "Pledges"]


class Tables:
    """The dataframes the server sends a page, read off its websocket: a table is drawn
    on a canvas, so its cells are not in the HTML; the rows sent are what it draws.
    Made before the page opens its socket."""

    def __init__(self, page) -> None:
        self.page = page
        self.seen: list[list[tuple]] = []  # each table's header, then its rows
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        if not isinstance(payload, bytes | bytearray):
            return
        try:
            msg = ForwardMsg.FromString(bytes(payload))
        except DecodeError:
            return
        if msg.WhichOneof("type") != "delta":
            return
        element = msg.delta.new_element
        if element.WhichOneof("type") != "dataframe" or not element.dataframe.arrow_data.data:
            return
        frame = pa.ipc.open_stream(element.dataframe.arrow_data.data).read_all().to_pandas()
        rows = [tuple(str(v) for v in row) for row in frame.itertuples(index=False)]
        self.seen.append([tuple(frame.columns), *rows])

    def over_time(self, expected: list[tuple], timeout: float = 20) -> None:
        """Wait until the latest over-time table (a date, then the counts) sent has
        ``expected`` rows."""
        header = ("Date", *COUNTS)
        deadline = time.monotonic() + timeout
        while True:
            found = [t[1:] for t in self.seen if t[0] == header]
            if found and found[-1] == expected:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"over time: {found[-1:] or 'no table'} != {expected}")
            self.page.wait_for_timeout(50)  # lets Playwright deliver the socket's frames


def shot_progress(page, name: str, below: str = "By priority") -> None:
    """Screenshots of the progress section: its counts, then its chart and table (up to
    the heading ``below``). The page scrolls inside Streamlit's container, so a
    full-page screenshot shows the top alone."""
    page.get_by_role("heading", name="Follow-up progress").evaluate("h => h.scrollIntoView()")
    wait_idle(page)
    shot(page, name)
    page.get_by_role("heading", name=below).evaluate("h => h.scrollIntoView({block: 'end'})")
    wait_idle(page)
    shot(page, f"{name}-chart")


def open_dashboard(page, url: str) -> None:
    open_page(
        page,
        f"{url}/{urls.OVERVIEW}",
        lambda p: p.get_by_role("heading", name="Follow-up progress"),
    )
    wait_idle(page)


def follow_up_tab(page) -> None:
    """Open the local plan's Follow-up tab if it is not the one shown."""
    wait_idle(page)
    tab = page.get_by_role("tab", name="Follow-up")
    if tab.get_attribute("aria-selected") != "true":
        tab.click()
    expect(tab).to_have_attribute("aria-selected", "true")
    expect(page.get_by_role("heading", name="Follow up the pledges")).to_be_visible()


def record(runs: Runs, pledge: str, status: str, attempts: int = 3) -> None:
    """On the local plan's Follow-up tab: choose ``pledge``, set ``status``, save.

    The page comes back on its first tab after a save, and again on the next run (the
    "Update saved." above the tabs goes); on a busy machine that run can land after
    the tab was opened again. A person then opens Follow-up once more and carries on,
    and so does this, a bounded number of times, up to the save (which is done once)."""
    page = runs.page
    field = page.get_by_role("combobox", name="Pledge")
    form = page.get_by_test_id("stForm").filter(
        has=page.get_by_role("button", name="Save the update")
    )
    note = f"{status} since this week."
    for attempt in range(1, attempts + 1):
        try:
            follow_up_tab(page)
            if field.input_value(timeout=5_000) != pledge:
                before = runs.whole
                field.click(timeout=5_000)
                field.fill(pledge, timeout=5_000)
                expect(page.get_by_role("option")).to_have_count(1, timeout=5_000)
                page.keyboard.press("Enter")
                deadline = time.monotonic() + 20
                while runs.whole <= before:  # the run the choice asked for, ended
                    assert time.monotonic() < deadline, "no run within 20 s of the choice"
                    page.wait_for_timeout(50)  # lets Playwright deliver the socket's frames
                follow_up_tab(page)
            expect(field).to_have_value(pledge, timeout=5_000)
            form.get_by_text(status, exact=True).click(timeout=5_000)
            form.get_by_label("Note (dated today)").fill(note, timeout=5_000)
            expect(form.get_by_role("radio", name=status)).to_be_checked(timeout=5_000)
            expect(page.get_by_role("tab", name="Follow-up")).to_have_attribute(
                "aria-selected", "true", timeout=1_000
            )
            break
        except (AssertionError, PlaywrightError):
            if attempt == attempts:
                raise
            page.keyboard.press("Escape")
    runs.click(form.get_by_role("button", name="Save the update"))
    expect(page.get_by_text("Update saved.")).to_be_visible()


def over_time_chart(page, lines: list[str]) -> None:
    """The progress chart's days and counts as its text alternative reads them, one
    line per day ("4 Dec 2026 · Planned 1 · In progress 1 · Done 1 · Dropped 0")."""
    rows = page.locator("table.pari-chart-text").filter(has_text="· In progress ")
    rows = rows.locator("tbody tr")
    expect(rows).to_have_count(len(lines))
    shown = [" · ".join(r.split("\t")) for r in rows.all_inner_texts()]
    assert shown == lines


def test_the_progress_view_after_two_status_changes(server, room, browser):
    context = browser.new_context(viewport=DESK)
    page = context.new_page()
    page.set_default_timeout(20_000)
    runs, sent = Runs(page), Tables(page)
    log_in(page, server.url, "coord")
    open_dashboard(page, server.url)
    made, today = room.days
    with page_shown_on_failure(page, "progress-before"):
        assert_counts(page, planned=3, in_progress=0, done=0, dropped=0)
        # Made ten days ago, unchanged since: the same counts then and today.
        sent.over_time([(made, "3", "0", "0", "0", "3"), (today, "3", "0", "0", "0", "3")])
        over_time_chart(
            page,
            [
                f"{made} · Planned 3 · In progress 0 · Done 0 · Dropped 0",
                f"{today} · Planned 3 · In progress 0 · Done 0 · Dropped 0",
            ],
        )
        shot(page, "progress-dashboard-before")
        shot_progress(page, "progress-dashboard-before-section")

    # Where follow-up is recorded: the local plan's Follow-up tab.
    with Session(room.engine) as s:
        names = list(
            plan_tables.pledge_names(
                local_plan.collect(session=s, workshop_id=room.workshop_id).pledges
            ).values()
        )
    open_page(
        page,
        f"{server.url}/{urls.LOCAL_PLAN}?w={CODE}",
        lambda p: p.get_by_test_id("plan-title"),
    )
    with page_shown_on_failure(page, "progress-follow-up"):
        wait_idle(page)
        record(runs, names[0], "In progress")
        record(runs, names[1], "Done")
        expect(metric(page, "Pledges done")).to_have_text("1")
        follow_up_tab(page)
        # The pledge just followed up shows its new status.
        form = page.get_by_test_id("stForm").filter(has_text="Note (dated today)")
        expect(form.get_by_role("radio", name="Done")).to_be_checked()
        page.get_by_role("heading", name="Follow up the pledges").evaluate(
            "h => h.scrollIntoView()"
        )
        wait_idle(page)
        shot(page, "progress-follow-up")

    sent.seen.clear()
    open_dashboard(page, server.url)
    with page_shown_on_failure(page, "progress-after"):
        assert_counts(page, planned=1, in_progress=1, done=1, dropped=0)
        # Ten days ago as it was; today, the two changes.
        sent.over_time([(made, "3", "0", "0", "0", "3"), (today, "1", "1", "1", "0", "3")])
        over_time_chart(
            page,
            [
                f"{made} · Planned 3 · In progress 0 · Done 0 · Dropped 0",
                f"{today} · Planned 1 · In progress 1 · Done 1 · Dropped 0",
            ],
        )
        shot_progress(page, "progress-dashboard-after")
    context.close()

    # The public page, switched on, shows the same counts to anyone.
    with Session(room.engine) as s:
        workshop = public.set_public(
            session=s, user=room.owner, workshop_id=room.workshop_id, on=True
        )
        s.commit()
        link = public.link(server.url, workshop.public_key)
    reader = browser.new_context(viewport=DESK).new_page()
    reader.set_default_timeout(20_000)
    reader.goto(link)
    with page_shown_on_failure(reader, "progress-public"):
        expect(reader.get_by_role("heading", name="Follow-up progress")).to_be_visible()
        assert_counts(reader, planned=1, in_progress=1, done=1, dropped=0)
        wait_idle(reader)
        # The same days and counts over time as the dashboard.
        over_time_chart(
            reader,
            [
                f"{made} · Planned 3 · In progress 0 · Done 0 · Dropped 0",
                f"{today} · Planned 1 · In progress 1 · Done 1 · Dropped 0",
            ],
        )
        shot_progress(reader, "progress-public", below="Next steps")
    reader.context.close()
