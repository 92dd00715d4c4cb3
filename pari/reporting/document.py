"""The local plan as one self-contained A4 document: HTML, and the same printed to PDF.

``html_report`` fills a Jinja2 template with autoescaping (``templates/``): inline
CSS with no text of anyone's in it, charts as inline SVG drawn by the resident
Chromium (``chromium``), every text escaped. ``pdf_report`` prints that same HTML
with WeasyPrint as a tagged PDF/UA-1 file. Each step's part comes from its ``Section``
(``blocks``); each chart carries its text alternative (``alt``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import pandas as pd

from pari.i18n import LANGUAGE_NAMES, _, ngettext, using_language
from pari.labels import (
    COMMITMENT_KIND_LABELS,
    COMMITMENT_ROLE_LABELS,
    template_label,
)
from pari.labels import status_label as workshop_status_label
from pari.models import CommitmentKind, CommitmentRole
from pari.reporting import blocks
from pari.reporting.blocks import Line, amount_text, date_text, group_line, plain
from pari.reporting.chromium import charts_svg
from pari.reporting.figures import figures
from pari.reporting.followup import status_label
from pari.reporting.plan import Plan

PDF_MEDIA_TYPE = "application/pdf"
HTML_MEDIA_TYPE = "text/html"
PDF_VARIANT = "pdf/ua-1"  # WeasyPrint's tagged, accessible PDF
TEMPLATES = Path(__file__).with_name("templates")
_JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


def html_report(plan: Plan, *, lang: str, draw_charts: bool = True) -> str:
    """The local plan as one self-contained HTML document (A4 when printed)."""
    with using_language(lang):
        return _html(plan, lang=lang, draw_charts=draw_charts)


def pdf_report(plan: Plan, *, lang: str, draw_charts: bool = True) -> bytes:
    """The same document printed to A4 by WeasyPrint, as a tagged PDF/UA-1 file."""
    document = html_report(plan, lang=lang, draw_charts=draw_charts)
    return _pdf(document)


def _pdf(document: str) -> bytes:
    """A tagged PDF (PDF/UA-1): its language, title, headings, tables and each chart's
    text alternative in the structure tree, so screen readers can read it (issue 20)."""
    import weasyprint

    return weasyprint.HTML(string=document, base_url=None).write_pdf(pdf_variant=PDF_VARIANT)


def _html(plan: Plan, *, lang: str, draw_charts: bool) -> str:
    svgs, chart_problem = charts_svg(figures(plan), draw_charts)
    now = datetime.now(UTC)
    made = f"{date_text(now.date())} {now:%H:%M} UTC"
    facts = [
        (_("Territory"), plan.territory or "–"),
        (_("Date"), date_text(plan.held_on) or "–"),
        (_("Facilitator"), ", ".join(plan.facilitators) or "–"),
        (_("Language"), LANGUAGE_NAMES.get(plan.language, plan.language)),
        (_("Template"), template_label(plan.template)),
        (_("Status"), workshop_status_label(plan.status)),
        (_("Workshop code"), plan.code),
    ]
    sections = [
        _room_section(plan, svgs),
        *(section.blocks(svgs) for section in plan.sections),
        _commitments_section(plan, svgs),
        _next_steps_section(plan),
    ]
    return _JINJA.get_template("local_plan.html").render(
        lang=lang,
        doc_title=_("Local plan") + " · " + plan.title,
        footer=f"{plan.title} · {plan.code}",
        page_label=_("Page"),
        kicker=_("PARI local plan"),
        title=plan.title,
        facts=facts,
        chart_problem=chart_problem,
        sections=sections,
        made=_("Made with PARI Workshop on {date}.").format(date=made),
    )


def _room_section(plan: Plan, svgs: dict[str, str]) -> list[dict]:
    out = [blocks.block("h2", _("Who took part"))]
    if plan.participants == 0:
        return [*out, blocks.block("note", _("Nobody checked in to this workshop."))]
    people = ngettext("{n} person took part.", "{n} people took part.", plan.participants)
    return [
        *out,
        blocks.block("p", people.format(n=plan.participants)),
        blocks.table(
            [(_("Stakeholder group"), False), (_("People"), True)],
            [[[group_line(g)], plain(int(n))] for g, n in plan.people_by_group().items()],
        ),
        *blocks.chart(svgs, "room"),
    ]


def _commitments_section(plan: Plan, svgs: dict[str, str]) -> list[dict]:
    out = [blocks.block("h2", _("Commitments"))]
    if plan.pledges.empty:
        out.append(blocks.block("note", _("No commitments were made.")))
    else:
        rows = []
        for r in plan.pledges.itertuples():
            role = _(COMMITMENT_ROLE_LABELS[CommitmentRole(r.role)])
            kind = _(COMMITMENT_KIND_LABELS[CommitmentKind(r.kind)])
            status = [Line(status_label(r.status), style="status")]
            if r.status_at is not None and not pd.isna(r.status_at):
                status.append(Line(date_text(r.status_at)))
            if r.note:
                status.append(Line(r.note))
            rows.append(
                [
                    plain(r.priority),
                    ([Line(r.owner)] if r.owner else []) + [group_line(r.group)],
                    [Line(f"{role} · {kind}", style="bold"), Line(r.what)],
                    plain(amount_text(r.amount, r.unit)),
                    plain(date_text(r.by_when)),
                    status,
                ]
            )
        headers = [
            (_("Priority"), False),
            (_("Who"), False),
            (_("Pledge"), False),
            (_("Amount"), True),
            (_("By when"), "nowrap"),
            (_("Status"), False),
        ]
        out += [blocks.table(headers, rows), *blocks.chart(svgs, "pledges")]
    if not plan.no_lead.empty:
        out.append(blocks.block("h3", _("Priorities with no lead yet")))
        out.append({"kind": "list", "entries": list(plan.no_lead.priority)})
    return out


def _next_steps_section(plan: Plan) -> list[dict]:
    out = [blocks.block("h2", _("Next steps"))]
    if plan.next_steps.strip():
        return [*out, blocks.block("next", plan.next_steps)]
    return [*out, blocks.block("note", _("The facilitator has not written the next steps yet."))]


def unavailable_html(message: str, *, lang: str) -> bytes:
    """A small document saying why there is no report (a download must give a file)."""
    page = _JINJA.get_template("unavailable.html").render(lang=lang, message=message)
    return page.encode()


def unavailable_pdf(message: str, *, lang: str = "en") -> bytes:
    return _pdf(unavailable_html(message, lang=lang).decode())


def file_stem(plan_code: str, held_on: date | None = None) -> str:
    return f"pari-plan-{plan_code}" + (f"-{held_on.isoformat()}" if held_on else "")
