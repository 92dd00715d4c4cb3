"""Matrix read: each card's mean position on the two criteria, and its spread."""

from __future__ import annotations

import pandas as pd
from sqlmodel import Session, func, select

from pari.models import Contribution, Score
from pari.steps.common import visible


def matrix(*, session: Session, step_id: int) -> pd.DataFrame:
    """Mean position per card: card_id, text, x, y, x_sd, y_sd, raters."""
    rows = session.exec(
        visible(
            select(
                Contribution.id,
                Contribution.text,
                Score.participant_id,
                Score.criterion,
                Score.value,
            )
            .join(Score, Score.contribution_id == Contribution.id)
            .where(Score.step_id == step_id, Score.value != None)  # noqa: E711 - not a pass
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


def passes(*, session: Session, step_id: int) -> pd.DataFrame:
    """Who passed on which card ("I pass", counted apart from the scores): card_id, text,
    passes (people), most passed first."""
    rows = session.exec(
        visible(
            select(Contribution.id, Contribution.text, func.count(Score.id))
            .join(Score, Score.contribution_id == Contribution.id)
            .where(Score.step_id == step_id, Score.value == None)  # noqa: E711
            .group_by(Contribution.id, Contribution.text)
        )
    ).all()
    frame = pd.DataFrame(rows, columns=["card_id", "text", "passes"])
    return frame.sort_values(["passes", "card_id"], ascending=[False, True], ignore_index=True)
