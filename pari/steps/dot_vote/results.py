"""Dot vote reads: dots per card and group, the ranking, and where the stakeholder
groups agree. ``priorities`` is the one read of a workshop's top priorities."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari.models import Contribution, Participant, Step, StepKind, Vote
from pari.privacy import TOO_FEW
from pari.steps.common import group_value, steps_of, visible

TALLY_COLUMNS = ["card_id", "text", "group", "dots"]


def dot_tally(*, session: Session, step_id: int) -> pd.DataFrame:
    """Dots per card and group: card_id, text, group, dots (long form)."""
    rows = session.exec(
        visible(
            select(Contribution.id, Contribution.text, Participant.group, func.sum(Vote.dots))
            .join(Vote, Vote.contribution_id == Contribution.id)
            .join(Participant, Participant.id == Vote.participant_id)
            .where(Vote.step_id == step_id)
        ).group_by(Contribution.id, Contribution.text, Participant.group)
    ).all()
    return pd.DataFrame(
        [(cid, text, group_value(g), int(d)) for cid, text, g, d in rows],
        columns=TALLY_COLUMNS,
    ).astype({"dots": "int64"})


def ranking(tally: pd.DataFrame) -> pd.DataFrame:
    """Cards by total dots, with how many groups gave them dots (a simple agreement figure)."""
    if tally.empty:
        return pd.DataFrame(columns=["card_id", "text", "dots", "groups"])
    ranked = (
        tally.groupby(["card_id", "text"], as_index=False)
        .agg(dots=("dots", "sum"), groups=("group", named_groups))
        .sort_values(["dots", "card_id"], ascending=[False, True], ignore_index=True)
    )
    return ranked


def named_groups(groups: pd.Series) -> int:
    """How many stakeholder groups are among ``groups``: neither "group not given" nor
    the small groups pooled as "Too few to show" (``pari.privacy``: maybe one group,
    maybe several, so not one to count). A group counts once however many rows
    (votes) it has."""
    return int(groups[~groups.isin(["", TOO_FEW])].nunique())


def vote_steps(*, session: Session, workshop_ids: Iterable[int]) -> list[Step]:
    """The dot votes of these workshops, by workshop then in each one's order."""
    return steps_of(session, workshop_ids, StepKind.DOT_VOTE)


def priorities(*, session: Session, workshop_id: int, top: int | None = None) -> pd.DataFrame:
    """The workshop's priorities: its cards by dots over all its dot votes, most first.

    Columns card_id, text, dots, groups (see ``ranking``); the first ``top`` rows when
    given. The presenter's plan, the phones' draft plan and the report read this."""
    votes = vote_steps(session=session, workshop_ids=[workshop_id])
    tallies = [dot_tally(session=session, step_id=step.id) for step in votes]
    tallies = [t for t in tallies if not t.empty]
    ranked = ranking(pd.concat(tallies) if tallies else pd.DataFrame(columns=TALLY_COLUMNS))
    return ranked.head(top) if top is not None else ranked


def step_priorities(*, session: Session, step_id: int) -> pd.DataFrame:
    """One dot vote's cards in ranking order with their agreement figure (``agreement``)."""
    return agreement(dot_tally(session=session, step_id=step_id))


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
    voting = named_groups(shares.group) if not shares.empty else 0
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
