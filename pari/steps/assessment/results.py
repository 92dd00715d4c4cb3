"""Assessment read: median and spread per readiness dimension and group (groups too
small to show counted in everyone's only: ``pari.privacy``)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from sqlmodel import Session, select

from pari import steps
from pari.models import Assessment, Participant, Step, StepKind
from pari.privacy import group_rule
from pari.steps.common import group_value, steps_of


def assessment(*, session: Session, step: Step) -> pd.DataFrame:
    """Median and spread per dimension and group ("don't know" left out).

    Columns: dimension, group ('*' for everyone), median, q1, q3, n; dimensions in
    the step's order. A group with fewer people than the workshop shows has no rows of
    its own (even pooled, a few people's ratings could be read back).
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
        [(d, group_value(g), v) for d, g, v in rows], columns=["dimension", "group", "value"]
    )
    values = values[values.dimension.isin(dims)]
    everyone = values.assign(group="*")
    out = []
    for (dim, grp), part in pd.concat([values, everyone]).groupby(["dimension", "group"]):
        v = part.value.astype(float)
        out.append((dim, grp, v.median(), v.quantile(0.25), v.quantile(0.75), len(v)))
    frame = pd.DataFrame(out, columns=columns)
    rule = group_rule(session=session, workshop_id=step.workshop_id)
    frame = frame[frame.group.map(lambda g: g == "*" or rule.shows(g))]
    order = {d: i for i, d in enumerate(dims)}
    return frame.sort_values(
        ["group", "dimension"], key=lambda s: s.map(order) if s.name == "dimension" else s
    ).reset_index(drop=True)


def assessment_steps(*, session: Session, workshop_ids: Iterable[int]) -> list[Step]:
    """The assessments of these workshops, by workshop then in each one's order."""
    return steps_of(session, workshop_ids, StepKind.ASSESSMENT)
