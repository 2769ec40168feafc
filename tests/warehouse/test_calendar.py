"""Periods in the organization's calendar (America/New_York here) on the hand-made contacts.

In New York, c1 (2025-01-31 23:30Z) and c2 (2025-02-01 00:30Z) are both the evening of 31 January;
c4 (2025-03-01 00:00Z) is 19:00 on 28 February; c5 (2025-03-31 23:59:59Z) is still 31 March (EDT);
c3, c6, c7 fall on the same day in both calendars.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from heartline.contacts.metrics import ContactVolume
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse

NEW_YORK = Calendar("America/New_York")


def counts(hand_contacts: Warehouse, key: str | None = None, **query: Any) -> list[tuple[Any, int]]:
    source = DuckDBSource(hand_contacts, calendar=NEW_YORK)
    rows = ContactVolume(MetricQuery(**query), Scope.everything(), source).run().rows
    return [(r[key] if key else None, r["n"]) for r in rows]


def test_months_are_the_organizations_months(hand_contacts: Warehouse) -> None:
    assert counts(hand_contacts, "month", by=("month",)) == [("2025-01-01", 2), ("2025-02-01", 4), ("2025-03-01", 1)]


def test_days_are_the_organizations_days(hand_contacts: Warehouse) -> None:
    rows = counts(hand_contacts, "day", by=("day",), start=dt.date(2025, 1, 31), end=dt.date(2025, 2, 1))

    assert rows == [("2025-01-31", 2)]


def test_a_period_runs_from_local_midnight_to_local_midnight(hand_contacts: Warehouse) -> None:
    # 1–31 March in New York: c5 only (c4 was the evening of 28 February there).
    assert counts(hand_contacts, start=dt.date(2025, 3, 1), end=dt.date(2025, 3, 31)) == [(None, 1)]


def test_a_day_filter_selects_the_local_day(hand_contacts: Warehouse) -> None:
    assert counts(hand_contacts, filters={"day": ("2025-02-28",)}) == [(None, 1)]


def test_weeks_start_on_the_local_monday(hand_contacts: Warehouse) -> None:
    # c1 and c2 fall in the week of Monday 27 January; c4 on Friday 28 February (week of the 24th).
    assert counts(hand_contacts, "week", by=("week",)) == [
        ("2025-01-27", 2),
        ("2025-02-10", 2),
        ("2025-02-17", 1),
        ("2025-02-24", 1),
        ("2025-03-31", 1),
    ]


def test_day_bounds_move_with_daylight_saving_time() -> None:
    assert NEW_YORK.day_start(dt.date(2026, 3, 8)) == dt.datetime(2026, 3, 8, 5, tzinfo=dt.UTC)
    assert NEW_YORK.day_end(dt.date(2026, 3, 8)) == dt.datetime(2026, 3, 9, 4, tzinfo=dt.UTC)
    assert NEW_YORK.day_end(dt.date(2026, 11, 1)) == dt.datetime(2026, 11, 2, 5, tzinfo=dt.UTC)


def test_an_unknown_time_zone_is_refused_when_the_calendar_is_made() -> None:
    with pytest.raises(Exception, match="Mars/Olympus"):
        Calendar("Mars/Olympus")
