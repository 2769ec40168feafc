"""The interval table and its runners against contacts counted by hand.

Calls on 10 March 2026 (UTC; the runners count days in UTC here). Interval 09:00–09:30: c1 answered
after 20 s (handle 150), c2 after 50 s (handle 90), c3 abandoned, c4 outbound (not offered).
Interval 09:30–10:00: c5 answered after 100 s (handle 200) on queue `general`; c6 on queue `claims`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

import heartline.workforce.metrics  # noqa: F401  (registers the runners)
from heartline.warehouse.derived import is_current, refresh_stale
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.workforce.intervals import CONTACT_INTERVALS
from tests.contacts.metric_fixtures import (
    abandoned_call,
    contact,
    count_row,
    mean_row,
    rate_row,
    run,
    utc,
    warehouse_with,
)

AT_9 = utc("2026-03-10 09:00:00")
AT_915 = utc("2026-03-10 09:15:00")
AT_945 = utc("2026-03-10 09:45:00")


def calls() -> list[dict[str, Any]]:
    return [
        contact("c1", AT_9, answered_after=20, talk_seconds=100, hold_seconds=20, wrap_seconds=30, member_id="M1"),
        contact("c2", AT_915, answered_after=50, talk_seconds=90, member_id="M2"),
        abandoned_call("c3", AT_915, member_id="M3"),
        contact("c4", AT_9, direction="outbound", talk_seconds=500, member_id="M4"),
        contact("c5", AT_945, answered_after=100, talk_seconds=200, member_id="M5"),
        contact("c6", AT_945, answered_after=5, talk_seconds=60, route="claims", member_id="M6", unit="medicare"),
    ]


@pytest.fixture(params=["from-contacts", "interval-table"])
def warehouse(request: pytest.FixtureRequest, tmp_path: Path) -> Warehouse:
    built = warehouse_with(tmp_path, calls())
    if request.param == "interval-table":
        refresh_stale(built)
        assert is_current(built, CONTACT_INTERVALS)
    return built


GENERAL = {"queue": ("general",)}


def approx_row(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its figures compared to 1e-9 (a mean from sums of squares rounds differently)."""
    return {k: pytest.approx(v, rel=1e-9) if isinstance(v, float) else v for k, v in row.items()}


def test_offered_counts_inbound_contacts_abandoned_included(warehouse: Warehouse) -> None:
    rows = run("workforce-offered", warehouse, by=("queue",))
    assert rows == [count_row(1, queue="claims"), count_row(4, queue="general")]


def test_offered_by_interval_puts_each_call_in_its_half_hour(warehouse: Warehouse) -> None:
    rows = run("workforce-offered", warehouse, by=("interval",), filters=GENERAL)
    assert [(r["interval"], r["n"]) for r in rows] == [(AT_9.isoformat(), 3), (utc("2026-03-10 09:30").isoformat(), 1)]


@pytest.mark.parametrize(("threshold", "within"), [(10, 0), (20, 1), (30, 1), (60, 2), (120, 3)])
def test_service_level_counts_answers_within_the_threshold_over_offered(
    warehouse: Warehouse, threshold: int, within: int
) -> None:
    rows = run("workforce-service-level", warehouse, filters=GENERAL, options={"threshold_seconds": threshold})
    assert rows == [rate_row(within, 4)]


def test_service_level_refuses_a_threshold_the_table_does_not_hold(warehouse: Warehouse) -> None:
    with pytest.raises(ValueError, match="one of 10, 15"):
        run("workforce-service-level", warehouse, options={"threshold_seconds": 25})


def test_abandonment_is_abandoned_over_offered_per_interval(warehouse: Warehouse) -> None:
    rows = run("workforce-abandonment-rate", warehouse, by=("interval",), filters=GENERAL)
    assert rows == [
        rate_row(1, 3, interval=AT_9.isoformat()),
        rate_row(0, 1, interval=utc("2026-03-10 09:30").isoformat()),
    ]


def test_asa_is_the_mean_wait_of_answered_calls_with_its_sd(warehouse: Warehouse) -> None:
    # waits 20, 50, 100: mean 170/3; sd² = ((20-m)² + (50-m)² + (100-m)²) / 2
    mean = 170 / 3
    sd = math.sqrt(sum((w - mean) ** 2 for w in (20, 50, 100)) / 2)
    rows = run("workforce-average-speed-of-answer", warehouse, by=("day",), filters=GENERAL)
    assert rows == [approx_row(mean_row(mean, sd, 3, day="2026-03-10"))]


def test_handle_time_of_answered_inbound_calls(warehouse: Warehouse) -> None:
    # handles 150, 90, 200 (the outbound call is not offered)
    mean = 440 / 3
    sd = math.sqrt(sum((h - mean) ** 2 for h in (150, 90, 200)) / 2)
    rows = run("workforce-handle-time", warehouse, filters=GENERAL)
    assert rows == [approx_row(mean_row(mean, sd, 3))]


def test_a_unit_scoped_caller_sees_only_their_units_queues(warehouse: Warehouse) -> None:
    rows = run("workforce-offered", warehouse, by=("queue",), scope=Scope(unit_codes=frozenset({"medicare"})))
    assert rows == [count_row(1, queue="claims")]
