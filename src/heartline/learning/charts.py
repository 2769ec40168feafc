"""Vega-Lite specs (Altair) for the learning pages; rendered by our own vega-embed bundle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from heartline.core.chart_specs import chart_spec, vega_lite
from heartline.learning.analytics import MonthRow
from heartline.learning.selectors import WaveProgress
from heartline.stats.staggered import ExposureEffect


@chart_spec
def wave_progress(rows: Sequence[WaveProgress]) -> dict[str, Any]:
    """Share of due components done, one bar per wave (unit), with the n behind each."""
    frame = pd.DataFrame(
        [
            {
                "wave": f"{r.number}. {r.unit_name}",
                "share": r.share_done if r.share_done is not None else 0.0,
                "due": r.due,
                "starts": r.starts_on.isoformat(),
            }
            for r in rows
        ]
    )
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("wave:N", title="Wave", sort=None),
            x=alt.X("share:Q", title="Due components done", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                alt.Tooltip("wave:N", title="Wave"),
                alt.Tooltip("starts:N", title="Starts"),
                alt.Tooltip("share:Q", title="Done", format=".0%"),
                alt.Tooltip("due:Q", title="Due (n)", format=","),
            ],
        )
        .properties(width="container", height=alt.Step(22))
    )
    return vega_lite(chart)


@chart_spec
def trained_trend(rows: Sequence[MonthRow]) -> dict[str, Any]:
    """Monthly mean audit score of trained and not-yet-trained representatives."""
    records = []
    for r in rows:
        if r.trained_mean is not None:
            records.append({"month": f"{r.month}-01", "group": "trained", "mean": r.trained_mean, "n": r.trained_n})
        if r.untrained_mean is not None:
            records.append(
                {"month": f"{r.month}-01", "group": "not yet trained", "mean": r.untrained_mean, "n": r.untrained_n}
            )
    frame = pd.DataFrame(records, columns=["month", "group", "mean", "n"])
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:T", title="Month", timeUnit="utcyearmonth"),
            y=alt.Y("mean:Q", title="Mean audit score", scale=alt.Scale(zero=False)),
            color=alt.Color("group:N", title=None),
            tooltip=[
                alt.Tooltip("month:T", timeUnit="utcyearmonth", title="Month"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("mean:Q", title="Mean", format=".1f"),
                alt.Tooltip("n:Q", title="Audits (n)", format=","),
            ],
        )
        .properties(width="container", height=240)
    )
    return vega_lite(chart)


@chart_spec
def event_study(effects: Sequence[ExposureEffect]) -> dict[str, Any]:
    """Effect on the audit score by months since training, with 95% CIs; the months before training
    are placebo checks (near 0 when trained and not-yet-trained agents moved alike before)."""
    frame = pd.DataFrame(
        [
            {
                "months": int(e.exposure),
                "effect": e.estimate.value,
                "low": e.estimate.ci_low,
                "high": e.estimate.ci_high,
                "n": e.estimate.n,
                "agents": e.estimate.clusters,
                "when": "after training" if e.exposure >= 0 else "before training (placebo)",
            }
            for e in effects
        ],
        columns=["months", "effect", "low", "high", "n", "agents", "when"],
    )
    base = alt.Chart(frame).encode(
        x=alt.X("months:Q", title="Months since training started", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("when:N", title=None, sort=["before training (placebo)", "after training"]),
    )
    tooltip = [
        alt.Tooltip("months:Q", title="Months since start"),
        alt.Tooltip("effect:Q", title="Effect (points)", format=".1f"),
        alt.Tooltip("low:Q", title="95% CI low", format=".1f"),
        alt.Tooltip("high:Q", title="95% CI high", format=".1f"),
        alt.Tooltip("n:Q", title="Audits (n)", format=","),
        alt.Tooltip("agents:Q", title="Agents", format=","),
    ]
    intervals = base.mark_rule().encode(y=alt.Y("low:Q", title="Effect on audit score (points)"), y2="high:Q")
    points = base.mark_point(filled=True).encode(y="effect:Q", tooltip=tooltip)
    zero = alt.Chart(pd.DataFrame({"zero": [0.0]})).mark_rule(strokeDash=[4, 4], color="grey").encode(y="zero:Q")
    chart = (zero + intervals + points).properties(width="container", height=240)
    return vega_lite(chart)
