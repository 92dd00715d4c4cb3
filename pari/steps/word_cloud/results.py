"""Word cloud reads: the words by answers (hidden words left out), the words per
stakeholder group, the counts of answers and people, and the facilitator's list."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from sqlmodel import Session, select

from pari.models import Participant, Step
from pari.privacy import ORDER
from pari.steps.common import group_value
from pari.steps.word_cloud.models import HiddenWord, WordAnswer

WORDS_COLUMNS = ["word_id", "key", "text", "answers", "people"]
GROUPS_COLUMNS = ["key", "text", "group", "answers"]
COUNTS_COLUMNS = ["answers", "people", "hidden"]
TOP_PER_GROUP = 5


def hidden_keys(*, session: Session, step_id: int) -> set[str]:
    return set(session.exec(select(HiddenWord.key).where(HiddenWord.step_id == step_id)).all())


def _answers(session: Session, step_id: int) -> list[tuple[int, int, str, str, str]]:
    """(id, participant, text, key, group) of every answer, oldest first."""
    rows = session.exec(
        select(
            WordAnswer.id,
            WordAnswer.participant_id,
            WordAnswer.text,
            WordAnswer.key,
            Participant.group,
        )
        .join(Participant, Participant.id == WordAnswer.participant_id)
        .where(WordAnswer.step_id == step_id)
        .order_by(WordAnswer.id)
    ).all()
    return [(i, p, t, k, group_value(g)) for i, p, t, k, g in rows]


def spelling(texts: list[str]) -> str:
    """The spelling most people typed (ties: the one typed first)."""
    counts = Counter(texts)
    return max(dict.fromkeys(texts), key=lambda t: counts[t])


def word_table(answers: list[tuple[int, int, str, str, str]]) -> pd.DataFrame:
    """One row per key: word_id (its first answer, a stable id for a rank), key, text
    (the most common spelling), answers, people; most answers first (ties: the older)."""
    by_key: dict[str, list[tuple[int, int, str]]] = {}
    for answer_id, pid, text, key, _group in answers:
        by_key.setdefault(key, []).append((answer_id, pid, text))
    rows = [
        (
            rows[0][0],
            key,
            spelling([t for _i, _p, t in rows]),
            len(rows),
            len({p for _i, p, _t in rows}),
        )
        for key, rows in by_key.items()
    ]
    frame = pd.DataFrame(rows, columns=WORDS_COLUMNS).astype(
        {"word_id": "int64", "answers": "int64", "people": "int64"}
    )
    return frame.sort_values(["answers", "word_id"], ascending=[False, True], ignore_index=True)


def frames(*, session: Session, step: Step) -> dict[str, pd.DataFrame]:
    """What the presenter draws: ``words`` (the cloud and its table), ``groups`` (answers
    per word and group: key, text, group, answers) and ``counts`` (one row: answers and
    people in the step, answers under hidden words). Hidden words are in no frame but
    the count."""
    answers = _answers(session, step.id)
    hidden = hidden_keys(session=session, step_id=step.id)
    shown = [a for a in answers if a[3] not in hidden]
    words = word_table(shown)
    texts = dict(zip(words.key, words.text, strict=True))
    per_group = Counter((key, group) for _i, _p, _t, key, group in shown)
    groups = pd.DataFrame(
        [(k, texts[k], g, n) for (k, g), n in per_group.items()], columns=GROUPS_COLUMNS
    ).astype({"answers": "int64"})
    counts = pd.DataFrame(
        [(len(answers), len({a[1] for a in answers}), len(answers) - len(shown))],
        columns=COUNTS_COLUMNS,
    ).astype("int64")
    return {"words": words, "groups": groups, "counts": counts}


def pooled(groups: pd.DataFrame) -> pd.DataFrame:
    """``groups`` once small groups are one value: one row per word and group again."""
    if groups.empty:
        return groups
    return groups.groupby(["key", "text", "group"], as_index=False, sort=False).answers.sum()


def top_by_group(groups: pd.DataFrame, top: int = TOP_PER_GROUP) -> pd.DataFrame:
    """Each group's most sent words: group, text, answers (most first; ties by text)."""
    if groups.empty:
        return pd.DataFrame(columns=["group", "text", "answers"])
    ordered = groups.assign(order=groups.group.map(_group_order)).sort_values(
        ["order", "answers", "text"], ascending=[True, False, True]
    )
    return ordered.groupby("group", sort=False).head(top)[["group", "text", "answers"]]


def _group_order(group: str) -> int:
    return ORDER.index(group) if group in ORDER else len(ORDER)


def moderation_list(*, session: Session, step_id: int) -> pd.DataFrame:
    """Every word of the step, hidden ones too, for the facilitator: key, text, answers,
    people, hidden; most answers first."""
    words = word_table(_answers(session, step_id))
    hidden = hidden_keys(session=session, step_id=step_id)
    return words.assign(hidden=words.key.isin(hidden).astype(bool))
