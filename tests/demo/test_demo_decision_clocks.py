"""The demo's grievances, determinations and appeals: every line of business, a realistic share late,
extensions with their reasons, and clocks that start when the case was received."""

from __future__ import annotations

from heartline.compliance.clocks import judge
from heartline.compliance.rules import load_ruleset
from heartline.contacts.tables import CASES
from heartline.core import clock
from tests.support.shared_demo import BuiltDemo


def regulated(demo: BuiltDemo) -> list[dict[str, object]]:
    delta = demo.warehouse.open(CASES)
    assert delta is not None
    rows: list[dict[str, object]] = delta.to_pyarrow_table().to_pylist()
    return [r for r in rows if r["line_of_business"] is not None]


def test_every_line_of_business_and_category_has_cases(small_demo: BuiltDemo) -> None:
    kinds = {(r["line_of_business"], r["category"]) for r in regulated(small_demo)}

    assert {line for line, _ in kinds} == {"medicare_part_c", "medicare_part_d", "medicaid", "commercial"}
    assert {category for _, category in kinds} == {"grievance", "initial_determination", "appeal"}


def test_some_but_not_most_decided_cases_were_notified_late(small_demo: BuiltDemo, db: None) -> None:
    ruleset, zone = load_ruleset(), clock.organization_zone()
    statuses = []
    for row in regulated(small_demo):
        received = clock.instant(row["received_at"])
        rule = ruleset.rule_for(
            str(row["line_of_business"]),
            str(row["category"]),
            str(row["priority"]),
            str(row["request"]),
            received.astimezone(zone).date(),
        )
        if rule is None or row["notified_at"] is None:
            continue
        standing = judge(
            rule,
            received_at=received,
            extension_days=int(row["extension_days"]),  # type: ignore[call-overload]
            notified_at=clock.instant(row["notified_at"]),
            outcome=str(row["outcome"]),
            as_of=clock.now(),
            zone=zone,
        )
        statuses.append(standing.status)
    late = statuses.count("late") / len(statuses)

    assert len(statuses) > 100
    assert 0.03 < late < 0.3


def test_an_extended_case_says_why(small_demo: BuiltDemo) -> None:
    extended = [r for r in regulated(small_demo) if r["extension_days"]]

    assert extended
    assert all(r["extension_reason"] for r in extended)


def test_a_case_received_in_writing_started_its_clock_before_it_was_opened(small_demo: BuiltDemo) -> None:
    rows = regulated(small_demo)
    early = [r for r in rows if r["received_at"] < r["opened_at"]]  # type: ignore[operator]

    assert 0.1 < len(early) / len(rows) < 0.3
