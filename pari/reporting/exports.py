"""Data exports (DESIGN section 4): a CSV per table, a zip of them and an .xlsx workbook.

Shape, after decidim's ``ProposalSerializer``: the queries live in one place
(``export_data.load``), each table has a serializer turning one row into a plain
dict with stable snake_case English keys (participants here, every other table in
the kind that owns it, ``pari.steps.<kind>.export``), and the writers turn those
dicts into files. The page and the command line only offer or save the bytes.

Contracts a spreadsheet user and a researcher rely on:

- One file per table: participants, contributions, votes, scores, assessments,
  commitments, then one per table a newer kind keeps (questions, question_upvotes,
  words, ratings: ``Kind.export_tables``). Every row carries ``workshop_code`` and
  ``territory`` (so the combined export of all workshops has the same tables), the step
  (``step_id``, ``step_position`` counted from 1 in the workshop's order,
  ``step_title``, ``step_kind``) and ``stakeholder_group`` by its enum value, plus
  ids. ``participants.csv`` has no step: a person belongs to the workshop, not to
  one step.
- Poll answers live in ``votes.csv`` with ``kind = poll`` (dot votes have
  ``kind = dot``): both are a participant's choice in a voting step, and DESIGN
  names these six files. A dot row fills ``contribution_id`` and ``dots``; a poll
  row fills ``option_index`` and ``option_label``.
- Nothing is dropped silently: hidden, withdrawn and merged cards and withdrawn
  pledges are exported with their flags; rows entered by a facilitator for a
  person on paper carry ``entered_by`` (a username). A commitment row shows its
  latest status and latest dated note from the commitment updates, with the
  number of updates. Participant token hashes are never exported.
- CSV is UTF-8 with a byte-order mark. A text cell that a spreadsheet would run as
  a formula (starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return) gets
  a leading ``'``; numbers stay numbers. Times are UTC, ``YYYY-MM-DD HH:MM:SS``.
- Every table ends with ``mode``: ``live``, or ``self-paced`` for a row given in the
  workshop's self-paced window (issue 21; for a participant, how they checked in).
- Column names are machine names; ``HEADERS`` holds optional human-readable
  headers marked for translation (``header_labels`` translates them).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session

from pari import steps
from pari.accounts import OPERATOR, Actor, require_coordinator
from pari.i18n import N_, _
from pari.models import Participant, Workshop
from pari.reporting.export_data import (
    Data,
    Row,
    entered_by,
    load,
    mode_cell,
    time_cell,
    value_cell,
    workshop_cells,
)
from pari.workshops import get_by_code

BASE_TABLES = ("participants", "contributions", "votes", "scores", "assessments", "commitments")
# The six, then the files of the kinds that keep tables of their own (``Kind.export_tables``).
TABLES = BASE_TABLES + tuple(name for kind in steps.KINDS.values() for name in kind.export_tables)
FILES = tuple(f"{name}.csv" for name in TABLES)


def _names(spaced: str) -> tuple[str, ...]:
    return tuple(spaced.split())


_WORKSHOP = ("workshop_code", "territory")
_STEP = ("step_id", "step_position", "step_title", "step_kind")

_COLUMNS: dict[str, tuple[str, ...]] = {
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
            "contribution_id participant_id stakeholder_group text text_language category "
            "hidden withdrawn merged merged_into_id entered_by created_at updated_at"
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
            "criterion_index criterion value passed created_at"
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
    **{
        name: (*_WORKSHOP, *_STEP, *columns)
        for kind in steps.KINDS.values()
        for name, columns in kind.export_tables.items()
    },
}

# Every table ends with the mode its rows were given in (``export_data.mode_cell``).
COLUMNS: dict[str, tuple[str, ...]] = {
    name: (*columns, "mode") for name, columns in _COLUMNS.items()
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
    "text_language": N_("Language of the text"),
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
    "passed": N_("Passed (“I pass”)"),
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
    "mode": N_("Mode (live or self-paced)"),
    **{col: label for kind in steps.KINDS.values() for col, label in kind.export_headers.items()},
}

# Sheet names of a workbook with human headers (marked for extraction).
SHEET_LABELS: dict[str, str] = {
    "participants": N_("Participants"),
    "contributions": N_("Contributions"),
    "votes": N_("Votes"),
    "scores": N_("Scores"),
    "assessments": N_("Assessments"),
    "commitments": N_("Commitments"),
    **{name: label for kind in steps.KINDS.values() for name, label in kind.export_sheets.items()},
}

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UnknownWorkshop(LookupError):
    """No workshop has this join code."""


@dataclass
class Export:
    """The tables of one export, each a list of plain dicts keyed by ``COLUMNS``."""

    stem: str  # file-name stem of the zip and the workbook: "pari-AB3K7Q" or "pari-all"
    tables: dict[str, list[Row]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(self.tables.get(name, [])) for name in TABLES}


# ---------------------------------------------------------------- rows


def serialize_participant(data: Data, p: Participant) -> Row:
    # Never token_hash: it is the phone's credential.
    return {
        **workshop_cells(data, p.workshop_id),
        "participant_id": p.id,
        "stakeholder_group": value_cell(p.group),
        "name": p.name,
        "organisation": p.organisation,
        "place": p.place,
        "language": p.language,
        "consented": p.consented,
        "checked_in_at": time_cell(p.checked_in_at),
        "entered_by": entered_by(data, p.entered_by_user_id),
        "created_at": time_cell(p.created_at),
        "last_seen_at": time_cell(p.last_seen_at),
        "mode": mode_cell(p),
    }


def _sort_key(row: Row) -> tuple:
    return (row["workshop_code"], row.get("step_position") or 0)


def _tables(data: Data) -> dict[str, list[Row]]:
    tables: dict[str, list[Row]] = {name: [] for name in TABLES}
    tables["participants"] = [
        serialize_participant(data, p) for p in data.participants if p.workshop_id in data.workshops
    ]
    for kind in steps.KINDS.values():  # each kind adds the rows of the tables it owns
        for name, rows in kind.export_rows(data).items():
            tables[name] += rows
    # Stable order: by workshop, then step; within a step, by id (sorted() is stable).
    return {name: sorted(rows, key=_sort_key) for name, rows in tables.items()}


def workshop_export(*, session: Session, workshop: Workshop) -> Export:
    """The tables of one workshop; UnknownWorkshop if it was deleted meanwhile."""
    data = load(session, [workshop.id])
    if workshop.id not in data.workshops:
        raise UnknownWorkshop(f"The workshop {workshop.code} no longer exists.")
    return Export(stem=f"pari-{workshop.code}", tables=_tables(data))


def workshop_export_by_id(*, session: Session, workshop_id: int) -> Export:
    """The export of the workshop with this id; UnknownWorkshop if it is gone."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise UnknownWorkshop(f"The workshop {workshop_id} no longer exists.")
    return workshop_export(session=session, workshop=workshop)


def workshop_export_by_code(*, session: Session, code: str) -> Export:
    """The export of the workshop with this join code (any case, spaces ignored)."""
    workshop = get_by_code(session=session, code=code)
    if workshop is None:
        raise UnknownWorkshop(f"No workshop has the code {code!r}.")
    return workshop_export(session=session, workshop=workshop)


def all_workshops_export(*, session: Session, acting_user_id: Actor = OPERATOR) -> Export:
    """The same tables for every workshop of every territory: for coordinators only,
    as the database says when the file is built (web pages pass the person's id)."""
    require_coordinator(session=session, acting_user_id=acting_user_id)
    return Export(stem="pari-all", tables=_tables(load(session, None)))


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
    """The CSVs in one zip."""
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
    """Write the CSVs, ``<stem>.zip`` and ``<stem>.xlsx`` into ``directory`` (made)."""
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
