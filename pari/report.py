"""The local plan: what a workshop produced, on screen, as HTML and as a PDF.

``collect`` reads everything the plan shows into one ``Plan`` (the page and both
files draw from it). ``html_report`` writes a self-contained A4 document from a
Jinja2 template with autoescaping (``pari/report_templates/``): inline CSS with no
text of anyone's in it, charts as inline SVG drawn by kaleido, every text escaped.
``pdf_report`` prints that same HTML with WeasyPrint. Files are built only when
someone asks for them, and ``cached`` keeps the last few by (workshop, version,
language, format): a new answer or follow-up moves the version.

Kaleido drives one resident Chromium (DESIGN section 7): it is not thread-safe, so
every figure goes through ``_KALEIDO_LOCK``; a failed browser is stopped and
started again once, and if charts still cannot be drawn the report says so and
keeps its tables.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import jinja2
import markupsafe
import pandas as pd
import plotly.graph_objects as go
from sqlmodel import Session, select

from pari import charts, results
from pari import steps as steps_registry
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
from pari.workshops import list_steps

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
            criteria = list(steps_registry.config(step, workshop).criteria)
            frame = results.matrix(session=session, step_id=step.id)
            plan.matrices.append(MatrixSection(step.id, step.title, criteria, frame))
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
            plan.assessments.append(
                AssessmentSection(
                    step.id,
                    step.title,
                    list(steps_registry.config(step).dimensions),
                    results.assessment(session=session, step=step),
                )
            )
        elif step.kind is StepKind.POLL:
            plan.polls.append(
                PollSection(
                    step.id,
                    step.title,
                    list(steps_registry.config(step).options),
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
#
# The document comes from a Jinja2 template with autoescaping (pari/report_templates/):
# the code below only gathers text, and every piece of it is escaped where it lands. A
# cell is a list of lines (``Line``), so bold, a status or a group's colour swatch are
# markup of the template, never strings built here.

TEMPLATES = Path(__file__).with_name("report_templates")
_JINJA = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
)


@dataclass(frozen=True)
class Line:
    """One line of a table cell: plain, bold or a status, after an optional swatch."""

    text: str
    style: str = "plain"  # "plain", "bold" or "status"
    swatch: str | None = None  # a group's colour (pari.charts), never people's text


@dataclass(frozen=True)
class Column:
    text: str
    cls: str  # "num" (right-aligned), "txt" (wraps) or "nowrap"


def _plain(value: object) -> list[Line]:
    return [Line("" if value is None else str(value))]


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


def _columns(headers: list[tuple[str, bool | str]]) -> list[Column]:
    """(text, kind) pairs: True (or "num") right-aligns a column, "nowrap" keeps it on
    one line, False wraps text."""
    return [
        Column(text, {True: "num", False: "txt"}[kind] if isinstance(kind, bool) else kind)
        for text, kind in headers
    ]


def _table(headers: list[tuple[str, bool | str]], rows: list[list[list[Line]]]) -> dict:
    return {"kind": "table", "headers": _columns(headers), "rows": rows}


def _text(kind: str, text: str) -> dict:
    return {"kind": kind, "text": text}


def _group_line(group: str) -> Line:
    return Line(group_label(group or None, short=True), swatch=charts.group_color(group))


def _charts_svg(figs: list[Figure], draw: bool) -> tuple[dict[str, str], str | None]:
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


def _chart(svgs: dict[str, str], key: str, caption: str = "") -> list[dict]:
    """The chart's block, or none if it was not drawn. Its SVG is kaleido's serialisation
    of a Plotly figure whose labels pari.charts escaped: markup we made, kept as is."""
    if key not in svgs:
        return []
    chart = markupsafe.Markup(svgs[key])  # noqa: S704 (kaleido's SVG, labels escaped)
    return [{"kind": "chart", "caption": caption, "svg": chart}]


def html_report(plan: Plan, *, lang: str, draw_charts: bool = True) -> str:
    """The local plan as one self-contained HTML document (A4 when printed)."""
    with using_language(lang):
        return _html(plan, lang=lang, draw_charts=draw_charts)


def _html(plan: Plan, *, lang: str, draw_charts: bool) -> str:
    svgs, chart_problem = _charts_svg(figures(plan), draw_charts)
    now = datetime.now(UTC)
    made = f"{format_date(now.date())} {now:%H:%M} UTC"
    facts = [
        (_("Territory"), plan.territory or "–"),
        (_("Date"), _date(plan.held_on) or "–"),
        (_("Facilitator"), ", ".join(plan.facilitators) or "–"),
        (_("Language"), LANGUAGE_NAMES.get(plan.language, plan.language)),
        (_("Template"), template_label(plan.template)),
        (_("Status"), workshop_status_label(plan.status)),
        (_("Workshop code"), plan.code),
    ]
    sections = [
        _room_section(plan, svgs),
        *(_vote_section(v, svgs) for v in plan.votes),
        *(_matrix_section(m, svgs) for m in plan.matrices),
        *(_readiness_section(a, svgs) for a in plan.assessments),
        *(_poll_section(p, svgs) for p in plan.polls),
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
    out = [_text("h2", _("Who took part"))]
    if plan.participants == 0:
        return [*out, _text("note", _("Nobody checked in to this workshop."))]
    room = plan.room.set_index("group").reindex(
        [g for g in charts.GROUP_ORDER if g in set(plan.room.group)]
    )
    people = ngettext("{n} person took part.", "{n} people took part.", plan.participants)
    return [
        *out,
        _text("p", people.format(n=plan.participants)),
        _table(
            [(_("Stakeholder group"), False), (_("People"), True)],
            [[[_group_line(g)], _plain(int(n))] for g, n in room.participants.items()],
        ),
        *_chart(svgs, "room"),
    ]


def _vote_section(v: VoteSection, svgs: dict[str, str]) -> list[dict]:
    out = [_text("h2", f"{_('Priorities')}: {text_label(v.title)}")]
    if v.agreement.empty:
        return [*out, _text("note", _("Nobody voted in this step."))]
    out.append(
        _text(
            "p",
            _(
                "Agreement: 100% when every stakeholder group gave the card the same share "
                "of its dots, 0% when one group alone backed it; “–” when fewer than two "
                "groups voted."
            ),
        )
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
            _plain(i),
            _plain(r.text),
            _plain(int(r.dots)),
            _plain(f"{int(r.groups)}/{int(r.groups_voting)}"),
            _plain(charts.agreement_text(r.agreement)),
            [_group_line(r.keenest_group)] if r.keenest_group else _plain("–"),
        ]
        if has_pos:
            row.append(
                _plain("" if pd.isna(r.x) else f"{format_number(r.x, 1)} · {format_number(r.y, 1)}")
            )
        rows.append(row)
    return [
        *out,
        _table(headers, rows),
        *_chart(svgs, f"dots-{v.step_id}", _("Dots by stakeholder group")),
        *_chart(
            svgs,
            f"agree-{v.step_id}",
            _("Where the groups converge: each group's share of its own dots"),
        ),
    ]


def _matrix_section(m: MatrixSection, svgs: dict[str, str]) -> list[dict]:
    out = [_text("h2", text_label(m.title))]
    if m.frame.empty:
        return [*out, _text("note", _("Nobody scored in this step."))]
    x_name, y_name = (text_label(c) for c in [*m.criteria, "", ""][:2])
    rows = [
        [
            _plain(r.text),
            _plain(f"{format_number(r.x, 1)} (±{format_number(r.x_sd, 1)})"),
            _plain(f"{format_number(r.y, 1)} (±{format_number(r.y_sd, 1)})"),
            _plain(r.raters),
        ]
        for r in m.frame.sort_values(["x", "y"], ascending=False).itertuples()
    ]
    headers = [(_("Card"), False), (x_name, True), (y_name, True), (_("Raters"), True)]
    return [*out, *_chart(svgs, f"matrix-{m.step_id}"), _table(headers, rows)]


def _readiness_section(a: AssessmentSection, svgs: dict[str, str]) -> list[dict]:
    out = [_text("h2", f"{_('Readiness')}: {text_label(a.title)}")]
    if a.frame.empty:
        return [*out, _text("note", _("Nobody rated the readiness dimensions."))]
    everyone = a.frame[a.frame.group == "*"].set_index("dimension").reindex(a.dimensions)
    rows = [
        [
            _plain(dimension_label(d)),
            _plain("–" if pd.isna(r["median"]) else f"{r['median']:g}"),
            _plain("" if pd.isna(r["q1"]) else f"{r['q1']:g}–{r['q3']:g}"),
            _plain(0 if pd.isna(r["n"]) else int(r["n"])),
        ]
        for d, r in everyone.iterrows()
    ]
    headers = [
        (_("Dimension"), False),
        (_("Median"), True),
        (_("Middle half"), True),
        (_("Answers"), True),
    ]
    explanation = _(
        "Median score from 0 to 10 per dimension, one line per stakeholder group; "
        "“don't know” answers are left out."
    )
    return [
        *out,
        _text("p", explanation),
        *_chart(svgs, f"radar-{a.step_id}"),
        _table(headers, rows),
    ]


def _poll_section(p: PollSection, svgs: dict[str, str]) -> list[dict]:
    out = [_text("h2", text_label(p.title))]
    if p.frame.empty:
        return [*out, _text("note", _("Nobody answered this poll."))]
    totals = p.frame.groupby("option").answers.sum()
    rows = [[_plain(text_label(o)), _plain(int(totals.get(i, 0)))] for i, o in enumerate(p.options)]
    headers = [(_("Option"), False), (_("Answers"), True)]
    return [*out, *_chart(svgs, f"poll-{p.step_id}"), _table(headers, rows)]


def _commitments_section(plan: Plan, svgs: dict[str, str]) -> list[dict]:
    out = [_text("h2", _("Commitments"))]
    if plan.pledges.empty:
        out.append(_text("note", _("No commitments were made.")))
    else:
        rows = []
        for r in plan.pledges.itertuples():
            role = _(COMMITMENT_ROLE_LABELS[CommitmentRole(r.role)])
            kind = _(COMMITMENT_KIND_LABELS[CommitmentKind(r.kind)])
            status = [Line(status_label(r.status), style="status")]
            if r.status_at is not None and not pd.isna(r.status_at):
                status.append(Line(_date(r.status_at)))
            if r.note:
                status.append(Line(r.note))
            rows.append(
                [
                    _plain(r.priority),
                    ([Line(r.owner)] if r.owner else []) + [_group_line(r.group)],
                    [Line(f"{role} · {kind}", style="bold"), Line(r.what)],
                    _plain(" ".join(x for x in (_amount(r.amount), r.unit or "") if x)),
                    _plain(_date(r.by_when)),
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
        out += [_table(headers, rows), *_chart(svgs, "pledges")]
    if not plan.no_lead.empty:
        out.append(_text("h3", _("Priorities with no lead yet")))
        out.append({"kind": "list", "entries": list(plan.no_lead.priority)})
    return out


def _next_steps_section(plan: Plan) -> list[dict]:
    out = [_text("h2", _("Next steps"))]
    if plan.next_steps.strip():
        return [*out, _text("next", plan.next_steps)]
    return [*out, _text("note", _("The facilitator has not written the next steps yet."))]


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
    page = _JINJA.get_template("unavailable.html").render(lang=lang, message=message)
    return page.encode()


def unavailable_pdf(message: str, *, lang: str = "en") -> bytes:
    import weasyprint

    return weasyprint.HTML(string=unavailable_html(message, lang=lang).decode()).write_pdf()


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
