"""Vega-Lite specs (Altair) for the voice pages and the digest: NPS trend with its interval band,
key-driver weights with bootstrap intervals, theme shares with Wilson intervals."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite


@chart_spec
def nps_trend(unit: list[dict[str, Any]], division: list[dict[str, Any]], unit_label: str) -> dict[str, Any]:
    rows = [{**r, "who": unit_label} for r in unit] + [{**r, "who": "Division"} for r in division]
    frame = pd.DataFrame(rows, columns=["month", "nps", "ci_low", "ci_high", "n", "who"])
    base = alt.Chart(frame).encode(
        x=alt.X("month:T", title="Month", timeUnit="yearmonth"),
        color=alt.Color("who:N", title=None, scale=alt.Scale(range=["#c0392b", "#7f8c8d"])),
    )
    band = base.mark_area(opacity=0.15).encode(y=alt.Y("ci_low:Q", title="NPS"), y2="ci_high:Q")
    line = base.mark_line(point=True).encode(
        y=alt.Y("nps:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])),
        tooltip=[
            alt.Tooltip("who:N"),
            alt.Tooltip("month:T", timeUnit="yearmonth", title="Month"),
            alt.Tooltip("nps:Q", format=".1f", title="NPS"),
            alt.Tooltip("ci_low:Q", format=".1f", title="95% CI low"),
            alt.Tooltip("ci_high:Q", format=".1f", title="95% CI high"),
            alt.Tooltip("n:Q", title="n", format=","),
        ],
    )
    return vega_lite((band + line).properties(width="container", height=220))


@chart_spec
def driver_bars(drivers: list[dict[str, Any]]) -> dict[str, Any]:
    frame = pd.DataFrame(drivers, columns=["label", "weight", "share", "ci_low", "ci_high"])
    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort="-x"))
    bars = base.mark_bar(color="#c0392b").encode(
        x=alt.X("weight:Q", title="Part of R² (95% CI)"),
        tooltip=[
            alt.Tooltip("label:N", title="Driver"),
            alt.Tooltip("weight:Q", format=".3f"),
            alt.Tooltip("share:Q", format=".1f", title="% of R²"),
            alt.Tooltip("ci_low:Q", format=".3f"),
            alt.Tooltip("ci_high:Q", format=".3f"),
        ],
    )
    rules = base.mark_rule(color="#1f2a37").encode(x="ci_low:Q", x2="ci_high:Q")
    return vega_lite((bars + rules).properties(width="container", height=alt.Step(24)))


@chart_spec
def theme_bars(themes: list[dict[str, Any]]) -> dict[str, Any]:
    frame = pd.DataFrame(themes, columns=["label", "share", "ci_low", "ci_high", "n"])
    base = alt.Chart(frame).encode(y=alt.Y("label:N", title=None, sort="-x"))
    bars = base.mark_bar(color="#5b6776").encode(
        x=alt.X("share:Q", title="Share of verbatims (95% CI)", axis=alt.Axis(format="%")),
        tooltip=[alt.Tooltip("label:N", title="Theme"), alt.Tooltip("share:Q", format=".0%"), alt.Tooltip("n:Q")],
    )
    rules = base.mark_rule(color="#1f2a37").encode(x="ci_low:Q", x2="ci_high:Q")
    return vega_lite((bars + rules).properties(width="container", height=alt.Step(22)))


def fixed_width(spec: dict[str, Any], width: int = 480) -> dict[str, Any]:
    """The same chart at a fixed width, for PNG export (a container width means nothing there)."""
    return {**spec, "width": width}
