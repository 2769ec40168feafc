"""Every registered metric gives the same answer on Spark as on DuckDB, and the derived tables built on
Spark hold the same rows as DuckDB's: an operator switching `--engine spark` (or HEARTLINE_ENGINE) gets
DuckDB's figures.

One small warehouse holds every table a runner reads: generated contacts (with handle times, IVR and
disconnect fields), cases, survey responses, test calls and a staffing plan, each column drawn from
values the definitions test for, with nulls. Each runner answers one query grouped by a unit-like and
a calendar dimension, in New York's calendar, for a caller who sees two units; rows are compared
sorted, floats to 1e-9. The Spark session is the test run's shared one (tests/conftest.py); run with
`-m spark`.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pytest

import heartline.compliance.call_center_metrics
import heartline.contacts.metrics
import heartline.voice.metrics
import heartline.workforce.metrics
import heartline.workforce.plan_metrics  # noqa: F401
from heartline.compliance.tables import TEST_CALLS
from heartline.contacts.tables import CASES, CONTACTS
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import all_derived, refresh
from heartline.warehouse.engines import DUCKDB_ONLY
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, MetricRunner, PeriodDimension, all_runners
from heartline.warehouse.scope import Scope
from heartline.warehouse.spark import SparkSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import write_batch
from heartline.workforce.staffing_plan import STAFFING_PLAN
from tests.contacts.test_metrics_spark import UNITS, generated_contacts

pytestmark = pytest.mark.spark

Row = dict[str, Any]
SCOPE = Scope.of_units("commercial", "medicare")
NEW_YORK = Calendar("America/New_York")
MARCH_1, MARCH_31 = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
FIRST = dt.datetime(2026, 2, 25, tzinfo=dt.UTC)
SPAN_SECONDS = 40 * 86_400

# Values a column is drawn from (None is added for nullable columns); other strings are `name-0..2`.
VOCABULARY: dict[str, tuple[Any, ...]] = {
    "unit": UNITS,
    "queue": ("general", "claims", "pharmacy"),
    "language": ("en", "es", "zh"),
    "line_of_business": ("medicare", "medicaid"),
    "agent_id": tuple(f"a-{i}" for i in range(6)),
    "owner_id": tuple(f"a-{i}" for i in range(6)),
    "channel": ("phone", "chat", "email"),
    "survey": ("post-contact", "cahps"),
    "type": ("grievance", "appeal", "claim"),
    "priority": ("standard", "expedited"),
    "status": ("open", "closed"),
    "resolved": ("yes", "no"),
}


def _value(field: pa.Field, i: int, rng: random.Random) -> Any:
    if field.nullable and rng.random() < 0.1:
        return None
    kind = field.type
    if pa.types.is_timestamp(kind):
        return FIRST + dt.timedelta(seconds=rng.randrange(SPAN_SECONDS), microseconds=rng.randrange(10**6))
    if pa.types.is_boolean(kind):
        return rng.random() < 0.6
    if pa.types.is_int8(kind):
        return rng.randrange(11) if field.name == "nps" else rng.randrange(1, 6)
    if pa.types.is_integer(kind):
        return rng.randrange(0, 900)
    return rng.choice(VOCABULARY.get(field.name, tuple(f"{field.name}-{k}" for k in range(3))))


def synthetic(spec: TableSpec, count: int, seed: int) -> list[Row]:
    """`count` rows of `spec`, its first column a unique key, others drawn by `_value`."""
    rng = random.Random(seed)  # noqa: S311  (synthetic data: reproducible, not secret)
    key = spec.schema.names[0]
    return [
        {field.name: f"{key}-{i:05d}" if field.name == key else _value(field, i, rng) for field in spec.schema}
        for i in range(count)
    ]


def varied_contacts(count: int) -> list[Row]:
    """Generated contacts (tests/contacts) with the fields the service and CMS runners read."""
    rng = random.Random(11)  # noqa: S311
    rows = generated_contacts(count=count)
    for row in rows:
        row.update(
            talk_seconds=None if rng.random() < 0.1 else rng.randrange(20, 1200),
            hold_seconds=None if rng.random() < 0.3 else rng.randrange(0, 300),
            wrap_seconds=None if rng.random() < 0.2 else rng.randrange(0, 120),
            ivr_seconds=None if rng.random() < 0.3 else rng.randrange(0, 60),
            disconnected_by=rng.choice((None, "plan", "member")),
        )
    return rows


def cases(count: int) -> list[Row]:
    rows = synthetic(CASES, count, seed=12)
    rng = random.Random(13)  # noqa: S311
    for row in rows:
        row["closed_at"] = None if rng.random() < 0.2 else row["opened_at"] + dt.timedelta(hours=rng.randrange(1, 900))
    return rows


def staffing_plan() -> list[Row]:
    """Every half hour of March at two queues, a few agents each."""
    rng = random.Random(14)  # noqa: S311
    start = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    return [
        {
            "queue": queue,
            "interval_start": start + dt.timedelta(minutes=30 * i),
            "interval_seconds": 1800,
            "scheduled_agents": rng.randrange(0, 9),
            "unit": unit,
        }
        for i in range(31 * 48)
        for queue, unit in (("general", "commercial"), ("claims", "dental"))
    ]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """Every table the runners read (contacts in two commits), derived tables built by DuckDB."""
    warehouse = Warehouse(Path(tmp_path_factory.mktemp("engine-parity")) / "warehouse")
    contacts = varied_contacts(1500)
    tables: list[tuple[TableSpec, list[Row]]] = [
        (CONTACTS, contacts[:900]),
        (CONTACTS, contacts[900:]),
        (CASES, cases(300)),
        (SURVEY_RESPONSES, synthetic(SURVEY_RESPONSES, 400, seed=15)),
        (TEST_CALLS, synthetic(TEST_CALLS, 200, seed=16)),
        (STAFFING_PLAN, staffing_plan()),
    ]
    for spec, rows in tables:
        write_batch(warehouse, spec, pa.Table.from_pylist(rows, schema=spec.schema), source="tests")
    for derived in all_derived():
        refresh(warehouse, derived, engine="duckdb")
    return warehouse


@pytest.fixture(scope="module")
def spark(spark_session: Any) -> Any:
    return ibis.pyspark.connect(spark_session)


@pytest.fixture(scope="module")
def on_spark(warehouse: Warehouse, spark: Any) -> SparkSource:
    return SparkSource(warehouse, spark, NEW_YORK)


def query_for(runner: type[MetricRunner]) -> MetricQuery:
    """Grouped by a unit-like dimension and a calendar period, over March, with required options."""
    dims = runner.dimensions
    unit_like = next((d for d in ("unit", "queue", "test") if d in dims), None)
    periods = [d for d, dim in dims.items() if isinstance(dim, PeriodDimension)]
    by = tuple(d for d in (unit_like, periods[0] if periods else None) if d)
    options = {"item": "csat"} if any(o.name == "item" for o in runner.options) else {}
    return MetricQuery(by=by, start=MARCH_1, end=MARCH_31, options=options)


def comparable(rows: list[Row]) -> list[Row]:
    """Rows sorted by their non-float values, floats compared to 1e-9."""

    def key(row: Row) -> tuple[str, ...]:
        return tuple(repr(v) for v in row.values() if not isinstance(v, float))

    return [
        {k: pytest.approx(v, rel=1e-9, abs=1e-9) if isinstance(v, float) else v for k, v in row.items()}
        for row in sorted(rows, key=key)
    ]


PORTABLE = [r for r in all_runners() if r.name not in DUCKDB_ONLY]


@pytest.mark.parametrize("runner", PORTABLE, ids=lambda r: r.name)
def test_every_metric_gives_duckdbs_answer_on_spark(
    warehouse: Warehouse, on_spark: SparkSource, runner: type[MetricRunner]
) -> None:
    query = query_for(runner)
    expected = runner(query, SCOPE, DuckDBSource(warehouse, calendar=NEW_YORK)).run().rows

    assert expected, f"{runner.name}: the fixture gives no rows to compare"
    assert comparable(runner(query, SCOPE, on_spark).run().rows) == comparable(expected)


def test_derived_tables_built_on_spark_hold_duckdbs_rows(
    warehouse: Warehouse, spark: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("heartline.warehouse.spark.spark_backend", lambda: spark)
    on_spark = Warehouse(tmp_path / "warehouse")
    for spec in (CONTACTS,):
        write_batch(on_spark, spec, pa.Table.from_pylist(varied_contacts(1500), schema=spec.schema), source="tests")
    for derived in all_derived():
        result = refresh(on_spark, derived, engine="spark")
        built = on_spark.open(derived.spec).to_pyarrow_table()  # type: ignore[union-attr]
        expected = warehouse.open(derived.spec).to_pyarrow_table()  # type: ignore[union-attr]

        assert result.rows == expected.num_rows > 0
        assert built.schema == derived.spec.schema
        keys = [(name, "ascending") for name in derived.spec.schema.names]
        assert built.sort_by(keys).equals(expected.sort_by(keys)), derived.spec.name
        if derived.spec.cluster_by:  # written in the order the clustered reads rely on
            column = built.column(derived.spec.cluster_by[0]).to_pylist()
            assert column == sorted(column)


def test_tables_read_from_a_uri_give_the_same_answer(warehouse: Warehouse, spark: Any) -> None:
    # The path an object-storage root (s3a://…) takes: the log read by delta-rs from the URI, the
    # files handed to Spark in the root's scheme; no local warehouse, so no derived table is consulted.
    by_uri = SparkSource(None, spark, NEW_YORK, tables_uri=warehouse.root.as_uri())
    runner = next(r for r in PORTABLE if r.name == "one-and-done")
    query = query_for(runner)
    expected = runner(query, SCOPE, DuckDBSource(warehouse, calendar=NEW_YORK)).run().rows

    assert by_uri.warehouse is None
    assert comparable(runner(query, SCOPE, by_uri).run().rows) == comparable(expected)
