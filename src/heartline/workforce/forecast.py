"""Forecasts of a queue's volume and handle time per interval, from the interval table and the calendar.

`forecast_intervals(queue, weeks)` is the contract the staffing plan codes against: a DataFrame with
one row per interval of the next `weeks` weeks and the columns `queue, interval_start (tz-aware UTC),
interval_seconds, calls, calls_low, calls_high, aht_seconds`; `forecast_for` returns the same with the
daily forecast, the history and the backtest (the method is in heartline.workforce.forecast_model).
History is read for the caller (scoped by the metric framework: a manager forecasts their units'
contacts); the operator (command line) sees every unit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from django.conf import settings

from heartline.core import clock
from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller
from heartline.core.scoping import OPERATOR
from heartline.workforce.forecast_model import (
    DEFAULT_LEVEL,
    DEFAULT_WINDOWS,
    HISTORY_COLUMNS,
    INTERVAL_COLUMNS,
    ForecastError,
    QueueForecast,
    forecast_queue,
)
from heartline.workforce.intervals import interval_minutes
from heartline.workforce.selectors import calendar_events

HISTORY_DAYS = 3 * 364  # three years: last year's enrollment period and the one before
MAX_WEEKS = 26
# Days a forecast may start on: inside what pandas' nanosecond timestamps hold, history included.
FIRST_FORECAST_DAY = dt.date(1980, 1, 1)
LAST_FORECAST_DAY = dt.date(2200, 12, 31)

__all__ = ["INTERVAL_COLUMNS", "ForecastError", "QueueForecast", "forecast_for", "forecast_intervals", "queues"]


def queues(caller: Caller, start: dt.date | None = None, end: dt.date | None = None) -> list[dict[str, Any]]:
    """The queues with offered contacts the caller may see in the period, busiest first, with their n."""
    rows = run_metric(
        caller, "workforce-offered", build_query("workforce-offered", by=("queue",), start=start, end=end)
    ).rows
    return sorted(({"queue": r["queue"], "n": r["n"]} for r in rows if r["queue"]), key=lambda r: (-r["n"], r["queue"]))


def interval_history(caller: Caller, queue: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Offered calls, answered calls and handle seconds of `queue` per interval from `start` to `end`."""
    filters = {"queue": (queue,)}
    offered = run_metric(
        caller,
        "workforce-offered",
        build_query("workforce-offered", by=("interval",), start=start, end=end, filters=filters),
    ).rows
    handle = run_metric(
        caller,
        "workforce-handle-time",
        build_query("workforce-handle-time", by=("interval",), start=start, end=end, filters=filters),
    ).rows
    handled = {r["interval"]: (r["n"], (r["value"] or 0.0) * r["n"]) for r in handle}
    frame = pd.DataFrame(
        {
            "queue": queue,
            "interval_start": pd.to_datetime([r["interval"] for r in offered], utc=True),
            "calls": [r["n"] for r in offered],
            "handled": [handled.get(r["interval"], (0, 0.0))[0] for r in offered],
            "handle_seconds": [handled.get(r["interval"], (0, 0.0))[1] for r in offered],
        },
        columns=list(HISTORY_COLUMNS),
    )
    return frame


def forecast_for(
    queue: str,
    weeks: int,
    *,
    caller: Caller | None = None,
    first_day: dt.date | None = None,
    level: int = DEFAULT_LEVEL,
    windows: int = DEFAULT_WINDOWS,
) -> QueueForecast:
    """`queue`'s forecast for `weeks` weeks from `first_day` (default: today, in the organization's
    calendar), with the backtest; ForecastError when the history cannot carry one."""
    if not 1 <= weeks <= MAX_WEEKS:
        raise ForecastError(f"weeks must be between 1 and {MAX_WEEKS}, not {weeks}")
    if not 50 <= level < 100:
        raise ForecastError(f"level must be between 50 and 99 (a prediction interval's percent), not {level}")
    caller = caller or OPERATOR
    first_day = first_day or clock.today()
    if not FIRST_FORECAST_DAY <= first_day <= LAST_FORECAST_DAY:
        raise ForecastError(f"from={first_day} is out of range ({FIRST_FORECAST_DAY} … {LAST_FORECAST_DAY})")
    start = first_day - dt.timedelta(days=HISTORY_DAYS)
    history = interval_history(caller, queue, start, first_day - dt.timedelta(days=1))
    events = calendar_events(start, first_day + dt.timedelta(days=7 * weeks), queue)
    return forecast_queue(
        queue,
        history,
        first_day=first_day,
        weeks=weeks,
        interval_seconds=interval_minutes() * 60,
        events=events,
        zone=str(settings.TIME_ZONE),
        level=level,
        windows=windows,
    )


def forecast_intervals(
    queue: str,
    weeks: int,
    *,
    caller: Caller | None = None,
    first_day: dt.date | None = None,
    level: int = DEFAULT_LEVEL,
) -> pd.DataFrame:
    """THE CONTRACT: per interval of the next `weeks` weeks, `queue, interval_start (tz-aware UTC),
    interval_seconds, calls, calls_low, calls_high, aht_seconds` (calls: median forecast; low/high:
    the `level`% prediction interval). `frame.attrs["backtest"]` holds the backtest scores."""
    result = forecast_for(queue, weeks, caller=caller, first_day=first_day, level=level)
    frame = result.intervals.copy()
    frame.attrs["backtest"] = [s.as_json() for s in result.backtest]
    frame.attrs["level"] = result.level
    return frame


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of `frame` as dicts by column name."""
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def as_json(result: QueueForecast, *, with_intervals: bool = True) -> dict[str, Any]:
    """The forecast as the API and `--json` give it: intervals, days, backtest, regressors used."""
    data: dict[str, Any] = {
        "queue": result.queue,
        "level": result.level,
        "regressors": result.regressors,
        "history_ends": None if result.history_ends is None else result.history_ends.isoformat(),
        "backtest": {
            "windows": result.backtest_windows,
            "horizon_days": result.backtest_horizon_days,
            "scores": [s.as_json() for s in result.backtest],
        },
        "daily": [
            {
                "day": r["day"].isoformat(),
                "calls": float(r["calls"]),
                "calls_low": float(r["calls_low"]),
                "calls_high": float(r["calls_high"]),
            }
            for r in records(result.daily)
        ],
    }
    if with_intervals:
        data["intervals"] = [
            {
                "queue": r["queue"],
                "interval_start": r["interval_start"].isoformat(),
                "interval_seconds": int(r["interval_seconds"]),
                "calls": float(r["calls"]),
                "calls_low": float(r["calls_low"]),
                "calls_high": float(r["calls_high"]),
                "aht_seconds": float(r["aht_seconds"]),
            }
            for r in records(result.intervals)
        ]
    return data
