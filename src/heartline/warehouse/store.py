"""Where warehouse tables live on disk and how a table is opened or created."""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from deltalake import DeltaTable
from deltalake.exceptions import TableNotFoundError

from heartline.warehouse.tables import TableSpec


def default_root() -> Path:
    """The warehouse folder: Django's WAREHOUSE_DIR when settings are loaded, else $HEARTLINE_HOME/warehouse."""
    try:
        from django.conf import settings

        if settings.configured:
            return Path(settings.WAREHOUSE_DIR)
    except ImportError:  # pragma: no cover - Django is a dependency, but the warehouse works without it
        pass
    return (Path(os.environ.get("HEARTLINE_HOME", "var")) / "warehouse").resolve()


@dataclass(frozen=True)
class Warehouse:
    """A folder of Delta tables, one sub-folder per registered table."""

    root: Path

    @classmethod
    def default(cls) -> Warehouse:
        return cls(default_root())

    def path(self, spec: TableSpec) -> Path:
        return self.root / spec.name

    def open(self, spec: TableSpec) -> DeltaTable | None:
        """The table's current version, or None when nothing was ever written to it."""
        try:
            return DeltaTable(str(self.path(spec)))
        except TableNotFoundError:
            return None

    def ensure(self, spec: TableSpec) -> DeltaTable:
        """Open the table, creating it empty with its registered schema when missing."""
        table = self.open(spec)
        if table is None:
            self.root.mkdir(parents=True, exist_ok=True)
            table = DeltaTable.create(str(self.path(spec)), spec.schema, mode="ignore", name=spec.name)
        return table

    @contextmanager
    def writing(self, spec: TableSpec) -> Iterator[None]:
        """Hold the table's write lock: one writer (ingest, demo, compaction) per table at a time,
        across processes on this machine, so merges never conflict and a first load never races
        another into duplicate rows. Readers never wait."""
        locks = self.root / ".locks"
        locks.mkdir(parents=True, exist_ok=True)
        with open(locks / f"{spec.name}.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def parquet_files(self, spec: TableSpec) -> list[str]:
        """Data files of the current version (valid while the table has no deletion vectors)."""
        table = self.open(spec)
        return [] if table is None else list(table.file_uris())
