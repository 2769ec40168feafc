"""The SQL metric runners compile to, pinned in tests/warehouse/snapshots/ (UPDATE_SNAPSHOTS=1 rewrites).

A change in these files is a change in what a figure means: review the diff like code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from heartline.contacts.metrics import ContactVolume
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse

Snapshot = Callable[[str, str], None]


def sql(wh: Warehouse, scope: Scope, **query: object) -> str:
    return ContactVolume(MetricQuery(**query), scope, DuckDBSource(wh)).sql()  # type: ignore[arg-type]


def test_contact_volume_by_unit(wh: Warehouse, sql_snapshot: Snapshot) -> None:
    sql_snapshot("contact_volume_by_unit", sql(wh, Scope.everything(), by=("unit",)))


def test_contact_volume_by_month_in_a_period(wh: Warehouse, sql_snapshot: Snapshot) -> None:
    text = sql(wh, Scope.everything(), by=("month",), start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))
    sql_snapshot("contact_volume_by_month_in_a_period", text)


def test_contact_volume_by_channel_in_two_units(wh: Warehouse, sql_snapshot: Snapshot) -> None:
    text = sql(wh, Scope.of_units("u2", "u1"), by=("channel",), filters={"channel": ("phone", "chat")})
    sql_snapshot("contact_volume_by_channel_unit_scope", text)


def test_contact_volume_of_an_agent(wh: Warehouse, sql_snapshot: Snapshot) -> None:
    sql_snapshot("contact_volume_agent_scope", sql(wh, Scope.of_agent("a1"), by=("week",)))


def test_contact_volume_seen_by_nobody(wh: Warehouse, sql_snapshot: Snapshot) -> None:
    sql_snapshot("contact_volume_nothing_scope", sql(wh, Scope.nothing()))


def test_the_unit_scope_is_in_the_sql(wh: Warehouse) -> None:
    text = sql(wh, Scope.of_units("u2", "u1"), by=("channel",))

    assert """"t0"."unit" IN ('u1', 'u2')""" in text
