"""The local plan PDF is a tagged PDF/UA-1 document (issue 20; EU accessible documents).

veraPDF cannot be installed here (not in Debian, PyPI or npm), so the gate is
``page-validation`` (a Rust PDF/UA-1 validator, 104 rules, not certified): zero
failures for realistic plans in two languages. The structure is read back twice:
poppler's ``pdfinfo -struct-text`` gives the tag tree in reading order (headings,
TH and each TD's ``/Headers``), and a small reader of WeasyPrint's compressed object
streams gives what pdfinfo does not print (``/Lang``, each Figure's ``/Alt``).
pikepdf is not a dependency (WeasyPrint writes with pydyf).
"""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
import zlib
from contextlib import contextmanager
from pathlib import Path

import plotly.graph_objects as go
import pytest
from sqlmodel import Session, select

from pari.db import make_engine, migrate
from pari.demo import create_demo
from pari.i18n import _, using_language
from pari.models import Workshop
from pari.privacy import group_text
from pari.reporting import alt, document, downloads
from pari.reporting import plan as local_plan
from pari.reporting.blocks import Figure

page = pytest.importorskip("page", reason="page-validation is pinned in requirements-dev.txt")

LANGS = ["sv", "eu"]


@pytest.fixture(autouse=True, scope="module")
def _poppler() -> None:
    if not shutil.which("pdfinfo"):
        pytest.fail("poppler-utils missing: run `bash deploy/system-deps.sh test` as root")


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[tuple[str, str], tuple[local_plan.Plan, str, bytes]]:
    """The demo's finished plans (every kind of step, every chart), as HTML and PDF in
    each of ``LANGS``, keyed by (template, language)."""
    db = tmp_path_factory.mktemp("pdfua") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    out = {}
    with Session(engine, expire_on_commit=False) as session:
        codes = create_demo(session=session).codes
        session.commit()
        workshops = session.exec(select(Workshop).where(Workshop.code.in_(codes))).all()
        for w in workshops:
            w.min_group_size = 1  # every group's colour and name in the charts
        session.commit()
        for w in workshops:
            if w.status.value == "live":
                continue  # the finished two have every chart the live one has, and more
            plan = local_plan.collect(session=session, workshop_id=w.id)
            for lang in LANGS:
                page_html = document.html_report(plan, lang=lang)
                out[(w.template.value, lang)] = (plan, page_html, document._pdf(page_html))
    engine.dispose()
    assert len(out) == 2 * len(LANGS)
    return out


# --------------------------------------------------------------------------- reading


def pdf_objects(data: bytes) -> list[bytes]:
    """Every indirect object's body, those packed in compressed object streams too."""
    out = []
    for match in re.finditer(rb"\d+ \d+ obj\s*(.*?)endobj", data, re.S):
        body = match.group(1)
        head, found, rest = body.partition(b"stream")
        if not found or b"/ObjStm" not in head:
            out.append(body)
            continue
        first = int(re.search(rb"/First (\d+)", head).group(1))
        packed = zlib.decompressobj().decompress(rest.lstrip(b"\r\n"))
        offsets = [int(n) for n in packed[:first].split()[1::2]]
        for start, end in zip(offsets, [*offsets[1:], len(packed) - first], strict=True):
            out.append(packed[first + start : first + end])
    return out


def pdf_string(token: bytes) -> str:
    """A PDF string as pydyf writes it: (ASCII, escaped) or <FEFF + UTF-16BE hex>."""
    if token.startswith(b"<"):
        raw = bytes.fromhex(token[1:-1].decode())
        return raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
    return re.sub(rb"\\(.)", rb"\1", token[1:-1]).decode("latin-1")


STRING = rb"(\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f]*>)"


def catalog_lang(data: bytes) -> str | None:
    for body in pdf_objects(data):
        if re.search(rb"/Type\s*/Catalog", body):
            found = re.search(rb"/Lang\s*" + STRING, body)
            return pdf_string(found.group(1)) if found else None
    return None


def figure_alts(data: bytes) -> list[str | None]:
    """Each Figure element's /Alt (None when it has none), in object order."""
    out = []
    for body in pdf_objects(data):
        if re.search(rb"/S\s*/Figure\b", body):
            found = re.search(rb"/Alt\s*" + STRING, body)
            out.append(pdf_string(found.group(1)) if found else None)
    return out


def struct_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(data)
    run = subprocess.run(
        ["pdfinfo", "-struct-text", str(path)],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return run.stdout


def svg_titles(page_html: str) -> list[str]:
    return [
        html.unescape(t)
        for t in re.findall(r"<svg\b[^>]*><title id=[^>]*>(.*?)</title>", page_html)
    ]


def failures(data: bytes) -> list[str]:
    report = page.validate_pdf_bytes(data, profile=page.ValidationProfile.PDF_UA_1)
    found = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant == (not found)
    return found


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("lang", LANGS)
def test_plan_pdf_passes_every_pdfua1_rule(reports, lang):
    for (template, language), (_plan, _html, pdf) in reports.items():
        if language == lang:
            assert failures(pdf) == [], template


@pytest.mark.parametrize("lang", LANGS)
def test_plan_pdf_language_title_headings_and_tables(reports, lang, tmp_path):
    for (template, language), (plan, _html, pdf) in reports.items():
        if language != lang:
            continue
        assert catalog_lang(pdf) == lang, template
        tree = struct_text(pdf, tmp_path)
        # Headings: one H1 (the plan's title) first, then no level skipped.
        levels = [int(n) for n in re.findall(r"^\s*H([1-6]) ", tree, re.M)]
        assert levels[0] == 1 and levels.count(1) == 1, (template, levels[:5])
        assert {2, 3} <= set(levels), template
        for before, after in itertools.pairwise(levels):
            assert after <= before + 1, (template, before, after)
        # Tables: header cells, and every data cell linked to its headers (the facts
        # table's by row, scope="row"; the others' by column).
        assert tree.count(" TH ") >= 7 + 2, template
        assert "/Headers []" not in tree, template
        facts = tree[tree.index("Table") : tree.index("H2")]
        assert re.search(r"TD:\s+/Headers \[\(\d+-0-0\)\]", facts), template
        with using_language(lang):
            title = _("Local plan") + " · " + plan.title
        shown = subprocess.run(
            ["pdfinfo", str(tmp_path / "plan.pdf")], capture_output=True, text=True, check=True
        ).stdout
        assert re.search(rf"^Title:\s+{re.escape(title)}$", shown, re.M), template


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_has_its_text_alternative_in_the_report_language(reports, lang):
    for (template, language), (plan, page_html, pdf) in reports.items():
        if language != lang:
            continue
        alts = figure_alts(pdf)
        titles = svg_titles(page_html)
        # Every chart's SVG is a Figure, each with its sentence as /Alt.
        assert len(alts) == page_html.count("<svg") == len(titles) >= 5, template
        assert all(a and a.strip() for a in alts), (template, alts)
        assert sorted(alts) == sorted(titles), template
        # The room's donut first: the sentence in the report's language, with the
        # stakeholder groups named in it.
        with using_language(lang):
            opening = _(alt.WHAT["room"]).split("{items}")[0]
            groups = [group_text(g) for g in plan.room.group]
        assert titles[0].startswith(opening), titles[0]
        assert all(g in titles[0] for g in groups), (titles[0], groups)
        assert all(len(a) < 1200 for a in alts), template


def test_html_report_names_each_chart_by_its_title(reports):
    _plan, page_html, _pdf = reports[next(iter(reports))]
    roots = re.findall(r"<svg\b[^>]*>", page_html)
    assert roots
    for root in roots:
        ident = re.search(r'aria-labelledby="([^"]+)"', root).group(1)
        assert 'role="img"' in root
        assert f'{root}<title id="{ident}">' in page_html
    ids = re.findall(r'<title id="([^"]+)"', page_html)
    assert len(ids) == len(set(ids)) == len(roots)


def test_alternative_reads_the_chart_data_and_is_escaped_into_the_svg():
    labels = [f"Card &lt;{i}&gt; &amp; co" for i in range(14)]
    fig = go.Figure()
    fig.add_bar(y=labels, x=list(range(14, 0, -1)), orientation="h", name="A")
    fig.add_bar(y=labels, x=[1] * 14, orientation="h", name="B")
    with using_language("en"):
        sentence = alt.describe(Figure("dots-7", "Votes", fig))
        assert sentence.startswith("Dots per card, each bar split by stakeholder group: ")
        assert "Card <0> & co (15), Card <1> & co (14)" in sentence
        assert sentence.endswith("Card <9> & co (6) and 4 more.")
        pie = go.Figure(go.Pie(labels=["Farmers", "Schools"], values=[3, 2]))
        assert alt.describe(Figure("room", "Who", pie)) == (
            "People who took part, by stakeholder group: Farmers (3), Schools (2)."
        )
        assert alt.describe(Figure("x", "Kinda", go.Figure(), alt="Given.")) == "Given."
    svg = '<svg class="main-svg" width="10"><rect/></svg>'
    titled = alt.with_title(svg, 'A <b> & "q"\x01 é', "chart-dots-7")
    assert titled == (
        '<svg role="img" aria-labelledby="chart-dots-7" class="main-svg" width="10">'
        '<title id="chart-dots-7">A &lt;b&gt; &amp; &quot;q&quot; é</title><rect/></svg>'
    )


@pytest.mark.parametrize("lang", LANGS)
def test_unavailable_pdf_is_tagged_in_the_readers_language(lang):
    @contextmanager
    def sessions():
        yield None

    pdf = downloads.report_file(
        sessions=sessions,
        allowed=lambda _session: False,
        refused="You do not have access to this workshop.",
        workshop_id=1,
        lang=lang,
        fmt="pdf",
    )
    assert failures(pdf) == []
    assert catalog_lang(pdf) == lang
