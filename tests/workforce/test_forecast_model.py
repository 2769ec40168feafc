"""The forecast on synthetic history with known weekly and intraday seasonality and a planted surge.

Two years of 30-minute history (New York time) end on 30 September 2026; calls triple during the
Medicare AEP (15 October – 7 December) every year. The forecast of the next 8 weeks must see the
surge coming from the calendar, keep the weekly and intraday shape, and beat seasonal-naive in the
rolling-origin backtest with honest prediction intervals.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest

from heartline.workforce.calendar_events import CalendarEvent, default_events
from heartline.workforce.forecast_model import (
    INTERVAL_COLUMNS,
    LAST_YEAR,
    MODEL,
    SEASONAL_NAIVE,
    ForecastError,
    QueueForecast,
    forecast_queue,
)
from heartline.workforce.synthetic import WEEKDAY_FACTORS, synthetic_history

ZONE = "America/New_York"
FIRST_DAY = dt.date(2026, 10, 1)
EVENTS = default_events(range(2024, 2027))


@cache
def history() -> pd.DataFrame:
    return synthetic_history(["medicare"], dt.date(2024, 10, 1), 730, zone=ZONE, calls_per_day=400, seed=7)


@cache
def result() -> QueueForecast:
    return forecast_queue(
        "medicare", history(), first_day=FIRST_DAY, weeks=8, interval_seconds=1800, events=EVENTS, zone=ZONE
    )


def weekday_mean(frame: pd.DataFrame, start: str, end: str) -> float:
    days = pd.to_datetime(frame["day"])
    chosen = frame[(days >= start) & (days <= end) & (days.dt.dayofweek < 5)]
    return float(chosen["calls"].mean())


def test_the_contract_columns_and_one_row_per_interval() -> None:
    intervals = result().intervals
    assert tuple(intervals.columns) == INTERVAL_COLUMNS
    # 56 days of 48 half hours, less the hour New York's clocks skip on 1 November 2026 (+1: 25-hour day)
    assert len(intervals) == 56 * 48 + 2
    assert str(intervals["interval_start"].dt.tz) == "UTC"
    assert intervals["interval_start"].is_monotonic_increasing
    assert (intervals["interval_seconds"] == 1800).all()
    assert (intervals["calls_low"] <= intervals["calls"]).all()
    assert (intervals["calls"] <= intervals["calls_high"]).all()


def test_the_forecast_sees_the_enrollment_surge_coming() -> None:
    daily = result().daily
    before = weekday_mean(daily, "2026-10-01", "2026-10-14")
    during = weekday_mean(daily, "2026-10-19", "2026-11-20")
    assert during / before == pytest.approx(3.0, rel=0.2)


def test_the_forecast_keeps_the_weekly_shape() -> None:
    daily = result().daily
    days = pd.to_datetime(daily["day"])
    october = daily[(days >= "2026-10-01") & (days <= "2026-10-14")]
    by_weekday = october.groupby(pd.to_datetime(october["day"]).dt.dayofweek)["calls"].mean()
    expected = np.asarray(WEEKDAY_FACTORS) / WEEKDAY_FACTORS[2]
    # Columbus Day (Monday 12 October) pulls one of the two Mondays down: compare Tuesday to Sunday
    assert (by_weekday / by_weekday[2]).to_numpy()[1:] == pytest.approx(expected[1:], rel=0.15)


def test_intervals_follow_the_intraday_shape_and_sum_to_the_day() -> None:
    r = result()
    intervals = r.intervals
    local = intervals["interval_start"].dt.tz_convert(ZONE)
    oct_6 = intervals[local.dt.date == dt.date(2026, 10, 6)]
    hours = local[oct_6.index].dt.hour
    assert oct_6[(hours < 8) | (hours >= 20)]["calls"].sum() < 0.01 * oct_6["calls"].sum()
    peak = local[oct_6["calls"].idxmax()]
    assert 9 <= peak.hour <= 12
    day_total = float(r.daily.loc[r.daily["day"] == dt.date(2026, 10, 6), "calls"].iloc[0])
    assert oct_6["calls"].sum() == pytest.approx(day_total, rel=0.02)


def test_handle_time_is_the_queues_recent_mean() -> None:
    assert result().intervals["aht_seconds"].median() == pytest.approx(300.0)


def test_the_backtest_beats_seasonal_naive_and_its_intervals_cover() -> None:
    r = result()
    scores = {s.method: s for s in r.backtest}
    assert r.backtest_windows == 4
    assert r.backtest_horizon_days == 28
    assert scores[MODEL].n == scores[SEASONAL_NAIVE].n == 4 * 28
    assert scores[MODEL].mase is not None
    assert scores[SEASONAL_NAIVE].mase is not None
    assert scores[MODEL].mase < scores[SEASONAL_NAIVE].mase
    assert scores[MODEL].wape is not None
    assert scores[SEASONAL_NAIVE].wape is not None
    assert scores[MODEL].wape < scores[SEASONAL_NAIVE].wape
    assert scores[LAST_YEAR].n == 4 * 28
    assert scores[MODEL].coverage == pytest.approx(0.8, abs=0.15)


def test_backtest_around_the_surges_end_beats_both_baselines() -> None:
    """Origins in the last weeks of the enrollment period: seasonal-naive carries the surge on past its end."""
    r = forecast_queue(
        "medicare", history(), first_day=dt.date(2025, 12, 20), weeks=4, interval_seconds=1800, events=EVENTS, zone=ZONE
    )
    scores = {s.method: s for s in r.backtest}
    assert scores[MODEL].wape is not None
    assert scores[SEASONAL_NAIVE].wape is not None
    assert scores[MODEL].wape < scores[SEASONAL_NAIVE].wape
    assert scores[LAST_YEAR].wape is not None
    assert scores[MODEL].wape < scores[LAST_YEAR].wape, r.backtest


def test_an_event_never_seen_in_the_history_is_left_out() -> None:
    new = CalendarEvent("ID-card mailing", "mailing", dt.date(2026, 10, 20), dt.date(2026, 10, 23))
    r = forecast_queue(
        "medicare", history(), first_day=FIRST_DAY, weeks=4, interval_seconds=1800, events=[*EVENTS, new], zone=ZONE
    )
    assert "mailing:ID-card mailing" not in r.regressors
    assert "enrollment_period:Medicare Annual Election Period" in r.regressors


def test_a_queue_without_history_is_refused_by_name() -> None:
    with pytest.raises(ForecastError, match="'claims' has no offered contacts"):
        forecast_queue(
            "claims", history(), first_day=FIRST_DAY, weeks=2, interval_seconds=1800, events=EVENTS, zone=ZONE
        )


def test_too_short_a_history_is_refused() -> None:
    short = history()[history()["interval_start"] >= pd.Timestamp("2026-09-20", tz="UTC")]
    with pytest.raises(ForecastError, match="days of history; the forecast needs at least 28"):
        forecast_queue("medicare", short, first_day=FIRST_DAY, weeks=2, interval_seconds=1800, events=EVENTS, zone=ZONE)


def test_days_after_the_last_loaded_day_are_not_taken_for_quiet_days() -> None:
    """History to 30 September, forecast from 2 November: the model bridges October, it does not
    read five weeks of nothing as zero calls."""
    r = forecast_queue(
        "medicare", history(), first_day=dt.date(2026, 11, 2), weeks=2, interval_seconds=1800, events=EVENTS, zone=ZONE
    )
    assert r.history_ends == dt.date(2026, 9, 30)
    assert r.daily["day"].iloc[0] == dt.date(2026, 11, 2)
    assert len(r.daily) == 14
    before = weekday_mean(result().daily, "2026-10-01", "2026-10-14")
    assert weekday_mean(r.daily, "2026-11-02", "2026-11-13") / before == pytest.approx(3.0, rel=0.25)
