"""Vega-Lite specs for the workforce pages."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite


@chart_spec
def forecast_chart(history: list[dict[str, Any]], forecast: list[dict[str, Any]], level: int) -> dict[str, Any]:
    """Daily calls: history (grey line), forecast (red line) inside its prediction interval (band)."""
    past = pd.DataFrame(history, columns=["day", "calls"])
    ahead = pd.DataFrame(forecast, columns=["day", "calls", "calls_low", "calls_high"])
    x = alt.X("day:T", title="Day")
    actual = (
        alt.Chart(past)
        .mark_line(color="#7f8c8d")
        .encode(
            x=x,
            y=alt.Y("calls:Q", title="Calls offered per day"),
            tooltip=["day:T", alt.Tooltip("calls:Q", format=",.0f")],
        )
    )
    band = alt.Chart(ahead).mark_area(opacity=0.25, color="#c0392b").encode(x=x, y="calls_low:Q", y2="calls_high:Q")
    line = (
        alt.Chart(ahead)
        .mark_line(color="#c0392b")
        .encode(
            x=x,
            y="calls:Q",
            tooltip=[
                "day:T",
                alt.Tooltip("calls:Q", format=",.0f", title="forecast"),
                alt.Tooltip("calls_low:Q", format=",.0f", title=f"{level}% low"),
                alt.Tooltip("calls_high:Q", format=",.0f", title=f"{level}% high"),
            ],
        )
    )
    return vega_lite(alt.layer(actual, band, line).properties(width="container", height=280))
