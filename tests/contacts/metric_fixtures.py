"""Builders for the contact metric tests: one contact or case as a row, a warehouse holding them, a run.

Every test writes the few rows it reasons about and works its expected figures out by hand from
docs/metrics.md. `contact()` makes an answered inbound phone call from member M-1 about `claims`,
handled by agent `a-commercial` of unit `commercial` on queue route `general`, answered 20 s after it
started and ended 5 minutes after it started; each test overrides only what it is about.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

import heartline.contacts.metrics  # noqa: F401  (registers the runners)
from heartline.contacts.tables import CASES, CONTACTS
from heartline.warehouse.derived import refresh_stale
from heartline.warehouse.reader import DuckDBSource, TableSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.intervals import student_t, wilson

Row = dict[str, Any]

MARCH_1 = dt.date(2026, 3, 1)
MARCH_31 = dt.date(2026, 3, 31)


def utc(text: str) -> dt.datetime:
    """`utc("2026-03-10 09:00:05")`: that wall-clock time in UTC."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def seconds(n: float) -> dt.timedelta:
    return dt.timedelta(seconds=n)


def contact(
    contact_id: str,
    started_at: dt.datetime,
    *,
    answered_after: float | None = 20,
    ended_after: float | None = 300,
    member_id: str | None = "M-1",
    reason: str | None = "claims",
    channel: str = "phone",
    direction: str = "inbound",
    unit: str = "commercial",
    agent_id: str | None = "a-commercial",
    route: str | None = "general",
    consult_count: int | None = 0,
    abandoned: bool | None = False,
    talk_seconds: int | None = None,
    hold_seconds: int | None = None,
    wrap_seconds: int | None = None,
) -> Row:
    """One contact; `answered_after`/`ended_after` are seconds after `started_at` (None: missing)."""
    return {
        "contact_id": contact_id,
        "member_id": member_id,
        "channel": channel,
        "direction": direction,
        "queue": None if route is None else route.split(">")[0],
        "unit": unit,
        "team": f"{unit}-a",
        "agent_id": agent_id,
        "reason": reason,
        "language": "en",
        "started_at": started_at,
        "answered_at": None if answered_after is None else started_at + seconds(answered_after),
        "ended_at": None if ended_after is None else started_at + seconds(ended_after),
        "hold_seconds": hold_seconds,
        "talk_seconds": talk_seconds,
        "wrap_seconds": wrap_seconds,
        "abandoned": abandoned,
        "route": route,
        "consult_count": consult_count,
    }


def abandoned_call(contact_id: str, started_at: dt.datetime, **fields: Any) -> Row:
    """An inbound call the member hung up on before anyone answered (ended 45 s after it started)."""
    return contact(contact_id, started_at, answered_after=None, ended_after=45, abandoned=True, **fields)


def case(
    case_id: str,
    opened_at: dt.datetime,
    closed_at: dt.datetime | None,
    *,
    unit: str = "commercial",
    type: str = "grievance",
    priority: str = "standard",
) -> Row:
    return {
        "case_id": case_id,
        "member_id": "M-1",
        "unit": unit,
        "type": type,
        "priority": priority,
        "opened_at": opened_at,
        "closed_at": closed_at,
        "status": "open" if closed_at is None else "closed",
    }


# Whether `warehouse_with` also builds the derived tables (contact follow-ups), as the worker does after
# an ingest; the one-and-done tests run both ways (`lookup` fixture) and must give the same answers.
BUILD_DERIVED = {"on": False}


def warehouse_with(tmp_path: Path, contacts: Iterable[Row] = (), cases: Iterable[Row] = ()) -> Warehouse:
    """A warehouse of this test's own holding exactly `contacts` and `cases` (a table given no rows is
    left unwritten; DuckDBSource reads it as empty)."""
    warehouse = Warehouse(tmp_path / "warehouse")
    for spec, rows in ((CONTACTS, list(contacts)), (CASES, list(cases))):
        if rows:
            write_batch(warehouse, spec, pa.Table.from_pylist(rows, schema=spec.schema), source="tests")
    if BUILD_DERIVED["on"]:
        refresh_stale(warehouse)
    return warehouse


def run(
    metric: str,
    source: TableSource | Warehouse,
    *,
    by: tuple[str, ...] = (),
    start: dt.date | None = MARCH_1,
    end: dt.date | None = MARCH_31,
    filters: Mapping[str, tuple[str, ...]] | None = None,
    options: Mapping[str, Any] | None = None,
    scope: Scope | None = None,
) -> list[Row]:
    """The rows of `metric` over March 2026 (unless told otherwise) for an unrestricted caller."""
    if isinstance(source, Warehouse):
        source = DuckDBSource(source)
    query = MetricQuery(by=by, start=start, end=end, filters=filters or {}, options=options or {})
    runner = get_runner(metric)(query, scope or Scope.everything(), source)
    return runner.run().rows


def rate_row(numerator: int, denominator: int, **dims: str) -> Row:
    """The row a rate metric returns: the dimensions, value = numerator / denominator with its Wilson
    interval, n = denominator."""
    low, high = wilson(numerator, denominator)
    return {
        **dims,
        "value": numerator / denominator,
        "ci_low": low,
        "ci_high": high,
        "numerator": numerator,
        "denominator": denominator,
        "n": denominator,
    }


def mean_row(mean: float, sd: float | None, n: int, *, extra: Row | None = None, **dims: object) -> Row:
    """The row a mean metric returns: value = the mean with its t interval, sd (None for one record),
    any `extra` columns (median…), no numerator or denominator."""
    low, high = student_t(mean, sd, n)
    return {
        **dims,
        "value": mean,
        "ci_low": low,
        "ci_high": high,
        **(extra or {}),
        "sd": None if sd is None else pytest.approx(sd),
        "numerator": None,
        "denominator": None,
        "n": n,
    }


def count_row(n: int, **dims: str) -> Row:
    """The row a count metric (volume, handoff flow) returns: value = n, no interval, no numerator or denominator."""
    return {**dims, "value": float(n), "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": n}
