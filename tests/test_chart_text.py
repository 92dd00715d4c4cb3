"""What a chart shows, read back as text for screen readers (issue 20, pari.chart_text)."""

from __future__ import annotations

import re

import plotly.graph_objects as go

from pari import chart_text, charts


def test_a_stacked_bar_chart_reads_as_its_totals_in_order_as_plain_text():
    hostile = '<img src=x onerror="alert(1)"> **Bus**'
    fig = go.Figure(
        [
            go.Bar(y=[charts.esc(hostile), "Shop"], x=[3, 1], orientation="h", name="A"),
            go.Bar(y=[charts.esc(hostile), "Shop"], x=[2, 4], orientation="h", name="B"),
        ]
    )
    assert chart_text.entries(fig) == [(hostile, "5"), ("Shop", "5")]
    table = chart_text.html_table(fig, "Dots <per> card")
    assert "<img" not in table and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in table
    assert "<caption>Dots &lt;per&gt; card</caption>" in table
    assert re.findall(r'<th scope="row">', table) == ['<th scope="row">'] * 2
    # Hidden from sight only: a screen reader still reaches it (no display:none).
    assert "display:none" not in table and "clip:rect(0,0,0,0)" in table


def test_a_chart_with_nothing_to_show_has_no_table():
    assert chart_text.entries(go.Figure()) == []
    assert chart_text.html_table(go.Figure(), "Empty") == ""
