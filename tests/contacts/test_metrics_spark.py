"""One and done gives the same rows on PySpark local mode as on DuckDB, over the same Delta table.

The data are a few thousand generated contacts from a small pool of members (so repeats are common),
plus pairs built on the edges of the definition: a repeat exactly at the end of the contact, exactly
7 days later and 1 s after that, one started during the contact, one in a unit outside the caller's
scope, one after the period. One SparkSession for the test run (~10 s to start); run with `-m spark`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource, ParquetSource, TableSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.contacts.metric_fixtures import MARCH_1, MARCH_31, Row, contact, rate_row, run, utc, warehouse_with

pytestmark = pytest.mark.spark

UNITS = ("commercial", "medicare", "dental")
SCOPE = Scope.of_units("commercial", "medicare")  # dental contacts are only ever seen as repeats
WEEK = 7 * 86400


def generated_contacts(seed: int = 20260301, count: int = 3000) -> list[Row]:
    """`count` contacts from 150 members over 20 February – 10 April 2026: every kind the definition
    sorts out (outbound, abandoned, unanswered, no member, no reason, no end, handoffs, consults)."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data: reproducible, not secret)
    first_second = utc("2026-02-20 00:00:00")
    span = int((utc("2026-04-10 00:00:00") - first_second).total_seconds())
    rows = []
    for i in range(count):
        started_at = first_second + dt.timedelta(seconds=rng.randrange(span), microseconds=rng.randrange(10**6))
        answered_after = rng.randrange(3, 180)
        kind = rng.random()
        abandoned = kind < 0.08
        rows.append(
            contact(
                f"g{i:05d}",
                started_at,
                answered_after=None if abandoned or kind > 0.97 else answered_after,
                ended_after=None if rng.random() < 0.1 else answered_after + rng.randrange(30, 1800),
                member_id=None if rng.random() < 0.04 else f"M-{rng.randrange(150):03d}",
                reason=rng.choice(("claims", "claims", "pharmacy", "eligibility", None)),
                channel=rng.choice(("phone", "phone", "chat", "email", "portal", "sms")),
                direction="outbound" if rng.random() < 0.12 else "inbound",
                unit=rng.choice(UNITS),
                agent_id=f"a-{rng.randrange(12)}",
                route=rng.choice(("general", "general", "general", "general>claims", "general>claims>appeals", None)),
                consult_count=rng.choice((0, 0, 0, 1, 2, None)),
                abandoned=abandoned or (0.95 < kind <= 0.97),  # a few answered ones are marked abandoned too
            )
        )
    return rows


def edge_contacts(pairs: int = 120) -> list[Row]:
    """Pairs (a first contact, then one follow-up) on the edges of the definition, members E-000….

    Each first contact lasts 300 s (answered after 20 s) unless said otherwise."""
    rows = []
    for i in range(pairs):
        member = f"E-{i:03d}"
        start = utc("2026-03-03 08:00:00") + dt.timedelta(hours=5 * i)
        end = start + dt.timedelta(seconds=300)
        first: dict[str, Any] = {"member_id": member, "unit": UNITS[i % 2]}
        follow_ups: list[Row] = [
            contact(f"e{i:03d}-at-end", end, **first),
            contact(f"e{i:03d}-week-edge", end + dt.timedelta(seconds=WEEK), **first),
            contact(f"e{i:03d}-week-plus-1s", end + dt.timedelta(seconds=WEEK + 1), **first),
            contact(f"e{i:03d}-during", start + dt.timedelta(seconds=60), **first),
            contact(f"e{i:03d}-dental", end + dt.timedelta(days=2), member_id=member, unit="dental"),
            contact(f"e{i:03d}-other-reason", end + dt.timedelta(days=1), **first, reason="pharmacy"),
            contact(f"e{i:03d}-chat", end + dt.timedelta(days=3), **first, channel="chat"),
            contact(f"e{i:03d}-outbound", end + dt.timedelta(days=1), **first, direction="outbound"),
            abandoned_follow_up(f"e{i:03d}-abandoned", end + dt.timedelta(days=1), **first),
        ]
        kind = i % (len(follow_ups) + 2)
        if kind == len(follow_ups):  # no end: the window runs from the answer; a repeat 7 days after it
            rows.append(contact(f"e{i:03d}", start, ended_after=None, **first))
            rows.append(contact(f"e{i:03d}-from-answer", start + dt.timedelta(seconds=20 + WEEK), **first))
        elif kind == len(follow_ups) + 1:  # the last days of the period: a repeat in April
            late = utc("2026-03-31 22:00:00") - dt.timedelta(hours=i % 48)
            rows.append(contact(f"e{i:03d}", late, **first))
            rows.append(contact(f"e{i:03d}-april", utc("2026-04-02 10:00:00"), **first))
        else:
            rows.append(contact(f"e{i:03d}", start, **first))
            rows.append(follow_ups[kind])
    return rows


def abandoned_follow_up(contact_id: str, started_at: dt.datetime, **fields: Any) -> Row:
    return contact(contact_id, started_at, answered_after=None, abandoned=True, **fields)


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The generated and edge contacts, written in two batches (two data files, a merged version)."""
    warehouse = Warehouse(Path(tmp_path_factory.mktemp("spark-parity")) / "warehouse")
    rows = generated_contacts() + edge_contacts()
    half = len(rows) // 2
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows[:half], schema=CONTACTS.schema), source="tests")
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(rows[half:], schema=CONTACTS.schema), source="tests")
    return warehouse


@pytest.fixture(scope="module")
def spark(spark_session: Any) -> Any:
    """The Ibis PySpark backend on the test run's shared local session (tests/conftest.py)."""
    return ibis.pyspark.connect(spark_session)


@pytest.fixture(scope="module")
def spark_source(warehouse: Warehouse, spark: Any) -> ParquetSource:
    return ParquetSource(warehouse, spark)


def one_and_done(source: TableSource, by: tuple[str, ...], metric: str = "one-and-done") -> list[Row]:
    query = MetricQuery(by=by, start=MARCH_1, end=MARCH_31, options={"window_days": 7})
    return get_runner(metric)(query, SCOPE, source).run().rows


def approx_values(rows: list[Row]) -> list[Row]:
    return [{**row, "value": pytest.approx(row["value"])} for row in rows]


def test_generated_data_exercise_both_outcomes(warehouse: Warehouse) -> None:
    # not a parity check: a guard that the data set keeps many repeats and many resolutions
    [total] = one_and_done(DuckDBSource(warehouse), by=())

    assert total["denominator"] > 1000
    assert 0.3 * total["denominator"] < total["numerator"] < 0.8 * total["denominator"]


@pytest.mark.parametrize(
    "by", [("unit",), ("month",), ("consulted",), ("unit", "month", "consulted")], ids=lambda by: "+".join(by)
)
def test_one_and_done_on_spark_matches_duckdb(
    warehouse: Warehouse, spark_source: ParquetSource, by: tuple[str, ...]
) -> None:
    on_duckdb = one_and_done(DuckDBSource(warehouse), by)

    assert one_and_done(spark_source, by) == approx_values(on_duckdb)


def test_repeat_contact_rate_on_spark_matches_duckdb(warehouse: Warehouse, spark_source: ParquetSource) -> None:
    on_duckdb = one_and_done(DuckDBSource(warehouse), ("unit",), metric="repeat-contact-rate")

    assert one_and_done(spark_source, ("unit",), metric="repeat-contact-rate") == approx_values(on_duckdb)


def test_service_level_on_spark_keeps_fractions_of_a_second(tmp_path: Path, spark: Any) -> None:
    warehouse = warehouse_with(
        tmp_path,
        [
            contact("c1", utc("2026-03-10 09:00:00"), member_id="M-1", answered_after=30.5),  # outside 30 s
            contact("c2", utc("2026-03-10 09:00:00"), member_id="M-2", answered_after=29.5),  # within
        ],
    )

    assert run("service-level", ParquetSource(warehouse, spark)) == [rate_row(1, 2)]
