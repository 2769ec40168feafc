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

import ibis
import pytest

from heartline.contacts.daily import CONTACT_DAYS, DAYS
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import is_current, refresh
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from tests.contacts.day_fixtures import CONTACTS_ROWS, NEW_YORK, QUERIES, calls, new_york_warehouse, runner, write
from tests.contacts.ingest_fixtures import stored
from tests.contacts.metric_fixtures import utc

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings


@pytest.fixture
def warehouse(tmp_path: Path, settings: Settings) -> Warehouse:
    return new_york_warehouse(tmp_path, settings)


METRICS = ("contact-volume", "abandonment-rate", "service-level")


@pytest.mark.parametrize("metric", METRICS)
def test_the_daily_counts_give_the_figures_counting_every_contact_gives(warehouse: Warehouse, metric: str) -> None:
    from_contacts = [runner(warehouse, metric, q).run().rows for q in QUERIES]
    refresh(warehouse, CONTACT_DAYS)

    runners = [runner(warehouse, metric, q) for q in QUERIES]
    assert all(r.days() is not None for r in runners)  # every one of these is read from contact_days
    assert [r.run().rows for r in runners] == from_contacts
    assert sum(1 for rows in from_contacts if rows and rows[0].get("n")) > len(QUERIES) // 2  # figures, not zeros


def test_volume_by_day_counts_each_contact_on_its_new_york_day(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_DAYS)
    query = MetricQuery(by=("day",), start=dt.date(2026, 3, 6), end=dt.date(2026, 3, 10))
    counter = runner(warehouse, "contact-volume", query)

    counted = {row["day"]: row["n"] for row in counter.run().rows}

    def local_day(row: dict[str, Any]) -> dt.date:
        day: dt.date = row["started_at"].astimezone(ZoneInfo(NEW_YORK)).date()
        return day

    expected: dict[str, int] = {}
    for row in CONTACTS_ROWS:
        if dt.date(2026, 3, 6) <= local_day(row) <= dt.date(2026, 3, 10):
            day = local_day(row).isoformat()
            expected[day] = expected.get(day, 0) + 1
    assert counter.days() is not None
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
    before = runner(warehouse, metric, query, scope).run().rows
    refresh(warehouse, CONTACT_DAYS)

    counter = runner(warehouse, metric, query, scope)

    read = ibis.to_sql(counter.to_expr(), dialect="duckdb")
    assert '"contacts"' in read, why
    assert '"contact_days"' not in read, why  # the query itself never reads the daily counts
    assert counter.run().rows == before
    assert before
    assert before[0]["n"]


def test_after_the_time_zone_changes_the_days_of_the_old_zone_are_not_read(
    warehouse: Warehouse, settings: Settings
) -> None:
    refresh(warehouse, CONTACT_DAYS)
    settings.TIME_ZONE = "America/Los_Angeles"
    query = MetricQuery(by=("day",))
    source = DuckDBSource(warehouse, calendar=Calendar("America/Los_Angeles"))
    counter = get_runner("contact-volume")(query, Scope.everything(), source)

    assert counter.days() is None
    refresh(warehouse, CONTACT_DAYS)  # the worker's rebuild in the new zone
    rebuilt = get_runner("contact-volume")(query, Scope.everything(), source)
    assert rebuilt.days() is not None
    assert rebuilt.run().rows == counter.run().rows


def test_an_ingest_counts_again_only_the_days_it_touched_and_equals_a_rebuild(warehouse: Warehouse) -> None:
    refresh(warehouse, CONTACT_DAYS)
    later = calls("e", utc("2026-04-02 12:00:00"), 15)  # to 23:00 in New York, 03:00 UTC the next day
    moved = dict(CONTACTS_ROWS[3], started_at=utc("2026-04-02 15:00:00"))  # a correction moves a contact's day

    write(warehouse, [*later, moved])

    assert is_current(warehouse, CONTACT_DAYS)  # brought up to date by the ingest itself
    incremental = stored(warehouse, DAYS).sort_by([(k, "ascending") for k in DAYS.natural_key])
    refresh(warehouse, CONTACT_DAYS)
    rebuilt = stored(warehouse, DAYS).sort_by([(k, "ascending") for k in DAYS.natural_key])
    assert incremental.to_pylist() == rebuilt.to_pylist()
    assert incremental.num_rows > 0
