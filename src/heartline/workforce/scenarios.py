"""What-if staffing: "volume 3× in the first week of January", "AHT 10% lower after the rapid-resolution team".

A scenario scales calls and/or handle time over a range of days (UTC), optionally for one queue. Against a
schedule — the frame's `scheduled_agents` column, or else the plan for the unchanged forecast ("staffing stays
as planned") — it reports the agents the scenario needs, the extra agent-hours (overtime) and the service
level, ASA and abandonment to expect if the schedule does not change (Erlang A with a patience, else C).
Scheduled agents are people on the rota; floor(scheduled · (1 − shrinkage)) of them are on the phones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from heartline.workforce.staffing import (
    StaffingInputError,
    StaffingTarget,
    check_forecast_frame,
    expected_service,
    plan_staffing,
)


@dataclass(frozen=True)
class Scenario:
    """Multiply calls by `volume_multiplier` and handle time by `aht_multiplier` on intervals starting from
    `first_day` to `last_day` inclusive (UTC dates; open-ended when None), for `queue` or every queue."""

    volume_multiplier: float = 1.0
    aht_multiplier: float = 1.0
    first_day: date | None = None
    last_day: date | None = None
    queue: str | None = None

    def __post_init__(self) -> None:
        if not (math.isfinite(self.volume_multiplier) and self.volume_multiplier >= 0):
            raise StaffingInputError(f"volume_multiplier must be >= 0, got {self.volume_multiplier}")
        if not (math.isfinite(self.aht_multiplier) and self.aht_multiplier > 0):
            raise StaffingInputError(f"aht_multiplier must be > 0, got {self.aht_multiplier}")
        if self.first_day and self.last_day and self.first_day > self.last_day:
            raise StaffingInputError(f"first_day {self.first_day} is after last_day {self.last_day}")


@dataclass(frozen=True)
class ScenarioOutcome:
    """Per interval (`intervals`) and in total: agents needed, overtime, and the service the schedule gives.

    `service_level` and `abandon_share` are call-weighted over the scenario's intervals, `asa` weighted by
    answered calls (∞ when a queue is overloaded under Erlang C); `calls` is what they rest on.
    """

    intervals: pd.DataFrame
    affected_intervals: int
    overtime_hours: float
    calls: float
    service_level: float
    asa: float
    abandon_share: float


def scenario_mask(frame: pd.DataFrame, scenario: Scenario) -> np.ndarray:
    """Which rows the scenario touches."""
    days = frame["interval_start"].dt.tz_convert("UTC").dt.date
    mask = np.ones(len(frame), dtype=np.bool_)
    if scenario.first_day is not None:
        mask &= (days >= scenario.first_day).to_numpy()
    if scenario.last_day is not None:
        mask &= (days <= scenario.last_day).to_numpy()
    if scenario.queue is not None:
        mask &= (frame["queue"] == scenario.queue).to_numpy()
    return mask


def apply_scenario(frame: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """The forecast with the scenario's calls and handle times (a copy; `in_scenario` marks the rows)."""
    check_forecast_frame(frame)
    mask = scenario_mask(frame, scenario)
    changed = frame.copy()
    changed["calls"] = np.where(
        mask, frame["calls"].to_numpy(dtype=np.float64) * scenario.volume_multiplier, frame["calls"]
    )
    changed["aht_seconds"] = np.where(
        mask, frame["aht_seconds"].to_numpy(dtype=np.float64) * scenario.aht_multiplier, frame["aht_seconds"]
    )
    changed["in_scenario"] = mask
    return changed


def run_scenario(frame: pd.DataFrame, scenario: Scenario, target: StaffingTarget) -> ScenarioOutcome:
    """Plan the scenario and measure it against the schedule (see the module docstring)."""
    if "scheduled_agents" in frame.columns:
        scheduled = pd.to_numeric(frame["scheduled_agents"], errors="coerce").to_numpy(dtype=np.float64)
        if not np.all(np.isfinite(scheduled)) or np.any(scheduled < 0):
            row = int(np.flatnonzero(~np.isfinite(scheduled) | (scheduled < 0))[0])
            raise StaffingInputError(f"scheduled_agents must be a number >= 0; row {row} has {scheduled[row]!r}")
    else:
        scheduled = plan_staffing(frame, target)["agents"].to_numpy(dtype=np.float64)
    changed = apply_scenario(frame, scenario)
    planned = plan_staffing(changed, target)
    on_phones = np.floor(scheduled * (1 - target.shrinkage) + 1e-9)
    service = expected_service(changed, on_phones, target)
    hours = planned["interval_seconds"].to_numpy(dtype=np.float64) / 3600
    shortfall = np.maximum(planned["agents"].to_numpy(dtype=np.float64) - scheduled, 0.0)
    planned["scheduled_agents"] = scheduled
    planned["shortfall_agents"] = shortfall
    planned["overtime_hours"] = shortfall * hours
    planned["scheduled_service_level"] = service.service_level
    planned["scheduled_asa"] = service.asa
    planned["scheduled_abandon_share"] = service.abandon_share
    mask = planned["in_scenario"].to_numpy()
    calls = planned["calls"].to_numpy(dtype=np.float64)[mask]
    answered = calls * (1 - service.abandon_share[mask])
    total = float(calls.sum())
    return ScenarioOutcome(
        intervals=planned,
        affected_intervals=int(mask.sum()),
        overtime_hours=float(planned["overtime_hours"].to_numpy()[mask].sum()),
        calls=total,
        service_level=_weighted(service.service_level[mask], calls),
        asa=_weighted(service.asa[mask], answered),
        abandon_share=_weighted(service.abandon_share[mask], calls),
    )


def _weighted(values: np.ndarray, weights: np.ndarray) -> float:
    carried = weights > 0
    if not carried.any():
        return math.nan
    return float(np.sum(values[carried] * weights[carried]) / np.sum(weights[carried]))
