"""Where warehouse tables live on disk and how a table is opened or created."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from heartline.warehouse.shared_cache import SharedCache
from heartline.warehouse.tables import TableSpec

if TYPE_CHECKING:
    from deltalake import DeltaTable

# A commit of a Delta table: `_delta_log/<version, 20 digits>.json`, written whole (renamed into place).
_COMMIT = re.compile(r"^(\d{20})\.json$")

# Where each table's log stood when it was last opened, and the (id, version) it held then.
_Position = tuple[int, int, int]
_KNOWN: dict[Path, tuple[_Position, str, int]] = {}
# Answers, versions and the like computed from the tables live under `<warehouse>/.cache/<kind>`.
CACHE_FOLDER = ".cache"
# The shared memo of (id, version) by log position holds a few hundred bytes per commit seen.
VERSION_MEMO_BYTES = 4 * 1024 * 1024


def log_position(table_folder: Path) -> _Position | None:
    """(latest commit number, its file's inode and modification time) of a Delta table's log, None
    when there is no table: a listing of one folder, which changes with every commit and when a
    table is deleted and created again (a new commit file), without reading the log."""
    log = table_folder / "_delta_log"
    try:
        with os.scandir(log) as entries:
            numbers = [int(e.name[:20]) for e in entries if _COMMIT.match(e.name)]
        if not numbers:
            return None
        latest = max(numbers)
        stat = (log / f"{latest:020d}.json").stat()
    except FileNotFoundError:
        return None
    return (latest, stat.st_ino, stat.st_mtime_ns)


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

    def cache_folder(self, kind: str) -> Path:
        """Where `kind` answers over this warehouse are kept (`<warehouse>/.cache/<kind>`)."""
        return self.root / CACHE_FOLDER / kind

    def open(self, spec: TableSpec) -> DeltaTable | None:
        """The table's current version, or None when nothing was ever written to it."""
        return self._open_folder(self.path(spec))

    def _open_folder(self, folder: Path) -> DeltaTable | None:
        from deltalake import DeltaTable
        from deltalake.exceptions import TableNotFoundError

        try:
            return DeltaTable(str(folder))
        except TableNotFoundError:
            return None

    def version(self, spec: TableSpec) -> tuple[str, int] | None:
        """(table id, version) of the table now, None when nothing was ever written to it. The log is
        opened only when its folder shows a commit since the last look (`log_position`), so asking
        per request (is a derived table current? which files does a view read?) costs a listing.

        What a log position held is also kept on disk for the other processes over this warehouse
        (`.cache/versions`, by folder and position): a command that starts after the server has seen
        the tables lists their logs and reads that memo instead of opening them with delta-rs (which
        brings pyarrow). Same position, same commit file: the same inference the in-process memo makes.
        """
        return self.version_of(spec.name)

    def version_of(self, name: str) -> tuple[str, int] | None:
        """`version()` of the table named `name` (registered or not: the folder says)."""
        folder = self.root / name
        position = log_position(folder)
        if position is None:
            return None
        known = _KNOWN.get(folder)
        if known is not None and known[0] == position:
            return known[1], known[2]
        memo = _version_memo(self.root)
        memo_key = ("delta-version", str(folder), position)
        seen, remembered = memo.lookup(memo_key)
        if seen and isinstance(remembered, tuple):
            _KNOWN[folder] = (position, *remembered)
            return remembered[0], remembered[1]
        table = self._open_folder(folder)
        if table is None:
            return None
        found = (str(table.metadata().id), table.version())
        if found[1] == position[0]:  # not a commit that landed between the listing and the open
            _KNOWN[folder] = (position, *found)
            with contextlib.suppress(OSError):  # a warehouse this process may not write to
                memo.put(memo_key, found)
        return found

    def ensure(self, spec: TableSpec) -> DeltaTable:
        """Open the table, creating it empty with its registered schema when missing."""
        table = self.open(spec)
        if table is None:
            self.root.mkdir(parents=True, exist_ok=True)
            from deltalake import DeltaTable

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


@lru_cache(maxsize=8)
def _version_memo(root: Path) -> SharedCache:
    return SharedCache(root / CACHE_FOLDER / "versions", max_bytes=VERSION_MEMO_BYTES)
