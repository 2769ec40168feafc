"""Synthetic interval history with known seasonality and an enrollment surge (tests and benchmarks).

Each queue's calls per interval are Poisson with mean base × weekday factor × intraday shape ×
`surge` during the Medicare AEP (15 October – 7 December) × 0.15 on federal holidays; handle time
is a fixed mean per queue. Everything a forecast should find is planted, so a test can say what
the right answer is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from heartline.workforce.calendar_events import federal_holidays

WEEKDAY_FACTORS = (1.25, 1.1, 1.0, 0.95, 0.9, 0.35, 0.15)  # Monday first


def intraday_shape(slot_minutes: np.ndarray) -> np.ndarray:
    """Relative call rate by local time of day: open 8:00–20:00, a late-morning peak, an afternoon one."""
    hours = slot_minutes / 60.0
    shape = np.exp(-(((hours - 10.5) / 1.8) ** 2)) + 0.7 * np.exp(-(((hours - 14.5) / 2.2) ** 2))
    return np.where((hours >= 8) & (hours < 20), shape, 0.0)


def in_aep(days: pd.DatetimeIndex) -> np.ndarray:
    md = days.month * 100 + days.day
    return np.asarray((md >= 1015) & (md <= 1207))


def synthetic_history(
    queues: Sequence[str],
    first_day: dt.date,
    days: int,
    *,
    interval_seconds: int = 1800,
    calls_per_day: float = 400.0,
    surge: float = 3.0,
    zone: str = "UTC",
    seed: int = 0,
) -> pd.DataFrame:
    """Interval history (queue, interval_start, calls, handled, handle_seconds) of `days` days from `first_day`."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp(first_day).tz_localize(zone).tz_convert("UTC")
    end = pd.Timestamp(first_day + dt.timedelta(days=days)).tz_localize(zone).tz_convert("UTC")
    instants = pd.date_range(start, end, freq=f"{interval_seconds}s", inclusive="left")
    local = instants.tz_convert(zone)
    day = local.tz_localize(None).normalize()
    shape = intraday_shape((local.hour * 60 + local.minute).to_numpy())
    shape = shape / (shape.sum() / days)  # one day's shares sum to one
    weekday = np.asarray(WEEKDAY_FACTORS)[local.dayofweek.to_numpy()]
    holidays = {
        np.datetime64(d)
        for y in range(first_day.year, first_day.year + days // 365 + 2)
        for _, d in federal_holidays(y)
    }
    holiday = np.isin(day.to_numpy().astype("datetime64[D]"), np.array(sorted(holidays), dtype="datetime64[D]"))
    factor = weekday * np.where(in_aep(day), surge, 1.0) * np.where(holiday, 0.15, 1.0)
    frames = []
    for i, queue in enumerate(queues):
        level = calls_per_day * (0.5 + (i % 10) / 10)
        mean = level * factor * shape
        calls = rng.poisson(mean)
        handled = rng.binomial(calls, 0.93)
        aht = 300.0 + 20 * (i % 7)
        frames.append(
            pd.DataFrame(
                {
                    "queue": queue,
                    "interval_start": instants,
                    "calls": calls,
                    "handled": handled,
                    "handle_seconds": handled * aht,
                }
            )
        )
    history = pd.concat(frames, ignore_index=True)
    return history[history["calls"] > 0].reset_index(drop=True)
