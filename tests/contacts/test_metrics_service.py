"""Handle time, average speed of answer, abandonment rate and service level, worked out by hand.

Contacts start on 10 March 2026; each has its own member so nothing in them is a repeat.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from tests.contacts.metric_fixtures import Row, abandoned_call, contact, mean_row, rate_row, run, utc, warehouse_with

DAY = utc("2026-03-10 09:00:00")


def call(contact_id: str, **fields: Any) -> Row:
    return contact(contact_id, DAY, member_id=f"M-{contact_id}", **fields)


def summary_row(mean: float, median: float, n: int, sd: float) -> Row:
    """The row a seconds metric returns: the mean as value with its t interval, the median and sd beside it."""
    return mean_row(mean, sd, n, extra={"median": median})


# -- handle time ---------------------------------------------------------------------------------------


def test_handle_time_is_talk_hold_and_wrap_of_answered_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", talk_seconds=100, hold_seconds=20, wrap_seconds=30),  # 150
            call("c2", direction="outbound", talk_seconds=300, wrap_seconds=60),  # any direction; no hold = 0 → 360
            call("c3", talk_seconds=90),  # 90
            abandoned_call("c4", DAY, member_id="M-c4", talk_seconds=50),  # not answered → not counted
        ],
    )

    # mean (150 + 360 + 90) / 3 = 200; median of 90, 150, 360 = 150; sd² = (50² + 160² + 110²) / 2 = 20100
    assert run("handle-time", warehouse) == [summary_row(200.0, 150.0, 3, sd=math.sqrt(20_100))]


def test_handle_time_median_of_an_even_count_is_the_midpoint(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", talk_seconds=100),
            call("c2", talk_seconds=200),
            call("c3", talk_seconds=400),
            call("c4", talk_seconds=900),
        ],
    )

    # mean 1600 / 4 = 400; median halfway between 200 and 400 = 300; sd² = (300² + 200² + 0 + 500²) / 3
    assert run("handle-time", warehouse) == [summary_row(400.0, 300.0, 4, sd=math.sqrt(380_000 / 3))]


def test_handle_time_of_a_contact_with_no_parts_is_zero(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [call("c1", talk_seconds=300), call("c2")])  # 300 and 0

    assert run("handle-time", warehouse) == [summary_row(150.0, 150.0, 2, sd=math.sqrt(45_000))]  # sd² = 2 · 150²


# -- average speed of answer ----------------------------------------------------------------------------


def test_speed_of_answer_of_answered_inbound_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", answered_after=10),
            call("c2", answered_after=20),
            call("c3", answered_after=60),
            call("c4", answered_after=5, direction="outbound"),  # outbound → not counted
            abandoned_call("c5", DAY, member_id="M-c5"),  # never answered → not counted
            call("c6", answered_after=1000, abandoned=True),  # marked abandoned → not answered → not counted
        ],
    )

    # mean (10 + 20 + 60) / 3 = 30; median 20; sd² = (20² + 10² + 30²) / 2 = 700
    assert run("average-speed-of-answer", warehouse) == [summary_row(30.0, 20.0, 3, sd=math.sqrt(700))]


# -- abandonment rate ----------------------------------------------------------------------------------


def test_abandonment_rate_is_abandoned_over_offered(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1"),  # offered, answered
            call("c2"),  # offered, answered
            abandoned_call("c3", DAY, member_id="M-c3"),  # offered, abandoned
        ],
    )

    assert run("abandonment-rate", warehouse) == [rate_row(1, 3)]


def test_abandoned_flag_with_an_answer_time_is_not_counted_as_abandoned(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1"),  # offered, answered
            call("c2", abandoned=True),  # offered; flagged, but it has an answer → not "abandoned with no answer"
        ],
    )

    assert run("abandonment-rate", warehouse) == [rate_row(0, 2)]


def test_unanswered_contact_not_marked_abandoned_is_offered_only(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", channel="email", answered_after=None),  # offered, still waiting: not abandoned
            abandoned_call("c2", DAY, member_id="M-c2"),  # offered, abandoned
        ],
    )

    assert run("abandonment-rate", warehouse) == [rate_row(1, 2)]


def test_abandonment_rate_leaves_out_outbound_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1"),  # offered, answered
            abandoned_call("c2", DAY, member_id="M-c2", direction="outbound"),  # outbound → not offered
        ],
    )

    assert run("abandonment-rate", warehouse) == [rate_row(0, 1)]


# -- service level -------------------------------------------------------------------------------------

SERVICE_LEVEL_CALLS = [
    call("c1", answered_after=10),  # within 30 s
    call("c2", answered_after=30),  # exactly 30 s: within
    call("c3", answered_after=31),  # outside 30 s, within 45 s
    call("c4", answered_after=50),  # outside both
    abandoned_call("c5", DAY, member_id="M-c5"),  # offered, never answered
    call("c6", answered_after=5, direction="outbound"),  # outbound → not offered
]


def test_service_level_default_threshold_is_thirty_seconds_inclusive(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SERVICE_LEVEL_CALLS)

    assert run("service-level", warehouse) == [rate_row(2, 5)]  # c1, c2 of c1–c5


def test_service_level_threshold_option(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SERVICE_LEVEL_CALLS)

    rows = run("service-level", warehouse, options={"threshold_seconds": 45})

    assert rows == [rate_row(3, 5)]  # c1, c2, c3 of c1–c5


def test_service_level_threshold_zero_means_answered_at_once(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SERVICE_LEVEL_CALLS)

    rows = run("service-level", warehouse, options={"threshold_seconds": 0})

    assert rows == [rate_row(0, 5)]  # nobody of c1–c5 was answered within 0 s


def test_service_level_half_a_second_over_the_threshold_is_outside(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", answered_after=30.5),  # 30.5 s > 30 s → outside
            call("c2", answered_after=29.5),  # within
        ],
    )

    assert run("service-level", warehouse) == [rate_row(1, 2)]


def test_service_level_does_not_count_an_answer_marked_abandoned(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            call("c1", answered_after=5, abandoned=True),  # an answer time but abandoned → not answered; offered
            call("c2", answered_after=5),  # within
        ],
    )

    assert run("service-level", warehouse) == [rate_row(1, 2)]
