"""An ingest brings the interval table up to date a UTC day at a time: only the days its contacts
started on (before and after the write) are counted again, every other day's rows are kept as they
were, and the table equals a full rebuild."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.derived import is_current, refresh
from heartline.warehouse.increments import update_after_write
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from heartline.workforce.intervals import CONTACT_INTERVALS, INTERVALS
from tests.contacts.ingest_fixtures import stored
from tests.contacts.metric_fixtures import abandoned_call, contact, utc

DAY_1, DAY_2 = dt.date(2026, 3, 10), dt.date(2026, 3, 11)


def day_of_calls(day: dt.date, prefix: str) -> list[dict[str, Any]]:
    """A day of inbound calls on two queues, across the day (midnight and the last half hour too)."""
    calls = []
    for n, minute in enumerate(range(0, 24 * 60, 37)):
        at = dt.datetime.combine(day, dt.time(), dt.UTC) + dt.timedelta(minutes=minute, seconds=n % 29)
        route = "claims" if n % 3 else "general"
        if n % 7 == 0:
            calls.append(abandoned_call(f"{prefix}-{n}", at, route=route))
        else:
            calls.append(contact(f"{prefix}-{n}", at, answered_after=5 + n % 90, talk_seconds=60 + n, route=route))
    calls.append(contact(f"{prefix}-last", dt.datetime.combine(day, dt.time(23, 59, 59), dt.UTC)))
    return calls


def write(warehouse: Warehouse, rows: list[dict[str, Any]]) -> list[str]:
    """Write `rows` to contacts as an ingest does; the derived tables left for the worker's rebuild."""
    result = write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows, schema=CONTACTS.schema), source="tests")
    return update_after_write(warehouse, CONTACTS, result)


def on_day(table: pa.Table, day: dt.date) -> pa.Table:
    start = dt.datetime.combine(day, dt.time(), dt.UTC)
    starts = table.column("interval_start")
    return table.filter(pc.and_(pc.greater_equal(starts, start), pc.less(starts, start + dt.timedelta(days=1))))


def commits_since(warehouse: Warehouse, version: int) -> list[dict[str, Any]]:
    """The operation metrics of every commit to the interval table after `version`."""
    table = warehouse.open(INTERVALS)
    assert table is not None
    return [c["operationMetrics"] for c in table.history() if c["version"] > version]


def full_rebuild(warehouse: Warehouse) -> pa.Table:
    refresh(warehouse, CONTACT_INTERVALS)
    return stored(warehouse, INTERVALS)


def test_a_second_days_contacts_add_that_days_intervals_and_keep_the_first_days(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    write(warehouse, day_of_calls(DAY_1, "d1"))
    refresh(warehouse, CONTACT_INTERVALS)
    first_day = stored(warehouse, INTERVALS)
    before = warehouse.open(INTERVALS).version()  # type: ignore[union-attr]

    left_for_the_worker = write(warehouse, day_of_calls(DAY_2, "d2"))

    assert "contact_intervals" not in left_for_the_worker
    assert is_current(warehouse, CONTACT_INTERVALS)
    now = stored(warehouse, INTERVALS)
    assert on_day(now, DAY_1).equals(first_day)
    second_day = on_day(now, DAY_2)
    assert second_day.num_rows >= 39  # a call every 37 minutes
    commits = commits_since(warehouse, before)
    assert sum(c.get("num_added_rows", 0) for c in commits) == second_day.num_rows  # the new day's rows only
    assert sum(c.get("num_deleted_rows", 0) + c.get("num_copied_rows", 0) for c in commits) == 0  # none rewritten
    assert now.equals(full_rebuild(warehouse))


def test_a_correction_that_moves_a_call_between_days_recounts_both_days_as_a_full_rebuild(tmp_path: Path) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    write(warehouse, day_of_calls(DAY_1, "d1") + day_of_calls(DAY_2, "d2"))
    refresh(warehouse, CONTACT_INTERVALS)
    before = stored(warehouse, INTERVALS)
    third = dt.date(2026, 3, 12)
    # d2-last was logged a day late: it started on day 1, and d1-1 was answered after 250 s, not 6.
    moved = contact("d2-last", dt.datetime.combine(DAY_1, dt.time(12, 1), dt.UTC))
    corrected = contact("d1-1", utc("2026-03-10 00:37:01"), answered_after=250, talk_seconds=61, route="claims")

    left_for_the_worker = write(warehouse, [moved, corrected, *day_of_calls(third, "d3")])

    assert "contact_intervals" not in left_for_the_worker
    assert is_current(warehouse, CONTACT_INTERVALS)
    now = stored(warehouse, INTERVALS)
    assert on_day(now, DAY_1).num_rows == on_day(before, DAY_1).num_rows + 1  # 12:00 had no general call
    assert on_day(now, DAY_2).num_rows == on_day(before, DAY_2).num_rows - 1  # 23:30 had only d2-last
    assert now.equals(full_rebuild(warehouse))


def test_after_the_interval_length_changes_an_ingest_leaves_a_whole_rebuild_to_the_worker(
    tmp_path: Path, settings: Any
) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    write(warehouse, day_of_calls(DAY_1, "d1"))
    refresh(warehouse, CONTACT_INTERVALS)
    settings.WORKFORCE_INTERVAL_MINUTES = 15

    left_for_the_worker = write(warehouse, day_of_calls(DAY_2, "d2"))

    assert "contact_intervals" in left_for_the_worker
    assert not is_current(warehouse, CONTACT_INTERVALS)  # the runners count from contacts meanwhile
    assert set(full_rebuild(warehouse).column("interval_seconds").to_pylist()) == {900}
