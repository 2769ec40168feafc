"""The idempotent writer: merge a batch into a table on its natural key, and log the batch.

A row whose key is new is inserted; a row whose key exists and whose values differ replaces the
stored row; an identical row changes nothing. Re-running the same batch therefore stores nothing
new. Every batch is recorded in the `_batch_log` table with its counts.

A table with `cluster_by` columns gets its rows sorted by them before they are written, in small row
groups: each row group then covers a narrow range of those columns, and a reader filtering on one
value (`member_id = ?`) skips every row group whose min/max statistics exclude it.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from datetime import UTC, datetime
from typing import Literal

import deltalake.exceptions
import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from deltalake import DeltaTable, WriterProperties, write_deltalake
from deltalake import Field as DeltaField
from deltalake.transaction import AddAction, RemoveAction

from heartline.warehouse.reader import padding
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

logger = logging.getLogger(__name__)

BATCH_LOG_SCHEMA = pa.schema(
    [
        pa.field("batch_id", pa.string(), nullable=False),
        pa.field("table_name", pa.string(), nullable=False),
        pa.field("source", pa.string()),
        pa.field("written_at", pa.timestamp("us", tz="UTC"), nullable=False),
        pa.field("read", pa.int64()),
        pa.field("inserted", pa.int64()),
        pa.field("updated", pa.int64()),
        pa.field("unchanged", pa.int64()),
        pa.field("table_version", pa.int64()),
    ]
)
BATCH_LOG = TableSpec(name="_batch_log", schema=BATCH_LOG_SCHEMA, natural_key=("batch_id",))

# Rows per Parquet row group in a clustered table: small enough that a read of one member's rows
# touches one or two row groups (~16k rows) instead of a whole file, large enough that the footers
# stay small (15M claim lines: ~900 row groups).
CLUSTERED_ROW_GROUP_ROWS = 16_384
# Rows sampled (evenly across the data) to tell which columns' values repeat enough to be worth a
# Parquet dictionary; a column with more distinct values than this share of them is written plain.
DICTIONARY_SAMPLE_ROWS = 16_384
DICTIONARY_MAX_DISTINCT_SHARE = 0.5


def clustered(spec: TableSpec, data: pa.Table) -> pa.Table:
    """`data` sorted by the table's `cluster_by` columns (unchanged for a table without them)."""
    if not spec.cluster_by or data.num_rows < 2:
        return data
    return data.sort_by([(column, "ascending") for column in spec.cluster_by])


def writer_properties(spec: TableSpec) -> WriterProperties | None:
    """Parquet settings for `spec`'s files: small row groups when the table is clustered."""
    return WriterProperties(max_row_group_size=CLUSTERED_ROW_GROUP_ROWS) if spec.cluster_by else None


# Keys of the rows a write inserted or updated are kept up to this many (for incremental derived tables).
TOUCHED_MAX_ROWS = 1_000_000


@dataclass(frozen=True)
class BatchResult:
    """What one write did. `read` counts rows offered (after collapsing duplicate keys).

    `touched` holds the natural keys of the rows the write may have inserted or changed (a superset;
    None when there were too many to keep or the write was a first load), `previous_version` the
    table's version before it (None when the table did not exist): derived tables are brought up to
    date from them (heartline.warehouse.derived)."""

    batch_id: str
    table_name: str
    read: int
    inserted: int
    updated: int
    unchanged: int
    table_version: int
    touched: pa.Table | None = dataclass_field(default=None, compare=False, repr=False)
    previous_version: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k not in ("touched", "previous_version")}


def required_columns(spec: TableSpec) -> list[str]:
    """Columns every row must carry: the natural key, the declared required ones, non-nullable fields."""
    wanted = {*spec.natural_key, *spec.required, *(f.name for f in spec.schema if not f.nullable)}
    return [name for name in spec.schema.names if name in wanted]


def conform(spec: TableSpec, batch: pa.Table) -> pa.Table:
    """Cast `batch` to the table's schema: same column order and types, missing optional columns as nulls.

    Raises ValueError naming the columns when the batch has a column the table lacks, or lacks (or
    holds nulls in) a column every row must carry, rather than failing later inside the Delta writer.
    """
    unknown = [name for name in batch.column_names if name not in spec.schema.names]
    if unknown:
        raise ValueError(f"table {spec.name!r} has no columns {unknown}")
    required = required_columns(spec)
    missing = [name for name in required if name not in batch.column_names]
    if missing:
        raise ValueError(f"table {spec.name!r} needs columns {missing}, missing from the batch")
    with_nulls = [name for name in required if batch.column(name).null_count]
    if with_nulls:
        raise ValueError(f"table {spec.name!r}: columns {with_nulls} must have a value in every row")
    columns = []
    for field in spec.schema:
        if field.name in batch.column_names:
            columns.append(batch.column(field.name).cast(field.type))
        else:
            columns.append(pa.nulls(batch.num_rows, type=field.type))
    return pa.Table.from_arrays(columns, schema=spec.schema)


def dictionary_columns(data: pa.Table) -> list[str]:
    """The columns of `data` to dictionary-encode in Parquet: those whose values repeat.

    Arrow dictionary-encodes every column by default, and a column of mostly distinct values (a key,
    times to the microsecond) then costs a hash of every value and a dictionary page before Arrow
    gives up on it, past 1 MB, and writes the rest plain: ~30% of a contacts file's write time, and
    a larger file. Which values repeat is judged from an even sample of the rows; the values
    themselves are the same either way."""
    if data.num_rows == 0:
        return list(data.column_names)
    step = max(1, data.num_rows // DICTIONARY_SAMPLE_ROWS)
    sample = data.take(pa.array(range(0, data.num_rows, step), pa.int64()))
    most = DICTIONARY_MAX_DISTINCT_SHARE * sample.num_rows
    return [name for name in sample.column_names if pc.count_distinct(sample.column(name)).as_py() <= most]


def _distinct_count(column: pa.ChunkedArray) -> int:
    """How many distinct values `column` holds (DuckDB counts on every core; pyarrow's unique uses one)."""
    with duckdb.connect() as con:
        con.register("batch_keys", pa.table({"k": column}))
        row = con.execute("SELECT COUNT(DISTINCT k) FROM batch_keys").fetchone()
    return int(row[0]) if row else 0


def last_per_key(spec: TableSpec, batch: pa.Table) -> pa.Table:
    """Keep the last row for each natural key, so a batch that repeats a key stores it once."""
    if batch.num_rows == 0:
        return batch
    keys = list(spec.natural_key)
    if len(keys) == 1 and _distinct_count(batch.column(keys[0])) == batch.num_rows:
        return batch  # the usual case, checked with one parallel hash pass instead of a group-by
    indexed = batch.select(keys).append_column("__row", pa.array(range(batch.num_rows), pa.int64()))
    last = indexed.group_by(keys, use_threads=False).aggregate([("__row", "max")])
    if last.num_rows == batch.num_rows:
        return batch
    rows = pc.sort_indices(last.column("__row_max"))
    return batch.take(pc.take(last.column("__row_max"), rows))


def _quoted(column: str) -> str:
    return f"`{column}`"


# From this many rows on, rows identical to the stored ones are dropped before the Delta merge: a
# DuckDB join on every core is ~10× faster than letting the merge compare them (a re-run of 10M
# contacts: ~4 s instead of ~38 s). Smaller batches go to the merge as they are.
PREFILTER_MIN_ROWS = 50_000


def new_or_changed(spec: TableSpec, stored_files: list[str], data: pa.Table) -> pa.Table:
    """The rows of `data` whose key is not stored yet or whose values differ from the stored row."""
    if not stored_files:
        return data
    key = " AND ".join(f'b."{k}" = s."{k}"' for k in spec.natural_key)
    differs = " OR ".join(f'b."{c}" IS DISTINCT FROM s."{c}"' for c in spec.schema.names if c not in spec.natural_key)
    missing = f's."{spec.natural_key[0]}" IS NULL'
    listing = ", ".join("'" + f.replace("'", "''") + "'" for f in stored_files)
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        con.register("batch_rows", data)
        stored = f"(SELECT *{padding(con, spec, listing)} FROM read_parquet([{listing}], union_by_name = true))"  # noqa: S608
        # Column names come from the table registry; file paths are quoted above.
        query = (
            f"SELECT b.* FROM batch_rows b LEFT JOIN {stored} s "  # noqa: S608
            f"ON {key} WHERE {missing}" + (f" OR {differs}" if differs else "")
        )
        found = con.sql(query).to_arrow_table()
    return found.select(spec.schema.names).cast(spec.schema)


def write_batch(warehouse: Warehouse, spec: TableSpec, batch: pa.Table, source: str = "") -> BatchResult:
    """Merge `batch` into `spec`'s table on its natural key and log the batch; returns the counts.

    Writers of one table take turns (`Warehouse.writing`), so concurrent ingests neither conflict
    nor both take the first-load path."""
    data = clustered(spec, last_per_key(spec, conform(spec, batch)))
    with warehouse.writing(spec):
        before = warehouse.open(spec)
        previous = None if before is None else before.version()
        inserted, updated, offered = _store(warehouse, spec, data)
        version = warehouse.ensure(spec).version()
    touched = None
    if offered is not None and offered.num_rows <= TOUCHED_MAX_ROWS:
        touched = offered.select(list(spec.natural_key))
    result = BatchResult(
        batch_id=uuid.uuid4().hex,
        table_name=spec.name,
        read=data.num_rows,
        inserted=inserted,
        updated=updated,
        unchanged=data.num_rows - inserted - updated,
        table_version=version,
        touched=touched,
        previous_version=previous,
    )
    log_batch(warehouse, result, source)
    return result


def log_batch(warehouse: Warehouse, result: BatchResult, source: str) -> None:
    """Record a committed batch in `_batch_log`."""
    try:
        _log(warehouse, result, source)
    except (OSError, deltalake.exceptions.DeltaError):
        # The batch is committed: a batch log that cannot be written (a full disk) must not make the
        # caller believe it was not, nor lose the counts; they go to the application log instead.
        logger.exception(
            "batch %s of %s stored but not written to %s", result.batch_id, result.table_name, BATCH_LOG.name
        )


def _store(warehouse: Warehouse, spec: TableSpec, data: pa.Table) -> tuple[int, int, pa.Table | None]:
    """Insert new keys and update changed rows; returns (inserted, updated, the rows offered to the
    merge — None on a first load). The caller holds the lock."""
    table = warehouse.open(spec)
    if table is None or (table.version() == 0 and not table.file_uris()):
        # First load: a plain write is much faster than a merge into nothing.
        if data.num_rows >= PARALLEL_FIRST_LOAD_MIN_ROWS:
            _append_files_in_parallel(warehouse, spec, data)
        elif data.num_rows:
            mode: Literal["append", "error"] = "append" if table else "error"
            properties = writer_properties(spec)
            if properties is None:
                write_deltalake(str(warehouse.path(spec)), data, mode=mode)
            else:
                write_deltalake(str(warehouse.path(spec)), data, mode=mode, writer_properties=properties)
        return data.num_rows, 0, None
    grow_columns(table, spec)
    if data.num_rows >= PREFILTER_MIN_ROWS:
        data = new_or_changed(spec, list(table.file_uris()), data)
    if data.num_rows == 0:
        return 0, 0, data
    return (*merge_rows(table, spec, data), data)


def merge_rows(table: DeltaTable, spec: TableSpec, data: pa.Table) -> tuple[int, int]:
    """Merge `data` into `table` on the natural key (changed rows replace, new ones are inserted);
    returns (inserted, updated)."""
    on = " AND ".join(f"t.{_quoted(k)} = s.{_quoted(k)}" for k in spec.natural_key)
    changed = " OR ".join(
        f"(t.{_quoted(c)} IS DISTINCT FROM s.{_quoted(c)})" for c in spec.schema.names if c not in spec.natural_key
    )
    merger = table.merge(
        data, predicate=on, source_alias="s", target_alias="t", writer_properties=writer_properties(spec)
    )
    if changed:
        merger = merger.when_matched_update_all(predicate=changed)
    metrics = merger.when_not_matched_insert_all().execute()
    return int(metrics.get("num_target_rows_inserted", 0)), int(metrics.get("num_target_rows_updated", 0))


def grow_columns(table: DeltaTable, spec: TableSpec) -> None:
    """Add to the stored table the columns its spec has gained since it was created (as nullable)."""
    stored = {field.name for field in table.schema().fields}
    missing = [field for field in spec.schema if field.name not in stored]
    if missing:
        table.alter.add_columns([DeltaField.from_arrow(field.with_nullable(True)) for field in missing])


# A first load this large is written as Parquet files on every core and committed as one Delta
# transaction (10M contacts: ~2 s instead of ~5 s through the Delta writer's single encoder).
PARALLEL_FIRST_LOAD_MIN_ROWS = 1_000_000
ROWS_PER_FILE = 2_500_000


def _append_files_in_parallel(warehouse: Warehouse, spec: TableSpec, data: pa.Table) -> None:
    """Write `data` as Parquet files inside the table's folder, one per core at a time, then add them
    all in one commit. Files of a failed load are never committed, so readers never see them."""
    table = warehouse.ensure(spec)
    folder = warehouse.path(spec)
    count = max(1, -(-data.num_rows // ROWS_PER_FILE))
    step = -(-data.num_rows // count)
    prefix = f"part-{uuid.uuid4().hex}"
    parts = [(f"{prefix}-{i:05d}.snappy.parquet", data.slice(i * step, step)) for i in range(count)]

    def write(part: tuple[str, pa.Table]) -> AddAction:
        name, rows = part
        row_group_size = CLUSTERED_ROW_GROUP_ROWS if spec.cluster_by else None
        pq.write_table(
            rows,
            folder / name,
            compression="snappy",
            row_group_size=row_group_size,
            use_dictionary=dictionary_columns(rows),
        )
        return AddAction(
            path=name,
            size=(folder / name).stat().st_size,
            partition_values={},
            modification_time=int(time.time() * 1000),
            data_change=True,
            stats=json.dumps({"numRecords": rows.num_rows}),
        )

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        actions: list[AddAction | RemoveAction] = list(pool.map(write, parts))
    table.create_write_transaction(actions, mode="append", schema=spec.schema)


def _log(warehouse: Warehouse, result: BatchResult, source: str) -> None:
    row = {**result.as_dict(), "source": source, "written_at": datetime.now(UTC)}
    log = pa.Table.from_pylist([row], schema=BATCH_LOG_SCHEMA)
    with warehouse.writing(BATCH_LOG):
        write_deltalake(str(warehouse.path(BATCH_LOG)), log, mode="append")
