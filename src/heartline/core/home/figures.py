"""A rate as home pages show it: the latest 90 days with its interval and n, the last six months, and
the latest week of data beside the week before it ("what changed since last week").

One warehouse query per rate (grouped by day); every other view of it is an exact roll-up
(`heartline.warehouse.rollup`). Periods end at the latest day with data in the scope, not today, so
a warehouse loaded weeks ago still shows its last weeks rather than empty ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller
from heartline.warehouse.rollup import roll_up
from heartline.warehouse.scope import Scope

RECENT_DAYS = 90
MONTHS_SHOWN = 6
WEEK = 7


@dataclass(frozen=True)
class RateTrend:
    """One rate over a scope: `recent` (the latest RECENT_DAYS), `months`, `last_week`, `week_before`
    (each a metric row with value, ci_low, ci_high, n), and the latest day they end on."""

    metric: str
    recent: dict[str, Any]
    months: list[dict[str, Any]] = field(default_factory=list)
    last_week: dict[str, Any] | None = None
    week_before: dict[str, Any] | None = None
    through: dt.date | None = None

    @property
    def has_data(self) -> bool:
        return bool(self.recent.get("n"))

    @property
    def change(self) -> float | None:
        """Last week's rate minus the week before's, in points of the rate (None when either is empty)."""
        if not self.last_week or not self.week_before:
            return None
        now, before = self.last_week.get("value"), self.week_before.get("value")
        return None if now is None or before is None else float(now) - float(before)

    @property
    def change_points(self) -> float | None:
        """`change` in percentage points."""
        return None if self.change is None else self.change * 100


def _day(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _within(rows: Sequence[dict[str, Any]], first: dt.date, last: dt.date) -> list[dict[str, Any]]:
    return [r for r in rows if first <= r["_day"] <= last]


def rate_trend(scope: Scope, metric: str, filters: Mapping[str, Sequence[str]] | None = None) -> RateTrend:
    """`metric` (a rate: rows carry numerator and denominator) over `scope`, as a `RateTrend`.

    The scope is the reader's own, or (for a representative's team beside their own figure) the
    team's unit with a team filter: only totals leave this function, never a row per person."""
    reader = Caller(None, "home", "", None, None, scope)
    rows = run_metric(reader, metric, build_query(metric, ["day"], filters=filters)).rows
    dated = [{**r, "_day": _day(r["day"])} for r in rows if r.get("day") is not None]
    if not dated:
        return RateTrend(metric=metric, recent=roll_up([], [])[0])
    last = max(r["_day"] for r in dated)
    recent = roll_up(_within(dated, last - dt.timedelta(days=RECENT_DAYS - 1), last), [])[0]
    for r in dated:
        r["month"] = r["_day"].isoformat()[:7]
    months = roll_up(dated, ["month"])[-MONTHS_SHOWN:]
    last_week = roll_up(_within(dated, last - dt.timedelta(days=WEEK - 1), last), [])[0]
    before = roll_up(_within(dated, last - dt.timedelta(days=2 * WEEK - 1), last - dt.timedelta(days=WEEK)), [])[0]
    return RateTrend(
        metric=metric,
        recent=recent,
        months=months,
        last_week=last_week if last_week["n"] else None,
        week_before=before if before["n"] else None,
        through=last,
    )


def as_row(score: Any) -> dict[str, Any]:
    """A quality score row (`heartline.quality.selectors.scores.ScoreRow`) as a metric row, for the
    figure filters: value, ci_low, ci_high and n."""
    return {"value": score.value, "ci_low": score.ci_low, "ci_high": score.ci_high, "n": score.n}
