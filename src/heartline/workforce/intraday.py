"""The intraday view of one queue's day: per interval, forecast against actual offered calls, agents
required against agents scheduled against agents who handled contacts, and the service delivered (service
level, ASA, abandonment), each with its n. Medicare queues carry CMS's 2-minute hold-time standard.

Everything is read for the caller (scoped by the metric framework). The forecast is the one the queue's
history before the day gives (`forecast_intervals` from that day), kept until the warehouse changes.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
from django.conf import settings

from heartline.core.analytics import build_query, remember, run_metric
from heartline.core.contracts import Caller
from heartline.core.selectors import queue_lines_of_business
from heartline.workforce.forecast import ForecastError, forecast_intervals
from heartline.workforce.plan import rows_of, scheduled_agents
from heartline.workforce.staffing import StaffingTarget, plan_staffing
from heartline.workforce.targets import DEFAULT_TARGET

MEDICARE_LINES = ("medicare_part_c", "medicare_part_d")
MEDICARE_HOLD_SECONDS = 120.0  # MCMG §80.1: average hold time 2 minutes or less (docs/compliance.md)


def last_day_with_contacts(caller: Caller, queue: str) -> dt.date | None:
    """The last day `queue` had offered contacts the caller may see."""
    rows = run_metric(
        caller, "workforce-offered", build_query("workforce-offered", by=("day",), filters={"queue": (queue,)})
    ).rows
    days = [_day(r["day"]) for r in rows if r["n"]]
    return max(days) if days else None


def _day(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _utc(value: object) -> pd.Timestamp:
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def _by_interval(
    caller: Caller, metric: str, queue: str, day: dt.date, **options: Any
) -> dict[pd.Timestamp, dict[str, Any]]:
    query = build_query(metric, by=("interval",), start=day, end=day, filters={"queue": (queue,)}, options=options)
    return {_utc(r["interval"]): r for r in run_metric(caller, metric, query).rows}


def _forecast(caller: Caller, queue: str, day: dt.date, target: StaffingTarget) -> pd.DataFrame:
    zone = str(settings.TIME_ZONE)

    def compute() -> pd.DataFrame:
        frame = forecast_intervals(queue, 1, caller=caller, first_day=day)
        local_day = frame["interval_start"].dt.tz_convert(zone).dt.date
        return plan_staffing(frame[local_day == day].reset_index(drop=True), target)

    return remember(("workforce-intraday-forecast", queue, day, caller.scope, target), compute)


def _figure(row: dict[str, Any] | None) -> dict[str, Any] | None:
    if row is None or row.get("value") is None:
        return None
    value = float(row["value"])
    figure: dict[str, Any] = {"value": value if math.isfinite(value) else None, "n": int(row["n"])}
    for bound in ("ci_low", "ci_high"):
        if row.get(bound) is not None:
            figure[bound] = float(row[bound])
    return figure


def intraday(caller: Caller, queue: str, day: dt.date, target: StaffingTarget = DEFAULT_TARGET) -> dict[str, Any]:
    """Per interval of `day` (the organization's calendar day) for `queue`, as the caller may see it;
    agents required and the service level counted against `target`."""
    line = queue_lines_of_business().get(queue)
    zone = str(settings.TIME_ZONE)
    answer: dict[str, Any] = {
        "queue": queue,
        "day": day.isoformat(),
        "line_of_business": line,
        "target": {
            "service_level": target.service_level,
            "answer_within": target.answer_within,
            "max_occupancy": target.max_occupancy,
            "shrinkage": target.shrinkage,
        },
        "hold_standard_seconds": MEDICARE_HOLD_SECONDS if line in MEDICARE_LINES else None,
        "forecast_error": None,
    }
    try:
        forecast = _forecast(caller, queue, day, target)
    except ForecastError as error:
        forecast = pd.DataFrame(columns=["interval_start", "calls", "calls_low", "calls_high", "aht_seconds", "agents"])
        answer["forecast_error"] = str(error)
    within = int(target.answer_within) if target.answer_within is not None else 30
    offered = _by_interval(caller, "workforce-offered", queue, day)
    service = _by_interval(caller, "workforce-service-level", queue, day, threshold_seconds=within)
    speed = _by_interval(caller, "workforce-average-speed-of-answer", queue, day)
    abandoned = _by_interval(caller, "workforce-abandonment-rate", queue, day)
    handling = _by_interval(caller, "workforce-agents-handling", queue, day)
    plan = scheduled_agents(caller, queue, day, day)
    scheduled = dict(zip(plan["interval_start"], plan["scheduled_agents"], strict=True))
    forecast_by = {row["interval_start"]: row for row in rows_of(forecast)}
    starts = sorted({*forecast_by, *offered, *scheduled})
    intervals = []
    for start in starts:
        f = forecast_by.get(start)
        actual = offered.get(start)
        handled = handling.get(start)
        intervals.append(
            {
                "interval_start": start.isoformat(),
                "local_time": start.tz_convert(zone).strftime("%H:%M"),
                "forecast_calls": None if f is None else float(f["calls"]),
                "forecast_low": None if f is None else float(f["calls_low"]),
                "forecast_high": None if f is None else float(f["calls_high"]),
                "offered": 0 if actual is None else int(actual["n"]),
                "required_agents": None if f is None else int(f["agents"]),
                "scheduled_agents": None if start not in scheduled else int(scheduled[start]),
                "agents_handling": {"value": int(handled["value"]), "n": int(handled["n"])} if handled else None,
                "service_level": _figure(service.get(start)),
                "asa": _figure(speed.get(start)),
                "abandonment": _figure(abandoned.get(start)),
            }
        )
    answer["intervals"] = intervals
    total = sum(i["offered"] for i in intervals)
    answer["offered"] = total
    answer["forecast_calls"] = float(forecast["calls"].sum()) if len(forecast) else None
    return answer
