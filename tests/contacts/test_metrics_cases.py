"""Case processing time, worked out by hand: days from opening to closing of cases closed in the period.

The period is March 2026 (2026 is not a leap year: 28 February is followed by 1 March).
"""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

from heartline.warehouse.runners import MetricQueryError
from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import Row, case, mean_row, run, utc, warehouse_with

# Six cases closed in March taking 1, 1, 2, 3, 5 and 12 days.
CLOSED_IN_MARCH = [
    case("k1", utc("2026-03-02 09:00"), utc("2026-03-03 09:00")),  # 1 day
    case("k2", utc("2026-02-28 12:00"), utc("2026-03-01 12:00")),  # 1 day, opened before the period
    case("k3", utc("2026-03-10 00:00"), utc("2026-03-12 00:00")),  # 2 days
    case("k4", utc("2026-03-15 08:00"), utc("2026-03-18 08:00")),  # 3 days
    case("k5", utc("2026-03-20 00:00"), utc("2026-03-25 00:00")),  # 5 days
    case("k6", utc("2026-03-19 06:00"), utc("2026-03-31 06:00")),  # 12 days
]


def days_row(mean: float, median: float, p90: object, n: int, sd: float | None = None, **dims: str) -> Row:
    """A case-processing-time row: the mean with its t interval (sd None for one case), median, p90."""
    return mean_row(mean, sd, n, extra={"median": median, "p90": p90}, **dims)


def test_mean_median_and_continuous_p90_in_days(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, cases=CLOSED_IN_MARCH)

    # sorted 1, 1, 2, 3, 5, 12: mean 24 / 6 = 4; median (2 + 3) / 2 = 2.5;
    # p90 at position (6 − 1) × 0.9 = 4.5 → halfway between 5 and 12 = 8.5;
    # sd² = (9 + 9 + 4 + 1 + 1 + 64) / 5 = 17.6
    assert run("case-processing-time", warehouse) == [days_row(4.0, 2.5, 8.5, 6, sd=math.sqrt(17.6))]


def test_part_days_count_as_fractions(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, cases=[case("k1", utc("2026-03-02 00:00"), utc("2026-03-03 12:00"))])

    assert run("case-processing-time", warehouse) == [days_row(1.5, 1.5, 1.5, 1)]  # 36 hours


def test_cases_not_closed_in_the_period_are_left_out(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("k2", utc("2026-02-28 12:00"), utc("2026-03-01 12:00")),  # closed in March: 1 day
            case("closed-before", utc("2026-02-01 00:00"), utc("2026-02-28 23:59:59")),  # closed in February
            case("closed-after", utc("2026-03-25 00:00"), utc("2026-04-01 00:00")),  # closed on 1 April
            case("still-open", utc("2026-03-05 00:00"), None),  # not closed
        ],
    )

    assert run("case-processing-time", warehouse) == [days_row(1.0, 1.0, 1.0, 1)]


def test_open_cases_are_left_out_of_a_query_with_no_period(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("k1", utc("2026-03-02 09:00"), utc("2026-03-03 09:00")),  # 1 day
            case("still-open", utc("2026-03-05 00:00"), None),  # not closed → no processing time yet
        ],
    )

    assert run("case-processing-time", warehouse, start=None, end=None) == [days_row(1.0, 1.0, 1.0, 1)]


def test_by_month_uses_the_closing_date(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("feb", utc("2026-02-02 00:00"), utc("2026-02-04 00:00")),  # February, 2 days
            case("k2", utc("2026-02-28 12:00"), utc("2026-03-01 12:00")),  # opened in Feb, closed in March: 1 day
        ],
    )

    rows = run("case-processing-time", warehouse, by=("month",), start=dt.date(2026, 2, 1))

    assert rows == [days_row(2.0, 2.0, 2.0, 1, month="2026-02-01"), days_row(1.0, 1.0, 1.0, 1, month="2026-03-01")]


def test_by_type_and_priority(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("g1", utc("2026-03-02 00:00"), utc("2026-03-04 00:00"), type="grievance"),  # 2 days
            case("g2", utc("2026-03-02 00:00"), utc("2026-03-06 00:00"), type="grievance"),  # 4 days
            case("a1", utc("2026-03-02 00:00"), utc("2026-03-03 00:00"), type="appeal", priority="expedited"),  # 1
        ],
    )

    assert run("case-processing-time", warehouse, by=("type", "priority")) == [
        days_row(1.0, 1.0, 1.0, 1, type="appeal", priority="expedited"),
        # 2 and 4 days: p90 at position 0.9 → 2 + 0.9 × 2 = 3.8; sd² = (1 + 1) / 1
        days_row(3.0, 3.0, pytest.approx(3.8), 2, sd=math.sqrt(2), type="grievance", priority="standard"),
    ]


def test_filter_by_type(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("g1", utc("2026-03-02 00:00"), utc("2026-03-04 00:00"), type="grievance"),  # 2 days
            case("a1", utc("2026-03-02 00:00"), utc("2026-03-03 00:00"), type="appeal"),  # filtered out
        ],
    )

    rows = run("case-processing-time", warehouse, filters={"type": ("grievance",)})

    assert rows == [days_row(2.0, 2.0, 2.0, 1)]


def test_unit_scope_sees_its_own_cases(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        cases=[
            case("c1", utc("2026-03-02 00:00"), utc("2026-03-04 00:00"), unit="commercial"),  # 2 days
            case("m1", utc("2026-03-02 00:00"), utc("2026-03-12 00:00"), unit="medicare"),  # invisible
        ],
    )

    rows = run("case-processing-time", warehouse, by=("unit",), scope=Scope.of_units("commercial"))

    assert rows == [days_row(2.0, 2.0, 2.0, 1, unit="commercial")]


def test_an_agent_sees_no_cases(tmp_path: Path) -> None:
    # cases carry no agent, and an agent's scope is the contacts they handled
    warehouse = warehouse_with(tmp_path, cases=CLOSED_IN_MARCH)

    assert run("case-processing-time", warehouse, by=("unit",), scope=Scope.of_agent("a-commercial")) == []


def test_contact_dimensions_are_not_case_dimensions(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, cases=CLOSED_IN_MARCH)

    with pytest.raises(MetricQueryError, match="channel"):
        run("case-processing-time", warehouse, by=("channel",))
