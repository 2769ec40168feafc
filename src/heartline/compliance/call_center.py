"""The call-center standards report: CMS's hold-time and disconnect standards by line of business,
queue and quarter, the trend toward a breach, and interpreter and TTY availability from test calls.

The figures come from the runners in `call_center_metrics` (run for the caller, so scoped to what they
may see, each with its n and 95% interval); this module only compares them with the standards and
flags. Definitions, sources and the trend rule: docs/compliance.md, "Call-center standards".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from heartline.compliance.call_center_metrics import (
    DISCONNECT_RATE_STANDARD,
    HOLD_TIME_STANDARD_SECONDS,
    INTERPRETER_LIMIT_SECONDS,
    TTY_LIMIT_SECONDS,
)
from heartline.core import clock
from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller

# The lines CMS holds to these standards (Medicare Advantage and Part D sponsors); other lines' figures
# are shown against the same yardstick for reference, never flagged.
MEDICARE_LINES = frozenset({"medicare_part_c", "medicare_part_d"})
LINE_LABELS = {
    "medicare_part_c": "Medicare Advantage (Part C)",
    "medicare_part_d": "Medicare Part D",
    "medicaid": "Medicaid",
    "commercial": "Commercial",
}
# How far back the report looks by default: the current quarter and the three before it.
DEFAULT_QUARTERS = 4
TREND_MONTHS = 3


@dataclass(frozen=True)
class Standard:
    """One CMS standard: the metric that measures it and the most it may be."""

    key: str
    metric: str
    title: str
    limit: float
    percent: bool = False

    def shown(self, value: float | None) -> str:
        """`value` as people read it: seconds to the whole second, shares as a percentage to 0.1."""
        if value is None:
            return "—"
        return f"{value * 100:.1f}%" if self.percent else f"{value:.0f} s"


HOLD_TIME = Standard("hold_time", "cms-hold-time", "Average hold time", HOLD_TIME_STANDARD_SECONDS)
DISCONNECT_RATE = Standard(
    "disconnect_rate", "cms-disconnect-rate", "Disconnect rate", DISCONNECT_RATE_STANDARD, percent=True
)
STANDARDS = (HOLD_TIME, DISCONNECT_RATE)


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def add_months(first: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `first`."""
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The current quarter and the three before it, up to today."""
    return add_months(quarter_start(today), -3 * (DEFAULT_QUARTERS - 1)), today


def applies(line: str | None) -> bool:
    """Whether CMS's call-center standards apply to calls of `line`."""
    return line in MEDICARE_LINES


def over(value: float | None, limit: float) -> bool:
    return value is not None and value > limit


@dataclass(frozen=True)
class Trend:
    """The last three months of a group's figure, and whether they point to a breach.

    `rising`: each of the three months higher than the one before. `projected`: the mean of the three
    months of the quarter the next month falls in, each month of it already observed taking its
    figure and each other month the least-squares line through the three months extended to it (the
    line's slope through three equally spaced points is (last − first) / 2). `toward_breach`: rising
    and the projection over the standard.
    """

    months: tuple[tuple[dt.date, float], ...]
    rising: bool
    projected_quarter: dt.date | None
    projected: float | None
    toward_breach: bool


def trend(monthly: Sequence[tuple[dt.date, float | None]], limit: float) -> Trend:
    """The trend of one group's monthly figures (`(first day of month, value)`, any order)."""
    known = sorted((month, value) for month, value in monthly if value is not None)
    last = tuple(known[-TREND_MONTHS:])
    consecutive = len(last) == TREND_MONTHS and all(
        add_months(last[i][0], 1) == last[i + 1][0] for i in range(TREND_MONTHS - 1)
    )
    if not consecutive:
        return Trend(last, False, None, None, False)
    (_, first), (_, middle), (last_month, latest) = last
    rising = first < middle < latest
    slope = (latest - first) / 2
    next_month = add_months(last_month, 1)
    quarter = quarter_start(next_month)
    observed = dict(known)
    values = []
    for offset in range(3):
        month = add_months(quarter, offset)
        if month in observed:
            values.append(observed[month])
        else:
            steps = (month.year - last_month.year) * 12 + month.month - last_month.month
            values.append(latest + slope * steps)
    projected = sum(values) / len(values)
    return Trend(last, rising, quarter, projected, rising and projected > limit)


def _line(row: dict[str, Any]) -> dict[str, Any]:
    line = row.get("line_of_business")
    return {**row, "line_label": LINE_LABELS.get(line or "", "No single line"), "applies": applies(line)}


def _standard_rows(caller: Caller, standard: Standard, start: dt.date, end: dt.date) -> dict[str, Any]:
    quarterly = run_metric(
        caller, standard.metric, build_query(standard.metric, ["line_of_business", "queue", "quarter"], start, end)
    ).rows
    monthly = run_metric(
        caller, standard.metric, build_query(standard.metric, ["line_of_business", "queue", "month"], start, end)
    ).rows
    rows = []
    for row in quarterly:
        row = _line(row)
        row["breach"] = row["applies"] and over(row["value"], standard.limit)
        rows.append(row)
    by_group: dict[tuple[Any, Any], list[tuple[dt.date, float | None]]] = defaultdict(list)
    counts: dict[tuple[Any, Any, dt.date], int] = {}
    for row in monthly:
        month = dt.date.fromisoformat(row["month"])
        by_group[(row["line_of_business"], row["queue"])].append((month, row["value"]))
        counts[(row["line_of_business"], row["queue"], month)] = int(row["n"])
    trends = []
    for (line, queue), months in sorted(by_group.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        found = trend(months, standard.limit)
        trends.append(
            {
                "line_of_business": line,
                "line_label": LINE_LABELS.get(line or "", "No single line"),
                "queue": queue,
                "applies": applies(line),
                "months": [
                    {"month": m.isoformat(), "value": v, "n": counts[(line, queue, m)], "shown": standard.shown(v)}
                    for m, v in found.months
                ],
                "rising": found.rising,
                "projected_quarter": found.projected_quarter.isoformat() if found.projected_quarter else None,
                "projected": found.projected,
                "projected_shown": standard.shown(found.projected),
                "toward_breach": applies(line) and found.toward_breach,
            }
        )
    return {
        "standard": standard.limit,
        "standard_shown": standard.shown(standard.limit),
        "rows": rows,
        "trends": trends,
        "breaches": sum(1 for r in rows if r["breach"]),
        "toward_breach": sum(1 for t in trends if t["toward_breach"]),
    }


def call_center_report(caller: Caller, start: dt.date | None = None, end: dt.date | None = None) -> dict[str, Any]:
    """Every call-center figure the caller may see over `start`…`end` (default: the current quarter
    and the three before), compared with CMS's standards."""
    default_start, default_end = default_period(clock.today())
    start, end = start or default_start, end or default_end
    test_calls = run_metric(
        caller,
        "interpreter-tty-availability",
        build_query("interpreter-tty-availability", ["test", "line_of_business"], start, end),
    ).rows
    overall_tests = run_metric(
        caller, "interpreter-tty-availability", build_query("interpreter-tty-availability", ["test"], start, end)
    ).rows
    return {
        "period": {"from": start.isoformat(), "to": end.isoformat()},
        "standards": {
            "hold_time_seconds": HOLD_TIME_STANDARD_SECONDS,
            "disconnect_rate": DISCONNECT_RATE_STANDARD,
            "interpreter_limit_seconds": INTERPRETER_LIMIT_SECONDS,
            "tty_limit_seconds": TTY_LIMIT_SECONDS,
            "applies_to": sorted(MEDICARE_LINES),
        },
        "hold_time": _standard_rows(caller, HOLD_TIME, start, end),
        "disconnect_rate": _standard_rows(caller, DISCONNECT_RATE, start, end),
        "test_calls": {
            "overall": overall_tests,
            "by_line": [_line(row) for row in test_calls],
        },
    }
