"""Rating scale read: per statement the distribution, n, "don't know" apart, mean and
median; the same per stakeholder group; and the agreement across groups.

Plain queries in, pandas frames out. Everything is derived from one frame of counts
(statement, group, value, count), so ``pooled`` can pool the small groups
(``pari.privacy``) and derive the rest again: no figure then counts a small group
apart.

**Agreement** (the kind of figure the dot vote gives a card, ``dot_vote.results``: 0 to
100%, read from each group's own summary so a large group does not outweigh a small
one, none below two groups): with m_1..m_k the medians of the k >= 2 groups that rated
the statement on the scale ("don't know" left out, the small groups pooled as one,
people without a group left out) on a scale of range R (high - low),

    agreement = 1 - sum_{i<j} |m_i - m_j| / (floor(k/2) * ceil(k/2) * R)

The denominator is the largest that sum can be (half the groups at each end of the
scale), so 1 (100%) means every group's median is the same and 0 means the groups split
into two equal camps at the two ends of the scale. Beside it, ``above`` and ``below``
count the groups whose median lies above or below the scale's midpoint (for the
agree scale: on the agree or the disagree side).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func
from sqlmodel import Session, select

from pari import steps
from pari.models import Participant, Step, StepKind
from pari.steps.common import group_value, steps_of
from pari.steps.rating import RatingConfig
from pari.steps.rating.models import Rating

DONT_KNOW = -1  # "don't know" in the counts' value column (stored as NULL)
COUNT_COLUMNS = ["statement", "group", "value", "count"]
SUMMARY_COLUMNS = [
    "statement",
    "text",
    "scale",
    "n",
    "dont_know",
    "mean",
    "median",
    "groups",
    "agreement",
    "above",
    "below",
]
GROUP_COLUMNS = ["statement", "group", "n", "dont_know", "mean", "median"]


def counts(*, session: Session, step: Step) -> pd.DataFrame:
    """Ratings per statement, group and value (``DONT_KNOW`` for "don't know"):
    statement, group, value, count; only the step's statements and values on its scale."""
    cfg: RatingConfig = steps.config(step)
    rows = session.exec(
        select(Rating.statement, Participant.group, Rating.value, func.count())
        .join(Participant, Participant.id == Rating.participant_id)
        .where(Rating.step_id == step.id)
        .group_by(Rating.statement, Participant.group, Rating.value)
    ).all()
    out = [
        (s, group_value(g), DONT_KNOW if v is None else int(v), int(n))
        for s, g, v, n in rows
        if 0 <= s < len(cfg.statements) and (v is None or v in cfg.values)
    ]
    return pd.DataFrame(out, columns=COUNT_COLUMNS).astype(
        {"statement": "int64", "value": "int64", "count": "int64"}
    )


def frames(*, session: Session, step: Step) -> dict[str, pd.DataFrame]:
    """What the presenter draws: ``counts``, ``summary`` (per statement) and ``groups``
    (per statement and group)."""
    cfg: RatingConfig = steps.config(step)
    return derive(counts(session=session, step=step), cfg)


def derive(frame: pd.DataFrame, cfg: RatingConfig) -> dict[str, pd.DataFrame]:
    return {
        "counts": frame,
        "summary": summary(frame, cfg),
        "groups": by_group(frame, cfg),
    }


def pooled(frames: dict[str, Any], rule: Any) -> dict[str, Any]:
    """``frames`` with every group too small to show pooled as ``TOO_FEW`` (one group
    of the breakdown and of the agreement), everything else derived again."""
    frame = rule.mask(frames["counts"])
    if frame.equals(frames["counts"]):
        return frames
    frame = frame.groupby(["statement", "group", "value"], as_index=False, sort=False)[
        "count"
    ].sum()
    return derive(frame, config_of(frames["summary"]))


def config_of(summary_frame: pd.DataFrame) -> RatingConfig:
    """The statements and scale a summary was read with (``pooled`` derives again)."""
    scale = summary_frame.scale.iloc[0] if not summary_frame.empty else "agree"
    return RatingConfig(tuple(summary_frame.text), scale)


def _stats(values: np.ndarray, weights: np.ndarray) -> tuple[int, float, float]:
    """n, mean and median of ``values`` each counted ``weights`` times."""
    n = int(weights.sum())
    if n == 0:
        return 0, float("nan"), float("nan")
    expanded = np.repeat(values, weights)
    return n, float(expanded.mean()), float(np.median(expanded))


def distribution(frame: pd.DataFrame, cfg: RatingConfig) -> pd.DataFrame:
    """Everyone's ratings per statement and value on the scale (0 where none):
    statement, value, count; "don't know" is not a value here (see ``summary``)."""
    rated = frame[frame.value != DONT_KNOW]
    totals = rated.groupby(["statement", "value"])["count"].sum()
    index = pd.MultiIndex.from_product(
        [range(len(cfg.statements)), list(cfg.values)], names=["statement", "value"]
    )
    return totals.reindex(index, fill_value=0).reset_index().astype({"count": "int64"})


def agreement_score(medians: Iterable[float], low: float, high: float) -> float:
    """1 minus the groups' medians' pairwise spread over its largest (see the module's
    docstring); NaN below two groups."""
    m = [float(v) for v in medians if not pd.isna(v)]
    k, span = len(m), float(high - low)
    if k < 2 or span <= 0:
        return float("nan")
    spread = sum(abs(a - b) for i, a in enumerate(m) for b in m[i + 1 :])
    widest = (k // 2) * ((k + 1) // 2) * span
    return max(0.0, min(1.0, 1 - spread / widest))


def by_group(frame: pd.DataFrame, cfg: RatingConfig) -> pd.DataFrame:
    """Per statement and group (people who gave none left out): n, dont_know, mean,
    median; groups in the charts' order."""
    from pari.privacy import ORDER

    out = []
    named = frame[frame.group != ""]
    for (statement, group), part in named.groupby(["statement", "group"], sort=False):
        rated = part[part.value != DONT_KNOW]
        n, mean, median = _stats(rated.value.to_numpy(), rated["count"].to_numpy())
        dont_know = int(part[part.value == DONT_KNOW]["count"].sum())
        out.append((int(statement), group, n, dont_know, mean, median))
    result = pd.DataFrame(out, columns=GROUP_COLUMNS)
    if result.empty:
        return result.astype({"statement": "int64", "n": "int64", "dont_know": "int64"})
    rank = {g: i for i, g in enumerate(ORDER)}
    result["_g"] = result.group.map(lambda g: rank.get(g, len(rank)))
    return result.sort_values(["statement", "_g"]).drop(columns="_g").reset_index(drop=True)


def summary(frame: pd.DataFrame, cfg: RatingConfig) -> pd.DataFrame:
    """One row per statement of the step (rated or not): text, scale, n (ratings on
    the scale), dont_know, mean, median (NaN when nobody rated it), groups (groups
    with a median), agreement (NaN below two groups), above, below."""
    groups = by_group(frame, cfg)
    rows = []
    for i, text in enumerate(cfg.statements):
        part = frame[frame.statement == i]
        rated = part[part.value != DONT_KNOW]
        n, mean, median = _stats(rated.value.to_numpy(), rated["count"].to_numpy())
        dont_know = int(part[part.value == DONT_KNOW]["count"].sum())
        medians = groups[(groups.statement == i) & (groups.n > 0)]["median"]
        rows.append(
            (
                i,
                text,
                cfg.scale,
                n,
                dont_know,
                mean,
                median,
                len(medians),
                agreement_score(medians, cfg.low, cfg.high),
                int((medians > cfg.midpoint).sum()),
                int((medians < cfg.midpoint).sum()),
            )
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS).astype(
        {"statement": "int64", "n": "int64", "dont_know": "int64", "mean": float}
    )


def rating_steps(*, session: Session, workshop_ids: Iterable[int]) -> list[Step]:
    """The rating steps of these workshops, by workshop then in each one's order."""
    return steps_of(session, workshop_ids, StepKind.RATING)
