"""One escaping rule per output format where people's text lands (issue 16, points 2-3).

A workshop whose facilitator and stakeholders typed the hostile corpus (tests/hostile.py)
and the title that once ran script in the downloaded report goes through every format:
the HTML report (parsed: nothing that runs, no text of anyone's inside <style>), the
PDF (its text layer shows what was typed, the page footer too), the CSV and xlsx
exports (no cell a spreadsheet would run) and Markdown for Streamlit (``md_escape``:
read back, the text is what was typed, with no marker or auto-link left).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from pari import accounts
from pari import workshops as ws
from pari.models import CommitmentKind, CommitmentRole, StakeholderGroup, StepKind
from pari.phone.errors import ParticipationError
from pari.reporting import document, exports, followup
from pari.reporting import plan as local_plan
from pari.steps.commitments import rules as pledge_rules
from pari.steps.ideas import rules as ideas_rules
from pari.text import WORD_JOINER, md_escape, md_message
from tests.factories import make_participant, make_user
from tests.hostile import HOSTILE
from tests.test_report import pdf_text

# The title of issue 16: it closed the report's <style> block and ran its script.
TITLE = "Plan</style><img src=x onerror=alert(document.domain)>"
STEP_TITLE = "[x](http://evil.invalid) **b**"
IDEAS_TITLE = "-1+1 [x](http://evil.invalid)"  # a facilitator's formula-like title
PROMPT = "Read http://evil.invalid and www.evil.invalid, write to a@evil.invalid"
# What can run in a document, or fetch, or frame something.
ACTIVE_TAGS = {"script", "img", "iframe", "object", "embed", "a", "link", "form", "base", "input"}


def _accepted(fn, **kwargs):
    """Store one hostile text if the service takes it (some are refused with a message)."""
    try:
        return fn(**kwargs)
    except ParticipationError:
        return None


@pytest.fixture
def hostile(session):
    """A workshop where every text a person can type holds something hostile."""
    owner = accounts.to_auth_user(make_user(session))
    w = ws.create_workshop(
        session=session, user=owner, title=TITLE, territory=HOSTILE["markdown_link"]
    )
    steps = ws.list_steps(session=session, workshop_id=w.id)
    pledges = next(s for s in steps if s.kind is StepKind.COMMITMENTS)
    # The ideas step the pledges draw their priorities from.
    ideas = next(s for s in steps if s.id == pledges.source_step_id)
    ws.update_step(session=session, user=owner, step_id=ideas.id, title=IDEAS_TITLE, prompt=PROMPT)
    vote = next(s for s in steps if s.kind is StepKind.DOT_VOTE)  # its title heads a section
    ws.update_step(session=session, user=owner, step_id=vote.id, title=STEP_TITLE)
    session.commit()
    ws.open_step(session=session, user=owner, step_id=ideas.id)
    session.commit()
    person = make_participant(
        session,
        w,
        group=StakeholderGroup.CIVIL_SOCIETY,
        name=HOSTILE["html_script"],
        organisation=HOSTILE["formula_equals"],
    )
    session.commit()
    cards = []
    for text in HOSTILE.values():
        card = _accepted(
            ideas_rules.add_card,
            session=session,
            participant_id=person.id,
            step_id=ideas.id,
            text=text,
            category=(ideas.config.get("categories") or [None])[0],
        )
        session.commit()
        if card is not None:
            cards.append(card)
    ws.open_step(session=session, user=owner, step_id=pledges.id)
    session.commit()
    pledge_rules.pledge(
        session=session,
        participant_id=person.id,
        step_id=pledges.id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.MONEY,
        what=HOSTILE["markdown_heading"],
        contribution_id=cards[0].id,
        amount=5.0,
        unit=HOSTILE["formula_plus"],
    )
    followup.set_next_steps(
        session=session, user=owner, workshop_id=w.id, text=HOSTILE["html_tags"]
    )
    session.commit()
    return w, [c.text for c in cards]


# --------------------------------------------------------------------------- HTML report


class _Elements(HTMLParser):
    """Every start tag with its attributes, the text, and what <style> blocks hold."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


def test_html_report_runs_nothing_and_keeps_text_out_of_style(session, hostile):
    workshop, card_texts = hostile
    plan = local_plan.collect(session=session, workshop_id=workshop.id)
    page = document.html_report(plan, lang="en")  # charts drawn: their SVG is inside too
    parsed = _Elements()
    parsed.feed(page)
    assert "<svg" in page
    found = {tag for tag, _attrs in parsed.tags}
    assert not found & ACTIVE_TAGS, found & ACTIVE_TAGS
    for tag, attrs in parsed.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any("javascript:" in (v or "").lower() for v in attrs.values()), (tag, attrs)
    # No text of anyone's in any <style> block: the footer comes from an attribute.
    style = "".join(parsed.styles)
    for fragment in ("Plan", "onerror", "evil", "alert", "</style"):
        assert fragment not in style
    body = next(attrs for tag, attrs in parsed.tags if tag == "body")
    assert body["data-footer"] == f"{TITLE} · {workshop.code}"
    # Read back, every text is there as typed.
    text = " ".join(" ".join(parsed.text).split())
    for typed in [TITLE, STEP_TITLE, HOSTILE["html_script"], HOSTILE["html_tags"], *card_texts]:
        assert " ".join(typed.split()) in text, typed


# --------------------------------------------------------------------------- PDF


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("poppler-utils missing: run `bash deploy/system-deps.sh test` as root")
    return pdf_text(pdf, tmp_path)


def test_pdf_prints_the_text_as_typed_in_the_page_and_its_footer(session, hostile, tmp_path):
    workshop, _cards = hostile
    plan = local_plan.collect(session=session, workshop_id=workshop.id)
    text = _pdf_text(document.pdf_report(plan, lang="en", draw_charts=False), tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]
    footer = f"{TITLE} · {workshop.code}"
    # The footer of every page, and the page numbers beside it.
    pages = text.count("\f")
    assert sum(line == footer for line in lines) == pages >= 2
    assert "Page 1 / " in text
    flat = " ".join(text.split())
    for typed in (TITLE, STEP_TITLE, HOSTILE["html_script"], HOSTILE["markdown_heading"]):
        assert " ".join(typed.split()) in flat, typed


# --------------------------------------------------------------------------- CSV, xlsx


def _expected_cells(card_texts: list[str]) -> set[str]:
    return {exports.neutralise(t) for t in card_texts}


def test_csv_cells_never_start_a_formula(session, hostile):
    workshop, card_texts = hostile
    export = exports.workshop_export(session=session, workshop=workshop)
    cells: list[str] = []
    for table in exports.TABLES:
        rows = list(csv.reader(io.StringIO(exports.csv_bytes(export, table).decode("utf-8-sig"))))
        cells += [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(exports.FORMULA_PREFIXES)]
    texts = set(cells)
    assert _expected_cells(card_texts) <= texts
    assert "'" + HOSTILE["formula_equals"] in texts  # the organisation
    assert "'" + HOSTILE["formula_plus"] in texts  # the pledge's unit
    assert "'" + IDEAS_TITLE in texts  # the step of every card row
    assert HOSTILE["markdown_link"] in texts  # the territory


def test_xlsx_holds_no_formula_and_the_same_text(session, hostile):
    workshop, card_texts = hostile
    export = exports.workshop_export(session=session, workshop=workshop)
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))
    values = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                values.append(cell.value)
    texts = {v for v in values if isinstance(v, str)}
    assert not [t for t in texts if t.startswith(exports.FORMULA_PREFIXES)]
    assert _expected_cells(card_texts) <= texts
    assert "'" + HOSTILE["formula_equals"] in texts
    assert "'" + IDEAS_TITLE in texts


# --------------------------------------------------------------------------- Markdown

_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
# What GitHub-style auto-links and Streamlit's own rewrites look for in text nodes.
_AUTOLINK_OR_REWRITE = re.compile(
    r"https?://|www\.|[\w.+-]@[\w-]|:material_\w+:|:streamlit:|(^|\s)(<->|->|<-|--|>=|<=|~=)(\s|$)",
    re.IGNORECASE,
)


def _read_back(markdown: str) -> str:
    """The text a CommonMark reader gets from escaped text: backslash escapes resolved,
    hard line breaks as newlines."""
    return _ESCAPED.sub(r"\1", markdown.replace("  \n", "\n"))


@pytest.mark.parametrize(
    "raw",
    [
        *HOSTILE.values(),
        TITLE,
        STEP_TITLE,
        PROMPT,
        "[Session expired: log in again](http://x.invalid)",
    ],
)
def test_md_escape_reads_back_as_typed_with_nothing_left_to_render(raw):
    escaped = md_escape(raw)
    # Every ASCII punctuation character is escaped: nothing can open a construct.
    assert not re.search(r"[!-/:-@\[-`{-~]", _ESCAPED.sub("", escaped))
    # What the renderer's text nodes hold: the text as typed, plus invisible joiners
    # that break every auto-link and rewrite pattern.
    nodes = _read_back(escaped)
    assert not _AUTOLINK_OR_REWRITE.search(nodes), nodes
    assert nodes.replace(WORD_JOINER, "") == raw
    assert unicodedata.category(WORD_JOINER) == "Cf"  # a format character: invisible


def test_md_message_escapes_what_people_typed_and_keeps_our_words():
    out = md_message("“{title}” is taken, {n} times.", {"title": STEP_TITLE, "n": 3})
    assert out == "“" + md_escape(STEP_TITLE) + "” is taken, 3 times."
    assert md_message("Nothing to fill: **ours**.") == "Nothing to fill: **ours**."
