"""Vega-Lite chart specs (built with Altair) for the dashboard; rendered by our own vega-embed bundle."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite


@chart_spec
def volume_trend(rows: list[dict[str, Any]]) -> dict[str, Any]:
    frame = pd.DataFrame(rows, columns=["month", "n"])
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title="Month", timeUnit="utcyearmonth"),
            y=alt.Y("n:Q", title="Contacts"),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month"),
                alt.Tooltip("n:Q", title="Contacts", format=","),
            ],
        )
        .properties(width="container", height=220)
    )
    return vega_lite(chart)


@chart_spec
def share_bars(rows: list[dict[str, Any]], dimension: str, title: str) -> dict[str, Any]:
    frame = pd.DataFrame(rows, columns=[dimension, "n"])
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(f"{dimension}:N", title=title, sort="-x"),
            x=alt.X("n:Q", title="Contacts"),
            tooltip=[alt.Tooltip(f"{dimension}:N", title=title), alt.Tooltip("n:Q", title="Contacts", format=",")],
        )
        .properties(width="container", height=alt.Step(22))
    )
    return vega_lite(chart)
