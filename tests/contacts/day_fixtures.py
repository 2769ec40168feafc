"""The organization's days for the day-table tests (`contact_days`, `contact_handle_days`): contacts varied
in every kept dimension and in handle time, across New York's change to summer time and local midnight,
and the queries each table must answer as counting every contact does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.increments import update_after_write
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.contacts.metric_fixtures import abandoned_call, contact, utc

if TYPE_CHECKING:
    from pytest_django.fixtures import Settings

NEW_YORK = "America/New_York"
UNITS = ("commercial", "medicare", None)


def calls(prefix: str, first: dt.datetime, hours: int) -> list[dict[str, Any]]:
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
            handle = {"talk_seconds": (n * 37) % 600 + 30, "hold_seconds": None if n % 4 else (n * 11) % 90}
            handle["wrap_seconds"] = None if n % 9 == 0 else (n * 5) % 45
            row = contact(f"{prefix}-{n}", at, answered_after=(n * 7) % 70, direction=direction, **fields, **handle)
        row["language"] = ("en", "es", "zh")[n % 3]
        row["team"] = None if unit is None else f"{unit}-{'ab'[n % 2]}"
        rows.append(row)
    return rows


# 2026-03-08: summer time starts in New York (02:00 EST -> 03:00 EDT); midnight EST is 05:00 UTC.
CONTACTS_ROWS = calls("c", utc("2026-03-06 20:00:00"), 72) + calls("d", utc("2026-03-30 22:00:00"), 30)


def write(warehouse: Warehouse, rows: list[dict[str, Any]]) -> list[str]:
    result = write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows, schema=CONTACTS.schema), source="tests")
    return update_after_write(warehouse, CONTACTS, result)


def new_york_warehouse(tmp_path: Path, settings: Settings) -> Warehouse:
    """A warehouse of `CONTACTS_ROWS`, its organization in New York (the test's settings)."""
    settings.TIME_ZONE = NEW_YORK
    warehouse = Warehouse(tmp_path / "warehouse")
    write(warehouse, CONTACTS_ROWS)
    return warehouse


def runner(warehouse: Warehouse, metric: str, query: MetricQuery, scope: Scope | None = None) -> Any:
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
