"""The same metric on PySpark local mode as on DuckDB, over the same Delta table (the scale-out check).

One SparkSession for the test run (~10 s to start); run with `-m spark`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import pytest

from heartline.contacts.metrics import ContactVolume
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource, ParquetSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse

pytestmark = pytest.mark.spark


@pytest.fixture(scope="module")
def spark_backend(spark_session: Any) -> Any:
    """The Ibis PySpark backend on the test run's shared local session (tests/conftest.py)."""
    return ibis.pyspark.connect(spark_session)


def volume(n: int, **keys: Any) -> dict[str, Any]:
    return {**keys, "value": float(n), "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": n}


# (query, scope, the rows worked out by hand from hand_facts.CONTACTS_BY_HAND)
CASES: dict[str, tuple[MetricQuery, Scope, list[dict[str, Any]]]] = {
    "by unit": (
        MetricQuery(by=("unit",)),
        Scope.everything(),
        [volume(4, unit="u1"), volume(2, unit="u2"), volume(1, unit=None)],
    ),
    "by month": (
        MetricQuery(by=("month",)),
        Scope.everything(),
        [volume(1, month="2025-01-01"), volume(4, month="2025-02-01"), volume(2, month="2025-03-01")],
    ),
    "by channel, unit scope": (
        MetricQuery(by=("channel",)),
        Scope.of_units("u1"),
        [volume(1, channel="chat"), volume(3, channel="phone")],
    ),
    "by channel in a period": (
        MetricQuery(by=("channel",), start=dt.date(2025, 2, 1), end=dt.date(2025, 3, 1)),
        Scope.everything(),
        [volume(1, channel="chat"), volume(1, channel="email"), volume(2, channel="phone"), volume(1, channel="sms")],
    ),
    "by week, agent scope": (
        MetricQuery(by=("week",)),
        Scope.of_agent("a1"),
        [volume(1, week="2025-01-27"), volume(1, week="2025-02-24")],
    ),
    "filtered by channel": (
        MetricQuery(by=("unit",), filters={"channel": ("phone", "chat")}),
        Scope.everything(),
        [volume(4, unit="u1"), volume(1, unit="u2")],
    ),
    "nothing scope": (MetricQuery(), Scope.nothing(), [volume(0)]),
}


def test_the_test_table_has_several_data_files(hand_contacts: Warehouse) -> None:
    # One file per Delta version would hide a reader that only handles a single file.
    assert len(hand_contacts.parquet_files(CONTACTS)) >= 2


@pytest.mark.parametrize("case", list(CASES))
def test_pyspark_gives_the_same_rows_as_duckdb(hand_contacts: Warehouse, spark_backend: Any, case: str) -> None:
    query, scope, expected = CASES[case]

    on_duckdb = ContactVolume(query, scope, DuckDBSource(hand_contacts)).run().rows
    on_spark = ContactVolume(query, scope, ParquetSource(hand_contacts, spark_backend)).run().rows

    assert on_duckdb == expected
    assert on_spark == expected


def test_pyspark_counts_months_in_the_organizations_calendar_as_duckdb_does(
    hand_contacts: Warehouse, spark_backend: Any
) -> None:
    from heartline.warehouse.calendar import Calendar

    new_york = Calendar("America/New_York")
    query = MetricQuery(by=("month",), start=dt.date(2025, 1, 1), end=dt.date(2025, 3, 31))

    on_duckdb = ContactVolume(query, Scope.everything(), DuckDBSource(hand_contacts, calendar=new_york)).run().rows
    on_spark = ContactVolume(query, Scope.everything(), ParquetSource(hand_contacts, spark_backend, new_york)).run()

    assert [(r["month"], r["n"]) for r in on_duckdb] == [("2025-01-01", 2), ("2025-02-01", 4), ("2025-03-01", 1)]
    assert on_spark.rows == on_duckdb
