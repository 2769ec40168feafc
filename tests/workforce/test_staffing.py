"""Staffing a forecast frame: the pyworkforce example per interval, nobody for no calls, clear errors."""

import pandas as pd
import pytest

from heartline.workforce.staffing import STAFFING_COLUMNS, StaffingInputError, StaffingTarget, plan_staffing

TARGET = StaffingTarget(service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3)


def forecast(calls: list[float], aht: float = 180.0, queue: str = "medicare") -> pd.DataFrame:
    starts = pd.date_range("2027-01-04 14:00", periods=len(calls), freq="30min", tz="UTC")
    return pd.DataFrame(
        {
            "queue": queue,
            "interval_start": starts,
            "interval_seconds": 1800,
            "calls": calls,
            "aht_seconds": aht,
            "calls_low": 0.0,  # a forecast's extra columns ride along
        }
    )


def test_each_interval_gets_the_pyworkforce_answer() -> None:
    # 100 calls per half hour at 180 s, 80% in 20 s, 85% occupancy, 30% shrinkage: 14 on the phones, 20 rostered
    planned = plan_staffing(forecast([100.0, 300.0]), TARGET)

    assert planned["raw_agents"].tolist() == [14, 36]
    assert planned["agents"].tolist() == [20, 52]
    assert planned["service_level"].round(3).tolist() == [0.888, 0.891]
    assert "calls_low" in planned.columns
    assert set(STAFFING_COLUMNS) <= set(planned.columns)


def test_an_interval_without_calls_needs_nobody_even_without_a_handle_time() -> None:
    frame = forecast([0.0, 100.0])
    frame.loc[0, "aht_seconds"] = float("nan")

    planned = plan_staffing(frame, TARGET)

    assert planned["agents"].tolist() == [0, 20]
    assert planned["service_level"].iloc[0] == 1.0


def test_patient_callers_plan_by_erlang_a() -> None:
    planned = plan_staffing(
        forecast([100.0]), StaffingTarget(service_level=0.8, answer_within=20, shrinkage=0.3, patience=120)
    )

    assert planned["raw_agents"].tolist() == [12]
    assert planned["abandon_share"].iloc[0] > 0


def test_a_missing_column_is_named() -> None:
    with pytest.raises(StaffingInputError, match="aht_seconds"):
        plan_staffing(forecast([1.0]).drop(columns="aht_seconds"), TARGET)


def test_a_negative_call_count_names_the_row_and_queue() -> None:
    with pytest.raises(StaffingInputError, match=r"calls must be a number >= 0; row 1 \(queue 'medicare'"):
        plan_staffing(forecast([5.0, -2.0]), TARGET)


def test_naive_timestamps_are_refused() -> None:
    frame = forecast([5.0])
    frame["interval_start"] = frame["interval_start"].dt.tz_localize(None)

    with pytest.raises(StaffingInputError, match="tz-aware"):
        plan_staffing(frame, TARGET)


def test_an_impossible_target_is_refused() -> None:
    with pytest.raises(StaffingInputError, match="service_level"):
        plan_staffing(forecast([5.0]), StaffingTarget(service_level=1.0, answer_within=20))
