"""The local plan report: HTML and PDF from the same data, charts drawn, text escaped.

The PDF tests print the real thing (kaleido through Debian's Chromium, WeasyPrint)
and read it back with poppler: pdftoppm renders the first page to an image,
pdftotext gives its text layer.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import plotly.graph_objects as go
import pytest
from PIL import Image
from sqlmodel import select

from pari import accounts
from pari import workshops as ws
from pari.demo import create_demo
from pari.models import (
    MAX_CARD_TEXT,
    CommitmentKind,
    CommitmentRole,
    StakeholderGroup,
    Workshop,
)
from pari.reporting import cache, chromium, document
from pari.reporting import plan as local_plan
from pari.steps.commitments import rules as pledge_rules
from pari.steps.ideas import rules as ideas_rules
from tests.factories import make_participant, make_user


@pytest.fixture(autouse=True, scope="module")
def _poppler() -> None:
    """The PDF is read back with poppler; `make test` installs it (deploy/system-deps.sh)."""
    if not (shutil.which("pdftoppm") and shutil.which("pdftotext")):
        pytest.fail("poppler-utils missing: run `bash deploy/system-deps.sh test` as root")


def first_page(pdf: bytes, tmp_path: Path, dpi: int = 50) -> Image.Image:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-f", "1", "-l", "1", "-r", str(dpi), "-png", str(path), str(tmp_path / "p")],
        check=True,
        timeout=60,
    )
    return Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


def ink(image: Image.Image) -> tuple[int, int]:
    """(non-white pixels, colourful pixels): text and lines, and chart colours."""
    dark = colourful = 0
    for r, g, b in image.get_flattened_data():
        if min(r, g, b) < 235:
            dark += 1
        if max(r, g, b) - min(r, g, b) > 80:
            colourful += 1
    return dark, colourful


def test_demo_plan_pdf_opens_and_shows_the_charts(session, tmp_path):
    result = create_demo(session=session)
    session.commit()
    workshops = session.exec(select(Workshop).where(Workshop.code.in_(result.codes))).all()
    for w in workshops:
        # The demo debrief has one or two people per group, "Too few to show" at the
        # default size (tests/test_privacy.py); here every group's colour is drawn.
        w.min_group_size = 1
    session.commit()
    for w in workshops:
        plan = local_plan.collect(session=session, workshop_id=w.id)
        pdf = document.pdf_report(plan, lang="en")
        assert pdf.startswith(b"%PDF")
        page = first_page(pdf, tmp_path / w.code)
        dark, colourful = ink(page)
        width, height = page.size
        assert dark > 0.02 * width * height, "first page is blank"
        # The room donut in the groups' colours is on the first page.
        assert colourful > 500, "no chart colours on the first page"
        text = pdf_text(pdf, tmp_path / w.code)
        assert w.title in text
        assert w.territory in text
        assert "Commitments" in text and "Page 1 / " in text
        html = document.html_report(plan, lang="en")
        # Donut, matrix, radar at least; a finished workshop adds dots, agreement, pledges.
        assert html.count("<svg") >= (3 if w.status.value == "live" else 4)


def test_report_html_escapes_stakeholder_text_and_keeps_accents(session):
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(session=session, user=owner, title="Plan <Ñandú> & 🌱")
    steps = ws.list_steps(session=session, workshop_id=w.id)
    person = make_participant(  # named in the plan: they chose so
        session,
        w,
        group=StakeholderGroup.CIVIL_SOCIETY,
        name="<script>x</script> José 🚜",
        name_in_plan=True,
    )
    session.commit()
    by_title = {s.title: s for s in steps}
    paths = by_title["Innovation paths"]
    ws.open_step(session=session, user=owner, step_id=paths.id)
    session.commit()
    long_text = ("Ünïcödé café " * 60)[: MAX_CARD_TEXT - 1] + "🌾"
    card = ideas_rules.add_card(
        session=session,
        participant_id=person.id,
        step_id=paths.id,
        text=long_text,
        category=(paths.config.get("categories") or [None])[0],
    )
    ideas_rules.add_card(
        session=session,
        participant_id=person.id,
        step_id=paths.id,
        text="<img src=x onerror=alert(1)> =HYPERLINK()",
        category=(paths.config.get("categories") or [None])[0],
    )
    session.commit()
    pledge_step = next(s for s in steps if s.kind.value == "commitments")
    ws.open_step(session=session, user=owner, step_id=pledge_step.id)
    session.commit()
    pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=pledge_step.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.MONEY,
        what="**5 000 €** <b>now</b>",
        contribution_id=card.id,
        amount=5000.0,
        unit="EUR",
    )
    session.commit()
    plan = local_plan.collect(session=session, workshop_id=w.id)
    page = document.html_report(plan, lang="en", draw_charts=False)
    assert "<script>x" not in page and "<img src=x" not in page and "<b>now" not in page
    assert "&lt;script&gt;x&lt;/script&gt; José 🚜" in page
    assert "Plan &lt;Ñandú&gt; &amp; 🌱" in page
    assert long_text in page  # the longest card, whole
    assert "5,000 EUR" in page
    # The same report in French writes numbers and dates the French way.
    french = document.html_report(plan, lang="fr", draw_charts=False)
    assert "5\u202f000 EUR" in french or "5\xa0000 EUR" in french
    assert "**5 000 €** &lt;b&gt;now&lt;/b&gt;" in page


def test_empty_workshop_report_says_why_each_part_is_empty(session, tmp_path):
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(session=session, user=owner, title="Nobody came")
    session.commit()
    plan = local_plan.collect(session=session, workshop_id=w.id)
    page = document.html_report(plan, lang="en")
    for message in (
        "Nobody checked in to this workshop.",
        "Nobody voted in this step.",
        "Nobody rated the readiness dimensions.",
        "No commitments were made.",
        "The facilitator has not written the next steps yet.",
    ):
        assert message in page
    assert "Nobody came" in pdf_text(document.pdf_report(plan, lang="en"), tmp_path)


def test_report_in_the_workshop_language(session):
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(session=session, user=owner, title="Kinda")
    session.commit()
    plan = local_plan.collect(session=session, workshop_id=w.id)
    page = document.html_report(plan, lang="sv", draw_charts=False)
    assert '<html lang="sv">' in page


def test_deleted_workshop_says_so(session):
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(session=session, user=owner, title="Gone")
    session.commit()
    session.delete(session.get(Workshop, w.id))
    session.commit()
    with pytest.raises(local_plan.PlanUnavailable):
        local_plan.collect(session=session, workshop_id=w.id)


def test_reports_are_cached_by_workshop_version_language_and_format():
    calls = []

    def build(tag):
        def run():
            calls.append(tag)
            return tag.encode()

        return run

    assert cache.cached(("t", 1, "en", "pdf"), build("a")) == b"a"
    assert cache.cached(("t", 1, "en", "pdf"), build("b")) == b"a"
    assert cache.cached(("t", 2, "en", "pdf"), build("c")) == b"c"
    assert cache.cached(("t", 2, "sv", "pdf"), build("d")) == b"d"
    assert calls == ["a", "c", "d"]


def test_kaleido_calls_from_threads_each_get_their_own_figure():
    """The resident browser is shared: without the lock threads got each other's images."""
    figs = {
        name: go.Figure(go.Bar(x=[name], y=[1]), layout={"width": 300, "height": 200})
        for name in ("alpha", "bravo", "charlie", "delta")
    }
    out: dict[str, str] = {}

    def draw(name):
        out[name] = chromium.svg(figs[name])

    threads = [threading.Thread(target=draw, args=(n,)) for n in figs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    for name, image in out.items():
        assert image.lstrip().startswith("<svg")
        assert f">{name}<" in image
        assert all(f">{other}<" not in image for other in figs if other != name)
