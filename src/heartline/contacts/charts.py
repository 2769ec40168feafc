"""Vega-Lite specs for the One and Done pages."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite


@chart_spec
def resolution_trend(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Monthly one-and-done rate (line) over contact volume (bars): the surge shows in both."""
    frame = pd.DataFrame(rows, columns=["month", "value", "n"])
    base = alt.Chart(frame).encode(x=alt.X("month:T", timeUnit="utcyearmonth", title="Month"))
    bars = base.mark_bar(opacity=0.25, color="#7f8c8d").encode(
        y=alt.Y("n:Q", title="Answered inbound contacts (n)"),
        tooltip=[alt.Tooltip("month:T", timeUnit="utcyearmonth"), alt.Tooltip("n:Q", format=",")],
    )
    line = base.mark_line(point=True, color="#c0392b").encode(
        y=alt.Y("value:Q", title="One and done", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("month:T", timeUnit="utcyearmonth"), alt.Tooltip("value:Q", format=".1%")],
    )
    chart = alt.layer(bars, line).resolve_scale(y="independent").properties(width="container", height=240)
    return vega_lite(chart)


@chart_spec
def rate_bars(rows: list[dict[str, Any]], dimension: str, title: str) -> dict[str, Any]:
    frame = pd.DataFrame(rows, columns=[dimension, "value", "n"])
    chart = (
        alt.Chart(frame)
        .mark_bar(color="#c0392b")
        .encode(
            y=alt.Y(f"{dimension}:N", title=title, sort="-x"),
            x=alt.X("value:Q", title="One and done", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip(f"{dimension}:N"),
                alt.Tooltip("value:Q", format=".1%"),
                alt.Tooltip("n:Q", format=","),
            ],
        )
        .properties(width="container", height=alt.Step(20))
    )
    return vega_lite(chart)


@chart_spec
def handoff_matrix(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Which queue hands off to which: a from × to matrix coloured by the number of handoffs."""
    frame = pd.DataFrame(rows, columns=["from_queue", "to_queue", "n"])
    chart = (
        alt.Chart(frame)
        .mark_rect()
        .encode(
            y=alt.Y("from_queue:N", title="Handed off from"),
            x=alt.X("to_queue:N", title="Handed off to"),
            color=alt.Color("n:Q", title="Handoffs", scale=alt.Scale(scheme="reds")),
            tooltip=["from_queue:N", "to_queue:N", alt.Tooltip("n:Q", format=",")],
        )
        .properties(width="container", height=alt.Step(18))
    )
    return vega_lite(chart)
