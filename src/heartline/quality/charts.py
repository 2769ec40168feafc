"""Vega-Lite specs (Altair) for the quality pages; rendered by our own vega-embed bundle."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite
from heartline.quality.selectors.scores import ScoreRow


@chart_spec
def score_trend(rows: list[ScoreRow]) -> dict[str, Any]:
    frame = pd.DataFrame(
        [
            {"month": f"{r.key}-01", "score": r.value, "low": r.ci_low, "high": r.ci_high, "n": r.n}
            for r in rows
            if not math.isnan(r.value)
        ],
        columns=["month", "score", "low", "high", "n"],
    )
    base = alt.Chart(frame).encode(x=alt.X("month:T", title="Month of the contact", timeUnit="utcyearmonth"))
    band = base.mark_area(opacity=0.2).encode(
        y=alt.Y("low:Q", title="Mean audit score", scale=alt.Scale(zero=False)), y2="high:Q"
    )
    line = base.mark_line(point=True).encode(
        y="score:Q",
        tooltip=[
            alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month"),
            alt.Tooltip("score:Q", format=".1f"),
            alt.Tooltip("n:Q", title="Audits"),
        ],
    )
    return vega_lite((band + line).properties(width="container", height=220))
