"""Reading warehouse tables through Ibis.

`DuckDBSource` (the default) exposes each registered table as a DuckDB view over the Parquet files of
the table's current Delta version, re-pointed whenever a writer commits a new version, so readers in
any process see committed data only. `ParquetSource` does the same on any Ibis backend that can read
Parquet (PySpark local mode in the scale-out check).
"""

from __future__ import annotations

import threading
from typing import Protocol

import duckdb
import ibis
from ibis.backends.duckdb import Backend as DuckDBBackend

from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec


class TableSource(Protocol):
    """Something that hands out Ibis tables for registered warehouse tables."""

    def table(self, spec: TableSpec) -> ibis.Table: ...

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]: ...


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


class DuckDBSource:
    """Warehouse tables as DuckDB views, one in-memory DuckDB connection per thread."""

    def __init__(self, warehouse: Warehouse, threads: int | None = None) -> None:
        self.warehouse = warehouse
        self.threads = threads
        self._local = threading.local()

    def _backend(self) -> tuple[DuckDBBackend, dict[str, int]]:
        backend = getattr(self._local, "backend", None)
        if backend is None:
            raw = duckdb.connect(":memory:")
            if self.threads:
                raw.execute(f"SET threads TO {int(self.threads)}")
            backend = ibis.duckdb.from_connection(raw)
            self._local.backend = backend
            self._local.versions = {}
        return backend, self._local.versions

    def table(self, spec: TableSpec) -> ibis.Table:
        backend, versions = self._backend()
        delta = self.warehouse.open(spec)
        version = -1 if delta is None else delta.version()
        if versions.get(spec.name) != version:
            raw = backend.con
            files = [] if delta is None else list(delta.file_uris())
            if files:
                listing = ", ".join(_sql_string(f) for f in files)
                raw.execute(
                    f'CREATE OR REPLACE VIEW "{spec.name}" AS '
                    f"SELECT * FROM read_parquet([{listing}], union_by_name = true)"
                )
            else:
                raw.execute(f'DROP VIEW IF EXISTS "{spec.name}"')
                raw.register(f"{spec.name}__empty", spec.empty())
                raw.execute(f'CREATE OR REPLACE VIEW "{spec.name}" AS SELECT * FROM "{spec.name}__empty"')
            versions[spec.name] = version
        return backend.table(spec.name)

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]:
        backend, _ = self._backend()
        return list(backend.to_pyarrow(expr).to_pylist())


class ParquetSource:
    """Warehouse tables read from their Parquet files by another Ibis backend (e.g. PySpark)."""

    def __init__(self, warehouse: Warehouse, backend: ibis.BaseBackend) -> None:
        self.warehouse = warehouse
        self.backend = backend
        self._tables: dict[str, ibis.Table] = {}

    def table(self, spec: TableSpec) -> ibis.Table:
        if spec.name not in self._tables:
            files = self.warehouse.parquet_files(spec)
            if not files:
                raise ValueError(f"table {spec.name!r} has no data files to read")
            self._tables[spec.name] = self.backend.read_parquet(files, table_name=spec.name)  # type: ignore[attr-defined]
        return self._tables[spec.name]

    def execute(self, expr: ibis.Table) -> list[dict[str, object]]:
        return list(self.backend.to_pyarrow(expr).to_pylist())
