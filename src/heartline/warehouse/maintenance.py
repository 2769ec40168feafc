"""Keeping tables fast to read: compaction of the small files many merges leave behind."""

from __future__ import annotations

from dataclasses import dataclass

from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

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
    older than the retention period that no version needs."""
    with warehouse.writing(spec):
        table = warehouse.ensure(spec)
        before = len(table.file_uris())
        if before > 1:
            table.optimize.compact()
            table.vacuum(retention_hours=RETENTION_HOURS, enforce_retention_duration=True, dry_run=False)
            table.update_incremental()
        return CompactionResult(spec.name, before, len(table.file_uris()), table.version())
