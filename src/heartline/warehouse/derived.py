"""Derived tables: warehouse tables computed from others, and stamped with the versions they came from.

A derived table answers, ahead of time, a question that is expensive to ask per query (the
follow-up lookup one-and-done needs over 10M contacts). A derived table with `cluster_by`
columns is written sorted by them in small row groups, like a clustered table the writer keeps
(`contacts_by_member`: one member's contacts in one row group). It is rebuilt whole from its sources by
`refresh()` — by the worker after an ingest, by the demo after it writes — on the engine of the
`HEARTLINE_ENGINE` setting (DuckDB, or Spark: the same Ibis build over the same Delta tables, its rows
handed to this process as Arrow and written by delta-rs like DuckDB's), and stamped with the
(id, version) of every source and of itself. `is_current()` says whether the stamp matches the
sources as they are now; a runner uses the derived table only then and otherwise asks the sources
directly, so answers never depend on whether a refresh has run yet.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import ibis
import pyarrow as pa
from deltalake import WriterProperties, write_deltalake

from heartline.warehouse.engines import DUCKDB, check_engine, default_engine
from heartline.warehouse.reader import DuckDBSource, TableSource
from heartline.warehouse.registrations import load_deferred
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import writer_properties

STAMP_FILE = "_heartline_derived.json"
# Rows per batch streamed from the build query to the Delta writer.
BATCH_ROWS = 262_144

# Builds the derived table's rows as an Ibis expression over the tables a source hands out.
Builder = Callable[[TableSource], ibis.Table]


@dataclass(frozen=True)
class DerivedTable:
    spec: TableSpec
    sources: tuple[TableSpec, ...]
    build: Builder
    # Written sorted by these columns in row groups of the usual size (a table with `cluster_by` is
    # sorted by those instead): reads by a range of them skip files, and like values sit together.
    order_by: tuple[str, ...] = ()

    @property
    def sort_columns(self) -> tuple[str, ...]:
        return self.spec.cluster_by or self.order_by


@dataclass(frozen=True)
class RefreshResult:
    table_name: str
    rows: int
    seconds: float
    table_version: int


_DERIVED: dict[str, DerivedTable] = {}


def register_derived(derived: DerivedTable) -> DerivedTable:
    _DERIVED[derived.spec.name] = derived
    return derived


def derived_from(source: TableSpec) -> list[DerivedTable]:
    """The derived tables built (in part) from `source`."""
    load_deferred()
    return [d for d in _DERIVED.values() if any(s.name == source.name for s in d.sources)]


def all_derived() -> list[DerivedTable]:
    load_deferred()
    return list(_DERIVED.values())


def _version(warehouse: Warehouse, spec: TableSpec) -> list[object] | None:
    found = warehouse.version(spec)
    return None if found is None else list(found)


def _stamp_path(warehouse: Warehouse, spec: TableSpec) -> Path:
    return warehouse.path(spec) / STAMP_FILE


def read_stamp(warehouse: Warehouse, spec: TableSpec) -> dict[str, object] | None:
    """The derived table's stamp (None when it has none or it cannot be read)."""
    try:
        found = json.loads(_stamp_path(warehouse, spec).read_text())
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) else None


def write_stamp(warehouse: Warehouse, spec: TableSpec, sources: Mapping[str, object]) -> None:
    """Stamp the derived table, as it is now, as built from the `sources` versions (under its write
    lock): written aside, then moved into place, so a reader never sees half a stamp."""
    stamp = {"table": _version(warehouse, spec), "sources": sources}
    partial = warehouse.path(spec) / f".{STAMP_FILE}.{os.getpid()}"
    partial.write_text(json.dumps(stamp))
    partial.replace(_stamp_path(warehouse, spec))


def _source_versions(warehouse: Warehouse, derived: DerivedTable) -> dict[str, list[object] | None]:
    return {s.name: _version(warehouse, s) for s in derived.sources}


def is_current(warehouse: Warehouse, derived: DerivedTable) -> bool:
    """True when the derived table was built from the sources' current versions and not changed since."""
    stamp = read_stamp(warehouse, derived.spec)
    if stamp is None:
        return False
    return bool(
        stamp.get("table") == _version(warehouse, derived.spec)
        and stamp.get("sources") == _source_versions(warehouse, derived)
    )


def _built(warehouse: Warehouse, derived: DerivedTable, engine: str) -> pa.RecordBatchReader:
    """The derived table's rows, sorted by its `cluster_by` (or `order_by`) columns, as batches in its schema."""
    schema = derived.spec.schema
    batches: Iterator[pa.RecordBatch]
    if engine == DUCKDB:
        reader = DuckDBSource(warehouse)
        expr = derived.build(reader)
        if derived.sort_columns:
            # Sorted by DuckDB on every core, then written (clustered: in small row groups, warehouse.writer).
            expr = expr.order_by(list(derived.sort_columns))
        backend = reader._backend()[0]
        batches = iter(backend.con.sql(str(backend.compile(expr))).to_arrow_reader(BATCH_ROWS))
    else:
        from heartline.warehouse.spark import SparkSource, spark_backend

        # The warehouse folder's tables (where the derived table is written and stamped): a cluster
        # must see that folder at the same path (a shared file system), docs/deployment.md.
        source = SparkSource(warehouse, spark_backend())
        expr = derived.build(source)
        if derived.sort_columns:
            expr = expr.order_by(list(derived.sort_columns))
        # Collected to this process as Arrow (Spark's own conversion): the driver holds the table.
        batches = iter(source.to_arrow(expr).to_batches(BATCH_ROWS))
    return pa.RecordBatchReader.from_batches(schema, (b.select(schema.names).cast(schema) for b in batches))


def refresh(warehouse: Warehouse, derived: DerivedTable, engine: str | None = None) -> RefreshResult:
    """Rebuild `derived` from its sources' current versions on `engine` (default: the setting) and stamp it.

    Takes the derived table's write lock; a source changing during the build makes a stamp that no
    longer matches, so the next `is_current()` is False and the next refresh builds again.
    """
    began = time.perf_counter()
    engine = check_engine(engine or default_engine())
    sources = _source_versions(warehouse, derived)
    schema = derived.spec.schema
    built = _built(warehouse, derived, engine)
    rows = [0]

    def conformed() -> Iterator[pa.RecordBatch]:
        for batch in built:
            rows[0] += batch.num_rows
            yield batch

    # Streamed into the Delta writer: from DuckDB, the table is never whole in Python's memory.
    data = pa.RecordBatchReader.from_batches(schema, conformed())
    with warehouse.writing(derived.spec):
        path = warehouse.path(derived.spec)
        exists = warehouse.open(derived.spec) is not None
        properties = writer_properties(derived.spec) or WriterProperties()
        if exists:
            write_deltalake(str(path), data, mode="overwrite", schema_mode="overwrite", writer_properties=properties)
        else:
            write_deltalake(str(path), data, mode="error", writer_properties=properties)
        write_stamp(warehouse, derived.spec, sources)
        version = _version(warehouse, derived.spec)
    return RefreshResult(
        table_name=derived.spec.name,
        rows=rows[0],
        seconds=round(time.perf_counter() - began, 3),
        table_version=-1 if version is None else int(str(version[1])),
    )


def refresh_stale(warehouse: Warehouse, engine: str | None = None) -> list[RefreshResult]:
    """Refresh every derived table that is not current and whose sources exist."""
    done = []
    for derived in all_derived():
        if all(warehouse.open(s) is not None for s in derived.sources) and not is_current(warehouse, derived):
            done.append(refresh(warehouse, derived, engine))
    return done
