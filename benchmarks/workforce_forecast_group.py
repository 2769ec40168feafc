"""The `workforce_forecast` group: a year of history for 50 queues forecast, beside seasonal-naive.

Goal (from the workforce issue; reported, never asserted): 50 queues with a year of 30-minute history
forecast in <= 60 s on 2 cores. Input: `heartline.workforce.synthetic.synthetic_history` (weekly and
intraday seasonality, the AEP surge ×3, holidays), 365 days ending 30 September 2026, New York time.

- `heartline_forecast_with_backtest`: `forecast_queue` per queue, 8 weeks ahead — daily ARIMA with
  the calendar's events, split into intervals, plus the 4-origin rolling backtest (5 fits a queue);
- `heartline_forecast_only`: the same without the backtest (one fit a queue);
- `baseline_seasonal_naive`: last week's daily totals repeated and split by the same intraday
  profile, in plain pandas (what a spreadsheet planner does);
- `accuracy`: the backtest's mean WAPE and MASE over the queues, model beside seasonal-naive and
  last-year-same-week (the year of history makes last-year available only for the latest days).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

from harness import LoadWatch, note

QUEUES = 50
HISTORY_DAYS = 365
WEEKS = 8
FIRST_DAY = dt.date(2026, 10, 1)
ZONE = "America/New_York"


def _seasonal_naive(history: Any, first_day: dt.date, weeks: int) -> Any:
    import pandas as pd

    local = history["interval_start"].dt.tz_convert(ZONE)
    frame = history.assign(
        day=local.dt.tz_localize(None).dt.normalize(), dow=local.dt.dayofweek, slot=local.dt.hour * 60 + local.dt.minute
    )
    last = frame[frame["day"] >= pd.Timestamp(first_day) - pd.Timedelta(days=7)]
    daily = last.groupby("dow")["calls"].sum()
    recent = frame[frame["day"] >= pd.Timestamp(first_day) - pd.Timedelta(days=56)]
    profile = recent.groupby(["dow", "slot"])["calls"].sum()
    profile = profile / profile.groupby(level="dow").transform("sum")
    days = pd.date_range(pd.Timestamp(first_day), periods=7 * weeks, freq="D")
    out = pd.DataFrame({"day": days, "dow": days.dayofweek})
    out = out.merge(profile.rename("share").reset_index(), on="dow")
    out["calls"] = out["share"] * out["dow"].map(daily)
    return out


def run(scratch: Path) -> dict[str, Any]:
    import numpy as np

    from heartline.workforce.calendar_events import default_events
    from heartline.workforce.forecast_model import LAST_YEAR, MODEL, SEASONAL_NAIVE, forecast_queue
    from heartline.workforce.synthetic import synthetic_history

    scratch.mkdir(parents=True, exist_ok=True)
    queues = [f"q{i:02d}" for i in range(QUEUES)]
    began = time.perf_counter()
    history = synthetic_history(queues, FIRST_DAY - dt.timedelta(days=HISTORY_DAYS), HISTORY_DAYS, zone=ZONE, seed=11)
    by_queue = {str(q): frame for q, frame in history.groupby("queue")}
    generated = time.perf_counter() - began
    events = default_events(range(FIRST_DAY.year - 2, FIRST_DAY.year + 2))
    note(f"workforce_forecast: {len(history):,} interval rows for {QUEUES} queues generated in {generated:.1f} s")

    def forecast_all(windows: int) -> tuple[float, list[Any]]:
        start = time.perf_counter()
        results = [
            forecast_queue(
                q,
                by_queue[q],
                first_day=FIRST_DAY,
                weeks=WEEKS,
                interval_seconds=1800,
                events=events,
                zone=ZONE,
                windows=windows,
            )
            for q in queues
        ]
        return time.perf_counter() - start, results

    forecast_queue(
        queues[0],
        by_queue[queues[0]],
        first_day=FIRST_DAY,
        weeks=WEEKS,
        interval_seconds=1800,
        events=events,
        zone=ZONE,
    )  # compile
    report: dict[str, Any] = {
        "goal": "50 queues, a year of 30-minute history, forecast in <= 60 s on 2 cores",
        "queues": QUEUES,
        "history_days": HISTORY_DAYS,
        "history_interval_rows": len(history),
        "weeks_ahead": WEEKS,
    }
    with LoadWatch() as watch:
        seconds, results = forecast_all(4)
    report["heartline_forecast_with_backtest"] = {
        "seconds": round(seconds, 2),
        "per_queue_ms": round(1000 * seconds / QUEUES, 1),
        **watch.summary(),
    }
    with LoadWatch() as watch:
        seconds_only, _ = forecast_all(0)
    report["heartline_forecast_only"] = {
        "seconds": round(seconds_only, 2),
        "per_queue_ms": round(1000 * seconds_only / QUEUES, 1),
        **watch.summary(),
    }
    with LoadWatch() as watch:
        start = time.perf_counter()
        for q in queues:
            _seasonal_naive(by_queue[q], FIRST_DAY, WEEKS)
        naive = time.perf_counter() - start
    report["baseline_seasonal_naive"] = {
        "seconds": round(naive, 2),
        "per_queue_ms": round(1000 * naive / QUEUES, 1),
        **watch.summary(),
    }

    accuracy: dict[str, Any] = {}
    for method in (MODEL, SEASONAL_NAIVE, LAST_YEAR):
        scores = [s for r in results for s in r.backtest if s.method == method and s.n]
        accuracy[method] = {
            "queues_scored": len(scores),
            "mean_wape": round(float(np.mean([s.wape for s in scores if s.wape is not None])), 4) if scores else None,
            "mean_mase": round(float(np.mean([s.mase for s in scores if s.mase is not None])), 4) if scores else None,
            "mean_coverage": round(float(np.mean([s.coverage for s in scores if s.coverage is not None])), 4)
            if method == MODEL and scores
            else None,
        }
    report["accuracy"] = accuracy
    report["surge_ratio_forecast"] = round(float(np.mean([_surge_ratio(r.daily) for r in results])), 3)  # planted: 3.0
    return report


def _surge_ratio(daily: Any) -> float:
    import pandas as pd

    days = pd.to_datetime(daily["day"])
    weekday = days.dt.dayofweek < 5
    before = daily[weekday & (days < "2026-10-15")]["calls"].mean()
    during = daily[weekday & (days >= "2026-10-19") & (days <= "2026-11-20")]["calls"].mean()
    return float(during / before)
