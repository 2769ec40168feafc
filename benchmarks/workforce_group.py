"""The `workforce` group: staffing a year of half hours for 50 queues, beside pyworkforce one interval at a time.

Goal (issue 16; reported, never asserted): a year of 30-minute intervals for 50 queues (876,000 rows) planned
in <= 1 s on 2 cores, vectorised. The frame is synthetic and seeded: each queue has its own size (peaks from
a few to ~600 erlangs), a daily curve (closed at night), quieter weekends and a 3x open-enrollment bump.

- `heartline_erlang_c`: `plan_staffing` (80% in 20 s, 85% occupancy, 30% shrinkage), a warm-up run then 5
  timed runs over the whole frame.
- `baseline_pyworkforce_loop`: `pyworkforce.queuing.ErlangC(...).required_positions` called per interval on
  a random sample of the intervals with calls (pyworkforce refuses an interval without calls), timed and
  extrapolated to all intervals with calls — the loop over 876,000 rows would take minutes. The sample's
  answers are compared with ours (agreement share).
- `heartline_erlang_a`: the same plan with a 120 s mean patience (Erlang A), 5 timed runs (the first cold).
Both plans search the intervals in pieces on threads, one per core (numpy and scipy release the GIL).
- `heartline_scenario`: `run_scenario` (3x calls in the first week of January against the plan), one run.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from harness import LoadWatch, every_run, note

SEED = 16
QUEUES = 50
BASELINE_SAMPLE = 3000
GOAL_SECONDS = 1.0


def synthetic_forecast(seed: int = SEED) -> pd.DataFrame:
    """50 queues × every half hour of 2027, with calls and AHT as a forecast would give them."""
    rng = np.random.default_rng(seed)
    starts = pd.date_range("2027-01-01", "2027-12-31 23:30", freq="30min", tz="UTC")
    hours = starts.hour.to_numpy() + starts.minute.to_numpy() / 60
    daily = np.clip(np.sin((hours - 7) / 13 * np.pi), 0, None)  # open 07:00–20:00 UTC
    weekly = np.where(starts.dayofweek.to_numpy() >= 5, 0.4, 1.0)
    day_of_year = starts.dayofyear.to_numpy()
    enrollment = np.where((day_of_year >= 288) & (day_of_year <= 341), 3.0, 1.0)  # Oct 15 – Dec 7
    peaks = np.exp(rng.uniform(np.log(20), np.log(3000), QUEUES))  # calls per half hour at the daily peak
    frames = []
    for number, peak in enumerate(peaks):
        aht = rng.uniform(240, 480)
        calls = peak / 3 * daily * weekly * enrollment * rng.lognormal(0, 0.1, starts.size)
        frames.append(
            pd.DataFrame(
                {
                    "queue": f"queue-{number:02d}",
                    "interval_start": starts,
                    "interval_seconds": 1800,
                    "calls": calls,
                    "aht_seconds": aht * rng.lognormal(0, 0.05, starts.size),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def _pyworkforce_sample(frame: pd.DataFrame, planned: pd.DataFrame, rng: np.random.Generator) -> dict[str, Any]:
    from pyworkforce.queuing import ErlangC

    busy = np.flatnonzero(frame["calls"].to_numpy() > 0)
    rows = rng.choice(busy, size=min(BASELINE_SAMPLE, busy.size), replace=False)
    answers = []
    began = time.perf_counter()
    for row in rows:
        erlang = ErlangC(
            transactions=float(frame["calls"].iat[row]),
            aht=float(frame["aht_seconds"].iat[row]) / 60,
            asa=20 / 60,
            interval=30,
            shrinkage=0.3,
        )
        answers.append(erlang.required_positions(service_level=0.8, max_occupancy=0.85))
    seconds = time.perf_counter() - began
    ours = planned.iloc[rows]
    agree = np.mean(
        [
            (a["raw_positions"], a["positions"]) == (int(r), int(g))
            for a, r, g in zip(answers, ours["raw_agents"], ours["agents"], strict=True)
        ]
    )
    per_interval = seconds / rows.size
    return {
        "sample_intervals": int(rows.size),
        "sample_seconds": round(seconds, 3),
        "seconds_per_interval_ms": round(per_interval * 1000, 3),
        "intervals_with_calls": int(busy.size),
        "extrapolated_seconds": round(per_interval * busy.size, 1),
        "extrapolated": True,
        "note": "timed on a random sample of intervals with calls, extrapolated to all of them",
        "agreement_share_with_heartline": round(float(agree), 4),
    }


def run(scratch: Path) -> dict[str, Any]:
    from heartline.workforce.scenarios import Scenario, run_scenario
    from heartline.workforce.staffing import StaffingTarget, plan_staffing

    note("workforce: building the synthetic forecast (50 queues × 17,520 half hours)")
    frame = synthetic_forecast()
    target = StaffingTarget(service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3)
    load_erlangs = frame["calls"] * frame["aht_seconds"] / frame["interval_seconds"]
    report: dict[str, Any] = {
        "goal_seconds": GOAL_SECONDS,
        "rows": len(frame),
        "rows_with_calls": int((frame["calls"] > 0).sum()),
        "peak_load_erlangs": round(float(load_erlangs.max()), 1),
    }

    note("workforce: Erlang C plan, vectorised")
    plan_staffing(frame, target)  # warm-up
    with LoadWatch() as load:
        cpu_began = time.process_time()
        planned, seconds = every_run(lambda: plan_staffing(frame, target), 5)
        cpu_seconds = (time.process_time() - cpu_began) / 5
    report["heartline_erlang_c"] = {
        "seconds_runs": [round(s, 3) for s in seconds],
        "seconds_median": round(float(np.median(seconds)), 3),
        # CPU time of this process per run: what the wall time would be on a quiet machine (one thread)
        "cpu_seconds_per_run": round(cpu_seconds, 3),
        "peak_raw_agents": int(planned["raw_agents"].max()),
        "agent_hours_rostered": round(float((planned["agents"] * 0.5).sum()), 1),
        "load_average": load.summary(),
    }

    note(f"workforce: pyworkforce per-interval loop on {BASELINE_SAMPLE:,} intervals")
    with LoadWatch() as load:
        baseline = _pyworkforce_sample(frame, planned, np.random.default_rng(SEED))
    report["baseline_pyworkforce_loop"] = {**baseline, "load_average": load.summary()}
    report["speedup_vs_pyworkforce"] = round(
        baseline["extrapolated_seconds"] / report["heartline_erlang_c"]["seconds_median"], 1
    )

    note("workforce: Erlang A plan (patience 120 s)")
    patient = StaffingTarget(service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3, patience=120)
    with LoadWatch() as load:
        cpu_began = time.process_time()
        planned_a, seconds_a = every_run(lambda: plan_staffing(frame, patient), 5)
        cpu_a = (time.process_time() - cpu_began) / 5
    report["heartline_erlang_a"] = {
        "seconds_runs": [round(s, 3) for s in seconds_a],  # the first is cold (nothing warmed up before it)
        "seconds_median": round(float(np.median(seconds_a)), 3),
        "cpu_seconds_per_run": round(cpu_a, 3),
        "agent_hours_rostered": round(float((planned_a["agents"] * 0.5).sum()), 1),
        "load_average": load.summary(),
    }

    note("workforce: scenario (3x calls in the first week of January)")
    surge = Scenario(volume_multiplier=3.0, first_day=date(2027, 1, 1), last_day=date(2027, 1, 7))
    with LoadWatch() as load:
        began, cpu_began = time.perf_counter(), time.process_time()
        outcome = run_scenario(frame, surge, target)
        seconds_s, cpu_s = time.perf_counter() - began, time.process_time() - cpu_began
    report["heartline_scenario"] = {
        "seconds": round(seconds_s, 3),
        "cpu_seconds": round(cpu_s, 3),
        "affected_intervals": outcome.affected_intervals,
        "overtime_hours": round(outcome.overtime_hours, 1),
        "load_average": load.summary(),
    }
    return report
