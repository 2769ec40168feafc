"""Handoff rate, handoffs per contact, consult rate and handoff flow, worked out by hand.

A handoff is each queue after the first in a contact's route (`a>b>c` has two); a consult is not a
handoff. All four read answered contacts of any direction. Contacts start in March 2026.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import (
    Row,
    abandoned_call,
    contact,
    count_row,
    rate_row,
    run,
    student_t,
    utc,
    warehouse_with,
)

DAY = utc("2026-03-10 09:00:00")


def per_contact_row(handoffs: int, contacts: int, sd: float | None) -> Row:
    """A handoffs-per-contact row: the mean handoffs per contact with its t interval and sd."""
    low, high = student_t(handoffs / contacts, sd, contacts)
    return {
        "value": handoffs / contacts,
        "ci_low": low,
        "ci_high": high,
        "sd": sd,
        "numerator": handoffs,
        "denominator": contacts,
        "n": contacts,
    }


def routed(contact_id: str, route: str | None, **fields: Any) -> Row:
    """An answered contact that followed `route`, each from its own member so nothing repeats."""
    return contact(contact_id, DAY, member_id=f"M-{contact_id}", route=route, **fields)


def by_step(rows: list[Row]) -> list[Row]:
    """Flow rows in (from, to) order; the runner orders only by the `by` dimensions."""
    return sorted(rows, key=lambda row: (row.get("unit", ""), row["from_queue"], row["to_queue"]))


# -- handoff rate --------------------------------------------------------------------------------------


def test_handoff_rate_counts_contacts_with_at_least_one_handoff(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a"),  # no handoff
            routed("c2", "a>b"),  # one handoff
            routed("c3", "a>b>c"),  # two handoffs: counts once
        ],
    )

    assert run("handoff-rate", warehouse) == [rate_row(2, 3)]


def test_consults_are_not_handoffs(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a", consult_count=3),  # consulted three times, stayed in one queue → no handoff
            routed("c2", "a>b", consult_count=0),  # one handoff
        ],
    )

    assert run("handoff-rate", warehouse) == [rate_row(1, 2)]


def test_contacts_with_no_route_have_no_handoff(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", None),  # no route recorded → no handoff
            routed("c2", ""),  # empty route → no handoff
            routed("c3", "a>b"),  # one handoff
        ],
    )

    assert run("handoff-rate", warehouse) == [rate_row(1, 3)]


def test_handoff_rate_counts_both_directions(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a>b", direction="outbound"),  # answered outbound, handed off → counts
            routed("c2", "a"),  # inbound, no handoff
        ],
    )

    assert run("handoff-rate", warehouse) == [rate_row(1, 2)]


def test_handoff_rate_leaves_out_unanswered_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            abandoned_call("c1", DAY, member_id="M-c1", route="a>b"),  # never answered → not counted
            routed("c2", "a>b", abandoned=True),  # an answer time but marked abandoned → not counted
            routed("c3", "a"),  # answered, no handoff
        ],
    )

    assert run("handoff-rate", warehouse) == [rate_row(0, 1)]


def test_handoff_rate_by_unit(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a>b", unit="commercial"),  # commercial: handed off
            routed("c2", "a", unit="commercial"),  # commercial: not
            routed("c3", "a", unit="medicare"),  # medicare: not
        ],
    )

    assert run("handoff-rate", warehouse, by=("unit",)) == [
        rate_row(1, 2, unit="commercial"),
        rate_row(0, 1, unit="medicare"),
    ]


# -- handoffs per contact ------------------------------------------------------------------------------


def test_handoffs_per_contact_counts_every_queue_after_the_first(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a"),  # 0 handoffs
            routed("c2", "a>b"),  # 1
            routed("c3", "a>b>c"),  # 2
            routed("c4", None, consult_count=2),  # 0: consults are not handoffs
        ],
    )

    # (0 + 1 + 2 + 0) handoffs over 4 answered contacts: mean 0.75, sd² = (0.75² + 0.25² + 1.25² + 0.75²) / 3
    assert run("handoffs-per-contact", warehouse) == [per_contact_row(3, 4, sd=math.sqrt(2.75 / 3))]


def test_handoffs_per_contact_leaves_out_unanswered_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            abandoned_call("c1", DAY, member_id="M-c1", route="a>b>c>d"),  # never answered → not counted
            routed("c2", "a>b"),  # 1 handoff
        ],
    )

    assert run("handoffs-per-contact", warehouse) == [per_contact_row(1, 1, sd=None)]


# -- consult rate --------------------------------------------------------------------------------------


def test_consult_rate_counts_contacts_with_any_consult(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a", consult_count=0),  # no consult
            routed("c2", "a", consult_count=1),  # consulted
            routed("c3", "a", consult_count=4),  # consulted (counts once)
            routed("c4", "a>b", consult_count=None),  # no count recorded → not consulted; a handoff is no consult
            abandoned_call("c5", DAY, member_id="M-c5", consult_count=2),  # never answered → not counted
        ],
    )

    assert run("consult-rate", warehouse) == [rate_row(2, 4)]


# -- handoff flow --------------------------------------------------------------------------------------


def test_handoff_flow_counts_each_step_of_each_route(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a"),  # no step
            routed("c2", "a>b"),  # a→b
            routed("c3", "a>b>c"),  # a→b, b→c
            routed("c4", "c>a"),  # c→a
        ],
    )

    assert by_step(run("handoff-flow", warehouse)) == [
        count_row(2, from_queue="a", to_queue="b"),
        count_row(1, from_queue="b", to_queue="c"),
        count_row(1, from_queue="c", to_queue="a"),
    ]


def test_handoff_flow_counts_a_return_to_an_earlier_queue(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [routed("c1", "a>b>a")])  # a→b, then back b→a

    assert by_step(run("handoff-flow", warehouse)) == [
        count_row(1, from_queue="a", to_queue="b"),
        count_row(1, from_queue="b", to_queue="a"),
    ]


def test_handoff_flow_leaves_out_unanswered_contacts(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            abandoned_call("c1", DAY, member_id="M-c1", route="a>c"),  # never answered → no a→c
            routed("c2", "a>b"),  # a→b
        ],
    )

    assert by_step(run("handoff-flow", warehouse)) == [count_row(1, from_queue="a", to_queue="b")]


def test_handoff_flow_ignores_consults(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, [routed("c1", "a", consult_count=5)])  # consults, one queue → no step

    assert run("handoff-flow", warehouse) == []


def test_handoff_flow_by_unit(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a>b", unit="commercial"),  # commercial a→b
            routed("c2", "a>b>c", unit="medicare"),  # medicare a→b, b→c
            routed("c3", "a>b", unit="medicare"),  # medicare a→b
        ],
    )

    assert by_step(run("handoff-flow", warehouse, by=("unit",))) == [
        count_row(1, unit="commercial", from_queue="a", to_queue="b"),
        count_row(2, unit="medicare", from_queue="a", to_queue="b"),
        count_row(1, unit="medicare", from_queue="b", to_queue="c"),
    ]


def test_handoff_flow_in_a_unit_scope(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            routed("c1", "a>b", unit="commercial"),  # visible: a→b
            routed("c2", "b>c", unit="medicare"),  # another unit → invisible
        ],
    )

    rows = run("handoff-flow", warehouse, scope=Scope.of_units("commercial"))

    assert by_step(rows) == [count_row(1, from_queue="a", to_queue="b")]
