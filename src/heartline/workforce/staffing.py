"""Agents needed per queue per interval, from a forecast frame, by Erlang C (or Erlang A with a patience).

The frame follows the forecast's contract: one row per queue and interval with `queue`, `interval_start`
(tz-aware UTC), `interval_seconds`, `calls` and `aht_seconds`; other columns ride along untouched. The
whole frame is planned at once (vectorised), so a year of half hours for 50 queues takes well under a second.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from heartline.stats.erlang import ErlangInputError, QueueFigures, queue_figures, required_agents

FORECAST_COLUMNS = ("queue", "interval_start", "interval_seconds", "calls", "aht_seconds")
STAFFING_COLUMNS = ("raw_agents", "agents", "service_level", "asa", "occupancy", "wait_probability", "abandon_share")


class StaffingInputError(ValueError):
    """A forecast frame or target the planner cannot use; the message names the column, row or setting."""


@dataclass(frozen=True, kw_only=True)
class StaffingTarget:
    """What the plan must deliver: `service_level` answered within `answer_within` seconds and/or an `asa`
    (seconds), at most `max_occupancy`, with `shrinkage` the share of paid time off the phones. With
    `patience` (callers' mean patience, seconds) the plan uses Erlang A, else Erlang C."""

    service_level: float | None = 0.8
    answer_within: float | None = 20.0
    asa: float | None = None
    max_occupancy: float = 1.0
    shrinkage: float = 0.0
    patience: float | None = None


def check_forecast_frame(frame: pd.DataFrame) -> None:
    """Refuse a frame the planner cannot use, naming the column or the first bad row (queue and interval)."""
    missing = [column for column in FORECAST_COLUMNS if column not in frame.columns]
    if missing:
        raise StaffingInputError(f"the forecast frame lacks column(s): {', '.join(missing)}")
    starts = frame["interval_start"]
    if not isinstance(starts.dtype, pd.DatetimeTZDtype):
        raise StaffingInputError("interval_start must be tz-aware (UTC) timestamps")
    for column, strict in (("calls", False), ("interval_seconds", True), ("aht_seconds", True)):
        values = pd.to_numeric(frame[column], errors="coerce").to_numpy(dtype=np.float64)
        bad = ~np.isfinite(values) | (values <= 0 if strict else values < 0)
        if column == "aht_seconds":  # an interval without calls needs no handle time
            bad &= frame["calls"].to_numpy(dtype=np.float64) > 0
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            where = f"row {row} (queue {frame['queue'].iloc[row]!r}, {starts.iloc[row]})"
            rule = "> 0" if strict else ">= 0"
            raise StaffingInputError(f"{column} must be a number {rule}; {where} has {frame[column].iloc[row]!r}")


def plan_staffing(forecast: pd.DataFrame, target: StaffingTarget) -> pd.DataFrame:
    """The forecast frame with the agents each interval needs and what they deliver added.

    `raw_agents`: on the phones; `agents`: scheduled, ceil(raw_agents / (1 − shrinkage)); `service_level`,
    `asa` (seconds), `occupancy`, `wait_probability`, `abandon_share` at raw_agents.
    """
    check_forecast_frame(forecast)
    calls = forecast["calls"].to_numpy(dtype=np.float64)
    aht = np.where(calls > 0, forecast["aht_seconds"].to_numpy(dtype=np.float64), 1.0)
    try:
        plan = required_agents(
            calls,
            aht,
            forecast["interval_seconds"].to_numpy(dtype=np.float64),
            service_level=target.service_level,
            answer_within=target.answer_within,
            asa=target.asa,
            max_occupancy=target.max_occupancy,
            shrinkage=target.shrinkage,
            patience=target.patience,
        )
    except ErlangInputError as error:
        raise StaffingInputError(str(error)) from error
    planned = forecast.copy()
    planned["raw_agents"] = plan.raw_agents
    planned["agents"] = plan.agents
    _attach(planned, plan.figures)
    return planned


def _attach(frame: pd.DataFrame, figures: QueueFigures) -> None:
    frame["service_level"] = figures.service_level
    frame["asa"] = figures.asa
    frame["occupancy"] = figures.occupancy
    frame["wait_probability"] = figures.wait_probability
    frame["abandon_share"] = figures.abandon_share


def expected_service(forecast: pd.DataFrame, on_phones: np.ndarray, target: StaffingTarget) -> QueueFigures:
    """What `on_phones` agents per interval deliver for the frame's calls (Erlang A with a patience)."""
    check_forecast_frame(forecast)
    calls = forecast["calls"].to_numpy(dtype=np.float64)
    aht = np.where(calls > 0, forecast["aht_seconds"].to_numpy(dtype=np.float64), 1.0)
    load = calls * aht / forecast["interval_seconds"].to_numpy(dtype=np.float64)
    return queue_figures(
        np.asarray(on_phones, dtype=np.float64), load, aht, float(target.answer_within or 0.0), target.patience
    )
