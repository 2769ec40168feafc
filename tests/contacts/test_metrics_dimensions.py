"""What every contact metric shares: calendar periods in UTC, dimension filters, the caller's scope and
the errors a bad query gets. Mostly shown on contact volume, the simplest runner.

2026 calendar: 1 March is a Sunday, so weeks start on Monday 23 February, 2, 9 and 16 March.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from heartline.warehouse.runners import MetricQuery, MetricQueryError, get_runner
from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import contact, count_row, rate_row, run, utc, warehouse_with

# -- calendar periods ----------------------------------------------------------------------------------


def test_by_day_splits_at_midnight_utc(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("d1", utc("2026-03-09 23:59:59")),  # 9 March
            contact("d2", utc("2026-03-10 00:00:00")),  # 10 March
            contact("d3", utc("2026-03-10 23:59:59")),  # 10 March
        ],
    )

    assert run("contact-volume", warehouse, by=("day",)) == [
        count_row(1, day="2026-03-09"),
        count_row(2, day="2026-03-10"),
    ]


def test_by_week_weeks_start_on_monday(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("w1", utc("2026-03-01 12:00:00")),  # Sunday → week of Monday 23 February
            contact("w2", utc("2026-03-02 00:00:00")),  # Monday → week of 2 March
            contact("w3", utc("2026-03-08 23:59:59")),  # Sunday → week of 2 March
            contact("w4", utc("2026-03-09 00:00:00")),  # Monday → week of 9 March
        ],
    )

    assert run("contact-volume", warehouse, by=("week",)) == [
        count_row(1, week="2026-02-23"),
        count_row(2, week="2026-03-02"),
        count_row(1, week="2026-03-09"),
    ]


def test_by_month_splits_at_the_first_midnight_utc(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("m1", utc("2026-02-28 23:59:59")),  # February
            contact("m2", utc("2026-03-01 00:00:00")),  # March
            contact("m3", utc("2026-03-31 23:59:59")),  # March
            contact("m4", utc("2026-04-01 00:00:00")),  # April
        ],
    )

    assert run("contact-volume", warehouse, by=("month",), start=None, end=None) == [
        count_row(1, month="2026-02-01"),
        count_row(2, month="2026-03-01"),
        count_row(1, month="2026-04-01"),
    ]


def test_period_includes_both_end_days(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("before", utc("2026-03-01 23:59:59")),  # the day before `from` → out
            contact("first-moment", utc("2026-03-02 00:00:00")),  # in
            contact("last-moment", utc("2026-03-08 23:59:59")),  # in
            contact("after", utc("2026-03-09 00:00:00")),  # the day after `to` → out
        ],
    )

    rows = run("contact-volume", warehouse, start=dt.date(2026, 3, 2), end=dt.date(2026, 3, 8))

    assert rows == [count_row(2)]


def test_by_unit_and_month_orders_by_both(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("c1", utc("2026-03-05 10:00"), unit="medicare"),
            contact("c2", utc("2026-02-05 10:00"), unit="medicare"),
            contact("c3", utc("2026-03-06 10:00"), unit="commercial"),
            contact("c4", utc("2026-03-07 10:00"), unit="commercial"),
        ],
    )

    assert run("contact-volume", warehouse, by=("unit", "month"), start=dt.date(2026, 2, 1)) == [
        count_row(2, unit="commercial", month="2026-03-01"),
        count_row(1, unit="medicare", month="2026-02-01"),
        count_row(1, unit="medicare", month="2026-03-01"),
    ]


# -- filters -------------------------------------------------------------------------------------------

MIXED = [
    contact("p1", utc("2026-03-05 10:00"), channel="phone", unit="commercial"),
    contact("p2", utc("2026-03-05 11:00"), channel="phone", unit="medicare", consult_count=1),
    contact("c1", utc("2026-03-05 12:00"), channel="chat", unit="commercial", consult_count=2),
    contact("e1", utc("2026-03-05 13:00"), channel="email", unit="medicare"),
]


def test_filter_keeps_any_of_the_values(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, MIXED)

    assert run("contact-volume", warehouse, filters={"channel": ("phone", "chat")}) == [count_row(3)]  # p1, p2, c1


def test_filters_on_two_dimensions_both_apply(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, MIXED)

    rows = run("contact-volume", warehouse, filters={"channel": ("phone",), "unit": ("medicare",)})

    assert rows == [count_row(1)]  # p2


def test_the_none_filter_value_selects_contacts_with_no_value(tmp_path: Path) -> None:
    no_channel = contact("x1", utc("2026-03-05 14:00"), channel=None, unit="medicare")  # type: ignore[arg-type]
    warehouse = warehouse_with(tmp_path, [*MIXED, no_channel])

    assert run("contact-volume", warehouse, filters={"channel": ("(none)",)}) == [count_row(1)]  # x1
    assert run("contact-volume", warehouse, filters={"channel": ("(none)", "chat")}) == [count_row(2)]  # x1, c1


def test_filter_on_consulted(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, MIXED)

    assert run("contact-volume", warehouse, filters={"consulted": ("yes",)}) == [count_row(2)]  # p2, c1


def test_filter_on_month_as_the_api_passes_it(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [contact("feb", utc("2026-02-10 10:00")), contact("mar", utc("2026-03-10 10:00"))],
    )

    rows = run("contact-volume", warehouse, start=None, end=None, filters={"month": ("2026-03-01",)})

    assert rows == [count_row(1)]  # mar


def test_filter_applies_to_rates(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("p1", utc("2026-03-05 10:00"), member_id="M-1", route="a>b"),  # phone, handed off
            contact("p2", utc("2026-03-05 11:00"), member_id="M-2"),  # phone
            contact("c1", utc("2026-03-05 12:00"), member_id="M-3", channel="chat", route="a>b"),  # filtered out
        ],
    )

    assert run("handoff-rate", warehouse, filters={"channel": ("phone",)}) == [rate_row(1, 2)]


# -- the caller's scope --------------------------------------------------------------------------------

SCOPED = [
    contact("ines-commercial", utc("2026-03-05 10:00"), unit="commercial", agent_id="a-ines"),
    contact("omar-commercial", utc("2026-03-05 11:00"), unit="commercial", agent_id="a-omar"),
    contact("ines-medicare", utc("2026-03-05 12:00"), unit="medicare", agent_id="a-ines"),
    contact("mia-medicare", utc("2026-03-05 13:00"), unit="medicare", agent_id="a-mia"),
    contact("mia-dental", utc("2026-03-05 14:00"), unit="dental", agent_id="a-mia"),
]


def test_unit_scope_counts_only_its_units(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    rows = run("contact-volume", warehouse, by=("unit",), scope=Scope.of_units("commercial", "dental"))

    assert rows == [count_row(2, unit="commercial"), count_row(1, unit="dental")]


def test_agent_scope_counts_only_the_agents_contacts_in_any_unit(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    rows = run("contact-volume", warehouse, by=("unit",), scope=Scope.of_agent("a-ines"))

    assert rows == [count_row(1, unit="commercial"), count_row(1, unit="medicare")]


def test_units_and_agents_in_one_scope_add_up(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)
    scope = Scope(unit_codes=frozenset({"dental"}), agent_ids=frozenset({"a-ines"}))

    rows = run("contact-volume", warehouse, by=("unit",), scope=scope)

    assert rows == [count_row(1, unit="commercial"), count_row(1, unit="dental"), count_row(1, unit="medicare")]


def test_empty_scope_counts_nothing(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    assert run("contact-volume", warehouse, scope=Scope.nothing()) == [count_row(0)]


def test_empty_scope_gives_no_groups(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    assert run("service-level", warehouse, by=("unit",), scope=Scope.nothing()) == []


def test_scope_applies_to_rates(tmp_path: Path) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("c1", utc("2026-03-05 10:00"), member_id="M-1", unit="commercial", answered_after=10),  # within
            contact("c2", utc("2026-03-05 11:00"), member_id="M-2", unit="commercial", answered_after=90),  # not
            contact("m1", utc("2026-03-05 12:00"), member_id="M-3", unit="medicare", answered_after=90),  # invisible
        ],
    )

    assert run("service-level", warehouse, scope=Scope.of_units("commercial")) == [rate_row(1, 2)]


# -- queries a metric cannot answer --------------------------------------------------------------------


@pytest.mark.parametrize("metric", ["contact-volume", "one-and-done", "handoff-flow", "service-level"])
def test_unknown_dimension_in_by_is_refused(tmp_path: Path, metric: str) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    with pytest.raises(MetricQueryError, match="'colour'"):
        run(metric, warehouse, by=("colour",))


def test_unknown_dimension_in_filters_is_refused(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, SCOPED)

    with pytest.raises(MetricQueryError, match="'colour'"):
        run("one-and-done", warehouse, filters={"colour": ("red",)})


def test_unknown_metric_is_refused() -> None:
    with pytest.raises(MetricQueryError, match="'first-call-resolution'"):
        get_runner("first-call-resolution")


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(MetricQueryError, match="after it ends"):
        MetricQuery(start=dt.date(2026, 3, 31), end=dt.date(2026, 3, 1))
