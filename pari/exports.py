"""Data exports (DESIGN section 4): the six CSVs, a zip of them and an .xlsx workbook.

Shape, after decidim's ``ProposalSerializer``: the queries live in one place
(``_load``), each table has a serializer turning one row into a plain dict with
stable snake_case English keys, and the writers turn those dicts into files. The
page and the command line only offer or save the bytes.

Contracts a spreadsheet user and a researcher rely on:

- One file per table: participants, contributions, votes, scores, assessments,
  commitments. Every row carries ``workshop_code`` and ``territory`` (so the
  combined export of all workshops has the same six tables), the step
  (``step_id``, ``step_position`` counted from 1 in the workshop's order,
  ``step_title``, ``step_kind``) and ``stakeholder_group`` by its enum value, plus
  ids. ``participants.csv`` has no step: a person belongs to the workshop, not to
  one step.
- Poll answers live in ``votes.csv`` with ``kind = poll`` (dot votes have
  ``kind = dot``): both are a participant's choice in a voting step, and DESIGN
  names exactly six files. A dot row fills ``contribution_id`` and ``dots``; a poll
  row fills ``option_index`` and ``option_label``.
- Nothing is dropped silently: hidden, withdrawn and merged cards and withdrawn
  pledges are exported with their flags; rows entered by a facilitator for a
  person on paper carry ``entered_by`` (a username). A commitment row shows its
  latest status and latest dated note from the commitment updates, with the
  number of updates. Participant token hashes are never exported.
- CSV is UTF-8 with a byte-order mark. A text cell that a spreadsheet would run as
  a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets
  a leading ``'``; numbers stay numbers. Times are UTC, ``YYYY-MM-DD HH:MM:SS``.
- Column names are machine names; ``HEADERS`` holds optional human-readable
  headers marked for translation (``header_labels`` translates them).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from pari import steps
from pari.accounts import OPERATOR, Actor, require_coordinator
from pari.i18n import N_, _
from pari.models import (
    Assessment,
    Ballot,
    Commitment,
    CommitmentUpdate,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    Step,
    User,
    Vote,
    Workshop,
)
from pari.workshops import get_by_code

TABLES = ("participants", "contributions", "votes", "scores", "assessments", "commitments")
FILES = tuple(f"{name}.csv" for name in TABLES)


def _names(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_WORKSHOP = ("workshop_code", "territory")
_STEP = ("step_id", "step_position", "step_title", "step_kind")

COLUMNS: dict[str, tuple[str, ...]] = {
    "participants": (
        *_WORKSHOP,
        *_names(
            "participant_id stakeholder_group name organisation place language consented "
            "checked_in_at entered_by created_at last_seen_at"
        ),
    ),
    "contributions": (
        *_WORKSHOP,
        *_STEP,
        *_names(
            "contribution_id participant_id stakeholder_group text category hidden withdrawn "
            "merged merged_into_id entered_by created_at updated_at"
        ),
    ),
    "votes": (
        *_WORKSHOP,
        *_STEP,
        *_names(
            "kind vote_id poll_answer_id participant_id stakeholder_group contribution_id "
            "contribution_text dots dot_budget option_index option_label entered_by "
            "created_at"
        ),
    ),
    "scores": (
        *_WORKSHOP,
        *_STEP,
        *_names(
            "score_id participant_id stakeholder_group contribution_id contribution_text "
            "criterion_index criterion value created_at"
        ),
    ),
    "assessments": (
        *_WORKSHOP,
        *_STEP,
        *_names(
            "assessment_id participant_id stakeholder_group dimension value dont_know created_at"
        ),
    ),
    "commitments": (
        *_WORKSHOP,
        *_STEP,
        *_names(
            "commitment_id participant_id stakeholder_group participant_name organisation "
            "contribution_id priority role kind what amount unit by_when status "
            "status_updated_at latest_note latest_note_at latest_note_by updates_count "
            "withdrawn entered_by created_at updated_at"
        ),
    ),
}

# Human-readable headers, translated where drawn (header_labels); files keep machine names.
HEADERS: dict[str, str] = {
    "workshop_code": N_("Workshop code"),
    "territory": N_("Territory"),
    "step_id": N_("Step id"),
    "step_position": N_("Step number"),
    "step_title": N_("Step"),
    "step_kind": N_("Step kind"),
    "participant_id": N_("Participant id"),
    "stakeholder_group": N_("Stakeholder group"),
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "place": N_("Place"),
    "language": N_("Language"),
    "consented": N_("Consented"),
    "checked_in_at": N_("Checked in at (UTC)"),
    "entered_by": N_("Entered on paper by"),
    "created_at": N_("Created at (UTC)"),
    "updated_at": N_("Updated at (UTC)"),
    "last_seen_at": N_("Last seen at (UTC)"),
    "contribution_id": N_("Card id"),
    "text": N_("Text"),
    "category": N_("Category"),
    "hidden": N_("Hidden"),
    "withdrawn": N_("Withdrawn"),
    "merged": N_("Merged"),
    "merged_into_id": N_("Merged into card id"),
    "kind": N_("Kind"),
    "vote_id": N_("Vote id"),
    "poll_answer_id": N_("Poll answer id"),
    "contribution_text": N_("Card"),
    "dots": N_("Dots"),
    "dot_budget": N_("Dot budget"),
    "option_index": N_("Option number"),
    "option_label": N_("Option"),
    "score_id": N_("Score id"),
    "criterion_index": N_("Criterion number"),
    "criterion": N_("Criterion"),
    "value": N_("Value"),
    "assessment_id": N_("Assessment id"),
    "dimension": N_("Dimension"),
    "dont_know": N_("Don't know"),
    "commitment_id": N_("Commitment id"),
    "participant_name": N_("Name"),
    "priority": N_("Priority"),
    "what": N_("What"),
    "role": N_("Role"),
    "amount": N_("Amount"),
    "unit": N_("Unit"),
    "by_when": N_("By when"),
    "status": N_("Status"),
    "status_updated_at": N_("Status updated at (UTC)"),
    "latest_note": N_("Latest note"),
    "latest_note_at": N_("Latest note at (UTC)"),
    "latest_note_by": N_("Latest note by"),
    "updates_count": N_("Number of updates"),
}

# Sheet names of a workbook with human headers (marked for extraction).
SHEET_LABELS: dict[str, str] = {
    "participants": N_("Participants"),
    "contributions": N_("Contributions"),
    "votes": N_("Votes"),
    "scores": N_("Scores"),
    "assessments": N_("Assessments"),
    "commitments": N_("Commitments"),
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnknownWorkshop(LookupError):
    """No workshop has this join code."""


Row = dict[str, Any]


@dataclass
class Export:
    """The six tables of one export, each a list of plain dicts keyed by ``COLUMNS``."""

    stem: str  # file-name stem of the zip and the workbook: "pari-AB3K7Q" or "pari-all"
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(self.tables.get(name, [])) for name in TABLES}


# ---------------------------------------------------------------- queries (one place)


@dataclass
class _Data:
    workshops: dict[int, Workshop]
    steps: dict[int, Step]
    step_numbers: dict[int, int]
    participants: list[Participant]
    participants_by_id: dict[int, Participant]
    contributions: list[Contribution]
    contributions_by_id: dict[int, Contribution]
    votes: list[Vote]
    budgets: dict[tuple[int, int], int]
    poll_answers: list[PollAnswer]
    scores: list[Score]
    assessments: list[Assessment]
    commitments: list[Commitment]
    updates: dict[int, list[CommitmentUpdate]]
    usernames: dict[int, str]


def _snapshot(session: Session) -> None:
    """On PostgreSQL, read every table from one snapshot when the session is fresh.

    Phones keep writing during a live workshop; REPEATABLE READ makes the six
    tables agree with each other. (SQLite: the top-ups in ``_load`` cover it.)
    """
    bind = session.get_bind()
    if bind.dialect.name == "postgresql" and not session.in_transaction():
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def _load(session: Session, workshop_ids: Sequence[int] | None) -> _Data:
    """Every row the export needs, for these workshops (None: all of them)."""
    _snapshot(session)

    def rows(stmt) -> list:
        # populate_existing: a long-lived session must not serve stale cached rows.
        return list(session.exec(stmt.execution_options(populate_existing=True)).all())

    def only(stmt, column):
        return stmt if workshop_ids is None else stmt.where(column.in_(workshop_ids))

    def by_id(model, known: dict, wanted: Iterable[int | None]) -> dict:
        """``known`` plus any wanted row written after ``known`` was read."""
        missing = {i for i in wanted if i is not None} - known.keys()
        if missing:
            known.update((r.id, r) for r in rows(select(model).where(model.id.in_(missing))))
        return known

    workshops = {w.id: w for w in rows(only(select(Workshop), Workshop.id))}
    steps = {s.id: s for s in rows(only(select(Step), Step.workshop_id))}
    participants = rows(only(select(Participant), Participant.workshop_id).order_by(Participant.id))
    contributions = rows(
        only(select(Contribution), Contribution.workshop_id).order_by(Contribution.id)
    )

    def by_step(model):
        stmt = select(model).join(Step, Step.id == model.step_id).order_by(model.id)
        return rows(only(stmt, Step.workshop_id))

    votes = by_step(Vote)
    ballots = by_step(Ballot)
    poll_answers = by_step(PollAnswer)
    scores = by_step(Score)
    assessments = by_step(Assessment)
    commitments = rows(only(select(Commitment), Commitment.workshop_id).order_by(Commitment.id))
    update_stmt = (
        select(CommitmentUpdate)
        .join(Commitment, Commitment.id == CommitmentUpdate.commitment_id)
        .order_by(CommitmentUpdate.created_at, CommitmentUpdate.id)
    )
    updates: dict[int, list[CommitmentUpdate]] = defaultdict(list)
    for update in rows(only(update_stmt, Commitment.workshop_id)):
        updates[update.commitment_id].append(update)

    # Rows written while the export ran may point at a step, person or card read
    # before they existed: fetch those too rather than fail or lose the row.
    children = [*contributions, *votes, *poll_answers, *scores, *assessments, *commitments]
    steps = by_id(Step, steps, (r.step_id for r in children))
    workshops = by_id(
        Workshop,
        workshops,
        [*(s.workshop_id for s in steps.values()), *(p.workshop_id for p in participants)],
    )
    participants_by_id = by_id(
        Participant, {p.id: p for p in participants}, (r.participant_id for r in children)
    )
    contributions_by_id = by_id(
        Contribution,
        {c.id: c for c in contributions},
        [
            *(r.contribution_id for r in (*votes, *scores, *commitments)),
            *(c.merged_into_id for c in contributions),
        ],
    )

    user_ids = {
        row.entered_by_user_id
        for group in (participants, contributions, votes, commitments)
        for row in group
        if row.entered_by_user_id is not None
    } | {u.user_id for ups in updates.values() for u in ups if u.user_id is not None}
    usernames = {}
    if user_ids:
        for user_id, username in session.exec(
            select(User.id, User.username).where(User.id.in_(sorted(user_ids)))
        ).all():
            usernames[user_id] = username

    step_numbers: dict[int, int] = {}
    per_workshop: dict[int, list[Step]] = defaultdict(list)
    for step in steps.values():
        per_workshop[step.workshop_id].append(step)
    for ws_steps in per_workshop.values():
        for number, step in enumerate(sorted(ws_steps, key=lambda s: (s.position, s.id)), 1):
            step_numbers[step.id] = number

    return _Data(
        workshops=workshops,
        steps=steps,
        step_numbers=step_numbers,
        participants=participants,
        participants_by_id=participants_by_id,
        contributions=contributions,
        contributions_by_id=contributions_by_id,
        votes=votes,
        budgets={(b.step_id, b.participant_id): b.budget for b in ballots},
        poll_answers=poll_answers,
        scores=scores,
        assessments=assessments,
        commitments=commitments,
        updates=updates,
        usernames=usernames,
    )


# ---------------------------------------------------------------- serializers


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S")


def _date(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _number(value: float | None) -> int | float | None:
    """A whole amount as an int (100, not 100.0); other numbers unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _value(enum_value: Any) -> str | None:
    return enum_value.value if enum_value is not None else None


def _workshop_cells(data: _Data, workshop_id: int) -> Row:
    workshop = data.workshops[workshop_id]
    return {"workshop_code": workshop.code, "territory": workshop.territory}


def _step_cells(data: _Data, step_id: int) -> Row:
    step = data.steps[step_id]
    return {
        **_workshop_cells(data, step.workshop_id),
        "step_id": step.id,
        "step_position": data.step_numbers[step.id],
        "step_title": step.title,
        "step_kind": _value(step.kind),
    }


def _group(data: _Data, participant_id: int) -> str | None:
    participant = data.participants_by_id.get(participant_id)
    return _value(participant.group) if participant else None


def _entered_by(data: _Data, user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return data.usernames.get(user_id, f"user {user_id}")


def _card_text(data: _Data, contribution_id: int | None) -> str | None:
    card = data.contributions_by_id.get(contribution_id) if contribution_id else None
    return card.text if card else None


def _label(options: tuple[str, ...], index: int | None) -> str | None:
    """The label of option ``index`` of a step's settings (``pari.steps``), if it has one."""
    if index is None or not 0 <= index < len(options):
        return None
    return options[index] or None


def serialize_participant(data: _Data, p: Participant) -> Row:
    # Never token_hash: it is the phone's credential.
    return {
        **_workshop_cells(data, p.workshop_id),
        "participant_id": p.id,
        "stakeholder_group": _value(p.group),
        "name": p.name,
        "organisation": p.organisation,
        "place": p.place,
        "language": p.language,
        "consented": p.consented,
        "checked_in_at": _time(p.checked_in_at),
        "entered_by": _entered_by(data, p.entered_by_user_id),
        "created_at": _time(p.created_at),
        "last_seen_at": _time(p.last_seen_at),
    }


def serialize_contribution(data: _Data, c: Contribution) -> Row:
    return {
        **_step_cells(data, c.step_id),
        "contribution_id": c.id,
        "participant_id": c.participant_id,
        "stakeholder_group": _group(data, c.participant_id),
        "text": c.text,
        "category": c.category,
        "hidden": c.hidden,
        "withdrawn": c.withdrawn,
        "merged": c.merged_into_id is not None,
        "merged_into_id": c.merged_into_id,
        "entered_by": _entered_by(data, c.entered_by_user_id),
        "created_at": _time(c.created_at),
        "updated_at": _time(c.updated_at),
    }


def serialize_vote(data: _Data, v: Vote) -> Row:
    return {
        **_step_cells(data, v.step_id),
        "kind": "dot",
        "vote_id": v.id,
        "poll_answer_id": None,
        "participant_id": v.participant_id,
        "stakeholder_group": _group(data, v.participant_id),
        "contribution_id": v.contribution_id,
        "contribution_text": _card_text(data, v.contribution_id),
        "dots": v.dots,
        "dot_budget": data.budgets.get((v.step_id, v.participant_id)),
        "option_index": None,
        "option_label": None,
        "entered_by": _entered_by(data, v.entered_by_user_id),
        "created_at": _time(v.created_at),
    }


def serialize_poll_answer(data: _Data, a: PollAnswer) -> Row:
    options = steps.config(data.steps[a.step_id]).options
    return {
        **_step_cells(data, a.step_id),
        "kind": "poll",
        "vote_id": None,
        "poll_answer_id": a.id,
        "participant_id": a.participant_id,
        "stakeholder_group": _group(data, a.participant_id),
        "contribution_id": None,
        "contribution_text": None,
        "dots": None,
        "dot_budget": None,
        "option_index": a.option,
        "option_label": _label(options, a.option),
        "entered_by": None,
        "created_at": _time(a.created_at),
    }


def serialize_score(data: _Data, s: Score) -> Row:
    criteria = steps.config(data.steps[s.step_id]).criteria
    return {
        **_step_cells(data, s.step_id),
        "score_id": s.id,
        "participant_id": s.participant_id,
        "stakeholder_group": _group(data, s.participant_id),
        "contribution_id": s.contribution_id,
        "contribution_text": _card_text(data, s.contribution_id),
        "criterion_index": s.criterion,
        "criterion": _label(criteria, s.criterion),
        "value": s.value,
        "created_at": _time(s.created_at),
    }


def serialize_assessment(data: _Data, a: Assessment) -> Row:
    return {
        **_step_cells(data, a.step_id),
        "assessment_id": a.id,
        "participant_id": a.participant_id,
        "stakeholder_group": _group(data, a.participant_id),
        "dimension": a.dimension,
        "value": a.value,
        "dont_know": a.value is None,
        "created_at": _time(a.created_at),
    }


def serialize_commitment(data: _Data, c: Commitment) -> Row:
    updates = data.updates.get(c.id, [])
    latest = updates[-1] if updates else None
    noted = next((u for u in reversed(updates) if u.note.strip()), None)
    participant = data.participants_by_id.get(c.participant_id)
    return {
        **_step_cells(data, c.step_id),
        "commitment_id": c.id,
        "participant_id": c.participant_id,
        "stakeholder_group": _group(data, c.participant_id),
        "participant_name": participant.name if participant else None,
        "organisation": participant.organisation if participant else None,
        "contribution_id": c.contribution_id,
        "priority": _card_text(data, c.contribution_id) or c.priority_text,
        "role": _value(c.role),
        "kind": _value(c.kind),
        "what": c.what,
        "amount": _number(c.amount),
        "unit": c.unit,
        "by_when": _date(c.by_when),
        "status": _value(latest.status if latest else c.status),
        "status_updated_at": _time(latest.created_at) if latest else None,
        "latest_note": noted.note if noted else None,
        "latest_note_at": _time(noted.created_at) if noted else None,
        "latest_note_by": _entered_by(data, noted.user_id) if noted else None,
        "updates_count": len(updates),
        "withdrawn": c.withdrawn,
        "entered_by": _entered_by(data, c.entered_by_user_id),
        "created_at": _time(c.created_at),
        "updated_at": _time(c.updated_at),
    }


def _sort_key(row: Row) -> tuple:
    return (row["workshop_code"], row.get("step_position") or 0)


def _tables(data: _Data) -> dict[str, list[Row]]:
    def each(serializer, rows):
        # A row whose step was deleted mid-export went with it (ON DELETE CASCADE).
        return [serializer(data, r) for r in rows if r.step_id in data.steps]

    tables = {
        "participants": [
            serialize_participant(data, p)
            for p in data.participants
            if p.workshop_id in data.workshops
        ],
        "contributions": each(serialize_contribution, data.contributions),
        "votes": each(serialize_vote, data.votes) + each(serialize_poll_answer, data.poll_answers),
        "scores": each(serialize_score, data.scores),
        "assessments": each(serialize_assessment, data.assessments),
        "commitments": each(serialize_commitment, data.commitments),
    }
    # Stable order: by workshop, then step; within a step, by id (sorted() is stable).
    return {name: sorted(rows, key=_sort_key) for name, rows in tables.items()}


def workshop_export(*, session: Session, workshop: Workshop) -> Export:
    """The six tables of one workshop; UnknownWorkshop if it was deleted meanwhile."""
    data = _load(session, [workshop.id])
    if workshop.id not in data.workshops:
        raise UnknownWorkshop(f"The workshop {workshop.code} no longer exists.")
    return Export(stem=f"pari-{workshop.code}", tables=_tables(data))


def workshop_export_by_code(*, session: Session, code: str) -> Export:
    """The export of the workshop with this join code (any case, spaces ignored)."""
    workshop = get_by_code(session=session, code=code)
    if workshop is None:
        raise UnknownWorkshop(f"No workshop has the code {code!r}.")
    return workshop_export(session=session, workshop=workshop)


def all_workshops_export(*, session: Session, acting_user_id: Actor = OPERATOR) -> Export:
    """The same six tables for every workshop of every territory: for coordinators only,
    as the database says when the file is built (web pages pass the person's id)."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    return Export(stem="pari-all", tables=_tables(_load(session, None)))


# ---------------------------------------------------------------- writers


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula, made inert with a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def header_labels(columns: Iterable[str]) -> list[str]:
    """Human-readable, translated headers for ``columns`` (machine name if unmapped)."""
    return [_(HEADERS[c]) if c in HEADERS else c for c in columns]


def _header_row(table: str, human: bool) -> list[str]:
    columns = COLUMNS[table]
    return header_labels(columns) if human else list(columns)


def csv_bytes(export: Export, table: str, *, human_headers: bool = False) -> bytes:
    """One table as CSV, UTF-8 with a byte-order mark, formula cells neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(_header_row(table, human_headers))
    for row in export.tables.get(table, []):
        writer.writerow(
            ["" if (v := row.get(c)) is None else neutralise(v) for c in COLUMNS[table]]
        )
    return buffer.getvalue().encode("utf-8-sig")


def zip_bytes(export: Export, *, human_headers: bool = False) -> bytes:
    """The six CSVs in one zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table, filename in zip(TABLES, FILES, strict=True):
            archive.writestr(filename, csv_bytes(export, table, human_headers=human_headers))
    return buffer.getvalue()


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, taken: Iterable[str] = ()) -> str:
    """A valid, unique Excel sheet name: no []:*?/\\, no edge quote, at most 31 chars."""
    base = _SHEET_FORBIDDEN.sub("_", name).strip("'").strip() or "sheet"
    base = base[:31]
    lowered = {t.lower() for t in taken}
    candidate, n = base, 1
    while candidate.lower() in lowered:
        n += 1
        suffix = f" ({n})"
        candidate = base[: 31 - len(suffix)] + suffix
    return candidate


# OOXML spells characters XML cannot hold as _xHHHH_ (Excel decodes them; a literal
# "_x0041_" typed by a person is kept by escaping its underscore as _x005F_).
_OOXML_LITERAL = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_OOXML_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")


def _xlsx_cell(value: Any) -> Any:
    value = neutralise(value)
    if isinstance(value, str):
        value = _OOXML_LITERAL.sub(r"_x005F_\1", value)
        value = _OOXML_UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return value


def xlsx_bytes(export: Export, *, human_headers: bool = False) -> bytes:
    """A workbook with one sheet per table, the same neutralisation as the CSVs."""
    import pandas as pd

    buffer = io.BytesIO()
    taken: list[str] = []
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for table in TABLES:
            columns = COLUMNS[table]
            frame = pd.DataFrame(
                [[_xlsx_cell(row.get(c)) for c in columns] for row in export.tables.get(table, [])],
                columns=_header_row(table, human_headers),
                dtype=object,
            )
            name = sheet_name(_(SHEET_LABELS[table]) if human_headers else table, taken)
            taken.append(name)
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def write_export(export: Export, directory: Path | str) -> list[Path]:
    """Write the six CSVs, ``<stem>.zip`` and ``<stem>.xlsx`` into ``directory`` (made)."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table, filename in zip(TABLES, FILES, strict=True):
        path = folder / filename
        path.write_bytes(csv_bytes(export, table))
        written.append(path)
    for path, payload in (
        (folder / f"{export.stem}.zip", zip_bytes(export)),
        (folder / f"{export.stem}.xlsx", xlsx_bytes(export)),
    ):
        path.write_bytes(payload)
        written.append(path)
    return written
