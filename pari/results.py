"""Aggregations the presenter, reports and exports read: one DataFrame per question.

Plain queries in, pandas frames out; no Streamlit, no figures. The ``group``
column holds the stored group value ('' when a person gave none) so charts can
colour and label it the same way everywhere. Cards hidden, withdrawn or merged
by moderation do not count (their rows stay stored).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import (
    Assessment,
    Commitment,
    CommitmentRole,
    Contribution,
    Participant,
    PollAnswer,
    Score,
    Step,
    StepKind,
    Vote,
    Workshop,
)
from pari.steps.ideas import on_the_wall


def _group(value) -> str:
    return value.value if value is not None else ""


def _visible(query):
    return query.where(on_the_wall())


def room(*, session: Session, workshop_id: int) -> pd.DataFrame:
    """Checked-in participants per group: columns group, participants."""
    rows = session.exec(
        select(Participant.group, func.count())
        .where(Participant.workshop_id == workshop_id, Participant.checked_in_at.is_not(None))
        .group_by(Participant.group)
    ).all()
    return pd.DataFrame(
        [(_group(g), int(n)) for g, n in rows], columns=["group", "participants"]
    ).astype({"participants": "int64"})


def card_wall(*, session: Session, step_id: int) -> pd.DataFrame:
    """Visible cards of an ideas step: card_id, text, category, group (oldest first)."""
    rows = session.exec(
        _visible(
            select(Contribution.id, Contribution.text, Contribution.category, Participant.group)
            .join(Participant, Participant.id == Contribution.participant_id)
            .where(Contribution.step_id == step_id)
        ).order_by(Contribution.id)
    ).all()
    return pd.DataFrame(
        [(cid, text, cat, _group(g)) for cid, text, cat, g in rows],
        columns=["card_id", "text", "category", "group"],
    )


def dot_tally(*, session: Session, step_id: int) -> pd.DataFrame:
    """Dots per card and group: card_id, text, group, dots (long form)."""
    rows = session.exec(
        _visible(
            select(Contribution.id, Contribution.text, Participant.group, func.sum(Vote.dots))
            .join(Vote, Vote.contribution_id == Contribution.id)
            .join(Participant, Participant.id == Vote.participant_id)
            .where(Vote.step_id == step_id)
        ).group_by(Contribution.id, Contribution.text, Participant.group)
    ).all()
    return pd.DataFrame(
        [(cid, text, _group(g), int(d)) for cid, text, g, d in rows],
        columns=["card_id", "text", "group", "dots"],
    ).astype({"dots": "int64"})


def ranking(tally: pd.DataFrame) -> pd.DataFrame:
    """Cards by total dots, with how many groups gave them dots (a simple agreement figure)."""
    if tally.empty:
        return pd.DataFrame(columns=["card_id", "text", "dots", "groups"])
    ranked = (
        tally.groupby(["card_id", "text"], as_index=False)
        .agg(dots=("dots", "sum"), groups=("group", lambda g: (g != "").sum()))
        .sort_values(["dots", "card_id"], ascending=[False, True], ignore_index=True)
    )
    return ranked


def matrix(*, session: Session, step_id: int) -> pd.DataFrame:
    """Mean position per card: card_id, text, x, y, x_sd, y_sd, raters."""
    rows = session.exec(
        _visible(
            select(
                Contribution.id,
                Contribution.text,
                Score.participant_id,
                Score.criterion,
                Score.value,
            )
            .join(Score, Score.contribution_id == Contribution.id)
            .where(Score.step_id == step_id)
        )
    ).all()
    columns = ["card_id", "text", "x", "y", "x_sd", "y_sd", "raters"]
    if not rows:
        return pd.DataFrame(columns=columns)
    scores = pd.DataFrame(rows, columns=["card_id", "text", "participant", "criterion", "value"])
    out = []
    for (cid, text), card in scores.groupby(["card_id", "text"]):
        x = card.loc[card.criterion == 0, "value"]
        y = card.loc[card.criterion == 1, "value"]
        if x.empty or y.empty:
            continue
        out.append(
            (
                cid,
                text,
                float(x.mean()),
                float(y.mean()),
                float(x.std(ddof=0)),
                float(y.std(ddof=0)),
                int(card.participant.nunique()),
            )
        )
    return pd.DataFrame(out, columns=columns)


def poll(*, session: Session, step: Step) -> pd.DataFrame:
    """Answers per option and group: option (index), label, group, answers."""
    options = steps.config(step).options
    rows = session.exec(
        select(PollAnswer.option, Participant.group, func.count())
        .join(Participant, Participant.id == PollAnswer.participant_id)
        .where(PollAnswer.step_id == step.id)
        .group_by(PollAnswer.option, Participant.group)
    ).all()
    return pd.DataFrame(
        [(opt, options[opt], _group(g), int(n)) for opt, g, n in rows if 0 <= opt < len(options)],
        columns=["option", "label", "group", "answers"],
    ).astype({"answers": "int64"})


def assessment(*, session: Session, step: Step) -> pd.DataFrame:
    """Median and spread per dimension and group ("don't know" left out).

    Columns: dimension, group ('*' for everyone), median, q1, q3, n; dimensions in
    the step's order.
    """
    dims = steps.config(step).dimensions
    rows = session.exec(
        select(Assessment.dimension, Participant.group, Assessment.value)
        .join(Participant, Participant.id == Assessment.participant_id)
        .where(Assessment.step_id == step.id, Assessment.value.is_not(None))
    ).all()
    columns = ["dimension", "group", "median", "q1", "q3", "n"]
    if not rows:
        return pd.DataFrame(columns=columns)
    values = pd.DataFrame(
        [(d, _group(g), v) for d, g, v in rows], columns=["dimension", "group", "value"]
    )
    values = values[values.dimension.isin(dims)]
    everyone = values.assign(group="*")
    out = []
    for (dim, grp), part in pd.concat([values, everyone]).groupby(["dimension", "group"]):
        v = part.value.astype(float)
        out.append((dim, grp, v.median(), v.quantile(0.25), v.quantile(0.75), len(v)))
    frame = pd.DataFrame(out, columns=columns)
    order = {d: i for i, d in enumerate(dims)}
    return frame.sort_values(
        ["group", "dimension"], key=lambda s: s.map(order) if s.name == "dimension" else s
    ).reset_index(drop=True)


def commitments(*, session: Session, step_id: int) -> pd.DataFrame:
    """Pledges of a commitments step: priority, group, role, kind, what, amount, unit, by_when."""
    rows = session.exec(
        select(Commitment, Participant.group, Contribution.text)
        .join(Participant, Participant.id == Commitment.participant_id)
        .join(Contribution, Contribution.id == Commitment.contribution_id, isouter=True)
        .where(Commitment.step_id == step_id, Commitment.withdrawn == False)  # noqa: E712
        .order_by(Commitment.id)
    ).all()
    return pd.DataFrame(
        [
            (
                c.id,
                card_text or c.priority_text,
                _group(g),
                c.role.value,
                c.kind.value,
                c.what,
                c.amount,
                c.unit,
                c.by_when,
            )
            for c, g, card_text in rows
        ],
        columns=[
            "commitment_id",
            "priority",
            "group",
            "role",
            "kind",
            "what",
            "amount",
            "unit",
            "by_when",
        ],
    )


def priorities_without_lead(*, session: Session, step: Step, pledges: pd.DataFrame) -> pd.DataFrame:
    """The priorities (visible cards of the source step) nobody leads yet: priority, pledges."""
    if step.source_step_id is None:
        return pd.DataFrame(columns=["priority", "pledges"])
    cards = session.exec(
        _visible(select(Contribution.text).where(Contribution.step_id == step.source_step_id))
    ).all()
    led = set(pledges.loc[pledges.role == CommitmentRole.LEAD.value, "priority"])
    counts = pledges.priority.value_counts() if not pledges.empty else pd.Series(dtype=int)
    return pd.DataFrame(
        [(text, int(counts.get(text, 0))) for text in dict.fromkeys(cards) if text not in led],
        columns=["priority", "pledges"],
    )


# --- what the presenter draws -----------------------------------------------------


@dataclass
class StepResults:
    """Everything the presenter shows for one step, computed in one go (cacheable)."""

    kind: StepKind | None
    participants: int = 0
    joined: int = 0
    shared: int = 0  # joined as "someone else on this phone" (a shared phone)
    contributions: int = 0
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)


def _count(session: Session, query) -> int:
    return int(session.exec(query).one() or 0)


def contributions(*, session: Session, step: Step) -> int:
    """How many people or cards answered the step (what each kind counts: ``pari.steps``)."""
    return steps.get(step.kind).answers(session, step)


def step_results(*, session: Session, workshop_id: int) -> StepResults:
    """The current step's counts and frames (what the presenter caches per version)."""
    workshop = session.get(Workshop, workshop_id)
    step = session.get(Step, workshop.current_step_id) if workshop.current_step_id else None
    room_frame = room(session=session, workshop_id=workshop_id)
    joined, shared = session.exec(
        select(
            func.count(Participant.id), func.count(Participant.id).filter(Participant.seat > 0)
        ).where(Participant.workshop_id == workshop_id)
    ).one()
    result = StepResults(
        kind=step.kind if step else None,
        participants=int(room_frame.participants.sum()),
        joined=int(joined or 0),
        shared=int(shared or 0),
    )
    if step is None:
        return result
    result.contributions = contributions(session=session, step=step)
    kind = step.kind
    if kind is StepKind.CHECK_IN:
        result.frames["room"] = room_frame
    elif kind is StepKind.IDEAS:
        result.frames["cards"] = card_wall(session=session, step_id=step.id)
    elif kind is StepKind.DOT_VOTE:
        result.frames["tally"] = dot_tally(session=session, step_id=step.id)
        result.frames["agreement"] = agreement(result.frames["tally"])
    elif kind is StepKind.MATRIX:
        result.frames["matrix"] = matrix(session=session, step_id=step.id)
    elif kind is StepKind.POLL:
        result.frames["poll"] = poll(session=session, step=step)
    elif kind is StepKind.ASSESSMENT:
        result.frames["assessment"] = assessment(session=session, step=step)
    elif kind is StepKind.COMMITMENTS:
        pledges = commitments(session=session, step_id=step.id)
        result.frames["pledges"] = pledges
        result.frames["no_lead"] = priorities_without_lead(
            session=session, step=step, pledges=pledges
        )
    elif kind is StepKind.PLAN:
        vote_steps = select(Step.id).where(
            Step.workshop_id == workshop_id, Step.kind == StepKind.DOT_VOTE
        )
        tallies = [dot_tally(session=session, step_id=sid) for sid in session.exec(vote_steps)]
        tallies = [t for t in tallies if not t.empty]
        result.frames["priorities"] = (
            ranking(pd.concat(tallies))
            if tallies
            else ranking(pd.DataFrame(columns=["card_id", "text", "group", "dots"]))
        )
        commitment_steps = session.exec(
            select(Step.id).where(
                Step.workshop_id == workshop_id, Step.kind == StepKind.COMMITMENTS
            )
        ).all()
        frames = [commitments(session=session, step_id=sid) for sid in commitment_steps]
        frames = [f for f in frames if not f.empty]
        result.frames["pledges"] = (
            pd.concat(frames, ignore_index=True)
            if frames
            else commitments(session=session, step_id=-1)
        )
    return result


# --- agreement across stakeholder groups ----------------------------------------------

AGREEMENT_COLUMNS = [
    "card_id",
    "text",
    "dots",
    "groups",
    "groups_voting",
    "agreement",
    "keenest_group",
]


def group_shares(tally: pd.DataFrame) -> pd.DataFrame:
    """Each group's share of its own dots per card: card_id, text, group, dots, share.

    A share is the dots a group gave the card divided by all dots that group cast in
    the step, so a large group does not outweigh a small one. Groups that cast no
    dot, and people who gave no group, are left out. Cards a voting group ignored
    get a row with share 0.
    """
    columns = ["card_id", "text", "group", "dots", "share"]
    named = tally[tally.group != ""] if not tally.empty else tally
    if named.empty:
        return pd.DataFrame(columns=columns)
    per_group = named.groupby("group").dots.sum()
    cards = tally.drop_duplicates("card_id")[["card_id", "text"]]
    grid = cards.merge(pd.DataFrame({"group": per_group.index}), how="cross")
    dots = named.groupby(["card_id", "group"], as_index=False).dots.sum()
    grid = grid.merge(dots, on=["card_id", "group"], how="left").fillna({"dots": 0})
    grid["dots"] = grid.dots.astype("int64")
    grid["share"] = grid.dots / grid.group.map(per_group)
    return grid[columns]


def agreement_score(shares: list[float] | pd.Series) -> float:
    """1 minus the normalised Gini spread of the groups' shares; NaN below two groups.

    With s_g the share of group g's dots that went to the card (n groups voting):

        agreement = 1 - sum_{g,h} |s_g - s_h| / (2 (n - 1) sum_g s_g)

    1 means every group gave the card the same share of its dots (they converge);
    0 means one group alone backed it (they diverge). A card nobody backed, or a
    vote with fewer than two groups, has no agreement figure (NaN).
    """
    values = [float(v) for v in shares]
    n, total = len(values), sum(values)
    if n < 2 or total <= 0:
        return float("nan")
    spread = sum(abs(a - b) for a in values for b in values)
    return max(0.0, min(1.0, 1 - spread / (2 * (n - 1) * total)))


def agreement(tally: pd.DataFrame) -> pd.DataFrame:
    """Per card: total dots, groups that backed it, groups voting, agreement 0..1.

    Columns: card_id, text, dots, groups (groups that gave it dots), groups_voting
    (groups that cast any dot in the step), agreement (see ``agreement_score``;
    NaN when it cannot be said), keenest_group (the group that gave it the largest
    share of its dots, '' if none). Rows in ranking order (most dots first).
    """
    ranked = ranking(tally)
    if ranked.empty:
        return pd.DataFrame(columns=AGREEMENT_COLUMNS)
    shares = group_shares(tally)
    voting = int(shares.group.nunique()) if not shares.empty else 0
    scores, keenest = {}, {}
    for card_id, part in shares.groupby("card_id"):
        scores[card_id] = agreement_score(part.share)
        top = part.sort_values("share", ascending=False).iloc[0]
        keenest[card_id] = top.group if top.share > 0 else ""
    ranked = ranked.assign(
        groups=ranked.groups.astype("int64"),
        groups_voting=voting,
        agreement=ranked.card_id.map(scores).astype(float),
        keenest_group=ranked.card_id.map(keenest).fillna(""),
    )
    return ranked[AGREEMENT_COLUMNS]
