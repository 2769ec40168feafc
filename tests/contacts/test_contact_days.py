"""`contact_days`: contact volume, abandonment and service level read from daily counts give the figures
counting every contact gives — by each dimension the table keeps, by day, week and month of the
organization's calendar (across a change to summer time and at local midnight), with period and
dimension filters — and are not used when they could be wrong: another time zone, an agent's scope,
a threshold the table does not count, a query by agent. An ingest brings them up to date by days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pyarrow as pa
import pytest

from heartline.contacts.daily import CONTACT_DAYS, DAYS
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import is_current, refresh
from heartline.warehouse.increments import update_after_write
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.contacts.ingest_fixtures import stored
from tests.contacts.metric_fixtures import abandoned_call, contact, utc

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

NEW_YORK = "America/New_York"
UNITS = ("commercial", "medicare", None)


def _calls(prefix: str, first: dt.datetime, hours: int) -> list[dict[str, Any]]:
    """Contacts every 47 minutes from `first` for `hours` hours, varied in every kept dimension."""
    rows = []
    for n in range(hours * 60 // 47):
        at = first + dt.timedelta(minutes=47 * n, seconds=n % 13)
        unit = UNITS[n % 3]
        fields: dict[str, Any] = {
            "unit": unit,
            "channel": ("phone", "chat")[n % 2],
            "reason": ("claims", "billing", None)[n % 3 - 1],
            "route": ("general", "pharmacy>general", None)[n % 4 % 3],
            "consult_count": 1 if n % 5 == 0 else 0,
            "agent_id": f"a-{n % 4}",
        }
        if n % 6 == 0:
            row = abandoned_call(f"{prefix}-{n}", at, **fields)
        else:
            direction = "outbound" if n % 7 == 0 else "inbound"
            row = contact(f"{prefix}-{n}", at, answered_after=(n * 7) % 70, direction=direction, **fields)
        row["language"] = ("en", "es", "zh")[n % 3]
        row["team"] = None if unit is None else f"{unit}-{'ab'[n % 2]}"
        rows.append(row)
    return rows


# 2026-03-08: summer time starts in New York (02:00 EST -> 03:00 EDT); midnight EST is 05:00 UTC.
CONTACTS_ROWS = _calls("c", utc("2026-03-06 20:00:00"), 72) + _calls("d", utc("2026-03-30 22:00:00"), 30)


def _write(warehouse: Warehouse, rows: list[dict[str, Any]]) -> list[str]:
    result = write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows, schema=CONTACTS.schema), source="tests")
    return update_after_write(warehouse, CONTACTS, result)


@pytest.fixture
def warehouse(tmp_path: Path, settings: Settings) -> Warehouse:
    settings.TIME_ZONE = NEW_YORK
    warehouse = Warehouse(tmp_path / "warehouse")
    _write(warehouse, CONTACTS_ROWS)
    return warehouse


def _runner(warehouse: Warehouse, metric: str, query: MetricQuery, scope: Scope | None = None) -> Any:
    source = DuckDBSource(warehouse, calendar=Calendar(NEW_YORK))
    return get_runner(metric)(query, scope or Scope.everything(), source)


BY = [(), ("day",), ("week",), ("month",), ("unit",), ("team",), ("queue",), ("reason",), ("channel", "day")]
BY += [("direction",), ("language",), ("consulted",)]
MARCH_7_TO_8 = {"start": dt.date(2026, 3, 7), "end": dt.date(2026, 3, 8)}
QUERIES = [MetricQuery(by=by) for by in BY] + [
    MetricQuery(by=("day",), **MARCH_7_TO_8),
    MetricQuery(by=("unit",), filters={"unit": ("commercial", "(none)")}),
    MetricQuery(by=("channel",), filters={"day": ("2026-03-08",)}),
    MetricQuery(filters={"unit": ("(none)",), "month": ("2026-03-01",)}, **MARCH_7_TO_8),
]
METRICS = ("contact-volume", "abandonment-rate", "service-level")


@pytest.mark.parametrize("metric", METRICS)
def test_the_daily_counts_give_the_figures_counting_every_contact_gives(warehouse: Warehouse, metric: str) -> None:
    from_contacts = [_runner(warehouse, metric, q).run().rows for q in QUERIES]
    refresh(warehouse, CONTACT_DAYS)

    runners = [_runner(warehouse, metric, q) for q in QUERIES]
    assert all(r.days() is not None for r in runners)  # every one of these is read from contact_days
    assert [r.run().rows for r in runners] == from_contacts
    assert sum(1 for rows in from_contacts if rows and rows[0].get("n")) > len(QUERIES) // 2  # figures, not zeros


def test_volume_by_day_counts_each_contact_on_its_new_york_day(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_DAYS)
    query = MetricQuery(by=("day",), start=dt.date(2026, 3, 6), end=dt.date(2026, 3, 10))
    runner = _runner(warehouse, "contact-volume", query)

    counted = {row["day"]: row["n"] for row in runner.run().rows}

    def local_day(row: dict[str, Any]) -> dt.date:
        day: dt.date = row["started_at"].astimezone(ZoneInfo(NEW_YORK)).date()
        return day

    expected: dict[str, int] = {}
    for row in CONTACTS_ROWS:
        if dt.date(2026, 3, 6) <= local_day(row) <= dt.date(2026, 3, 10):
            day = local_day(row).isoformat()
            expected[day] = expected.get(day, 0) + 1
    assert runner.days() is not None
    assert counted == expected  # Python's own New York days, the 23-hour 8 March among them


@pytest.mark.parametrize(
    ("why", "metric", "query", "scope"),
    [
        ("by agent", "contact-volume", MetricQuery(by=("agent",)), None),
        ("filtered by agent", "contact-volume", MetricQuery(filters={"agent": ("a-1",)}), None),
        ("an agent's scope", "abandonment-rate", MetricQuery(by=("unit",)), Scope(agent_ids=frozenset({"a-1"}))),
        ("a threshold not counted", "service-level", MetricQuery(options={"threshold_seconds": 25}), None),
    ],
)
def test_what_the_daily_counts_cannot_answer_is_counted_from_contacts(
    warehouse: Warehouse, why: str, metric: str, query: MetricQuery, scope: Scope | None
) -> None:
    before = _runner(warehouse, metric, query, scope).run().rows
    refresh(warehouse, CONTACT_DAYS)

    runner = _runner(warehouse, metric, query, scope)

    if metric != "service-level":
        assert runner.days() is None, why
    assert runner.run().rows == before
    assert before
    assert before[0]["n"]


def test_after_the_time_zone_changes_the_days_of_the_old_zone_are_not_read(
    warehouse: Warehouse, settings: Settings
) -> None:
    refresh(warehouse, CONTACT_DAYS)
    settings.TIME_ZONE = "America/Los_Angeles"
    query = MetricQuery(by=("day",))
    source = DuckDBSource(warehouse, calendar=Calendar("America/Los_Angeles"))
    runner = get_runner("contact-volume")(query, Scope.everything(), source)

    assert runner.days() is None
    refresh(warehouse, CONTACT_DAYS)  # the worker's rebuild in the new zone
    rebuilt = get_runner("contact-volume")(query, Scope.everything(), source)
    assert rebuilt.days() is not None
    assert rebuilt.run().rows == runner.run().rows


def test_an_ingest_counts_again_only_the_days_it_touched_and_equals_a_rebuild(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_DAYS)
    later = _calls("e", utc("2026-04-02 12:00:00"), 10)
    moved = dict(CONTACTS_ROWS[3], started_at=utc("2026-04-02 15:00:00"))  # a correction moves a contact's day

    _write(warehouse, [*later, moved])

    assert is_current(warehouse, CONTACT_DAYS)  # brought up to date by the ingest itself
    incremental = stored(warehouse, DAYS).sort_by([(k, "ascending") for k in DAYS.natural_key])
    refresh(warehouse, CONTACT_DAYS)
    rebuilt = stored(warehouse, DAYS).sort_by([(k, "ascending") for k in DAYS.natural_key])
    assert incremental.to_pylist() == rebuilt.to_pylist()
    assert incremental.num_rows > 0
