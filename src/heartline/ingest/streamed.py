"""Native files checked and staged a batch at a time, so an ingest's memory never grows with its files.

Each file is read in batches (`batches.iter_native`); each batch's values are checked as a whole
file's are (`validation.check_records`), its valid rows staged on disk (`warehouse.staged`), and only
its bad rows kept in memory, with their original values for the rejects file. An id that appears
twice in one file is found once the whole file is staged — across batches — with one DuckDB group-by
over the staged keys, and every such row is bad, as in a file read whole (`repeated`). Then the
ingest is stored or refused exactly as before: all files' valid rows in one publish, or nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from heartline.ingest.batches import RenumberError, iter_native, prefetched
from heartline.ingest.formats import NativeFormat
from heartline.ingest.outcome import Progress
from heartline.ingest.readers import Malformed, RawRecords
from heartline.ingest.repeated import flag_repeated_keys
from heartline.ingest.report import PROBLEMS_SCHEMA, InputOutcome, outcome_of
from heartline.ingest.validation import PROBLEM_SCHEMA, Checked, ColumnError, check_records
from heartline.warehouse.staged import StagedWrite

if TYPE_CHECKING:
    import duckdb

# Bad rows (original values and problems) kept per file for its report and rejects; past this many
# the counts stay exact and the report says how many problems it does not list.
MAX_BAD_ROWS_KEPT = 200_000
ROW = "__row"
# A file's repeated ids are looked for by sorting their keys' 8-byte hashes in memory, at most this
# many at a time (160 MB): a bigger file's hashes are written to disk once and sorted a share at a
# time (hash modulo the number of shares). DuckDB's group-by of every key, the other way, ran out of
# its memory limit at 100M rows instead of working on disk.
HASHED_KEYS_MAX_ROWS = 20_000_000


# A run's row numbers: a range when they follow on (no bad row or multi-line record among them),
# which at 100M rows keeps 800 MB of int64s out of memory.
RowNumbers = np.ndarray | range


def _compact(numbers: np.ndarray) -> RowNumbers:
    if len(numbers) and int(numbers[-1]) - int(numbers[0]) == len(numbers) - 1 and bool(np.all(np.diff(numbers) == 1)):
        return range(int(numbers[0]), int(numbers[-1]) + 1)
    return numbers


@dataclass
class FileIntake:
    """One file as it is read: counts, its bad rows, and where its valid rows were staged."""

    path: Path
    group: int
    rows_read: int = 0
    rejected: int = 0
    file_problems: list[str] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    bad_raw: list[pa.Table] = field(default_factory=list)
    bad_numbers: list[np.ndarray] = field(default_factory=list)
    problems: list[pa.Table] = field(default_factory=list)  # PROBLEMS_SCHEMA, index into the kept bad rows
    bad_keys: list[pa.Table] = field(default_factory=list)  # typed keys of bad rows, with their row
    kept: int = 0
    not_kept: int = 0  # problems past MAX_BAD_ROWS_KEPT
    # Staged valid rows: (staged file, its first row's position there, row numbers of the rows).
    runs: list[tuple[str, int, RowNumbers]] = field(default_factory=list)
    repeated: pa.Table | None = None  # keys found on more than one row

    def reset(self) -> None:
        fresh = FileIntake(self.path, self.group)
        self.__dict__.update(fresh.__dict__)


def read_and_stage(
    fmt: NativeFormat,
    path: Path,
    group: int,
    staging: StagedWrite,
    progress: Progress,
    done_before: int,
    started: list[FileIntake] | None = None,
) -> FileIntake:
    """Read, check and stage one file; an error with the file as a whole leaves its staged rows in
    `staging` (the caller refuses the ingest and discards them). The intake is appended to `started`
    as soon as it begins, so a caller whose staging fails (a full disk) still knows what was read."""
    intake = FileIntake(path, group)
    if started is not None:
        started.append(intake)
    try:
        _read(fmt, intake, staging, progress, done_before, csv_threads=True)
    except RenumberError:
        # Arrow skipped a malformed row without its number: again, on one thread (rare).
        staging.drop_group(group)
        intake.reset()
        _read(fmt, intake, staging, progress, done_before, csv_threads=False)
    staging.flush()
    pa.default_memory_pool().release_unused()  # the batches' memory back before DuckDB takes its share
    if not intake.file_problems:
        _flag_repeats(fmt, intake, staging)
    return intake


def _parquet_rows(path: Path) -> int | None:
    try:
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (pa.ArrowInvalid, OSError):
        return None


def _read(
    fmt: NativeFormat, intake: FileIntake, staging: StagedWrite, progress: Progress, done_before: int, csv_threads: bool
) -> None:
    total = _parquet_rows(intake.path) if intake.path.suffix.lower() in (".parquet", ".pq") else None
    for raw in prefetched(iter_native(fmt, intake.path, csv_threads=csv_threads)):
        if raw.file_problems or intake.file_problems:
            # Refused as a whole: the rest is only counted.
            intake.file_problems.extend(p for p in raw.file_problems if p not in intake.file_problems)
            intake.rows_read += raw.rows_read
            continue
        try:
            checked = check_records(fmt, raw.table)
        except ColumnError as exc:
            intake.file_problems.append(str(exc))
            intake.rows_read += raw.rows_read
            continue
        if fmt.extra_check is not None:
            checked = fmt.extra_check(checked)
        _keep_bad(fmt, intake, raw, checked)
        good = checked.good()
        if good.num_rows:
            numbers = raw.row_numbers[~checked.bad_rows] if checked.bad_count else raw.row_numbers
            name, offset = staging.add(fmt.fill(good) if fmt.fill is not None else good, intake.group)
            intake.runs.append((name, offset, _compact(numbers)))
        done = done_before + intake.rows_read
        progress("Checking rows", done, done_before + total if total is not None else done)


def _keep_bad(fmt: NativeFormat, intake: FileIntake, raw: RawRecords, checked: Checked) -> None:
    outcome = outcome_of(raw, checked)
    intake.rows_read += raw.rows_read
    intake.rejected += checked.bad_count + len(raw.malformed)
    problems = outcome.problems
    if not problems.num_rows:
        return
    room = MAX_BAD_ROWS_KEPT - intake.kept
    bad = np.flatnonzero(checked.bad_rows)
    if room <= 0:
        intake.not_kept += problems.num_rows
        return
    if len(bad) > room or len(raw.malformed) > room:
        bad = bad[:room]
        cut = raw.row_numbers[bad[-1]] if len(bad) else 0
        within = pc.less_equal(pc.fill_null(problems.column("row"), 0), cut)
        intake.not_kept += problems.num_rows - int(pc.sum(within).as_py() or 0)
        problems = problems.filter(within)
        intake.malformed.extend(m for m in raw.malformed if m.row <= cut)
    else:
        intake.malformed.extend(raw.malformed)
    index = problems.column("index").to_numpy(zero_copy_only=False)
    valid = ~np.isnan(index) if index.dtype.kind == "f" else np.ones(len(index), dtype=bool)
    moved = np.full(len(index), -1, dtype=np.int64)
    moved[valid] = np.searchsorted(bad, index[valid].astype(np.int64)) + intake.kept
    problems = problems.set_column(0, "index", pa.array(moved, pa.int64(), mask=~valid))
    intake.problems.append(problems)
    if len(bad):
        intake.bad_raw.append(raw.table.take(pa.array(bad)))
        intake.bad_numbers.append(raw.row_numbers[bad])
        keys = checked.table.take(pa.array(bad)).select(list(fmt.table.natural_key))
        intake.bad_keys.append(keys.append_column(ROW, pa.array(raw.row_numbers[bad], pa.int64())))
    intake.kept += len(bad)


# -- repeated ids, across batches -----------------------------------------------------------------


def _repeated_hashes(con: duckdb.DuckDBPyConnection, hashes_sql: str, total: int, staging: StagedWrite) -> np.ndarray:
    """The hashes `hashes_sql` yields more than once, sorted a share of at most HASHED_KEYS_MAX_ROWS at a time."""
    shares = max(1, -(-total // HASHED_KEYS_MAX_ROWS))
    source = f"({hashes_sql})"
    spill = staging.warehouse.root / ".tmp"  # DuckDB's own spill folder: never read as staged rows
    spill.mkdir(parents=True, exist_ok=True)
    spilled = spill / f"key-hashes-{uuid.uuid4().hex}.parquet"
    if shares > 1:  # computed once (reading every key), then read back a share at a time
        con.execute(f"COPY {source} TO '{spilled.as_posix()}' (FORMAT parquet)")
        source = f"read_parquet('{spilled.as_posix()}')"
    found = []
    try:
        for share in range(shares):
            where = f" WHERE h % {shares} = {share}" if shares > 1 else ""
            hashes = np.asarray(con.execute(f"SELECT h FROM {source}{where}").fetchnumpy()["h"])  # noqa: S608
            hashes.sort()
            found.append(np.unique(hashes[1:][hashes[1:] == hashes[:-1]]))
            del hashes
    finally:
        spilled.unlink(missing_ok=True)
    return np.concatenate(found)


def _flag_repeats(fmt: NativeFormat, intake: FileIntake, staging: StagedWrite) -> None:
    """Mark every row whose id another row of the file also has (staged or bad)."""
    names = list(fmt.table.natural_key)
    files = sorted({name for name, _, _ in intake.runs})
    if not files:
        return
    keys = ", ".join(f'"{k}"' for k in names)
    present = " AND ".join(f'"{k}" IS NOT NULL' for k in names)
    listing = ", ".join("'" + str(staging.folder / f).replace("'", "''") + "'" for f in files)
    bad_keys = (
        pa.concat_tables(intake.bad_keys).cast(_key_schema(fmt)) if intake.bad_keys else _key_schema(fmt).empty_table()
    )
    with staging.connect() as con:
        con.register("bad_keys", bad_keys)
        con.execute(
            f"CREATE TEMP VIEW all_keys AS SELECT {keys}, parse_filename(filename) AS file, file_row_number, "  # noqa: S608
            f"NULL::BIGINT AS {ROW} FROM read_parquet([{listing}], filename = true, file_row_number = true) "
            f"UNION ALL SELECT {keys}, NULL, NULL, {ROW} FROM bad_keys"
        )
        total = sum(len(numbers) for _, _, numbers in intake.runs) + bad_keys.num_rows
        twice = _repeated_hashes(con, f"SELECT hash({keys}) AS h FROM all_keys WHERE {present}", total, staging)  # noqa: S608
        if not len(twice):
            return
        # The keys' hashes sorted find the few that may repeat, ~3x faster than a group-by of every
        # key; only those are then grouped by the keys themselves.
        con.register("repeated_hashes", pa.table({"h": pa.array(twice, pa.uint64())}))
        suspects = f" AND hash({keys}) IN (SELECT h FROM repeated_hashes)"  # noqa: S608
        repeats = con.sql(
            f"SELECT a.* FROM all_keys a SEMI JOIN (SELECT {keys} FROM all_keys WHERE {present}{suspects} "  # noqa: S608
            f"GROUP BY ALL HAVING count(*) > 1) r USING ({keys})"
        ).to_arrow_table()
    if repeats.num_rows == 0:
        return
    rows = _row_numbers(intake, repeats)
    table = repeats.select(names).append_column(ROW, pa.array(rows, pa.int64())).sort_by(ROW)
    rows = table.column(ROW).to_numpy()
    checked = Checked(
        table=table.select(names), bad_rows=np.zeros(len(rows), dtype=bool), problems=PROBLEM_SCHEMA.empty_table()
    )
    flagged = flag_repeated_keys(checked, fmt, rows)
    index = flagged.problems.column("index").to_numpy()
    flagged_rows = rows[index]
    position, known = _kept_positions(intake, flagged_rows)
    intake.problems.append(
        pa.table(
            {
                "index": pa.array(position, pa.int64(), mask=~known),
                "row": pa.array(flagged_rows, pa.int64()),
                "field": flagged.problems.column("field"),
                "reason": flagged.problems.column("reason"),
            },
            schema=PROBLEMS_SCHEMA,
        )
    )
    staged_repeats = int(pc.sum(pc.is_valid(repeats.column("file"))).as_py() or 0)
    intake.rejected += staged_repeats
    intake.repeated = table.select(names)


def _kept_positions(intake: FileIntake, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each row is among the kept bad rows (for its original values), and whether it is there."""
    kept = np.concatenate(intake.bad_numbers) if intake.bad_numbers else np.zeros(0, dtype=np.int64)
    if not len(kept):
        return np.zeros(len(rows), dtype=np.int64), np.zeros(len(rows), dtype=bool)
    position = np.searchsorted(kept, rows)
    known = (position < len(kept)) & (kept[np.minimum(position, len(kept) - 1)] == rows)
    return position, known


def _key_schema(fmt: NativeFormat) -> pa.Schema:
    fields = [fmt.table.schema.field(k).with_nullable(True) for k in fmt.table.natural_key]
    return pa.schema([*fields, pa.field(ROW, pa.int64())])


def _row_numbers(intake: FileIntake, repeats: pa.Table) -> np.ndarray:
    """The row number of each repeated key's row: staged rows found from their file and position."""
    rows = repeats.column(ROW).to_numpy(zero_copy_only=False).astype(np.float64)
    files = repeats.column("file").to_pylist()
    positions = repeats.column("file_row_number").to_numpy(zero_copy_only=False)
    by_file: dict[str, list[tuple[int, RowNumbers]]] = {}
    for name, offset, numbers in intake.runs:
        by_file.setdefault(name, []).append((offset, numbers))
    for i, name in enumerate(files):
        if name is None:
            continue
        runs = by_file[name]
        starts = [offset for offset, _ in runs]
        run = int(np.searchsorted(starts, positions[i], side="right")) - 1
        offset, numbers = runs[run]
        rows[i] = numbers[int(positions[i]) - offset]
    numbered: np.ndarray = rows.astype(np.int64)
    return numbered


# -- the outcome, for reports ---------------------------------------------------------------------


def intake_outcome(fmt: NativeFormat, intake: FileIntake) -> InputOutcome:
    """The file's outcome as the reports take it: its bad rows, its problems in row and field order."""
    path = intake.path
    if intake.file_problems:
        raw = RawRecords(path.name, path, pa.table({}), np.zeros(0, dtype=np.int64), file_problems=intake.file_problems)
        return InputOutcome(
            raw=raw, checked=None, problems=outcome_of(raw, None).problems, counted=(intake.rows_read, intake.rows_read)
        )
    table = pa.concat_tables(intake.bad_raw, promote_options="permissive") if intake.bad_raw else pa.table({})
    numbers = np.concatenate(intake.bad_numbers) if intake.bad_numbers else np.zeros(0, dtype=np.int64)
    raw = RawRecords(path.name, path, table, numbers, intake.malformed)
    problems = pa.concat_tables(intake.problems) if intake.problems else PROBLEMS_SCHEMA.empty_table()
    if problems.num_rows:
        order = pc.index_in(problems.column("field"), value_set=pa.array(fmt.names, pa.string()))
        problems = (
            problems.append_column("__order", pc.fill_null(order, -1))
            .sort_by([("row", "ascending"), ("__order", "ascending")])
            .drop_columns(["__order"])
        )
    if intake.not_kept:
        note = f"… and {intake.not_kept:,} more problems, not listed (the first {MAX_BAD_ROWS_KEPT:,} bad rows are)"
        problems = pa.concat_tables([problems, _file_line(note)])
    return InputOutcome(raw=raw, checked=None, problems=problems, counted=(intake.rows_read, intake.rejected))


def _file_line(reason: str) -> pa.Table:
    return pa.table(
        {
            "index": pa.nulls(1, pa.int64()),
            "row": pa.nulls(1, pa.int64()),
            "field": pa.nulls(1, pa.string()),
            "reason": [reason],
        },
        schema=PROBLEMS_SCHEMA,
    )
