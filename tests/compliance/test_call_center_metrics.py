"""CMS's hold time and disconnect rate on hand-made calls (worked in tests.compliance.call_center_fixtures)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import heartline.compliance.call_center_metrics  # noqa: F401  (registers the runners)
from tests.compliance.call_center_fixtures import CALLS, NOVEMBER, call, serve_lines
from tests.contacts.metric_fixtures import mean_row, rate_row, run, warehouse_with
from tests.support.personas import Org

pytestmark = pytest.mark.django_db

START, END = NOVEMBER


def test_hold_time_counts_from_the_end_of_the_ivr_to_a_live_answer(tmp_path: Path, org: Org) -> None:
    serve_lines(org)
    warehouse = warehouse_with(tmp_path, CALLS)

    rows = run("cms-hold-time", warehouse, by=("queue",), start=START, end=END)

    assert rows == [
        mean_row(40.0, None, 1, queue="q-commercial", extra={"median": 40.0, "ivr_recorded": 1}),
        mean_row(84.0, 71.62402, 5, queue="q-medicare", extra={"median": 90.0, "ivr_recorded": 4}),
    ]


def test_disconnect_rate_counts_only_calls_the_plan_dropped(tmp_path: Path, org: Org) -> None:
    serve_lines(org)
    warehouse = warehouse_with(tmp_path, CALLS)

    rows = run("cms-disconnect-rate", warehouse, by=("queue",), start=START, end=END, filters={"unit": ("medicare",)})

    assert rows == [{**rate_row(1, 6, queue="q-medicare"), "disconnect_recorded": 2}]


def test_calls_group_by_the_line_of_business_their_queue_serves(tmp_path: Path, org: Org) -> None:
    serve_lines(org)
    shared = call("s1", "2026-11-13 10:00:00", 70, 10, queue="q-shared")
    warehouse = warehouse_with(tmp_path, [*CALLS, shared])

    rows = run("cms-hold-time", warehouse, by=("line_of_business",), start=START, end=END)

    assert [(r["line_of_business"], r["value"], r["n"]) for r in rows] == [
        ("commercial", 40.0, 1),
        ("medicare_part_c", 84.0, 5),
        (None, 60.0, 1),
    ]


def test_a_queue_that_serves_no_single_line_has_none(tmp_path: Path, org: Org) -> None:
    warehouse = warehouse_with(tmp_path, CALLS)  # no queue has a line yet

    rows = run("cms-disconnect-rate", warehouse, by=("line_of_business",), start=START, end=END)

    assert [(r["line_of_business"], r["numerator"], r["n"]) for r in rows] == [(None, 1, 7)]


def test_quarters_are_calendar_quarters(tmp_path: Path, org: Org) -> None:
    serve_lines(org)
    september = call("q3", "2026-09-30 10:00:00", 130, 10)  # hold 120, the third quarter
    warehouse = warehouse_with(tmp_path, [*CALLS, september])

    rows = run(
        "cms-hold-time", warehouse, by=("quarter",), start=dt.date(2026, 7, 1), end=END, filters={"unit": ("medicare",)}
    )

    assert [(r["quarter"], r["value"], r["n"]) for r in rows] == [("2026-07-01", 120.0, 1), ("2026-10-01", 84.0, 5)]
