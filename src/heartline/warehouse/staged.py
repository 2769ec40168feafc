"""A write too large to hold in memory: staged batch by batch as Parquet files, then committed at once.

`StagedWrite.add()` writes each batch (conformed to the table's schema) to Parquet files in the
table's folder, which no reader sees until a Delta commit names them; `publish()` then takes the
table's write lock and stores them as `write_batch` would, with the same guarantees:

- the first load of a table commits the staged files as they are, in one commit;
- into a table that holds rows, DuckDB (on disk past a memory limit) splits the staged rows into
  keys not stored yet — appended as new files — and keys stored with other values, merged on the
  natural key (the rows compared by a hash of the key and one of the other values, `_split`);
  identical rows change nothing, so a re-run stores nothing new;
- the rows of several inputs (`group`s) that share a key keep the last input's row, as one
  `write_batch` of their concatenation would; `drop` keys are left out entirely.

Nothing is committed until everything is staged and checked; `discard()` removes the staged files.
New rows and changed rows go in one commit when the new ones are few (≤ `MERGE_NEW_MAX_ROWS`);
otherwise the new rows are committed first and the changes merged after (a run that fails between
the two is completed by running it again: its new rows are then unchanged).
"""

from __future__ import annotations

import json
import shutil
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from deltalake import DeltaTable
from deltalake.transaction import AddAction, RemoveAction

from heartline.warehouse.reader import padding
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import (
    CLUSTERED_ROW_GROUP_ROWS,
    BatchResult,
    conform,
    dictionary_columns,
    grow_columns,
    log_batch,
    merge_rows,
)

STAGED_FILE_ROWS = 2_000_000  # rows per staged Parquet file (about the writer's ROWS_PER_FILE)
MERGE_NEW_MAX_ROWS = 1_000_000  # new rows merged together with changed ones (one commit) up to this many
MERGE_CHUNK_ROWS = 1_000_000  # changed rows merged per commit
TOUCHED_MAX_ROWS = 1_000_000  # keys of the rows a write touched, kept for incremental derived tables
DUCKDB_MEMORY_LIMIT = "400MB"  # past this DuckDB works on disk (the warehouse's .tmp folder)
MAX_WAITING_WRITES = 2  # batches handed to the staging thread and not yet written


@dataclass
class _Part:
    name: str
    rows: int
    group: int


def _listing(paths: list[Path] | list[str]) -> str:
    return ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)


class StagedWrite:
    """Batches of one table's rows, staged on disk until `publish()` or `discard()`."""

    def __init__(self, warehouse: Warehouse, spec: TableSpec) -> None:
        self.warehouse = warehouse
        self.spec = spec
        self.folder = warehouse.path(spec)
        self.prefix = f"part-{uuid.uuid4().hex}"
        self.parts: list[_Part] = []
        self._writer: pq.ParquetWriter | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._pending: deque[Future[None]] = deque()

    @property
    def rows(self) -> int:
        return sum(part.rows for part in self.parts)

    def _path(self, part: _Part) -> Path:
        return self.folder / part.name

    def add(self, batch: pa.Table, group: int = 0) -> tuple[str, int]:
        """Stage `batch` (columns of the table; conformed here) as rows of input `group`; returns the
        staged file it goes to and the position of its first row there. The file is written on a
        thread of its own while the caller reads and checks the next batch (at most two batches wait)."""
        data = conform(self.spec, batch)  # in the input's order (a clustered table is sorted by compaction)
        last = self.parts[-1] if self.parts else None
        if last is None or last.group != group or last.rows >= STAGED_FILE_ROWS:
            self.folder.mkdir(parents=True, exist_ok=True)
            last = _Part(f"{self.prefix}-{len(self.parts):05d}.snappy.parquet", 0, group)
            self.parts.append(last)
            self._submit(self._start, self._path(last), data)
        self._submit(self._write, data)
        offset = last.rows
        last.rows += data.num_rows
        return last.name, offset

    def _submit(self, work: Callable[..., None], *args: object) -> None:
        while len(self._pending) >= MAX_WAITING_WRITES:
            self._pending.popleft().result()
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="staging")
        self._pending.append(self._pool.submit(work, *args))

    def _start(self, path: Path, first: pa.Table) -> None:
        """Open the next staged file; its columns' encodings are chosen from its first batch."""
        self._close()
        self._writer = pq.ParquetWriter(
            path, self.spec.schema, compression="snappy", use_dictionary=dictionary_columns(first)
        )

    def _write(self, data: pa.Table) -> None:
        if self._writer is None:
            raise RuntimeError("no staged file is open")
        row_group_size = CLUSTERED_ROW_GROUP_ROWS if self.spec.cluster_by else None
        self._writer.write_table(data, row_group_size=row_group_size)

    def drop_group(self, group: int) -> None:
        """Remove what was staged for input `group` (to read it again)."""
        self.flush()
        for part in [p for p in self.parts if p.group == group]:
            self._path(part).unlink(missing_ok=True)
        self.parts = [p for p in self.parts if p.group != group]

    def flush(self) -> None:
        """Finish writing the staged files, so they can be read (raises what a write raised)."""
        while self._pending:
            self._pending.popleft().result()
        self._close()

    def _close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def discard(self) -> None:
        """Remove the staged files (nothing of them was committed)."""
        for waiting in self._pending:
            waiting.cancel()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        self._pending.clear()
        try:
            self._close()
        except OSError:
            self._writer = None
        for part in self.parts:
            self._path(part).unlink(missing_ok=True)
        self.parts = []

    # -- DuckDB, bounded ---------------------------------------------------------------------------

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection that works on disk (the warehouse's .tmp folder) past a memory limit."""
        spill = self.warehouse.root / ".tmp"
        spill.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"SET memory_limit = '{DUCKDB_MEMORY_LIMIT}'")
        con.execute(f"SET temp_directory = '{spill.as_posix()}'")
        return con

    def _key_join(self, left: str, right: str) -> str:
        return " AND ".join(f'{left}."{k}" = {right}."{k}"' for k in self.spec.natural_key)

    def _rewrite_without(self, con: duckdb.DuckDBPyConnection, part: _Part, dropped: str) -> None:
        """Rewrite one staged file without the rows whose key is in the relation `dropped`."""
        path = self._path(part)
        partial = path.with_name(path.name + ".partial")
        source = f"read_parquet([{_listing([path])}])"
        con.execute(
            f"COPY (SELECT b.* FROM {source} b ANTI JOIN {dropped} d ON {self._key_join('b', 'd')}) "  # noqa: S608
            f"TO '{partial.as_posix()}' (FORMAT parquet, COMPRESSION snappy)"
        )
        rows = pq.ParquetFile(partial).metadata.num_rows
        partial.replace(path)
        part.rows = rows

    def _collapse(self, con: duckdb.DuckDBPyConnection, drop: pa.Table | None) -> None:
        """Leave out the `drop` keys, and every input's row of a key a later input also has."""
        keys = ", ".join(f'"{k}"' for k in self.spec.natural_key)
        if drop is not None and drop.num_rows:
            con.register("dropped_keys", drop.select(list(self.spec.natural_key)))
            for part in self.parts:
                self._rewrite_without(con, part, "dropped_keys")
        groups = {part.group for part in self.parts}
        if len(groups) > 1:
            named = pa.table(
                {"filename": [str(self._path(p)) for p in self.parts], "grp": [p.group for p in self.parts]}
            )
            con.register("part_groups", named)
            staged = f"read_parquet([{_listing([self._path(p) for p in self.parts])}], filename = true)"
            con.execute(
                f"CREATE TEMP TABLE repeated AS SELECT {keys}, max(g.grp) AS last_group "  # noqa: S608
                f"FROM {staged} s JOIN part_groups g USING (filename) GROUP BY {keys} HAVING count(*) > 1"
            )
            for part in self.parts:
                later = f"SELECT * FROM repeated WHERE last_group > {int(part.group)}"  # noqa: S608
                con.execute(f"CREATE OR REPLACE TEMP VIEW later_keys AS {later}")
                if con.execute("SELECT count(*) FROM later_keys").fetchone() != (0,):
                    self._rewrite_without(con, part, "later_keys")
        for part in self.parts:
            if not part.rows:
                self._path(part).unlink(missing_ok=True)
        self.parts = [part for part in self.parts if part.rows]

    # -- committing --------------------------------------------------------------------------------

    def _add_actions(self, table: DeltaTable, names: list[tuple[str, int]]) -> None:
        actions: list[AddAction | RemoveAction] = [
            AddAction(
                path=name,
                size=(self.folder / name).stat().st_size,
                partition_values={},
                modification_time=int(time.time() * 1000),
                data_change=True,
                stats=json.dumps({"numRecords": rows}),
            )
            for name, rows in names
        ]
        table.create_write_transaction(actions, mode="append", schema=self.spec.schema)

    def _split(self, con: duckdb.DuckDBPyConnection, table: DeltaTable) -> tuple[list[tuple[str, int]], str | None]:
        """Write the staged rows whose key is not stored as new files; return them and the SQL of the
        rows that may have changed (None when none differ: a re-run of stored rows).

        The staged and stored rows are compared by fingerprint, never whole: each side's rows reduced
        to a hash of the key and a hash of the other values (the stored columns cast to the table's
        types), joined on the key's hash. A hash join of two narrow columns stays in memory where a
        join of whole rows went to disk (a re-run of 5M contacts: ~4 s instead of ~26 s); at 100M rows
        DuckDB's join goes to disk within the memory limit at ~80 s of CPU, less than joining the
        hashes spilled as Parquet a share at a time did (docs/deployment.md). A staged key
        whose hash no stored row has is new for certain; one whose hashes both match a stored row's is
        unchanged (wrongly so only if a changed row's two 64-bit hashes both collide); the others go to
        the merge, which compares them on the key itself."""
        stored_files = list(table.file_uris())
        stored_listing = _listing(stored_files)
        # Column names come from the table registry; file paths are quoted by _listing.
        padded = padding(con, self.spec, stored_listing)
        stored = f"SELECT *{padded} FROM read_parquet([{stored_listing}], union_by_name = true)"  # noqa: S608
        staged = f"SELECT * FROM read_parquet([{_listing([self._path(p) for p in self.parts])}])"  # noqa: S608
        con.execute(f"CREATE TEMP VIEW staged AS {staged}")
        con.execute(f"CREATE TEMP VIEW stored AS {stored}")
        key_hash, values_hash = self._fingerprint(con)
        con.execute(
            "CREATE TEMP TABLE differing AS SELECT b.key_hash, s.key_hash IS NULL AS is_new "  # noqa: S608
            f"FROM (SELECT {key_hash} AS key_hash, {values_hash} AS values_hash FROM staged) b "
            f"LEFT JOIN (SELECT {key_hash} AS key_hash, {values_hash} AS values_hash FROM stored) s "
            "ON b.key_hash = s.key_hash WHERE s.key_hash IS NULL OR s.values_hash <> b.values_hash"
        )
        # fetchall: a result left half-read keeps the connection busy (DuckDB 2 refuses the next query).
        [(fresh, differ)] = con.execute(
            "SELECT count(*) FILTER (is_new), count(*) FILTER (NOT is_new) FROM differing"
        ).fetchall()

        def rows_where(which: str) -> str:
            # `differing` exposes key_hash alone, so the key's column names are the staged row's.
            chosen = f"SELECT key_hash FROM differing WHERE {which}"  # noqa: S608
            return f"SELECT b.* FROM staged b SEMI JOIN ({chosen}) d ON {key_hash} = d.key_hash"  # noqa: S608

        new: list[tuple[str, int]] = []
        if fresh:
            out = self.folder / f"{self.prefix}-new"
            options = "FORMAT parquet, COMPRESSION snappy, FILE_SIZE_BYTES '256MB'"
            con.execute(f"COPY ({rows_where('is_new')}) TO '{out.as_posix()}' ({options})")
            for index, path in enumerate(sorted(out.glob("*.parquet")) if out.is_dir() else []):
                rows = pq.ParquetFile(path).metadata.num_rows
                name = f"{self.prefix}-new-{index:05d}.snappy.parquet"
                path.replace(self.folder / name)
                if rows:
                    new.append((name, rows))
                else:
                    (self.folder / name).unlink()
            shutil.rmtree(out, ignore_errors=True)
        return new, (rows_where("NOT is_new") if differ else None)

    def _fingerprint(self, con: duckdb.DuckDBPyConnection) -> tuple[str, str]:
        """SQL of a row's key hash and of its other values' hash, each value cast to the table's type."""
        empty = con.from_arrow(self.spec.schema.empty_table())
        types = dict(zip(empty.columns, empty.types, strict=True))

        def hashed(names: list[str]) -> str:
            return "hash(" + ", ".join(f'"{n}"::{types[n]}' for n in names) + ")" if names else "0::UBIGINT"

        keys = list(self.spec.natural_key)
        return hashed(keys), hashed([n for n in self.spec.schema.names if n not in keys])

    def publish(self, source: str = "", drop: pa.Table | None = None) -> BatchResult:
        """Store the staged rows (less `drop` keys) in the table, merged on its natural key; log the batch."""
        self.flush()
        spec = self.spec
        with self.warehouse.writing(spec), self.connect() as con:
            self._collapse(con, drop)
            offered = self.rows
            table = self.warehouse.open(spec)
            previous = None if table is None else table.version()
            if table is None or (table.version() == 0 and not table.file_uris()):
                # First load: the staged files are the table's files.
                if self.parts:
                    self._add_actions(self.warehouse.ensure(spec), [(p.name, p.rows) for p in self.parts])
                self.parts = []
                inserted, updated, touched = offered, 0, None
            else:
                grow_columns(table, spec)
                if self.parts:
                    inserted, updated, touched = self._store_into(con, table)
                else:
                    inserted, updated, touched = 0, 0, spec.schema.empty_table().select(list(spec.natural_key))
            version = self.warehouse.ensure(spec).version()
        result = BatchResult(
            batch_id=uuid.uuid4().hex,
            table_name=spec.name,
            read=offered,
            inserted=inserted,
            updated=updated,
            unchanged=offered - inserted - updated,
            table_version=version,
            touched=touched,
            previous_version=previous,
        )
        log_batch(self.warehouse, result, source)
        return result

    def _store_into(self, con: duckdb.DuckDBPyConnection, table: DeltaTable) -> tuple[int, int, pa.Table | None]:
        """Append the new keys' rows and merge the changed ones; (inserted, updated, touched keys)."""
        keys = list(self.spec.natural_key)
        new, changed_sql = self._split(con, table)
        chunks = _tables(con.sql(changed_sql).to_arrow_reader(MERGE_CHUNK_ROWS)) if changed_sql else iter(())
        pending = next(chunks, None)
        touched: list[pa.Table] = []
        inserted = updated = 0
        if pending is not None and sum(rows for _, rows in new) <= MERGE_NEW_MAX_ROWS:
            # Few new rows: merged together with the changed ones, in one commit.
            fresh = [pq.read_table(self.folder / name).cast(self.spec.schema) for name, _ in new]
            for name, _ in new:
                (self.folder / name).unlink()
            pending = pa.concat_tables([*fresh, pending.cast(self.spec.schema)])
        elif new:
            self._add_actions(table, new)
            inserted = sum(rows for _, rows in new)
            if inserted <= TOUCHED_MAX_ROWS:
                touched.extend(pq.read_table(self.folder / name, columns=keys) for name, _ in new)
            table = self.warehouse.open(self.spec) or table
        too_many = inserted > TOUCHED_MAX_ROWS
        while pending is not None:
            too_many = too_many or sum(len(t) for t in touched) + pending.num_rows > TOUCHED_MAX_ROWS
            if not too_many:
                touched.append(pending.select(keys))
            more, changes = merge_rows(table, self.spec, pending.cast(self.spec.schema))
            inserted += more
            updated += changes
            table = self.warehouse.open(self.spec) or table
            pending = next(chunks, None)
        self.discard()
        if too_many:
            return inserted, updated, None
        empty = self.spec.schema.empty_table().select(keys)
        return inserted, updated, pa.concat_tables([empty, *(t.cast(empty.schema) for t in touched)])


def _tables(reader: pa.RecordBatchReader) -> Iterator[pa.Table]:
    for batch in reader:
        if batch.num_rows:
            yield pa.Table.from_batches([batch])
