"""Keeping tables fast to read: compaction of the small files many merges leave behind.

A clustered table (`TableSpec.cluster_by`) is rewritten sorted by its cluster columns in small row
groups, so after compaction every value of those columns sits in one narrow run of row groups that a
filtered read finds by the row groups' min/max statistics; merges since the last compaction only add
files that are each sorted on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
from deltalake import DeltaTable, WriterProperties, write_deltalake

from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import writer_properties

# Compaction pays off once a table has this many data files.
SMALL_FILE_THRESHOLD = 64
# Files no longer in the current version are kept this long, so slow readers still find them.
RETENTION_HOURS = 168


@dataclass(frozen=True)
class CompactionResult:
    table_name: str
    files_before: int
    files_after: int
    version: int


def needs_compaction(warehouse: Warehouse, spec: TableSpec) -> bool:
    return len(warehouse.parquet_files(spec)) >= SMALL_FILE_THRESHOLD


def compact(warehouse: Warehouse, spec: TableSpec) -> CompactionResult:
    """Rewrite small files into larger ones (a new version; readers keep working), then drop files
    older than the retention period that no version needs. A clustered table is rewritten sorted."""
    with warehouse.writing(spec):
        table = warehouse.ensure(spec)
        before = len(table.file_uris())
        if before > 1 or (before == 1 and spec.cluster_by):
            if spec.cluster_by:
                _rewrite_sorted(table, spec)
            else:
                table.optimize.compact()
            table.vacuum(retention_hours=RETENTION_HOURS, enforce_retention_duration=True, dry_run=False)
            table.update_incremental()
        return CompactionResult(spec.name, before, len(table.file_uris()), table.version())


def _rewrite_sorted(table: DeltaTable, spec: TableSpec) -> None:
    """Overwrite the table with its own rows sorted by `cluster_by` (one commit; DuckDB sorts and
    streams, spilling to disk rather than holding the table in memory)."""
    files = list(table.file_uris())
    listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    order = ", ".join('"' + c.replace('"', '""') + '"' for c in spec.cluster_by)
    columns = ", ".join('"' + c.replace('"', '""') + '"' for c in spec.schema.names)
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET TimeZone = 'UTC'")
        # Names come from the code's registry and paths from the Delta log, both quoted above.
        rows = con.sql(
            f"SELECT {columns} FROM read_parquet([{listing}], union_by_name = true) ORDER BY {order}"  # noqa: S608
        ).to_arrow_reader(batch_size=64_000)
        properties = writer_properties(spec) or WriterProperties()
        write_deltalake(table, rows.cast(spec.schema), mode="overwrite", writer_properties=properties)
    finally:
        con.close()
