"""Vega-Lite spec for a risk model's reliability curve (what it predicted against what happened)."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite


@chart_spec
def reliability_chart(bins: list[dict[str, Any]]) -> dict[str, Any]:
    """Observed share with its 95% interval against the mean predicted risk, bin by bin, beside the
    diagonal a perfectly calibrated model would follow."""
    frame = pd.DataFrame(bins, columns=["n", "hits", "predicted", "observed", "observed_ci_low", "observed_ci_high"])
    top = float(max(frame[["predicted", "observed_ci_high"]].max().max(), 0.05)) if len(frame) else 1.0
    scale = alt.Scale(domain=[0, top])
    x = alt.X("predicted:Q", title="Predicted risk (mean of the bin)", scale=scale, axis=alt.Axis(format="%"))
    diagonal = (
        alt.Chart(pd.DataFrame({"predicted": [0.0, top], "observed": [0.0, top]}))
        .mark_line(color="#7f8c8d", strokeDash=[4, 4])
        .encode(x=x, y="observed:Q")
    )
    whiskers = (
        alt.Chart(frame)
        .mark_rule(color="#c0392b")
        .encode(x=x, y=alt.Y("observed_ci_low:Q", scale=scale), y2="observed_ci_high:Q")
    )
    points = (
        alt.Chart(frame)
        .mark_point(filled=True, color="#c0392b", size=50)
        .encode(
            x=x,
            y=alt.Y("observed:Q", title="Observed share with the outcome", scale=scale, axis=alt.Axis(format="%")),
            tooltip=[
                alt.Tooltip("predicted:Q", title="predicted", format=".1%"),
                alt.Tooltip("observed:Q", title="observed", format=".1%"),
                alt.Tooltip("observed_ci_low:Q", title="95% low", format=".1%"),
                alt.Tooltip("observed_ci_high:Q", title="95% high", format=".1%"),
                alt.Tooltip("hits:Q", title="with the outcome", format=","),
                alt.Tooltip("n:Q", title="member-days", format=","),
            ],
        )
    )
    return vega_lite(alt.layer(diagonal, whiskers, points).properties(width="container", height=260))
