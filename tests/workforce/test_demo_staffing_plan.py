"""The demo's staffing plan: about what ordinary days needed, short in the open-enrollment surge."""

from __future__ import annotations

import datetime as dt

import heartline.workforce.plan_metrics  # noqa: F401  (registers the runners)
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from tests.support.shared_demo import BuiltDemo


def scheduled_per_day(demo: BuiltDemo, queue: str, day: dt.date) -> float:
    query = MetricQuery(by=("queue",), start=day, end=day)
    rows = get_runner("workforce-scheduled-agents")(query, Scope.everything(), demo.source()).run().rows
    found = [float(r["value"]) for r in rows if r["queue"] == queue]
    assert found, (day, rows)
    return found[0]


def test_the_plan_covers_the_demo_and_eight_weeks_after(small_demo: BuiltDemo, db: None) -> None:
    assert small_demo.summary.counts["staffing_plan"] > 0
    assert scheduled_per_day(small_demo, "mcr-enrollment", dt.date(2026, 12, 21)) > 0  # a Monday after the data


def test_the_schedule_follows_the_weekday_not_the_surge(small_demo: BuiltDemo, db: None) -> None:
    # the same weekday (Monday) in and out of the 2025 surge gets the same typical-week schedule
    assert scheduled_per_day(small_demo, "mcr-enrollment", dt.date(2025, 11, 10)) == scheduled_per_day(
        small_demo, "mcr-enrollment", dt.date(2026, 3, 2)
    )
