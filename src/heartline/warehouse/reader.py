"""Reading warehouse tables through Ibis.

`DuckDBSource` (the default) exposes each registered table as a DuckDB view over the Parquet files of
the table's current Delta version, re-pointed whenever a writer commits a new version, so readers in
any process see committed data only. `ParquetSource` does the same on any Ibis backend that can read
Parquet (PySpark local mode in the scale-out check). Each source carries the `Calendar` its queries
count days in (UTC unless given one).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb
import ibis
import pyarrow as pa
from ibis.backends.duckdb import Backend as DuckDBBackend

from heartline.warehouse.calendar import Calendar
from heartline.warehouse.layout import FileLayout, read_layout
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec


@dataclass(frozen=True)
class ScanProfile:
    """What DuckDB read to answer one query: Parquet row groups and rows, over all table scans."""

    row_groups_scanned: int
    row_groups_total: int
    rows_scanned: int


def _scans(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = [node] if node.get("type") == "TABLE_SCAN" else []
    for child in node.get("children", []):
        found.extend(_scans(child))
    return found


class TableSource(Protocol):
    """Something that hands out Ibis tables for registered warehouse tables."""

    calendar: Calendar
    engine: str

    def table(self, spec: TableSpec) -> ibis.Table: ...

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]: ...


def scope_condition(spec: TableSpec, scope: Scope) -> tuple[str, list[object]]:
    """The SQL condition (and its parameters) keeping the rows of `spec` that `scope` may see: every
    row when unrestricted, else those whose unit is one of its units or whose agent is one of its
    agents, none when the table has neither column for what the scope holds — the rule
    `MetricRunner.table` applies to Ibis tables, for queries written as SQL."""
    if scope.unrestricted:
        return "TRUE", []
    conditions: list[str] = []
    params: list[object] = []
    for column, values in ((spec.unit_column, scope.unit_codes), (spec.agent_column, scope.agent_ids)):
        if values and column:
            ordered = sorted(values)
            conditions.append(f'"{column}" IN ({", ".join("?" for _ in ordered)})')
            params.extend(ordered)
    if not conditions:
        return "FALSE", []
    return "(" + " OR ".join(conditions) + ")", params


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def padding(con: duckdb.DuckDBPyConnection, spec: TableSpec, listing: str) -> str:
    """`, NULL::type AS "column"` for each column the table's schema has and none of the files do.

    A table grows columns (cases gained the compliance fields): files written before carry none of
    them, and reads see them as nulls rather than failing on a missing column."""
    described = con.execute(
        f"DESCRIBE SELECT * FROM read_parquet([{listing}], union_by_name = true)"  # noqa: S608
    ).fetchall()
    present = {row[0] for row in described}
    missing = [field for field in spec.schema if field.name not in present]
    if not missing:
        return ""
    empty = con.from_arrow(pa.schema(missing).empty_table())
    types = dict(zip(empty.columns, empty.types, strict=True))
    return "".join(f', NULL::{types[field.name]} AS "{field.name}"' for field in missing)


def memory_limit() -> str:
    """Each DuckDB connection's memory limit: HEARTLINE_DUCKDB_MEMORY_LIMIT (DuckDB's syntax, e.g.
    "6GB"), else a quarter of the machine's memory (a server's processes and the worker share it)."""
    chosen = os.environ.get("HEARTLINE_DUCKDB_MEMORY_LIMIT", "").strip()
    if chosen:
        return chosen
    machine = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{max(1 << 30, machine // 4) >> 20}MB"


class DuckDBSource:
    """Warehouse tables as DuckDB views, one in-memory DuckDB connection per thread."""

    engine = "duckdb"

    def __init__(self, warehouse: Warehouse, threads: int | None = None, calendar: Calendar | None = None) -> None:
        self.warehouse = warehouse
        self.threads = threads
        self.calendar = calendar or Calendar()
        self._local = threading.local()
        # (table version, its file layout, its padding), shared by the threads: read once per version.
        self._layouts: dict[str, tuple[tuple[str, int], FileLayout, str]] = {}

    def _backend(self) -> tuple[DuckDBBackend, dict[str, tuple[str, int]]]:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            raw = duckdb.connect(":memory:")
            # Instants come back in UTC, never in the server's local zone; calendar periods are the
            # source's `calendar`'s, converted explicitly in the queries.
            raw.execute("SET TimeZone = 'UTC'")
            # Keep the Parquet footers of the files read (Delta files never change once written):
            # a point read then costs the row groups it needs, not every file's footer again.
            raw.execute("SET parquet_metadata_cache = true")
            self._bounded(raw)
            if self.threads:
                raw.execute(f"SET threads TO {int(self.threads)}")
            backend = ibis.duckdb.from_connection(raw)
            self._local.backend = backend
            self._local.versions = {}
            self._local.files = {}
        return backend, self._local.versions

    def _bounded(self, raw: duckdb.DuckDBPyConnection) -> None:
        """Past `memory_limit()` a query works on disk (the warehouse's .tmp folder) instead of
        growing: DuckDB's own default, 80% of the machine, let a 100M-contact derived-table build
        beside a server and a worker be killed by the kernel."""
        raw.execute(f"SET memory_limit = '{memory_limit()}'")
        spill = self.warehouse.root / ".tmp"
        try:
            spill.mkdir(parents=True, exist_ok=True)
        except OSError:  # a read-only warehouse: queries stay within the limit or fail, as before
            return
        raw.execute(f"SET temp_directory = '{spill.as_posix()}'")

    def table(self, spec: TableSpec) -> ibis.Table:
        backend = self._current(spec)
        return backend.table(spec.name)

    def _current(self, spec: TableSpec) -> DuckDBBackend:
        """The thread's backend with `spec`'s view pointing at the table's current version."""
        backend, versions = self._backend()
        # A table deleted and created again (a demo rebuild) restarts at version 0 with a new id.
        # The version is known from a listing of the log folder; the log is read only when it moved.
        if versions.get(spec.name) != (self.warehouse.version(spec) or ("", -1)):
            delta = self.warehouse.open(spec)
            version = ("", -1) if delta is None else (str(delta.metadata().id), delta.version())
            raw = backend.con
            files = [] if delta is None else list(delta.file_uris())
            if files:
                listing = ", ".join(_sql_string(f) for f in files)
                # Table names come from the code's registry, file paths are quoted by _sql_string.
                raw.execute(
                    f'CREATE OR REPLACE VIEW "{spec.name}" AS '  # noqa: S608
                    f"SELECT *{padding(raw, spec, listing)} FROM read_parquet([{listing}], union_by_name = true)"
                )
            else:
                raw.execute(f'DROP VIEW IF EXISTS "{spec.name}"')
                raw.register(f"{spec.name}__empty", spec.empty())
                raw.execute(f'CREATE OR REPLACE VIEW "{spec.name}" AS SELECT * FROM "{spec.name}__empty"')  # noqa: S608
            versions[spec.name] = version
            self._local.files[spec.name] = files
        return backend

    def _point_source(self, spec: TableSpec, column: str, value: object) -> str | None:
        """What a read of `column = value` reads FROM: when `column` is one `spec` is clustered by,
        only the files of the current version whose range holds `value` (read once per version from
        their footers, `warehouse.layout`); the whole table's view otherwise. None: no file can hold it."""
        backend = self._current(spec)
        if column not in spec.cluster_by:
            return f'"{spec.name}"'
        version = self._local.versions[spec.name]
        cached = self._layouts.get(spec.name)
        if cached is None or cached[0] != version:
            files = self._local.files[spec.name]
            layout = read_layout(files, spec.cluster_by)
            listing = ", ".join(_sql_string(f) for f in files)
            cached = (version, layout, padding(backend.con, spec, listing) if layout.uniform else "")
            self._layouts[spec.name] = cached
        _, layout, padded = cached
        chosen = layout.holding(column, value)
        if chosen is None:
            return f'"{spec.name}"'
        if not chosen:
            return None
        listing = ", ".join(_sql_string(f) for f in chosen)
        # Every file has the same columns: no matching by name (union_by_name) to pay for.
        return f'(SELECT *{padded} FROM read_parquet([{listing}])) AS "{spec.name}"'  # noqa: S608

    def rows_where(
        self,
        spec: TableSpec,
        column: str,
        value: object,
        order_by: Sequence[tuple[str, bool]],
        limit: int | None,
        *,
        columns: Sequence[str] = (),
        scope: Scope | None = None,
        among: Mapping[str, Sequence[object]] | None = None,
    ) -> list[dict[str, object]]:
        """Rows of `spec` whose `column` equals `value`, ordered by `(column, descending)` pairs, at
        most `limit`: one parameterized DuckDB query without an Ibis expression to compile — the
        point read of one member's records, where compiling would cost more than reading (a
        clustered table answers from one row group).

        `columns` picks the columns (all when empty); `scope` keeps the rows a caller may see, by the
        rule `MetricRunner.table` applies (`scope_condition`); `among` keeps rows whose column is one
        of the given values."""
        source = self._point_source(spec, column, value)
        if source is None:
            return []
        sql, params = self._rows_where_sql(spec, column, order_by, limit, columns, scope, among, source)
        raw = self._current(spec).con
        return list(raw.sql(sql, params=[value, *params]).to_arrow_table().to_pylist())

    @staticmethod
    def _rows_where_sql(
        spec: TableSpec,
        column: str,
        order_by: Sequence[tuple[str, bool]],
        limit: int | None,
        columns: Sequence[str] = (),
        scope: Scope | None = None,
        among: Mapping[str, Sequence[object]] | None = None,
        source: str = "",
    ) -> tuple[str, list[object]]:
        names = set(spec.schema.names)
        among = among or {}
        mentioned = (column, *(c for c, _ in order_by), *columns, *among)
        unknown = [c for c in mentioned if c not in names]
        if unknown:
            raise ValueError(f"{spec.name} has no column(s) {unknown}")
        # Column names were checked against the registered schema above; values are parameters.
        conditions = [f'"{column}" = ?']
        params: list[object] = []
        for name, values in among.items():
            conditions.append(f'"{name}" IN ({", ".join("?" for _ in values)})' if values else "FALSE")
            params.extend(values)
        if scope is not None:
            visible, visible_params = scope_condition(spec, scope)
            conditions.append(visible)
            params.extend(visible_params)
        picked = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        order = ", ".join(f'"{c}" {"DESC" if descending else "ASC"}' for c, descending in order_by)
        ordered = f" ORDER BY {order}" if order else ""
        limited = "" if limit is None else f" LIMIT {int(limit)}"
        where = " AND ".join(conditions)
        source = source or f'"{spec.name}"'
        return f"SELECT {picked} FROM {source} WHERE {where}{ordered}{limited}", params  # noqa: S608

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]:
        backend, _ = self._backend()
        return list(backend.to_pyarrow(expr).to_pylist())

    def scan_profile(self, expr: ibis.Table) -> ScanProfile:
        """Run `expr` with DuckDB's profiler on and report the Parquet row groups it read: how a
        test or benchmark sees that a filter on a clustered column skipped the rest of the table."""
        backend, _ = self._backend()
        return self._profiled(backend, str(backend.compile(expr)), [])

    def rows_where_profile(self, spec: TableSpec, column: str, value: object) -> ScanProfile:
        """`scan_profile` of `rows_where(spec, column, value, …)`: the row groups a point read reads."""
        source = self._point_source(spec, column, value)
        if source is None:
            return ScanProfile(row_groups_scanned=0, row_groups_total=0, rows_scanned=0)
        sql, _ = self._rows_where_sql(spec, column, [], None, source=source)  # no limit: the whole read
        return self._profiled(self._current(spec), sql, [value])

    @staticmethod
    def _profiled(backend: DuckDBBackend, sql: str, params: list[object]) -> ScanProfile:
        raw = backend.con
        raw.execute("SET enable_profiling = 'no_output'")
        try:
            raw.execute(sql, params).fetchall()
            profile = json.loads(raw.get_profiling_information(format="json"))
        finally:
            raw.execute("PRAGMA disable_profiling")
        scans = [scan for node in profile.get("operator", []) for scan in _scans(node)]
        return ScanProfile(
            row_groups_scanned=sum(int(s.get("row_groups_scanned", 0)) for s in scans),
            row_groups_total=sum(int(s.get("total_row_groups_to_scan", 0)) for s in scans),
            rows_scanned=sum(int(s.get("rows_scanned", 0)) for s in scans),
        )


class ParquetSource:
    """Warehouse tables read from their Parquet files by another Ibis backend (e.g. PySpark).

    Like `DuckDBSource`, a table is re-read when a writer has committed a new version since.
    """

    def __init__(self, warehouse: Warehouse, backend: ibis.BaseBackend, calendar: Calendar | None = None) -> None:
        self.warehouse = warehouse
        self.backend = backend
        self.engine = backend.name
        self.calendar = calendar or Calendar()
        self._tables: dict[str, tuple[int, ibis.Table]] = {}

    def table(self, spec: TableSpec) -> ibis.Table:
        delta = self.warehouse.open(spec)
        version = -1 if delta is None else delta.version()
        cached = self._tables.get(spec.name)
        if cached is None or cached[0] != version:
            files = [] if delta is None else list(delta.file_uris())
            if not files:
                raise ValueError(f"table {spec.name!r} has no data files to read")
            self._tables[spec.name] = (version, self._read(spec.name, files))
        return self._tables[spec.name][1]

    def _read(self, name: str, files: list[str]) -> ibis.Table:
        if self.backend.name == "pyspark":
            # Ibis' PySpark `read_parquet` takes one path (a list becomes the glob "['…']"), but a
            # Delta version is a list of files: read them through the session and register a view.
            session = self.backend._session
            session.read.parquet(*files).createOrReplaceTempView(name)
            return self.backend.table(name)
        return self.backend.read_parquet(files, table_name=name)

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]:
        return list(self.backend.to_pyarrow(expr).to_pylist())
