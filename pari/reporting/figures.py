"""The local plan's charts in reading order (the page draws them, the files print them),
and the same figures made ready for paper."""

from __future__ import annotations

import plotly.graph_objects as go

from pari import charts
from pari.i18n import _
from pari.reporting.blocks import Figure
from pari.reporting.plan import Plan
from pari.steps.check_in.chart import room_donut
from pari.steps.commitments.report import figure as pledges_figure

PRINT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
CHART_WIDTH = 680  # px: the A4 text width (about 180 mm) at 96 dpi


def figures(plan: Plan) -> list[Figure]:
    """The plan's charts: who took part, each step's part, the pledges."""
    out = [Figure("room", _("Who took part"), room_donut(plan.room), 360)]
    for section in plan.sections:
        out += section.figures()
    if not plan.pledges.empty:
        out.append(pledges_figure(plan.pledges))
    return out


def for_print(fig: go.Figure, height: int) -> go.Figure:
    """The same figure for paper: explicit template and font, fixed size (Streamlit sets
    its own default template, whose colours print black outside a browser)."""
    fig = go.Figure(fig)
    h = height or int(fig.layout.height or 360)
    fig.update_layout(
        template=charts.TEMPLATE,
        font={"family": PRINT_FONT, "size": 12, "color": "#111111"},
        width=CHART_WIDTH,
        height=min(h, 900),
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if any(t.type == "scatterpolar" for t in fig.data):
        # Room for the dimension names left and right of the radar.
        fig.update_layout(margin={"l": 130, "r": 130})
        fig.update_polars(angularaxis={"tickfont": {"size": 11}})
    return fig
