"""Exports of DESIGN section 4: every database row reaches its CSV, the files open right
in a spreadsheet (BOM, accents, emoji, formulas made inert), and the command line works.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import event, func
from sqlmodel import Session, select

from pari.__main__ import main
from pari.db import make_engine
from pari.models import (
    MAX_CARD_TEXT,
    Assessment,
    Ballot,
    Commitment,
    CommitmentKind,
    CommitmentRole,
    CommitmentStatus,
    CommitmentUpdate,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    StakeholderGroup,
    Step,
    StepKind,
    Vote,
    Workshop,
)
from pari.reporting import exports
from pari.settings import get_settings
from pari.steps.questions.models import Question, QuestionStatus, QuestionUpvote
from pari.steps.rating.models import Rating
from pari.steps.word_cloud.models import WordAnswer
from tests.factories import make_participant, make_user, make_workshop

BOM = b"\xef\xbb\xbf"
FORMULAS = ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x", "\r=x"]
ACCENTED = "Åsa Öberg – Iruñea, São Pedro 🌾🤝 تعاونية"
T0 = datetime(2025, 3, 14, 9, 30, tzinfo=UTC)

STEPS = [
    (StepKind.CHECK_IN, "Check-in", {}),
    (StepKind.IDEAS, "Challenges ✨", {"categories": ["social", "ecological", "economic"]}),
    (StepKind.DOT_VOTE, "=Priorities", {"budget": 5, "per_card_cap": 3}, 1),
    (StepKind.MATRIX, "Paths", {"criteria": ["impact", "feasibility"]}, 1),
    (StepKind.POLL, "Governance", {"options": ["network", "association", "cooperative"]}),
    (StepKind.ASSESSMENT, "Readiness", {"dimensions": ["shared_vision", "trust"]}),
    (StepKind.COMMITMENTS, "Commitments", {}, 1),
    (StepKind.QUESTIONS, "Questions", {"names": True}),
    (StepKind.WORD_CLOUD, "Words", {"max_answers": 3}),
    (StepKind.RATING, "Confidence", {"statements": ["We can", "=We will"], "scale": "agree"}),
]


@dataclass
class Filled:
    workshop: Workshop
    steps: list[Step]
    facilitator_username: str
    token_hashes: list[str]


def fill_workshop(session: Session, *, code: str | None = None, territory: str = "") -> Filled:
    """A workshop with rows in every exported table, including the awkward ones."""
    facilitator = make_user(session)
    workshop, steps = make_workshop(session, owner=facilitator, steps=STEPS, code=code)
    if territory:
        workshop.territory = territory
    _check_in, ideas, vote, matrix, poll, assessment, pledges, asks, words, rating = steps

    people = [
        make_participant(session, workshop, group=g, name=f"{ACCENTED} {i}", organisation="Ñandú")
        for i, g in enumerate(StakeholderGroup)
    ]
    paper = make_participant(
        session,
        workshop,
        group=StakeholderGroup.CIVIL_SOCIETY,
        name='=HYPERLINK("http://x")',
        entered_by_user_id=facilitator.id,
    )
    make_participant(session, workshop)  # joined, never checked in: no group
    people.append(paper)

    texts = [*FORMULAS, ACCENTED, "Plain card", 'Line one\nline two, "quoted"']
    cards = []
    for i, text in enumerate(texts):
        card = Contribution(
            workshop_id=workshop.id,
            step_id=ideas.id,
            participant_id=people[i % len(people)].id,
            text=text,
            category=["social", "ecological", "economic"][i % 3],
        )
        session.add(card)
        cards.append(card)
    session.flush()
    cards[0].hidden = True
    cards[1].withdrawn = True
    cards[2].merged_into_id = cards[7].id
    on_paper = Contribution(
        workshop_id=workshop.id,
        step_id=ideas.id,
        participant_id=paper.id,
        text="Written on paper",
        entered_by_user_id=facilitator.id,
    )
    session.add(on_paper)
    session.flush()

    for i, person in enumerate(people[:4]):
        session.add(Ballot(step_id=vote.id, participant_id=person.id, budget=5, spent=4))
        session.add(
            Vote(step_id=vote.id, participant_id=person.id, contribution_id=cards[7].id, dots=3)
        )
        session.add(
            Vote(step_id=vote.id, participant_id=person.id, contribution_id=cards[i].id, dots=1)
        )
    session.add(Ballot(step_id=vote.id, participant_id=paper.id, budget=5, spent=2))
    session.add(
        Vote(
            step_id=vote.id,
            participant_id=paper.id,
            contribution_id=on_paper.id,
            dots=2,
            entered_by_user_id=facilitator.id,
        )
    )
    for person in people[:3]:
        for card in cards[6:8]:
            for criterion, value in ((0, 5), (1, 2)):
                session.add(
                    Score(
                        step_id=matrix.id,
                        participant_id=person.id,
                        contribution_id=card.id,
                        criterion=criterion,
                        value=value,
                    )
                )
    for i, person in enumerate(people):
        session.add(PollAnswer(step_id=poll.id, participant_id=person.id, option=i % 3))
    session.add(PollAnswer(step_id=poll.id, participant_id=people[0].id, option=2))
    session.add(PollAnswer(step_id=poll.id, participant_id=people[1].id, option=7))  # stale option
    for i, person in enumerate(people):
        session.add(
            Assessment(
                step_id=assessment.id, participant_id=person.id, dimension="shared_vision", value=i
            )
        )
        session.add(
            Assessment(
                step_id=assessment.id, participant_id=person.id, dimension="trust", value=None
            )
        )

    lead = Commitment(
        workshop_id=workshop.id,
        step_id=pledges.id,
        participant_id=people[1].id,
        contribution_id=cards[7].id,
        role=CommitmentRole.LEAD,
        kind=CommitmentKind.MONEY,
        what="Seed fund 💶",
        amount=2500.0,
        unit="EUR",
        by_when=date(2025, 12, 31),
        status=CommitmentStatus.DONE,
    )
    free = Commitment(
        workshop_id=workshop.id,
        step_id=pledges.id,
        participant_id=paper.id,
        priority_text="@Room for meetings",
        role=CommitmentRole.SUPPORTING,
        kind=CommitmentKind.SPACE,
        what="-Our hall on Mondays",
        amount=2.5,
        unit="days",
        withdrawn=True,
        entered_by_user_id=facilitator.id,
    )
    session.add_all([lead, free])
    session.flush()
    # The kinds with tables of their own: a formula-like question, one withdrawn, upvotes
    # (one from a person without a group), words, a "don't know" rating.
    asked = [
        Question(
            workshop_id=workshop.id,
            step_id=asks.id,
            participant_id=people[i].id,
            text=text,
            show_name=i == 0,
            status=status,
        )
        for i, (text, status) in enumerate(
            [
                ("=Who pays?", QuestionStatus.SHOWN),
                (ACCENTED, QuestionStatus.ANSWERED),
                ("Taken back", QuestionStatus.WITHDRAWN),
            ]
        )
    ]
    session.add_all(asked)
    session.flush()
    for person in people[1:4]:
        session.add(
            QuestionUpvote(question_id=asked[0].id, participant_id=person.id, step_id=asks.id)
        )
    for i, text in enumerate(["Trust", "trust", "+shared tools"]):
        session.add(
            WordAnswer(
                step_id=words.id,
                participant_id=people[i].id,
                text=text,
                key=text.lower().lstrip("+"),
            )
        )
    for i, person in enumerate(people[:3]):
        session.add(Rating(step_id=rating.id, participant_id=person.id, statement=0, value=i + 3))
    session.add(Rating(step_id=rating.id, participant_id=people[3].id, statement=1, value=None))
    session.add(
        Rating(
            step_id=rating.id,
            participant_id=paper.id,
            statement=0,
            value=1,
            entered_by_user_id=facilitator.id,
        )
    )
    session.flush()
    session.add_all(
        [
            CommitmentUpdate(
                commitment_id=lead.id,
                status=CommitmentStatus.IN_PROGRESS,
                note="Started 🚀 – ça avance",
                user_id=facilitator.id,
                created_at=T0,
            ),
            CommitmentUpdate(
                commitment_id=lead.id,
                status=CommitmentStatus.DONE,
                note="",
                user_id=facilitator.id,
                created_at=T0 + timedelta(days=30),
            ),
        ]
    )
    session.commit()
    hashes = session.exec(
        select(Participant.token_hash).where(Participant.workshop_id == workshop.id)
    ).all()
    return Filled(workshop, steps, facilitator.username, list(hashes))


def db_counts(session: Session, workshop_ids: list[int] | None = None) -> dict[str, int]:
    """What the database holds, counted independently of the export code."""

    def count(model, workshop_column, join_step=False):
        stmt = select(func.count()).select_from(model)
        if join_step:
            stmt = stmt.join(Step, Step.id == model.step_id)
        if workshop_ids is not None:
            stmt = stmt.where(workshop_column.in_(workshop_ids))
        return session.exec(stmt).one()

    return {
        "participants": count(Participant, Participant.workshop_id),
        "contributions": count(Contribution, Contribution.workshop_id),
        "votes": count(Vote, Step.workshop_id, True) + count(PollAnswer, Step.workshop_id, True),
        "scores": count(Score, Step.workshop_id, True),
        "assessments": count(Assessment, Step.workshop_id, True),
        "commitments": count(Commitment, Commitment.workshop_id),
        "questions": count(Question, Question.workshop_id),
        "question_upvotes": count(QuestionUpvote, Step.workshop_id, True),
        "words": count(WordAnswer, Step.workshop_id, True),
        "ratings": count(Rating, Step.workshop_id, True),
    }


def read_csv(payload: bytes) -> list[dict[str, str]]:
    assert payload.startswith(BOM)
    return list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline="")))


def frame(payload: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(payload), encoding="utf-8-sig", keep_default_na=False)


@pytest.fixture
def filled(session) -> Filled:
    return fill_workshop(session)


@pytest.fixture
def export(session, filled) -> exports.Export:
    return exports.workshop_export(session=session, workshop=filled.workshop)


def test_every_database_row_is_in_its_csv(session, filled, export):
    expected = db_counts(session, [filled.workshop.id])
    assert all(expected.values()), expected  # the fixture fills every table
    for table in exports.TABLES:
        rows = read_csv(exports.csv_bytes(export, table))
        assert len(rows) == expected[table], table
        assert list(rows[0]) == list(exports.COLUMNS[table])
        assert {r["workshop_code"] for r in rows} == {filled.workshop.code}
    ids = {
        "participants": ("participant_id", Participant),
        "contributions": ("contribution_id", Contribution),
        "scores": ("score_id", Score),
        "assessments": ("assessment_id", Assessment),
        "commitments": ("commitment_id", Commitment),
    }
    for table, (column, model) in ids.items():
        exported = {int(r[column]) for r in read_csv(exports.csv_bytes(export, table))}
        assert exported == set(session.exec(select(model.id)).all()), table


def test_votes_hold_dot_votes_and_poll_answers(session, filled, export):
    rows = read_csv(exports.csv_bytes(export, "votes"))
    dots = [r for r in rows if r["kind"] == "dot"]
    polls = [r for r in rows if r["kind"] == "poll"]
    assert len(dots) == session.exec(select(func.count()).select_from(Vote)).one()
    assert len(polls) == session.exec(select(func.count()).select_from(PollAnswer)).one()
    assert {r["step_title"] for r in dots} == {"'=Priorities"}  # step titles are text too
    assert {r["step_position"] for r in dots} == {"3"}
    assert {r["dot_budget"] for r in dots} == {"5"}
    assert sum(int(r["dots"]) for r in dots) == 4 * 4 + 2
    assert all(r["option_index"] == "" for r in dots)
    labels = {(r["option_index"], r["option_label"]) for r in polls}
    assert ("2", "cooperative") in labels
    assert ("7", "") in labels  # an option removed later: the answer stays, unlabelled
    assert {r["step_title"] for r in polls} == {"Governance"}
    paper = [r for r in dots if r["entered_by"]]
    assert [r["entered_by"] for r in paper] == [filled.facilitator_username]


def test_rows_carry_step_and_group_by_name(filled, export):
    cards = read_csv(exports.csv_bytes(export, "contributions"))
    assert {(r["step_position"], r["step_title"], r["step_kind"]) for r in cards} == {
        ("2", "Challenges ✨", "ideas")
    }
    groups = {g.value for g in StakeholderGroup}
    for table in ("contributions", "votes", "scores", "assessments", "commitments"):
        for row in read_csv(exports.csv_bytes(export, table)):
            assert row["stakeholder_group"] in groups, table
            assert row["step_id"] and row["step_title"], table
    people = read_csv(exports.csv_bytes(export, "participants"))
    assert {r["stakeholder_group"] for r in people} == groups | {""}


def test_every_table_ends_with_the_mode_each_row_was_given_in(session, filled):
    """Issue 21: ``mode`` is "live", or "self-paced" for a row given in the workshop's
    self-paced window (a participant: how they checked in), after the existing columns."""
    feeding = {
        "participants": (Participant,),
        "contributions": (Contribution,),
        "votes": (Vote, PollAnswer),
        "scores": (Score,),
        "assessments": (Assessment,),
        "commitments": (Commitment,),
        "questions": (Question,),
        "question_upvotes": (QuestionUpvote,),
        "words": (WordAnswer,),
        "ratings": (Rating,),
    }
    assert set(feeding) == set(exports.TABLES)
    for models in feeding.values():
        for model in models:  # one row of each table given in the window
            row = session.exec(select(model)).first()
            row.self_paced = True
            session.add(row)
    session.commit()
    export = exports.workshop_export(session=session, workshop=filled.workshop)
    for table in exports.TABLES:
        assert exports.COLUMNS[table][-1] == "mode", table
        modes = [r["mode"] for r in read_csv(exports.csv_bytes(export, table))]
        assert set(modes) == {"live", "self-paced"}, table
        assert modes.count("self-paced") == len(feeding[table]), table
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export, human_headers=True)))
    assert book.worksheets[0].cell(row=1, column=len(exports.COLUMNS["participants"])).value == (
        "Mode (live or self-paced)"
    )


def test_moderated_cards_are_flagged_not_dropped(filled, export):
    cards = {r["text"]: r for r in read_csv(exports.csv_bytes(export, "contributions"))}
    assert cards["'=1+1"]["hidden"] == "True"
    assert cards["'+cmd"]["withdrawn"] == "True"
    merged = cards["'-2+3"]
    assert merged["merged"] == "True"
    assert merged["merged_into_id"] == cards["Plain card"]["contribution_id"]
    assert cards["Plain card"]["hidden"] == cards["Plain card"]["withdrawn"] == "False"
    assert cards["Written on paper"]["entered_by"] == filled.facilitator_username
    assert cards["Plain card"]["entered_by"] == ""


def test_paper_participants_carry_entered_by(filled, export):
    people = read_csv(exports.csv_bytes(export, "participants"))
    paper = [r for r in people if r["entered_by"]]
    assert len(paper) == 1
    assert paper[0]["entered_by"] == filled.facilitator_username
    assert paper[0]["name"] == '\'=HYPERLINK("http://x")'


def test_commitments_show_latest_status_and_note(filled, export):
    rows = {r["what"]: r for r in read_csv(exports.csv_bytes(export, "commitments"))}
    lead = rows["Seed fund 💶"]
    assert lead["status"] == "done"
    assert lead["status_updated_at"] == "2025-04-13 09:30:00"
    assert lead["latest_note"] == "Started 🚀 – ça avance"  # the newest update has no note
    assert lead["latest_note_at"] == "2025-03-14 09:30:00"
    assert lead["latest_note_by"] == filled.facilitator_username
    assert lead["updates_count"] == "2"
    assert lead["priority"] == "Plain card"
    assert (lead["role"], lead["kind"], lead["amount"], lead["unit"], lead["by_when"]) == (
        "lead",
        "money",
        "2500",
        "EUR",
        "2025-12-31",
    )
    free = rows["'-Our hall on Mondays"]
    assert free["priority"] == "'@Room for meetings"
    assert free["status"] == "planned"
    assert free["updates_count"] == "0"
    assert free["latest_note"] == ""
    assert free["withdrawn"] == "True"
    assert free["entered_by"] == filled.facilitator_username
    assert free["amount"] == "2.5"


def test_csv_has_bom_and_accents_and_emoji_survive(export):
    for table in exports.TABLES:
        assert exports.csv_bytes(export, table).startswith(BOM)
    people = frame(exports.csv_bytes(export, "participants"))
    assert f"{ACCENTED} 0" in set(people["name"])
    assert set(people.loc[people["name"].str.startswith(ACCENTED), "organisation"]) == {"Ñandú"}
    cards = frame(exports.csv_bytes(export, "contributions"))
    assert ACCENTED in set(cards["text"])
    # Through a file on disk, as a spreadsheet user would get it.
    text = exports.csv_bytes(export, "contributions").decode("utf-8-sig")
    assert ACCENTED in text


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(export):
    cards = read_csv(exports.csv_bytes(export, "contributions"))
    texts = {r["text"] for r in cards}
    for formula in FORMULAS:
        assert "'" + formula in texts, repr(formula)
        assert formula not in texts
    scores = frame(exports.csv_bytes(export, "scores"))
    for column in ("value", "criterion_index", "score_id", "participant_id", "step_position"):
        assert pd.api.types.is_integer_dtype(scores[column]), column
    assessments = pd.read_csv(io.BytesIO(exports.csv_bytes(export, "assessments")))
    assert pd.api.types.is_numeric_dtype(assessments["value"])
    assert assessments["value"].isna().sum() == (assessments["dont_know"]).sum()
    commitments = pd.read_csv(io.BytesIO(exports.csv_bytes(export, "commitments")))
    assert pd.api.types.is_float_dtype(commitments["amount"])


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("\r=x", "'\r=x"),
        ("a=1", "a=1"),
        ("", ""),
        (-2, -2),
        (-2.5, -2.5),
        (0, 0),
        (True, True),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert exports.neutralise(value) == expected


def test_negative_numbers_in_numeric_columns_are_not_text():
    row = dict.fromkeys(exports.COLUMNS["commitments"], "")
    row.update(amount=-2, what="-2", commitment_id=1)
    export = exports.Export(stem="t", tables={"commitments": [row]})
    (out,) = read_csv(exports.csv_bytes(export, "commitments"))
    assert (out["amount"], out["what"]) == ("-2", "'-2")
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))["commitments"]
    header = [c.value for c in sheet[1]]
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["amount"] == -2
    assert values["what"] == "'-2"


def test_empty_workshop_exports_headers_only(session):
    workshop, _ = make_workshop(session, steps=STEPS)
    export = exports.workshop_export(session=session, workshop=workshop)
    for table in exports.TABLES:
        payload = exports.csv_bytes(export, table)
        assert payload == BOM + (",".join(exports.COLUMNS[table]) + "\r\n").encode()
        assert list(frame(payload).columns) == list(exports.COLUMNS[table])
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))
    assert book.sheetnames == list(exports.TABLES)
    for table in exports.TABLES:
        assert book[table].max_row == 1
        assert [c.value for c in book[table][1]] == list(exports.COLUMNS[table])
    with zipfile.ZipFile(io.BytesIO(exports.zip_bytes(export))) as archive:
        assert archive.namelist() == list(exports.FILES)


def test_long_text_survives_every_format():
    text = ("Å long card – ça 🌾 " * 300)[:5000]
    assert len(text) == 5000
    row = dict.fromkeys(exports.COLUMNS["contributions"])
    row.update(text=text, contribution_id=1, workshop_code="ABCDEF")
    export = exports.Export(stem="t", tables={"contributions": [row]})
    (out,) = read_csv(exports.csv_bytes(export, "contributions"))
    assert out["text"] == text
    with zipfile.ZipFile(io.BytesIO(exports.zip_bytes(export))) as archive:
        assert read_csv(archive.read("contributions.csv"))[0]["text"] == text
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))["contributions"]
    assert sheet.cell(row=2, column=exports.COLUMNS["contributions"].index("text") + 1).value == (
        text
    )


def test_longest_card_from_the_database_survives(session, filled):
    """A card at the length limit (MAX_CARD_TEXT) with accents and emoji, on every backend.

    Longer cards are refused on the phone with a message (tests/test_participation.py);
    the writers themselves are tested with 5,000 characters above.
    """
    ideas = filled.steps[1]
    author = session.exec(
        select(Participant).where(Participant.workshop_id == ideas.workshop_id)
    ).first()
    text = "é🌾" * (MAX_CARD_TEXT // 2)
    session.add(
        Contribution(
            workshop_id=ideas.workshop_id, step_id=ideas.id, participant_id=author.id, text=text
        )
    )
    session.commit()
    export = exports.workshop_export(session=session, workshop=filled.workshop)
    assert text in {r["text"] for r in read_csv(exports.csv_bytes(export, "contributions"))}


def test_xlsx_has_six_sheets_with_the_same_rows(session, filled, export):
    expected = db_counts(session, [filled.workshop.id])
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))
    assert book.sheetnames == list(exports.TABLES)
    for table in exports.TABLES:
        sheet = book[table]
        assert sheet.max_row - 1 == expected[table], table
        assert [c.value for c in sheet[1]] == list(exports.COLUMNS[table])
    cards = book["contributions"]
    header = [c.value for c in cards[1]]
    text_col = header.index("text")
    texts = {row[text_col].value for row in cards.iter_rows(min_row=2)}
    for cell in cards.iter_rows(min_row=2):
        assert cell[text_col].data_type == "s"  # never "f" (formula)
    for formula in ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=x"]:
        assert "'" + formula in texts
    assert "'_x000D_=x" in texts  # CR as Excel itself spells it in XML
    assert ACCENTED in texts
    scores = book["scores"]
    value_col = [c.value for c in scores[1]].index("value")
    assert {type(r[value_col].value) for r in scores.iter_rows(min_row=2)} == {int}
    # pandas reads it back the same way
    sheets = pd.read_excel(io.BytesIO(exports.xlsx_bytes(export)), sheet_name=None)
    assert {name: len(df) for name, df in sheets.items()} == expected


def test_xlsx_keeps_control_characters_readable():
    row = dict.fromkeys(exports.COLUMNS["contributions"])
    row.update(text="bell\x07 and _x0041_", contribution_id=1)
    export = exports.Export(stem="t", tables={"contributions": [row]})
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))["contributions"]
    col = exports.COLUMNS["contributions"].index("text") + 1
    # Excel decodes _xHHHH_; openpyxl shows the escapes as stored.
    assert sheet.cell(row=2, column=col).value == "bell_x0007_ and _x005F_x0041_"


def test_zip_holds_the_six_csvs(export):
    with zipfile.ZipFile(io.BytesIO(exports.zip_bytes(export))) as archive:
        assert archive.namelist() == list(exports.FILES)
        for table, name in zip(exports.TABLES, exports.FILES, strict=True):
            assert archive.read(name) == exports.csv_bytes(export, table)


def test_token_hashes_are_never_exported(filled, export):
    blobs = [exports.csv_bytes(export, t) for t in exports.TABLES]
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export)))
    cells = {str(c.value) for ws in book for row in ws.iter_rows() for c in row}
    for token_hash in filled.token_hashes:
        assert not any(token_hash.encode() in blob for blob in blobs)
        assert token_hash not in cells
    assert all("token" not in column for cols in exports.COLUMNS.values() for column in cols)


def test_one_workshop_export_holds_no_other_workshop(session, filled):
    other = fill_workshop(session, territory="Navarra")
    export = exports.workshop_export(session=session, workshop=filled.workshop)
    assert export.counts() == db_counts(session, [filled.workshop.id])
    for table in exports.TABLES:
        codes = {r["workshop_code"] for r in export.tables[table]}
        assert codes == {filled.workshop.code}, table
    assert other.workshop.code not in b"".join(
        exports.csv_bytes(export, t) for t in exports.TABLES
    ).decode("utf-8-sig")


def test_combined_export_has_every_workshop_with_territory(session, filled):
    fill_workshop(session, territory="Navarra")
    make_workshop(session)  # an empty one adds no rows but breaks nothing
    export = exports.all_workshops_export(session=session)
    assert export.stem == "pari-all"
    assert export.counts() == db_counts(session)
    people = read_csv(exports.csv_bytes(export, "participants"))
    assert {r["territory"] for r in people} == {"Östergötland", "Navarra"}
    codes = [r["workshop_code"] for r in people]
    assert codes == sorted(codes)


def test_unknown_code_raises(session, filled):
    with pytest.raises(exports.UnknownWorkshop):
        exports.workshop_export_by_code(session=session, code="ZZZZZZ")
    export = exports.workshop_export_by_code(session=session, code=filled.workshop.code.lower())
    assert export.stem == f"pari-{filled.workshop.code}"


def test_human_headers_are_optional_and_translatable(export):
    rows = read_csv(exports.csv_bytes(export, "scores", human_headers=True))
    assert "Stakeholder group" in rows[0]
    assert set(exports.HEADERS) >= {c for cols in exports.COLUMNS.values() for c in cols}
    for columns in exports.COLUMNS.values():
        labels = exports.header_labels(columns)
        assert len(set(labels)) == len(labels)
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(export, human_headers=True)))
    assert book.sheetnames == [
        "Participants",
        "Contributions",
        "Votes",
        "Scores",
        "Assessments",
        "Commitments",
        "Ratings",
        "Word cloud answers",
        "Questions",
        "Question upvotes",
    ]


@pytest.mark.parametrize(
    "name,expected",
    [
        ("votes", "votes"),
        ("a/b\\c?d*e[f]g:h", "a_b_c_d_e_f_g_h"),
        ("'quoted'", "quoted"),
        ("x" * 40, "x" * 31),
        ("", "sheet"),
    ],
)
def test_sheet_name(name, expected):
    assert exports.sheet_name(name) == expected


def test_sheet_name_is_unique():
    assert exports.sheet_name("Votes", ["votes"]) == "Votes (2)"
    assert len(exports.sheet_name("v" * 40, ["v" * 31])) == 31


# ---------------------------------------------------------------- the command line


@pytest.fixture
def cli_db(sqlite_url, monkeypatch):
    """The command line pointed at a migrated SQLite file; yields an open session on it."""
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    get_settings.cache_clear()
    engine = make_engine(sqlite_url)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()
    get_settings.cache_clear()


def test_cli_exports_one_workshop(cli_db, tmp_path, capsys):
    filled = fill_workshop(cli_db)
    code = filled.workshop.code
    out = tmp_path / "exports" / "nested"
    assert main(["export", f" {code.lower()[:3]}-{code.lower()[3:]} ", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    assert names == {*exports.FILES, f"pari-{code}.zip", f"pari-{code}.xlsx"}
    expected = db_counts(cli_db, [filled.workshop.id])
    for table, name in zip(exports.TABLES, exports.FILES, strict=True):
        assert len(read_csv((out / name).read_bytes())) == expected[table]
    with zipfile.ZipFile(out / f"pari-{code}.zip") as archive:
        assert archive.namelist() == list(exports.FILES)
    assert openpyxl.load_workbook(out / f"pari-{code}.xlsx").sheetnames == list(exports.TABLES)
    assert "Wrote 12 files" in capsys.readouterr().out


def test_cli_exports_all_workshops(cli_db, tmp_path):
    fill_workshop(cli_db)
    fill_workshop(cli_db, territory="Torres Vedras")
    out = tmp_path / "all"
    assert main(["export", "--all", str(out)]) == 0
    assert (out / "pari-all.xlsx").exists() and (out / "pari-all.zip").exists()
    people = read_csv((out / "participants.csv").read_bytes())
    assert len(people) == db_counts(cli_db)["participants"]
    assert {r["territory"] for r in people} == {"Östergötland", "Torres Vedras"}


@pytest.mark.parametrize("code", ["ZZZZZZ", "not a code", "0OIL1"])
def test_cli_unknown_code_fails_clearly(cli_db, tmp_path, capsys, code):
    fill_workshop(cli_db)
    out = tmp_path / "nothing"
    assert main(["export", code, str(out)]) == 2
    err = capsys.readouterr().err
    assert "no workshop has the code" in err and code in err
    assert not out.exists()


def test_cli_needs_a_code_or_all(cli_db, tmp_path, capsys):
    assert main(["export", str(tmp_path / "x")]) == 2
    assert "WORKSHOP_CODE or --all" in capsys.readouterr().err


def test_cli_reports_an_unwritable_folder(cli_db, tmp_path, capsys):
    filled = fill_workshop(cli_db)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["export", filled.workshop.code, str(blocker / "sub")]) == 2
    assert "cannot write" in capsys.readouterr().err


def test_a_deleted_workshop_says_so(session, filled):
    workshop = filled.workshop
    session.delete(session.get(Workshop, workshop.id))
    session.commit()
    with pytest.raises(exports.UnknownWorkshop, match="no longer exists"):
        exports.workshop_export(session=session, workshop=workshop)


def test_a_long_lived_session_exports_what_the_database_holds_now(session, filled):
    card = session.exec(select(Contribution).where(Contribution.text == "Plain card")).one()
    with Session(session.get_bind()) as other:
        other.get(Contribution, card.id).hidden = True
        other.commit()
    assert card.hidden is False  # the first session still holds the old row
    export = exports.workshop_export(session=session, workshop=filled.workshop)
    cards = {r["text"]: r for r in export.tables["contributions"]}
    assert cards["Plain card"]["hidden"] is True


def test_rows_written_during_the_export_do_not_break_it(session, filled):
    """A step and a card added by someone else between two of the export's reads."""
    written = []

    def write_meanwhile(state):
        entities = {d.get("entity") for d in state.statement.column_descriptions}
        if Contribution in entities and not written:
            with Session(session.get_bind()) as other:
                step = Step(
                    workshop_id=filled.workshop.id, position=99, kind=StepKind.IDEAS, title="Late"
                )
                other.add(step)
                other.flush()
                author = other.exec(
                    select(Participant).where(Participant.workshop_id == filled.workshop.id)
                ).first()
                other.add(
                    Contribution(
                        workshop_id=filled.workshop.id,
                        step_id=step.id,
                        participant_id=author.id,
                        text="Late card",
                    )
                )
                other.commit()
            written.append(True)

    session.commit()  # a fresh transaction, as a page or the command line starts one
    event.listen(session, "do_orm_execute", write_meanwhile)
    try:
        export = exports.workshop_export(session=session, workshop=filled.workshop)
    finally:
        event.remove(session, "do_orm_execute", write_meanwhile)
    assert written
    late = [r for r in export.tables["contributions"] if r["text"] == "Late card"]
    if session.get_bind().dialect.name == "postgresql":
        assert late == []  # one snapshot: the export agrees with itself
    else:
        assert [(r["step_title"], r["step_position"]) for r in late] == [("Late", 11)]


def test_demo_workshops_export_every_row(session):
    """DESIGN's "done when" for issue 5: the demo's CSVs hold every row the database holds."""
    from pari.demo import create_demo

    result = create_demo(session=session)
    for code in result.codes:
        export = exports.workshop_export_by_code(session=session, code=code)
        workshop = session.exec(select(Workshop).where(Workshop.code == code)).one()
        expected = db_counts(session, [workshop.id])
        got = {t: len(read_csv(exports.csv_bytes(export, t))) for t in exports.TABLES}
        assert got == expected, code
    combined = exports.all_workshops_export(session=session)
    assert {t: len(read_csv(exports.csv_bytes(combined, t))) for t in exports.TABLES} == (
        db_counts(session)
    )
    assert all(db_counts(session).values())
