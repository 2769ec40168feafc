"""What-if scenarios with hand-checkable numbers (pyworkforce agrees on each requirement)."""

import math
from datetime import date

import pandas as pd
import pytest

from heartline.workforce.scenarios import Scenario, apply_scenario, run_scenario
from heartline.workforce.staffing import StaffingInputError, StaffingTarget

TARGET = StaffingTarget(service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3)
FIRST_WEEK = Scenario(volume_multiplier=3.0, first_day=date(2027, 1, 1), last_day=date(2027, 1, 7))


def forecast() -> pd.DataFrame:
    """100 calls at 180 s in two half hours of two queues: one inside the first week of January, one after."""
    starts = pd.to_datetime(["2027-01-07 23:30", "2027-01-08 00:00"] * 2, utc=True)
    return pd.DataFrame(
        {
            "queue": ["medicare", "medicare", "commercial", "commercial"],
            "interval_start": starts,
            "interval_seconds": 1800,
            "calls": 100.0,
            "aht_seconds": 180.0,
        }
    )


def test_three_times_the_calls_in_the_first_week() -> None:
    # as planned: 14 on the phones, 20 rostered. 300 calls = 30 erlangs need 36 on the phones, 52 rostered
    # (pyworkforce agrees): 32 extra agents for half an hour in each of 2 queues = 32 agent-hours
    outcome = run_scenario(forecast(), FIRST_WEEK, TARGET)

    assert outcome.intervals["agents"].tolist() == [52, 20, 52, 20]
    assert outcome.affected_intervals == 2
    assert outcome.overtime_hours == 32.0
    assert outcome.calls == 600.0


def test_staying_as_planned_through_the_surge_under_erlang_c_answers_nobody_in_time() -> None:
    # 14 on the phones for 30 erlangs: the Erlang C queue grows without bound
    outcome = run_scenario(forecast(), FIRST_WEEK, TARGET)

    assert outcome.service_level == 0.0
    assert math.isinf(outcome.asa)


def test_staying_as_planned_through_the_surge_with_impatient_callers() -> None:
    # planned by Erlang A: 12 on the phones (18 rostered). 12 agents at 180 s answer at most 12/30 of 30
    # erlangs' calls, so at least 60% hang up
    patient = StaffingTarget(service_level=0.8, answer_within=20, max_occupancy=0.85, shrinkage=0.3, patience=120)

    outcome = run_scenario(forecast(), FIRST_WEEK, patient)

    assert outcome.intervals["scheduled_agents"].tolist() == [18, 18, 18, 18]
    assert 0.6 <= outcome.abandon_share < 0.601
    assert outcome.service_level < 0.02


def test_handle_time_ten_percent_lower() -> None:
    # 100 calls at 162 s = 9 erlangs: 12 on the phones, 18 rostered (pyworkforce agrees); no overtime, and the
    # 14 still on the phones answer 95.2% within 20 s
    outcome = run_scenario(forecast(), Scenario(aht_multiplier=0.9), TARGET)

    assert outcome.intervals["agents"].tolist() == [18, 18, 18, 18]
    assert outcome.overtime_hours == 0.0
    assert outcome.service_level == pytest.approx(0.9519, abs=1e-4)


def test_a_scenario_for_one_queue_leaves_the_others_alone() -> None:
    changed = apply_scenario(forecast(), Scenario(volume_multiplier=2.0, queue="medicare"))

    assert changed["calls"].tolist() == [200.0, 200.0, 100.0, 100.0]


def test_a_loaded_schedule_is_measured_against() -> None:
    # a rota of 24 for the surge: 52 − 24 = 28 extra agents for half an hour, in each of the two queues
    frame = forecast().assign(scheduled_agents=24)

    outcome = run_scenario(frame, FIRST_WEEK, TARGET)

    assert outcome.overtime_hours == 28.0


def test_a_scenario_range_backwards_is_refused() -> None:
    with pytest.raises(StaffingInputError, match="after last_day"):
        Scenario(first_day=date(2027, 1, 7), last_day=date(2027, 1, 1))


def test_a_scenario_on_naive_timestamps_is_refused() -> None:
    frame = forecast()
    frame["interval_start"] = frame["interval_start"].dt.tz_localize(None)

    with pytest.raises(StaffingInputError, match="tz-aware"):
        run_scenario(frame.assign(scheduled_agents=20), FIRST_WEEK, TARGET)
