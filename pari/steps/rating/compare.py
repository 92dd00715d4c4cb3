"""Rating statements across workshops, for the coordinators' comparisons: a statement
that recurs (the same text on the same scale, as a template's statements do) read
per workshop, so its mean can be set side by side. No ranking of territories: rows
go by statement, then workshop date."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlmodel import Session, select

from pari import steps
from pari.models import Workshop
from pari.steps.rating.results import counts, rating_steps, summary

COLUMNS = [
    "statement",
    "scale",
    "workshop_id",
    "code",
    "workshop",
    "territory",
    "held_on",
    "step",
    "n",
    "dont_know",
    "mean",
    "median",
]


def recurring_statements(
    *, session: Session, workshop_ids: Iterable[int], min_workshops: int = 2
) -> pd.DataFrame:
    """Everyone's mean and median per rating statement and workshop, for statements
    rated in at least ``min_workshops`` of these workshops (same stored text, compared
    case-insensitively, and same scale). ``statement`` is the text as stored (a
    template's message id: translate it with ``pari.labels.text_label``). Territory as
    stored: the comparisons page names it its way."""
    ids = list(workshop_ids)
    if not ids:
        return pd.DataFrame(columns=COLUMNS)
    workshops = {w.id: w for w in session.exec(select(Workshop).where(Workshop.id.in_(ids)))}
    rows = []
    for step in rating_steps(session=session, workshop_ids=ids):
        cfg = steps.config(step)
        w = workshops[step.workshop_id]
        part = summary(counts(session=session, step=step), cfg)
        for r in part.itertuples():
            if r.n == 0 or not r.text:
                continue
            rows.append(
                (
                    r.text,
                    cfg.scale,
                    w.id,
                    w.code,
                    w.title,
                    w.territory,
                    w.held_on,
                    step.title,
                    int(r.n),
                    int(r.dont_know),
                    float(r.mean),
                    float(r.median),
                )
            )
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    key = frame.statement.str.casefold() + "\x00" + frame.scale
    spread = frame.groupby(key).workshop_id.transform("nunique")
    frame = frame[spread >= min_workshops].assign(_k=key[spread >= min_workshops])
    frame["_d"] = frame.held_on.map(lambda d: d.toordinal() if d else 0)
    frame = frame.sort_values(["_k", "_d", "workshop_id"])
    return frame.drop(columns=["_k", "_d"]).reset_index(drop=True)
