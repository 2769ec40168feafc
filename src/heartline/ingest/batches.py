"""Read a native file (CSV, Parquet, JSON Lines; any of them gzipped) a batch of records at a time.

`iter_native(fmt, path)` yields `RawRecords` of a few hundred thousand rows each, numbered as the
whole-file readers number them (`readers`): row numbers run on across batches, so a problem in the
millionth record names row 1,000,001 whatever batch it came in. A file refused as a whole (unknown
columns, not UTF-8, not Parquet) yields one refused `RawRecords` and stops; that may happen after
some batches were yielded (a bad byte deep in a CSV), and the caller then drops what it had.
Memory stays bounded by the batch, never by the file.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import BinaryIO, cast

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from heartline.ingest.formats import NativeFormat
from heartline.ingest.readers import (
    CSV_SUFFIXES,
    JSON_LINES_SUFFIXES,
    PARQUET_SUFFIXES,
    Malformed,
    RawRecords,
    check_columns,
    csv_options,
    json_lines_chunk,
    refused,
)

BATCH_ROWS = 262_144  # Parquet records per batch
# Arrow's streaming CSV reader reads up to 32 blocks ahead of the caller on its I/O thread, whatever
# the caller does: 16 MB blocks held ~800 MB of a slow-checked file in memory, 4 MB blocks hold 128 MB.
# The small blocks' batches are then grouped into batches of CSV_BATCH_ROWS rows (~25 MB of contacts).
CSV_BATCH_BYTES = 4 << 20  # CSV text per block Arrow reads (~22k contacts)
CSV_BATCH_ROWS = 131_072  # CSV records per batch checked and staged
JSON_CHUNK_BYTES = 32 << 20  # JSON Lines text per batch
GZIP_SUFFIX = ".gz"


class RenumberError(Exception):
    """Arrow's threaded CSV reader skipped a malformed row without its number: read the file again on one thread."""


def inner_suffix(path: Path) -> str:
    """The suffix that names the file's format: `.csv` for both `a.csv` and `a.csv.gz`."""
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == GZIP_SUFFIX:
        return suffixes[-2]
    return suffixes[-1] if suffixes else ""


def _open(path: Path) -> BinaryIO:
    if path.suffix.lower() == GZIP_SUFFIX:
        return cast(BinaryIO, gzip.open(path, "rb"))
    return path.open("rb")


_END = object()


def prefetched(items: Iterator[RawRecords]) -> Iterator[RawRecords]:
    """`items`, the next one read on a thread of its own while the caller checks the current one."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reading") as pool:
        ahead = pool.submit(next, items, _END)
        while True:
            item = ahead.result()
            if item is _END:
                return
            ahead = pool.submit(next, items, _END)
            yield cast(RawRecords, item)


def iter_native(fmt: NativeFormat, path: Path, *, csv_threads: bool = True) -> Iterator[RawRecords]:
    """The file's records a batch at a time, each batch's columns checked against the format."""
    suffix = inner_suffix(path)
    if suffix in CSV_SUFFIXES:
        batches = _csv_batches(path, csv_threads)
    elif suffix in PARQUET_SUFFIXES and path.suffix.lower() != GZIP_SUFFIX:
        batches = _parquet_batches(path)
    elif suffix in JSON_LINES_SUFFIXES:
        batches = _json_lines_batches(path)
    else:
        known = ", ".join((*CSV_SUFFIXES, *PARQUET_SUFFIXES, *JSON_LINES_SUFFIXES))
        yield refused(
            path.name,
            path,
            f"unknown file type {suffix or '(none)'}; native files end in {known} "
            "(CSV and JSON Lines may be gzipped: .gz)",
        )
        return
    for raw in batches:
        # A file refused for its columns is still read to the end, so its rows are counted as rejected.
        yield raw if raw.file_problems else check_columns(fmt, raw)


# -- text checks without the whole file in memory -------------------------------------------------


def not_utf8(path: Path) -> str:
    """Why a (possibly gzipped) file is not UTF-8: the line of its first bad byte, read a block at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    with _open(path) as handle:
        first = True
        while block := handle.read(1 << 20):
            if first and block[:2] in (b"\xff\xfe", b"\xfe\xff"):
                return "is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
            first = False
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                line += block.count(b"\n", 0, max(exc.start, 0))
                byte = block[max(exc.start, 0)]
                return (
                    f"is not UTF-8 text: line {line} holds byte 0x{byte:02X}, which UTF-8 never has there; "
                    "save it as UTF-8"
                )
            line += block.count(b"\n")
    return "is not UTF-8 text"


# -- CSV ------------------------------------------------------------------------------------------


def _csv_header(path: Path) -> list[str] | None:
    with _open(path) as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle), None)


def _csv_batches(path: Path, use_threads: bool) -> Iterator[RawRecords]:
    try:
        header = _csv_header(path)
    except UnicodeDecodeError:
        yield refused(path.name, path, not_utf8(path))
        return
    except (OSError, EOFError) as exc:
        yield refused(path.name, path, f"cannot be read: {exc}")
        return
    if not header:
        yield refused(path.name, path, "is empty: a CSV file needs a header row")
        return
    skipped: list[tuple[int | None, str]] = []
    try:
        reader = pcsv.open_csv(
            path, **csv_options(header, use_threads=use_threads, block_size=CSV_BATCH_BYTES, bad_rows=skipped)
        )
        schema = reader.schema
    except (pa.ArrowInvalid, OSError) as exc:
        yield _csv_refusal(path, exc)
        return
    next_row = 2  # the header is row 1
    yielded = False
    group = _CsvGroup()
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError) as exc:
            yield _csv_refusal(path, exc)
            return
        if any(number is None for number, _ in skipped):
            raise RenumberError(path.name)
        numbers, next_row, malformed = _csv_numbers(next_row, batch.num_rows, skipped)
        group.add(batch, numbers, malformed)
        if group.rows >= CSV_BATCH_ROWS:
            yielded = True
            yield group.records(path, schema)
    if group.rows or group.malformed:
        yielded = True
        yield group.records(path, schema)
    if skipped or not yielded:  # rows Arrow skipped at the end, or a header alone (its columns are checked)
        if any(number is None for number, _ in skipped):
            raise RenumberError(path.name)
        malformed = [Malformed(int(n or 0), reason) for n, reason in sorted(skipped, key=lambda s: s[0] or 0)]
        skipped.clear()
        yield RawRecords(path.name, path, schema.empty_table(), np.zeros(0, dtype=np.int64), malformed)


class _CsvGroup:
    """Consecutive batches of Arrow's small CSV blocks, with their row numbers and malformed rows."""

    def __init__(self) -> None:
        self.batches: list[pa.RecordBatch] = []
        self.numbers: list[np.ndarray] = []
        self.malformed: list[Malformed] = []
        self.rows = 0

    def add(self, batch: pa.RecordBatch, numbers: np.ndarray, malformed: list[Malformed]) -> None:
        if batch.num_rows:
            self.batches.append(batch)
            self.numbers.append(numbers)
            self.rows += batch.num_rows
        self.malformed.extend(malformed)

    def records(self, path: Path, schema: pa.Schema) -> RawRecords:
        """The grouped batches as one `RawRecords`; the group is then empty."""
        table = pa.Table.from_batches(self.batches, schema=schema)
        numbers = np.concatenate(self.numbers) if self.numbers else np.zeros(0, dtype=np.int64)
        raw = RawRecords(path.name, path, table, numbers, self.malformed)
        self.batches, self.numbers, self.malformed, self.rows = [], [], [], 0
        return raw


def _csv_numbers(
    start: int, count: int, skipped: list[tuple[int | None, str]]
) -> tuple[np.ndarray, int, list[Malformed]]:
    """The row numbers of a batch of `count` rows from row `start` on, around the rows Arrow skipped;
    the skipped rows before the batch's end leave `skipped` as this batch's malformed rows."""
    gaps = sorted(int(n) for n, _ in skipped if n is not None and n >= start)
    numbers = np.arange(start, start + count + len(gaps), dtype=np.int64)
    if gaps:
        numbers = np.setdiff1d(numbers, np.array(gaps, dtype=np.int64), assume_unique=True)
    numbers = numbers[:count]
    next_row = int(numbers[-1]) + 1 if count else start
    mine = sorted(((n, r) for n, r in skipped if n is not None and n < next_row), key=lambda s: s[0])
    skipped[:] = [(n, r) for n, r in skipped if n is None or n >= next_row]
    return numbers, next_row, [Malformed(int(n), reason) for n, reason in mine]


def _csv_refusal(path: Path, exc: Exception) -> RawRecords:
    if "invalid UTF8" in str(exc):
        return refused(path.name, path, not_utf8(path))
    return refused(path.name, path, f"cannot be read as CSV: {exc}")


# -- Parquet --------------------------------------------------------------------------------------


def _parquet_refusal(path: Path, exc: Exception) -> RawRecords:
    reason = str(exc).split("': ", 1)[-1] if "input source" in str(exc) else str(exc)
    return refused(path.name, path, f"cannot be read as Parquet: {reason}")


def _parquet_batches(path: Path) -> Iterator[RawRecords]:
    try:
        # Without pre-buffering a row group's column chunks are read as they are decoded: ~120 MB less
        # at 1M-row row groups, and no slower from a local disk.
        source = pq.ParquetFile(path, pre_buffer=False)
        batches = source.iter_batches(batch_size=BATCH_ROWS)
    except (pa.ArrowInvalid, OSError) as exc:
        yield _parquet_refusal(path, exc)
        return
    next_row = 1
    with source:
        empty = True
        while True:
            try:
                batch = next(batches)
            except StopIteration:
                break
            except (pa.ArrowInvalid, OSError) as exc:
                yield _parquet_refusal(path, exc)
                return
            empty = False
            numbers = np.arange(next_row, next_row + batch.num_rows, dtype=np.int64)
            next_row += batch.num_rows
            yield RawRecords(path.name, path, pa.Table.from_batches([batch]), numbers)
        if empty:  # the columns are still checked
            yield RawRecords(path.name, path, source.schema_arrow.empty_table(), np.zeros(0, dtype=np.int64))


# -- JSON Lines -----------------------------------------------------------------------------------


def _json_lines_batches(path: Path) -> Iterator[RawRecords]:
    first_row = 1
    carry = b""
    yielded = False
    try:
        with _open(path) as handle:
            while True:
                block = handle.read(JSON_CHUNK_BYTES)
                data = carry + block
                if first_row == 1 and data[:4096].lstrip()[:1] == b"[":
                    reason = "is one JSON array; native JSON files hold one object per line (JSON Lines)"
                    yield refused(path.name, path, reason)
                    return
                carry = b""
                if block:
                    cut = data.rfind(b"\n") + 1
                    data, carry = data[:cut], data[cut:]
                if data.strip() or (not block and not yielded):
                    raw = json_lines_chunk(path, data, first_row)  # an empty file still has its columns checked
                    yielded = True
                    yield raw
                    if raw.file_problems:
                        return
                first_row += data.count(b"\n")
                if not block:
                    return
    except (OSError, EOFError) as exc:
        yield refused(path.name, path, f"cannot be read: {exc}")
