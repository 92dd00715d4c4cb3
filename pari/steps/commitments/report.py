"""Commitments in the local plan: the pledges chart, sized for paper (the plan's table
lists every pledge; ``pari.reporting.document``)."""

from __future__ import annotations

import pandas as pd

from pari.i18n import _
from pari.reporting.blocks import Figure
from pari.steps.commitments.chart import pledges_by_priority


def figure(pledges: pd.DataFrame) -> Figure:
    """The plan's "pledges" figure: pledges per priority, stacked by kind."""
    fig = pledges_by_priority(pledges)
    return Figure("pledges", _("Commitments"), fig, int(fig.layout.height))
