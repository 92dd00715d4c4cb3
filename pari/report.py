"""The local plan: what a workshop produced, on screen, as HTML and as a PDF.

``collect`` reads everything the plan shows into one ``Plan`` (the page and both
files draw from it). ``html_report`` writes a self-contained A4 document: inline
CSS, charts as inline SVG drawn by kaleido, every stakeholder text escaped.
``pdf_report`` prints that same HTML with WeasyPrint. Files are built only when
someone asks for them, and ``cached`` keeps the last few by (workshop, version,
language, format): a new answer or follow-up moves the version.

Kaleido drives one resident Chromium (DESIGN section 7): it is not thread-safe, so
every figure goes through ``_KALEIDO_LOCK``; a failed browser is stopped and
started again once, and if charts still cannot be drawn the report says so and
keeps its tables.
"""

from __future__ import annotations

import html
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session, select

from pari import charts, results
from pari.followup import status_label
from pari.i18n import (
    LANGUAGE_NAMES,
    N_,
    _,
    format_date,
    format_number,
    ngettext,
    using_language,
)
from pari.labels import (
    COMMITMENT_KIND_LABELS,
    COMMITMENT_ROLE_LABELS,
    dimension_label,
    group_label,
    template_label,
    text_label,
)
from pari.labels import (
    status_label as workshop_status_label,
)
from pari.models import (
    Commitment,
    CommitmentKind,
    CommitmentRole,
    CommitmentUpdate,
    Contribution,
    Participant,
    StepKind,
    User,
    Workshop,
)
from pari.workshops import list_steps, step_config

log = logging.getLogger(__name__)

PDF_MEDIA_TYPE = "application/pdf"
HTML_MEDIA_TYPE = "text/html"
CHROMIUM = "/usr/lib/chromium/chromium"
PRINT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CHART_WIDTH = 680  # px: the A4 text width (about 180 mm) at 96 dpi
NO_CHARTS = N_("The charts could not be drawn here ({error}); the tables hold the same figures.")


class PlanUnavailable(LookupError):
    """The workshop is gone (deleted meanwhile); the message is for people."""


# --------------------------------------------------------------------------- data


@dataclass
class VoteSection:
    step_id: int
    title: str
    agreement: pd.DataFrame  # results.agreement + x, y (matrix position, if scored)
    shares: pd.DataFrame  # results.group_shares
    tally: pd.DataFrame


@dataclass
class MatrixSection:
    step_id: int
    title: str
    criteria: list[str]
    frame: pd.DataFrame  # results.matrix


@dataclass
class AssessmentSection:
    step_id: int
    title: str
    dimensions: list[str]
    frame: pd.DataFrame  # results.assessment


@dataclass
class PollSection:
    step_id: int
    title: str
    options: list[str]
    frame: pd.DataFrame  # results.poll


PLEDGE_COLUMNS = [
    "commitment_id",
    "priority",
    "owner",
    "group",
    "role",
    "kind",
    "what",
    "amount",
    "unit",
    "by_when",
    "status",
    "status_at",
    "note",
]


@dataclass
class Plan:
    """Everything the local plan shows, read in one go."""

    workshop_id: int
    code: str
    title: str
    territory: str
    held_on: date | None
    language: str
    template: str
    status: str
    facilitators: list[str]
    version: int
    next_steps: str
    joined: int
    room: pd.DataFrame
    votes: list[VoteSection] = field(default_factory=list)
    matrices: list[MatrixSection] = field(default_factory=list)
    assessments: list[AssessmentSection] = field(default_factory=list)
    polls: list[PollSection] = field(default_factory=list)
    pledges: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=PLEDGE_COLUMNS))
    no_lead: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def participants(self) -> int:
        return int(self.room.participants.sum()) if not self.room.empty else 0


def _owner(p: Participant | None) -> str:
    if p is None:
        return ""
    parts = [x for x in (p.name.strip(), p.organisation.strip()) if x]
    return ", ".join(parts)


def pledges(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """Pledges (not withdrawn) of every commitments step, with owner and latest status."""
    rows = session.exec(
        select(Commitment, Participant, Contribution.text)
        .join(Participant, Participant.id == Commitment.participant_id)
        .join(Contribution, Contribution.id == Commitment.contribution_id, isouter=True)
        .where(Commitment.workshop_id == workshop_id, Commitment.withdrawn == False)  # noqa: E712
        .order_by(Commitment.id)
    ).all()
    latest: dict[int, CommitmentUpdate] = {}
    noted: dict[int, CommitmentUpdate] = {}
    ids = [c.id for c, _p, _t in rows]
    if ids:
        for u in session.exec(
            select(CommitmentUpdate)
            .where(CommitmentUpdate.commitment_id.in_(ids))
            .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
        ):
            latest[u.commitment_id] = u
            if u.note.strip():
                noted[u.commitment_id] = u
    out = []
    for c, p, card in rows:
        last = latest.get(c.id)
        note = noted.get(c.id)
        out.append(
            (
                c.id,
                card or c.priority_text,
                _owner(p),
                p.group.value if p.group else "",
                c.role.value,
                c.kind.value,
                c.what,
                c.amount,
                c.unit,
                c.by_when,
                (last.status if last else c.status).value,
                last.created_at if last else None,
                note.note if note else "",
            )
        )
    return pd.DataFrame(out, columns=PLEDGE_COLUMNS)


def collect(*, session: Session, workshop_id: int) -> Plan:
    """The plan of a workshop as it stands; PlanUnavailable if it no longer exists."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise PlanUnavailable(N_("This workshop no longer exists."))
    owner = session.get(User, workshop.owner_id)
    from pari.workshops import shared_with

    facilitators = [owner.name] if owner else []
    facilitators += [u.name for u in shared_with(session=session, workshop_id=workshop_id)]
    joined = len(
        session.exec(select(Participant.id).where(Participant.workshop_id == workshop_id)).all()
    )
    plan = Plan(
        workshop_id=workshop.id,
        code=workshop.code,
        title=workshop.title,
        territory=workshop.territory,
        held_on=workshop.held_on,
        language=workshop.language,
        template=workshop.template.value,
        status=workshop.status.value,
        facilitators=facilitators,
        version=workshop.version,
        next_steps=workshop.next_steps,
        joined=joined,
        room=results.room(session=session, workshop_id=workshop_id),
    )
    steps = list_steps(session=session, workshop_id=workshop_id)
    positions: dict[int, tuple[float, float]] = {}
    for step in steps:
        if step.kind is StepKind.MATRIX:
            cfg = step_config(step, dot_budget=workshop.dot_budget)
            frame = results.matrix(session=session, step_id=step.id)
            plan.matrices.append(MatrixSection(step.id, step.title, list(cfg["criteria"]), frame))
            for row in frame.itertuples():
                positions.setdefault(row.card_id, (row.x, row.y))
    for step in steps:
        if step.kind is StepKind.DOT_VOTE:
            tally = results.dot_tally(session=session, step_id=step.id)
            agree = results.agreement(tally)
            agree = agree.assign(
                x=agree.card_id.map(lambda c: positions.get(c, (None, None))[0]),
                y=agree.card_id.map(lambda c: positions.get(c, (None, None))[1]),
            )
            plan.votes.append(
                VoteSection(step.id, step.title, agree, results.group_shares(tally), tally)
            )
        elif step.kind is StepKind.ASSESSMENT:
            cfg = step_config(step)
            plan.assessments.append(
                AssessmentSection(
                    step.id,
                    step.title,
                    list(cfg.get("dimensions", [])),
                    results.assessment(session=session, step=step),
                )
            )
        elif step.kind is StepKind.POLL:
            cfg = step_config(step)
            plan.polls.append(
                PollSection(
                    step.id,
                    step.title,
                    list(cfg.get("options", [])),
                    results.poll(session=session, step=step),
                )
            )
    plan.pledges = pledges(session=session, workshop_id=workshop_id)
    no_lead = []
    for step in steps:
        if step.kind is StepKind.COMMITMENTS:
            frame = results.commitments(session=session, step_id=step.id)
            no_lead.append(
                results.priorities_without_lead(session=session, step=step, pledges=frame)
            )
    no_lead = [f for f in no_lead if not f.empty]
    plan.no_lead = (
        pd.concat(no_lead, ignore_index=True).drop_duplicates("priority")
        if no_lead
        else pd.DataFrame(columns=["priority", "pledges"])
    )
    return plan


# --------------------------------------------------------------------------- figures


@dataclass
class Figure:
    """One chart of the plan: its heading, the Plotly figure, a size for print."""

    key: str
    title: str
    figure: go.Figure
    height: int = 420


def figures(plan: Plan) -> list[Figure]:
    """The plan's charts, in reading order (the page draws them, the files print them)."""
    out = [
        Figure("room", _("Who took part"), charts.room_donut(plan.room), 360),
    ]
    for v in plan.votes:
        label = text_label(v.title)
        out.append(Figure(f"dots-{v.step_id}", label, charts.dot_bars(v.tally), 0))
        out.append(
            Figure(
                f"agree-{v.step_id}",
                _("{title}: where the groups converge").format(title=label),
                charts.agreement_dots(v.shares, v.agreement),
                0,
            )
        )
    for m in plan.matrices:
        out.append(
            Figure(
                f"matrix-{m.step_id}",
                text_label(m.title),
                charts.matrix_bubbles(m.frame, [text_label(c) for c in m.criteria]),
                480,
            )
        )
    for a in plan.assessments:
        out.append(
            Figure(
                f"radar-{a.step_id}",
                text_label(a.title),
                charts.assessment_radar(a.frame, a.dimensions),
                520,
            )
        )
    for p in plan.polls:
        out.append(
            Figure(
                f"poll-{p.step_id}",
                text_label(p.title),
                charts.poll_bars(p.frame, [text_label(o) for o in p.options]),
                0,
            )
        )
    if not plan.pledges.empty:
        out.append(
            Figure("pledges", _("Commitments"), charts.commitments_sunburst(plan.pledges), 460)
        )
    return out


def for_print(fig: go.Figure, height: int) -> go.Figure:
    """The same figure for paper: explicit template and font, fixed size (Streamlit sets
    its own default template, whose colours print black outside a browser)."""
    fig = go.Figure(fig)
    h = height or int(fig.layout.height or 360)
    fig.update_layout(
        template=charts.TEMPLATE,
        font={"family": PRINT_FONT, "size": 12, "color": "#111111"},
        width=CHART_WIDTH,
        height=min(h, 900),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if any(t.type == "scatterpolar" for t in fig.data):
        # Room for the dimension names left and right of the radar.
        fig.update_layout(margin={"l": 130, "r": 130})
        fig.update_polars(angularaxis={"tickfont": {"size": 11}})
    return fig


# --------------------------------------------------------------------------- kaleido

_KALEIDO_LOCK = threading.Lock()
_kaleido_started = False


class ChartsUnavailable(RuntimeError):
    pass


def _start_kaleido() -> None:
    global _kaleido_started
    import kaleido

    if not os.environ.get("BROWSER_PATH") and Path(CHROMIUM).exists():
        os.environ["BROWSER_PATH"] = CHROMIUM
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    _kaleido_started = True


def _stop_kaleido() -> None:
    global _kaleido_started
    import kaleido

    try:
        kaleido.stop_sync_server(silence_warnings=True)
    except Exception:
        log.debug("kaleido stop failed", exc_info=True)
    _kaleido_started = False


def svg(fig: go.Figure) -> str:
    """One figure as an SVG string (one browser, one figure at a time)."""
    import kaleido

    opts = {"format": "svg", "width": fig.layout.width, "height": fig.layout.height}
    with _KALEIDO_LOCK:
        for attempt in (1, 2):
            try:
                if not _kaleido_started:
                    _start_kaleido()
                data = kaleido.calc_fig_sync(fig, opts=opts)
                break
            except Exception as exc:
                _stop_kaleido()
                if attempt == 2:
                    raise ChartsUnavailable(str(exc) or type(exc).__name__) from exc
    text = data.decode("utf-8") if isinstance(data, bytes) else str(data)
    return re.sub(r"^<\?xml[^>]*>\s*", "", text)


# --------------------------------------------------------------------------- HTML

CSS = """
@page {
  size: A4;
  margin: 18mm 16mm 20mm 16mm;
  @bottom-left { content: __FOOTER__; font-family: "DejaVu Sans", sans-serif;
    font-size: 8pt; color: #555; }
  @bottom-right { content: __PAGE__; font-family: "DejaVu Sans", sans-serif;
    font-size: 8pt; color: #555; }
}
html { background: #fff; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt;
  line-height: 1.4; color: #111; margin: 0 auto; max-width: 190mm; padding: 0 4mm; }
h1 { font-size: 20pt; margin: 0 0 2mm 0; color: #1B6B3A; line-height: 1.2; }
h2 { font-size: 13pt; margin: 7mm 0 2mm 0; padding-bottom: 1mm; border-bottom: 2px solid #1B6B3A;
  break-after: avoid; }
h3 { font-size: 11pt; margin: 4mm 0 1mm 0; break-after: avoid; }
p { margin: 1mm 0 2mm 0; }
.kicker { text-transform: uppercase; letter-spacing: .08em; color: #1B6B3A; font-size: 9pt;
  font-weight: bold; margin: 0; }
.facts { border-collapse: collapse; margin: 3mm 0; }
.facts th { text-align: left; font-weight: normal; color: #444; padding: .6mm 6mm .6mm 0; }
.facts td { padding: .6mm 0; font-weight: bold; }
table.data { border-collapse: collapse; width: 100%; margin: 2mm 0 3mm 0; font-size: 9pt; }
table.data th { text-align: left; background: #EEF4EF; border-bottom: 1px solid #1B6B3A;
  padding: 1.2mm 1.5mm; vertical-align: bottom; }
table.data td { border-bottom: 1px solid #ddd; padding: 1.2mm 1.5mm; vertical-align: top; }
table.data td.txt { overflow-wrap: anywhere; }
table.data .nowrap { white-space: nowrap; }
table.data tr { break-inside: avoid; }
table.data .num { text-align: right; white-space: nowrap; }
.chart { break-inside: avoid; margin: 2mm 0 4mm 0; }
.chart svg { width: 100%; height: auto; display: block; }
.note { color: #444; font-style: italic; }
.warn { border-left: 4px solid #D55E00; padding: 1mm 3mm; background: #FFF3EC; }
.next { white-space: pre-wrap; overflow-wrap: anywhere; border-left: 4px solid #1B6B3A;
  padding: 1mm 4mm; background: #F6FAF7; }
.swatch { display: inline-block; width: 3mm; height: 3mm; margin-right: 1.5mm;
  border: 1px solid #333; vertical-align: middle; }
.status { font-weight: bold; white-space: nowrap; }
footer.screen { color: #666; font-size: 8pt; margin-top: 8mm; border-top: 1px solid #ccc;
  padding-top: 2mm; }
@media print { footer.screen { display: none; } }
"""


def e(value: object) -> str:
    """Escape anything for HTML text (stakeholder text never runs)."""
    return html.escape("" if value is None else str(value), quote=True)


def _css_string(text: str) -> str:
    """A CSS string literal for ``content:``."""
    clean = text.replace("\\", "\\\\").replace('"', '\\"')
    clean = re.sub(r"[\n\r\f]", " ", clean)
    return f'"{clean}"'


def _amount(value) -> str:
    if value is None or pd.isna(value):
        return ""
    value = float(value)
    return format_number(value, 0 if value.is_integer() else 2)


def _date(value) -> str:
    """A date as readers of the report's language write it (the report is drawn inside
    ``using_language``)."""
    if value is None or (not isinstance(value, date) and pd.isna(value)):
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UTC).date() if value.tzinfo else value.date()
    return format_date(value)


def _table(headers: list[tuple[str, bool | str]], rows: list[list[str]]) -> str:
    """Rows already escaped; headers (text, kind) are escaped here. A kind True (or
    "num") right-aligns a column, "nowrap" keeps it on one line, False wraps text."""

    def cls(kind: bool | str) -> str:
        return {True: "num", False: "txt"}.get(kind, kind) if isinstance(kind, bool) else kind

    head = "".join(f'<th class="{cls(k)}">{e(h)}</th>' for h, k in headers)
    body = "".join(
        "<tr>"
        + "".join(f'<td class="{cls(headers[i][1])}">{cell}</td>' for i, cell in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _group_cell(group: str) -> str:
    return (
        f'<span class="swatch" style="background:{charts.group_color(group)}"></span>'
        f"{e(group_label(group or None, short=True))}"
    )


def _charts_html(figs: list[Figure], draw: bool) -> tuple[dict[str, str], str | None]:
    """SVG per figure key, and a message when charts could not be drawn."""
    if not draw:
        return {}, None
    out: dict[str, str] = {}
    for f in figs:
        try:
            out[f.key] = svg(for_print(f.figure, f.height))
        except ChartsUnavailable as exc:
            return {}, _(NO_CHARTS).format(error=str(exc)[:200])
    return out, None


def _chart(svgs: dict[str, str], key: str, caption: str = "") -> str:
    if key not in svgs:
        return ""
    head = f"<h3>{e(caption)}</h3>" if caption else ""
    return f'<div class="chart">{head}{svgs[key]}</div>'


def html_report(plan: Plan, *, lang: str, draw_charts: bool = True) -> str:
    """The local plan as one self-contained HTML document (A4 when printed)."""
    with using_language(lang):
        return _html(plan, lang=lang, draw_charts=draw_charts)


def _html(plan: Plan, *, lang: str, draw_charts: bool) -> str:
    figs = figures(plan)
    svgs, chart_problem = _charts_html(figs, draw_charts)
    now = datetime.now(UTC)
    made = f"{format_date(now.date())} {now:%H:%M} UTC"
    footer = f"{plan.title} · {plan.code}"
    css = CSS.replace("__FOOTER__", _css_string(footer)).replace(
        "__PAGE__", _css_string(_("Page") + " ") + ' counter(page) " / " counter(pages)'
    )
    parts: list[str] = []
    add = parts.append
    add(f'<p class="kicker">{e(_("PARI local plan"))}</p>')
    add(f"<h1>{e(plan.title)}</h1>")
    facts = [
        (_("Territory"), plan.territory or "–"),
        (_("Date"), _date(plan.held_on) or "–"),
        (_("Facilitator"), ", ".join(plan.facilitators) or "–"),
        (_("Language"), LANGUAGE_NAMES.get(plan.language, plan.language)),
        (_("Template"), template_label(plan.template)),
        (_("Status"), workshop_status_label(plan.status)),
        (_("Workshop code"), plan.code),
    ]
    add(
        '<table class="facts">'
        + "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in facts)
        + "</table>"
    )
    if chart_problem:
        add(f'<p class="warn">{e(chart_problem)}</p>')

    # Who took part
    add(f"<h2>{e(_('Who took part'))}</h2>")
    if plan.participants == 0:
        add(f'<p class="note">{e(_("Nobody checked in to this workshop."))}</p>')
    else:
        add(
            "<p>"
            + e(
                ngettext(
                    "{n} person took part.", "{n} people took part.", plan.participants
                ).format(n=plan.participants)
            )
            + "</p>"
        )
        room = plan.room.set_index("group").reindex(
            [g for g in charts.GROUP_ORDER if g in set(plan.room.group)]
        )
        add(
            _table(
                [(_("Stakeholder group"), False), (_("People"), True)],
                [[_group_cell(g), e(int(n))] for g, n in room.participants.items()],
            )
        )
        add(_chart(svgs, "room"))

    # Priorities
    for v in plan.votes:
        add(f"<h2>{e(_('Priorities'))}: {e(text_label(v.title))}</h2>")
        if v.agreement.empty:
            add(f'<p class="note">{e(_("Nobody voted in this step."))}</p>')
            continue
        add(
            "<p>"
            + e(
                _(
                    "Agreement: 100% when every stakeholder group gave the card the same share "
                    "of its dots, 0% when one group alone backed it; “–” when fewer than two "
                    "groups voted."
                )
            )
            + "</p>"
        )
        has_pos = v.agreement.x.notna().any()
        headers = [
            ("#", True),
            (_("Priority"), False),
            (_("Dots"), True),
            (_("Groups"), True),
            (_("Agreement"), True),
            (_("Most support from"), False),
        ]
        if has_pos:
            headers.append((_("Matrix position"), True))
        rows = []
        for i, r in enumerate(v.agreement.itertuples(), 1):
            row = [
                e(i),
                e(r.text),
                e(int(r.dots)),
                e(f"{int(r.groups)}/{int(r.groups_voting)}"),
                e(charts.agreement_text(r.agreement)),
                _group_cell(r.keenest_group) if r.keenest_group else "–",
            ]
            if has_pos:
                row.append(
                    e("" if pd.isna(r.x) else f"{format_number(r.x, 1)} · {format_number(r.y, 1)}")
                )
            rows.append(row)
        add(_table(headers, rows))
        add(_chart(svgs, f"dots-{v.step_id}", _("Dots by stakeholder group")))
        add(
            _chart(
                svgs,
                f"agree-{v.step_id}",
                _("Where the groups converge: each group's share of its own dots"),
            )
        )

    # Matrix positions
    for m in plan.matrices:
        add(f"<h2>{e(text_label(m.title))}</h2>")
        if m.frame.empty:
            add(f'<p class="note">{e(_("Nobody scored in this step."))}</p>')
            continue
        x_name, y_name = (text_label(c) for c in [*m.criteria, "", ""][:2])
        add(_chart(svgs, f"matrix-{m.step_id}"))
        rows = [
            [
                e(r.text),
                e(f"{format_number(r.x, 1)} (±{format_number(r.x_sd, 1)})"),
                e(f"{format_number(r.y, 1)} (±{format_number(r.y_sd, 1)})"),
                e(r.raters),
            ]
            for r in m.frame.sort_values(["x", "y"], ascending=False).itertuples()
        ]
        add(_table([(_("Card"), False), (x_name, True), (y_name, True), (_("Raters"), True)], rows))

    # Readiness
    for a in plan.assessments:
        add(f"<h2>{e(_('Readiness'))}: {e(text_label(a.title))}</h2>")
        if a.frame.empty:
            add(f'<p class="note">{e(_("Nobody rated the readiness dimensions."))}</p>')
            continue
        add(
            "<p>"
            + e(
                _(
                    "Median score from 0 to 10 per dimension, one line per stakeholder group; "
                    "“don't know” answers are left out."
                )
            )
            + "</p>"
        )
        add(_chart(svgs, f"radar-{a.step_id}"))
        everyone = a.frame[a.frame.group == "*"].set_index("dimension").reindex(a.dimensions)
        rows = [
            [
                e(dimension_label(d)),
                e("–" if pd.isna(r["median"]) else f"{r['median']:g}"),
                e("" if pd.isna(r["q1"]) else f"{r['q1']:g}–{r['q3']:g}"),
                e(0 if pd.isna(r["n"]) else int(r["n"])),
            ]
            for d, r in everyone.iterrows()
        ]
        add(
            _table(
                [
                    (_("Dimension"), False),
                    (_("Median"), True),
                    (_("Middle half"), True),
                    (_("Answers"), True),
                ],
                rows,
            )
        )

    # Polls (governance)
    for p in plan.polls:
        add(f"<h2>{e(text_label(p.title))}</h2>")
        if p.frame.empty:
            add(f'<p class="note">{e(_("Nobody answered this poll."))}</p>')
            continue
        add(_chart(svgs, f"poll-{p.step_id}"))
        totals = p.frame.groupby("option").answers.sum()
        rows = [[e(text_label(o)), e(int(totals.get(i, 0)))] for i, o in enumerate(p.options)]
        add(_table([(_("Option"), False), (_("Answers"), True)], rows))

    # Commitments
    add(f"<h2>{e(_('Commitments'))}</h2>")
    if plan.pledges.empty:
        add(f'<p class="note">{e(_("No commitments were made."))}</p>')
    else:
        rows = []
        for r in plan.pledges.itertuples():
            owner = e(r.owner) + "<br>" if r.owner else ""
            role = _(COMMITMENT_ROLE_LABELS[CommitmentRole(r.role)])
            kind = _(COMMITMENT_KIND_LABELS[CommitmentKind(r.kind)])
            status = f'<span class="status">{e(status_label(r.status))}</span>'
            if r.status_at is not None and not pd.isna(r.status_at):
                status += f"<br>{e(_date(r.status_at))}"
            if r.note:
                status += f"<br>{e(r.note)}"
            rows.append(
                [
                    e(r.priority),
                    owner + _group_cell(r.group),
                    f"<b>{e(role)} · {e(kind)}</b><br>{e(r.what)}",
                    e(" ".join(x for x in (_amount(r.amount), r.unit or "") if x)),
                    e(_date(r.by_when)),
                    status,
                ]
            )
        add(
            _table(
                [
                    (_("Priority"), False),
                    (_("Who"), False),
                    (_("Pledge"), False),
                    (_("Amount"), True),
                    (_("By when"), "nowrap"),
                    (_("Status"), False),
                ],
                rows,
            )
        )
        add(_chart(svgs, "pledges"))
    if not plan.no_lead.empty:
        add(f"<h3>{e(_('Priorities with no lead yet'))}</h3>")
        add("<ul>" + "".join(f"<li>{e(t)}</li>" for t in plan.no_lead.priority) + "</ul>")

    # Next steps
    add(f"<h2>{e(_('Next steps'))}</h2>")
    if plan.next_steps.strip():
        add(f'<div class="next">{e(plan.next_steps)}</div>')
    else:
        add(f'<p class="note">{e(_("The facilitator has not written the next steps yet."))}</p>')

    add(
        '<footer class="screen">'
        + e(_("Made with PARI Workshop on {date}.").format(date=made))
        + "</footer>"
    )
    title = e(_("Local plan") + " · " + plan.title)
    return (
        f'<!DOCTYPE html><html lang="{e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{css}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>"
    )


def pdf_report(plan: Plan, *, lang: str, draw_charts: bool = True) -> bytes:
    """The same document printed to A4 by WeasyPrint."""
    import weasyprint

    document = html_report(plan, lang=lang, draw_charts=draw_charts)
    return weasyprint.HTML(string=document, base_url=None).write_pdf()


# --------------------------------------------------------------------------- cache

_CACHE: OrderedDict[tuple, bytes] = OrderedDict()
_CACHE_LOCK = threading.Lock()
_BUILD_LOCKS: dict[tuple, threading.Lock] = {}
CACHE_SIZE = 16


def cached(key: tuple, build: Callable[[], bytes]) -> bytes:
    """``build()`` once per key (workshop id, version, language, format), kept LRU.

    Two clicks on the same report wait for one build instead of starting two.
    """
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
        lock = _BUILD_LOCKS.setdefault(key, threading.Lock())
    with lock:
        with _CACHE_LOCK:
            if key in _CACHE:
                return _CACHE[key]
        data = build()
        with _CACHE_LOCK:
            _CACHE[key] = data
            while len(_CACHE) > CACHE_SIZE:
                _CACHE.popitem(last=False)
            _BUILD_LOCKS.pop(key, None)
    return data


def report_bytes(
    *, session_factory: Callable, workshop_id: int, lang: str, fmt: str
) -> tuple[bytes, int]:
    """The report of a workshop ('pdf' or 'html') as it is now, from the cache if its
    version has not moved. ``session_factory()`` is a context manager giving a session.

    Returns (bytes, version). Raises PlanUnavailable if the workshop is gone.
    """
    with session_factory() as session, using_language(lang):
        plan = collect(session=session, workshop_id=workshop_id)

    def build() -> bytes:
        if fmt == "pdf":
            return pdf_report(plan, lang=lang)
        return html_report(plan, lang=lang).encode("utf-8")

    return cached((workshop_id, plan.version, lang, fmt), build), plan.version


def unavailable_html(message: str, *, lang: str) -> bytes:
    """A small document saying why there is no report (a download must give a file)."""
    return (
        f'<!DOCTYPE html><html lang="{e(lang)}"><meta charset="utf-8"><title>PARI</title>'
        f"<p>{e(message)}</p></html>"
    ).encode()


def unavailable_pdf(message: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(
        string=f'<html><meta charset="utf-8"><body><p>{e(message)}</p></body></html>'
    ).write_pdf()


def file_stem(plan_code: str, held_on: date | None = None) -> str:
    return f"pari-plan-{plan_code}" + (f"-{held_on.isoformat()}" if held_on else "")


__all__ = [
    "Plan",
    "PlanUnavailable",
    "collect",
    "figures",
    "html_report",
    "pdf_report",
    "report_bytes",
]
