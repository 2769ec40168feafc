"""ContactVolume on the hand-made contacts of hand_facts.CONTACTS_BY_HAND; every figure worked out by hand."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from heartline.contacts.metrics import ContactVolume
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, MetricQueryError
from heartline.warehouse.scope import Scope


def volume(n: int, **keys: Any) -> dict[str, Any]:
    """A ContactVolume row: the `by` columns, value = n, no interval (a count), no numerator or denominator."""
    return {**keys, "value": float(n), "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": n}


EVERYONE = Scope.everything()


def run(source: DuckDBSource, scope: Scope = EVERYONE, **query: Any) -> list[dict[str, Any]]:
    return ContactVolume(MetricQuery(**query), scope, source).run().rows


def test_total_without_grouping(duck: DuckDBSource) -> None:
    assert run(duck) == [volume(7)]


def test_by_unit_puts_contacts_without_a_unit_last(duck: DuckDBSource) -> None:
    assert run(duck, by=("unit",)) == [volume(4, unit="u1"), volume(2, unit="u2"), volume(1, unit=None)]


def test_by_month_uses_utc_month_boundaries(duck: DuckDBSource) -> None:
    # c1 at 2025-01-31T23:30Z is January; c2 at 2025-02-01T00:30Z and c5 at 2025-03-31T23:59:59Z are
    # February and March, whatever the server's local time zone.
    assert run(duck, by=("month",)) == [
        volume(1, month="2025-01-01"),
        volume(4, month="2025-02-01"),
        volume(2, month="2025-03-01"),
    ]


def test_by_week_starts_weeks_on_monday(duck: DuckDBSource) -> None:
    assert run(duck, by=("week",)) == [
        volume(2, week="2025-01-27"),
        volume(2, week="2025-02-10"),
        volume(1, week="2025-02-17"),
        volume(1, week="2025-02-24"),
        volume(1, week="2025-03-31"),
    ]


def test_by_day_uses_utc_days(duck: DuckDBSource) -> None:
    rows = run(duck, by=("day",), start=dt.date(2025, 1, 31), end=dt.date(2025, 2, 1))

    assert rows == [volume(1, day="2025-01-31"), volume(1, day="2025-02-01")]


def test_from_and_to_are_inclusive_days(duck: DuckDBSource) -> None:
    # From 1 Feb to 1 Mar: c2 (1 Feb 00:30), c7, c3, c6 and c4 (1 Mar 00:00); not c1 (31 Jan), c5 (31 Mar).
    rows = run(duck, by=("channel",), start=dt.date(2025, 2, 1), end=dt.date(2025, 3, 1))

    assert rows == [
        volume(1, channel="chat"),
        volume(1, channel="email"),
        volume(2, channel="phone"),
        volume(1, channel="sms"),
    ]


def test_a_one_day_period_keeps_the_last_second_of_that_day(duck: DuckDBSource) -> None:
    assert run(duck, start=dt.date(2025, 3, 31), end=dt.date(2025, 3, 31)) == [volume(1)]


def test_a_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(MetricQueryError, match="starts 2025-03-01 after it ends 2025-02-01"):
        MetricQuery(start=dt.date(2025, 3, 1), end=dt.date(2025, 2, 1))


def test_a_filter_keeps_only_the_listed_values(duck: DuckDBSource) -> None:
    rows = run(duck, by=("unit",), filters={"channel": ("phone", "chat")})

    assert rows == [volume(4, unit="u1"), volume(1, unit="u2")]


def test_a_month_filter_takes_the_month_as_text(duck: DuckDBSource) -> None:
    # The API passes filter values as text: `?month=2025-02-01`.
    rows = run(duck, by=("unit",), filters={"month": ("2025-02-01",)})

    assert rows == [volume(2, unit="u1"), volume(1, unit="u2"), volume(1, unit=None)]


def test_grouping_by_two_dimensions(duck: DuckDBSource) -> None:
    rows = run(duck, by=("unit", "month"), filters={"unit": ("u2",)})

    assert rows == [volume(1, unit="u2", month="2025-02-01"), volume(1, unit="u2", month="2025-03-01")]


def test_a_unit_scope_sees_only_that_unit(duck: DuckDBSource) -> None:
    rows = run(duck, Scope.of_units("u1"), by=("channel",))

    assert rows == [volume(1, channel="chat"), volume(3, channel="phone")]


def test_a_unit_scope_cannot_be_widened_by_a_filter(duck: DuckDBSource) -> None:
    rows = run(duck, Scope.of_units("u1"), by=("unit",), filters={"unit": ("u1", "u2")})

    assert rows == [volume(4, unit="u1")]


def test_an_agent_scope_sees_only_that_agents_contacts_in_any_unit(duck: DuckDBSource) -> None:
    rows = run(duck, Scope.of_agent("a1"), by=("unit",))

    assert rows == [volume(1, unit="u1"), volume(1, unit="u2")]


def test_a_scope_of_units_and_agents_sees_either(duck: DuckDBSource) -> None:
    scope = Scope(unit_codes=frozenset({"u2"}), agent_ids=frozenset({"a2"}))

    rows = run(duck, scope, by=("unit",))

    # u2: c3, c4; agent a2: c2, c5, c7 (all u1).
    assert rows == [volume(3, unit="u1"), volume(2, unit="u2")]


def test_nothing_scope_counts_zero(duck: DuckDBSource) -> None:
    assert run(duck, Scope.nothing()) == [volume(0)]


def test_nothing_scope_has_no_groups(duck: DuckDBSource) -> None:
    assert run(duck, Scope.nothing(), by=("unit",)) == []


def test_an_unknown_dimension_is_refused_naming_the_choices(duck: DuckDBSource) -> None:
    with pytest.raises(MetricQueryError) as error:
        ContactVolume(MetricQuery(by=("colour",)), Scope.everything(), duck)

    message = str(error.value)
    assert "'contact-volume' has no dimension 'colour'" in message
    for choice in ("unit", "team", "agent", "queue", "reason", "channel", "day", "week", "month"):
        assert choice in message.split("choose from ", 1)[1]


def test_an_unknown_filter_is_refused_like_an_unknown_grouping(duck: DuckDBSource) -> None:
    with pytest.raises(MetricQueryError, match="has no dimension 'colour'"):
        ContactVolume(MetricQuery(filters={"colour": ("blue",)}), Scope.everything(), duck)


def test_the_result_carries_the_metric_name(duck: DuckDBSource) -> None:
    result = ContactVolume(MetricQuery(), Scope.everything(), duck).run()

    assert result.as_dict() == {"metric": "contact-volume", "rows": [volume(7)]}


@pytest.mark.parametrize("local_zone", ["Pacific/Kiritimati", "Pacific/Pago_Pago"])  # UTC+14, UTC-11
def test_months_stay_utc_months_when_the_machine_runs_in_another_zone(
    hand_contacts: Any, local_zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", local_zone)
    time.tzset()
    try:
        rows = run(DuckDBSource(hand_contacts), by=("month",))
    finally:
        monkeypatch.undo()
        time.tzset()

    assert [(r["month"], r["n"]) for r in rows] == [("2025-01-01", 1), ("2025-02-01", 4), ("2025-03-01", 2)]
