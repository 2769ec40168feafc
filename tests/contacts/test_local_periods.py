"""Calendar periods worked out once per UTC day (`contacts.metrics.local_periods`) are each contact's own:
the day, week and month DuckDB's per-contact conversion gives, in zones with summer time and with
offsets that are no whole hours, at a period's first and last microsecond and outside the table's years;
and one and done and the repeat-contact rate by them give the figures counting per contact gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import ibis
import pyarrow as pa
import pytest

from heartline.contacts.followups import CONTACT_FOLLOWUPS
from heartline.contacts.metrics.dimensions import rate
from heartline.contacts.metrics.local_periods import with_local_periods
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import refresh
from heartline.warehouse.runners import MetricQuery, PeriodDimension
from heartline.warehouse.store import Warehouse
from tests.contacts.day_fixtures import CONTACTS_ROWS, runner, write

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

PERIODS = {name: PeriodDimension("started_at", unit) for name, unit in (("day", "D"), ("week", "W"), ("month", "M"))}
# Summer time; a half-hour offset with summer time; a quarter-hour offset.
ZONES = ("America/New_York", "Australia/Adelaide", "Asia/Kathmandu")


def instants(zone: str) -> list[dt.datetime]:
    """Each local month's and summer-time change's neighbourhood in 2026, and instants outside 1970–2099."""
    local = ZoneInfo(zone)
    edges = [dt.datetime(2026, month, 1, tzinfo=local) for month in range(1, 13)]
    edges += [dt.datetime(2026, 3, 8, 7, tzinfo=dt.UTC), dt.datetime(2026, 4, 4, 16, 30, tzinfo=dt.UTC)]
    edges += [dt.datetime(2026, 10, 3, 16, 30, tzinfo=dt.UTC), dt.datetime(2026, 11, 1, 6, tzinfo=dt.UTC)]
    nearby = [dt.timedelta(microseconds=us) for us in (-1, 0, 1)] + [dt.timedelta(hours=h) for h in (-13, -5, 5, 13)]
    found = [(edge + offset).astimezone(dt.UTC) for edge in edges for offset in nearby]
    return [*found, dt.datetime(1969, 12, 31, 20, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, 3, tzinfo=dt.UTC)]


@pytest.mark.parametrize("zone", ZONES)
def test_each_contacts_period_is_the_one_converting_it_gives(zone: str) -> None:
    con = ibis.duckdb.connect()
    con.raw_sql("SET TimeZone = 'UTC'")
    calendar = Calendar(zone)
    started = pa.array(instants(zone), pa.timestamp("us", tz="UTC"))
    contacts = ibis.memtable(pa.table({"started_at": started}))

    table, columns = with_local_periods(contacts, "started_at", PERIODS, calendar)
    converted = {name: period(table, calendar) for name, period in PERIODS.items()}
    rows = con.to_pyarrow(
        table.select(*(table[c] for c in columns.values()), **{f"{n}_converted": v for n, v in converted.items()})
    ).to_pylist()

    assert len(rows) == len(started)
    for name, column in columns.items():
        assert [row[column] for row in rows] == [row[f"{name}_converted"] for row in rows]


QUERIES = [
    MetricQuery(by=by, options={"window_days": w})
    for by in (("month",), ("week",), ("day",), ("unit", "month"))
    for w in (2, 7)
]
QUERIES.append(MetricQuery(by=("month", "reason"), start=dt.date(2026, 3, 8), end=dt.date(2026, 3, 31)))


def counted_per_contact(warehouse: Warehouse, metric: str, query: MetricQuery) -> list[dict[str, Any]]:
    """The metric's counts by converting each contact's start (`group_keys`), as before the day table."""
    counter = runner(warehouse, metric, query)
    contacts = counter.eligible_contacts()
    flagged = ~contacts.handed_off & ~contacts.repeated if metric == "one-and-done" else contacts.repeated
    expr = rate(contacts, counter.group_keys(contacts), flagged).order_by(list(query.by))
    return counter._source.execute(expr.select(*query.by, "numerator", "denominator"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("metric", ["one-and-done", "repeat-contact-rate"])
@pytest.mark.parametrize("followups", [False, True])
def test_rates_by_period_are_those_counting_per_contact(
    tmp_path: Path, settings: Settings, metric: str, followups: bool
) -> None:
    settings.TIME_ZONE = "America/New_York"
    warehouse = Warehouse(tmp_path / "warehouse")
    # Members come back every 29 contacts (~23 hours), with the same reason every 87 (~68 hours).
    write(warehouse, [{**row, "member_id": f"M-{n % 29}"} for n, row in enumerate(CONTACTS_ROWS)])
    if followups:
        refresh(warehouse, CONTACT_FOLLOWUPS)

    expected = [counted_per_contact(warehouse, metric, q) for q in QUERIES]
    got = [
        [{k: row[k] for k in (*q.by, "numerator", "denominator")} for row in runner(warehouse, metric, q).run().rows]
        for q in QUERIES
    ]

    assert got == [
        [{k: str(v) if isinstance(v, dt.date) else v for k, v in row.items()} for row in rows] for rows in expected
    ]
    assert any(
        0 < row["numerator"] < row["denominator"] for rows in expected for row in rows
    )  # figures, not all or none
