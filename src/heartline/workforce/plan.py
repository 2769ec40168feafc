"""The staffing plan against the forecast: per queue and interval, the agents the forecast needs
(`plan_staffing`) beside the agents the loaded `staffing_plan` schedules, the gap, and what the schedule
delivers (`expected_service` at floor(scheduled × (1 − shrinkage)) agents on the phones).

`compare_plan(forecast, scheduled, target)` is the pure part (frames in, frame out); `staffing_plan_for`
reads the forecast and the plan for a caller (scoped) and shapes the answer `heartline workforce plan`
prints (docs/workforce.md, "Staffing plan (the command)").
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller
from heartline.workforce.scenarios import Scenario, ScenarioOutcome, run_scenario
from heartline.workforce.staffing import StaffingTarget, expected_service, plan_staffing

SCHEDULE_COLUMNS = ("queue", "interval_start", "scheduled_agents")


def compare_plan(forecast: pd.DataFrame, scheduled: pd.DataFrame, target: StaffingTarget) -> pd.DataFrame:
    """`forecast` planned by `target`, with `scheduled_agents` (0 where the plan names no agents), `gap`
    (scheduled − agents: negative is short), `overtime_hours` (the shortfall × the interval) and the
    schedule's `expected_service_level`, `expected_asa`, `expected_abandon_share`."""
    planned = plan_staffing(forecast, target)
    if len(scheduled):
        merged = planned.merge(
            scheduled.loc[:, list(SCHEDULE_COLUMNS)], on=["queue", "interval_start"], how="left", validate="m:1"
        )
    else:
        merged = planned.assign(scheduled_agents=np.nan)
    merged["scheduled_agents"] = merged["scheduled_agents"].fillna(0).astype(np.int64)
    merged["gap"] = merged["scheduled_agents"] - merged["agents"]
    merged["overtime_hours"] = np.maximum(-merged["gap"], 0) * merged["interval_seconds"] / 3600.0
    on_phones = np.floor(merged["scheduled_agents"].to_numpy(dtype=np.float64) * (1.0 - target.shrinkage) + 1e-9)
    figures = expected_service(merged, on_phones, target)
    merged["expected_service_level"] = figures.service_level
    merged["expected_asa"] = figures.asa
    merged["expected_abandon_share"] = figures.abandon_share
    return merged


def scheduled_agents(caller: Caller, queue: str, start: dt.date, end: dt.date) -> pd.DataFrame:
    """The loaded plan's agents for `queue` per interval from `start` to `end` (days), as the caller may see."""
    rows = run_metric(
        caller,
        "workforce-scheduled-agents",
        build_query("workforce-scheduled-agents", by=("interval",), start=start, end=end, filters={"queue": (queue,)}),
    ).rows
    return pd.DataFrame(
        {
            "queue": queue,
            "interval_start": pd.to_datetime([r["interval"] for r in rows], utc=True),
            "scheduled_agents": [int(r["value"] or 0) for r in rows],
        },
        columns=list(SCHEDULE_COLUMNS),
    )


def _number(value: float) -> float | None:
    """JSON has no infinity: an unbounded wait (Erlang C below the load) is null."""
    return None if math.isinf(value) or math.isnan(value) else float(value)


def target_json(target: StaffingTarget) -> dict[str, Any]:
    return {
        "service_level": target.service_level,
        "answer_within": target.answer_within,
        "asa": target.asa,
        "max_occupancy": target.max_occupancy,
        "shrinkage": target.shrinkage,
        "patience": target.patience,
    }


def rows_of(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def queue_json(queue: str, compared: pd.DataFrame) -> dict[str, Any]:
    """One queue of the answer: its summary and every interval."""
    hours = compared["interval_seconds"] / 3600.0
    summary = {
        "intervals": len(compared),
        "short_intervals": int((compared["gap"] < 0).sum()),
        "required_agent_hours": float((compared["agents"] * hours).sum()),
        "scheduled_agent_hours": float((compared["scheduled_agents"] * hours).sum()),
        "overtime_hours": float(compared["overtime_hours"].sum()),
        "calls": float(compared["calls"].sum()),
    }
    intervals = [
        {
            "interval_start": row["interval_start"].isoformat(),
            "interval_seconds": int(row["interval_seconds"]),
            "calls": float(row["calls"]),
            "aht_seconds": float(row["aht_seconds"]),
            "raw_agents": int(row["raw_agents"]),
            "agents": int(row["agents"]),
            "scheduled_agents": int(row["scheduled_agents"]),
            "gap": int(row["gap"]),
            "service_level": float(row["service_level"]),
            "expected_service_level": float(row["expected_service_level"]),
            "expected_asa": _number(row["expected_asa"]),
            "expected_abandon_share": float(row["expected_abandon_share"]),
        }
        for row in rows_of(compared)
    ]
    return {"queue": queue, "summary": summary, "intervals": intervals}


def staffing_plan_for(
    caller: Caller,
    queues: list[str],
    weeks: int,
    target: StaffingTarget,
    *,
    first_day: dt.date | None = None,
) -> dict[str, Any]:
    """The forecast of each queue for `weeks` weeks against the loaded plan (both read for `caller`).
    ForecastError (from the forecast) when a queue's history cannot carry a forecast."""
    from heartline.core import clock
    from heartline.workforce.forecast import forecast_intervals

    first_day = first_day or clock.today()
    last_day = first_day + dt.timedelta(days=7 * weeks)
    answer: dict[str, Any] = {"target": target_json(target), "first_day": first_day.isoformat(), "queues": []}
    for queue in queues:
        forecast = forecast_intervals(queue, weeks, caller=caller, first_day=first_day)
        scheduled = scheduled_agents(caller, queue, first_day - dt.timedelta(days=1), last_day)
        answer["queues"].append(queue_json(queue, compare_plan(forecast, scheduled, target)))
    return answer


def scenario_for(
    caller: Caller,
    queue: str,
    weeks: int,
    what_if: Scenario,
    target: StaffingTarget,
    *,
    first_day: dt.date | None = None,
) -> dict[str, Any]:
    """A what-if over `queue`'s forecast for `weeks` weeks, measured against the loaded staffing plan (or,
    where none is loaded for those weeks, the plan for the unchanged forecast), beside the same schedule
    with nothing changed. Days are the scenario's days with calls; figures are call-weighted."""
    from heartline.core import clock
    from heartline.workforce.forecast import forecast_intervals

    first_day = first_day or clock.today()
    last_day = first_day + dt.timedelta(days=7 * weeks)
    frame = forecast_intervals(queue, weeks, caller=caller, first_day=first_day)
    scheduled = scheduled_agents(caller, queue, first_day - dt.timedelta(days=1), last_day)
    loaded = bool(len(scheduled)) and int(scheduled["scheduled_agents"].sum()) > 0
    if loaded:
        frame = frame.merge(scheduled, on=["queue", "interval_start"], how="left", validate="m:1")
        frame["scheduled_agents"] = frame["scheduled_agents"].fillna(0)
    outcome = run_scenario(frame, what_if, target)
    unchanged = run_scenario(frame, Scenario(first_day=what_if.first_day, last_day=what_if.last_day), target)
    return {
        "queue": queue,
        "first_day": first_day.isoformat(),
        "weeks": weeks,
        "schedule": "loaded staffing plan" if loaded else "plan for the unchanged forecast",
        "target": target_json(target),
        "scenario": outcome_json(outcome),
        "unchanged": outcome_json(unchanged),
        "days": scenario_days(outcome.intervals),
    }


def outcome_json(outcome: ScenarioOutcome) -> dict[str, Any]:
    inside = outcome.intervals[outcome.intervals["in_scenario"]]
    return {
        "affected_intervals": outcome.affected_intervals,
        "calls": outcome.calls,
        "peak_agents": int(inside["agents"].max()) if len(inside) else 0,
        "overtime_hours": outcome.overtime_hours,
        "service_level": _number(outcome.service_level),
        "asa": _number(outcome.asa),
        "abandon_share": _number(outcome.abandon_share),
    }


def scenario_days(intervals: pd.DataFrame) -> list[dict[str, Any]]:
    """Per UTC day of the scenario with calls: calls, most agents needed and scheduled in an interval,
    overtime hours, and the call-weighted service level the schedule gives."""
    inside = intervals[intervals["in_scenario"] & (intervals["calls"] > 0)].copy()
    if inside.empty:
        return []
    inside["day"] = inside["interval_start"].dt.tz_convert("UTC").dt.date
    inside["weighted_sl"] = inside["scheduled_service_level"] * inside["calls"]
    days = inside.groupby("day").agg(
        calls=("calls", "sum"),
        peak_agents=("agents", "max"),
        peak_scheduled=("scheduled_agents", "max"),
        overtime_hours=("overtime_hours", "sum"),
        weighted_sl=("weighted_sl", "sum"),
    )
    return [
        {
            "day": str(day),  # a datetime.date: YYYY-MM-DD
            "calls": float(row.calls),
            "peak_agents": int(row.peak_agents),
            "peak_scheduled": int(row.peak_scheduled),
            "overtime_hours": float(row.overtime_hours),
            "service_level": float(row.weighted_sl / row.calls),
        }
        for day, row in days.iterrows()
    ]
