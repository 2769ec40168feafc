"""Read native files (CSV, Parquet, JSON Lines) and API records into columns, with their row numbers.

Nothing is checked here but the file's shape: each reader returns `RawRecords` — the columns as read
(text, or Parquet's own types), the row number of every row as people count it, rows that could not
even be split into fields (`malformed`), and problems with the file as a whole (unknown or missing
columns, not UTF-8, not Parquet). Values are checked by `validation.check_records`.

Row numbers: CSV counts the header as row 1, so the first data row is row 2 (a quoted value that spans
lines still counts as one row); JSON Lines counts lines from 1, blank lines included; Parquet and API
records count records from 1.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from heartline.ingest.formats import NativeFormat

CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
JSON_LINES_SUFFIXES = (".jsonl", ".ndjson", ".json")
CSV_BLOCK_SIZE = 16 << 20
NAMES_LISTED = 20  # unknown columns a problem line names (a 10,000-column row would fill the screen)
NAME_SHOWN_LENGTH = 80


@dataclass(frozen=True)
class Malformed:
    """A row that could not be split into fields (a CSV row with too many values, a line that is not JSON)."""

    row: int
    reason: str
    field: str | None = None


@dataclass
class RawRecords:
    """One input's columns as read, before any value is checked."""

    source: str  # how reports name the input: the file name, or "request"
    path: Path | None
    table: pa.Table
    row_numbers: np.ndarray  # int64, one per row of `table`
    malformed: list[Malformed] = field(default_factory=list)
    file_problems: list[str] = field(default_factory=list)  # any of these refuses the whole input

    @property
    def rows_read(self) -> int:
        return int(self.table.num_rows) + len(self.malformed)


def refused(source: str, path: Path | None, reason: str) -> RawRecords:
    return RawRecords(source, path, pa.table({}), np.zeros(0, dtype=np.int64), file_problems=[reason])


def check_columns(fmt: NativeFormat, raw: RawRecords) -> RawRecords:
    """Add file problems for columns the format does not know, and required columns that are missing."""
    names = raw.table.column_names
    filled = dict(fmt.filled_by_heartline)
    unknown = [n for n in names if n not in fmt.names]
    for name in [n for n in unknown if n in filled]:
        raw.file_problems.append(f"column {name} is not part of the native {fmt.kind} format: {filled[name]}")
    unknown = [n for n in unknown if n not in filled]
    if unknown:
        listed = ", ".join(_shown_name(n) for n in unknown[:NAMES_LISTED])
        if len(unknown) > NAMES_LISTED:
            listed += f" … and {len(unknown) - NAMES_LISTED:,} more"
        raw.file_problems.append(
            f"unknown column(s) {listed}; the native {fmt.kind} format has {', '.join(fmt.names)}"
            + _delimiter_hint(unknown)
        )
    missing = [n for n in fmt.required_names if n not in names]
    if missing:
        raw.file_problems.append(f"missing required column(s) {', '.join(missing)}")
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raw.file_problems.append(f"column(s) {', '.join(duplicated)} appear more than once in the header")
    return raw


def _shown_name(name: str) -> str:
    """A column name as a problem line shows it: tabs and other invisibles escaped, long names cut."""
    shown = name if name.isprintable() else repr(name)[1:-1]
    return shown if len(shown) <= NAME_SHOWN_LENGTH else shown[:NAME_SHOWN_LENGTH] + "…"


def _delimiter_hint(unknown: list[str]) -> str:
    """A header read as one column because the file is split by another character than commas."""
    if len(unknown) != 1:
        return ""
    for delimiter, named in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
        if delimiter in unknown[0]:
            return f" (the header looks split by {named}: native CSV files are split by commas)"
    return ""


def _not_utf8(path: Path, data: bytes | None = None, first_line: int = 1) -> str:
    """Why a file is not UTF-8, and where: the line of its first bad byte, or the UTF-16 it is
    (`data` a part of the file whose first line is line `first_line`)."""
    data = path.read_bytes() if data is None else data
    if first_line == 1 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + first_line
        byte = data[exc.start]
        return f"is not UTF-8 text: line {line} holds byte 0x{byte:02X}, which UTF-8 never has there; save it as UTF-8"
    return "is not UTF-8 text"


def read_native(fmt: NativeFormat, path: Path) -> RawRecords:
    """Read one native file, choosing the reader by its suffix, and check its columns."""
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        raw = read_csv(path)
    elif suffix in PARQUET_SUFFIXES:
        raw = read_parquet(path)
    elif suffix in JSON_LINES_SUFFIXES:
        raw = read_json_lines(path)
    else:
        known = ", ".join((*CSV_SUFFIXES, *PARQUET_SUFFIXES, *JSON_LINES_SUFFIXES))
        return refused(path.name, path, f"unknown file type {suffix or '(none)'}; native files end in {known}")
    if raw.file_problems:
        return raw
    return check_columns(fmt, raw)


# -- CSV ------------------------------------------------------------------------------------------


def _csv_header(path: Path) -> list[str] | None:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return next(csv.reader(handle), None)


def read_csv(path: Path) -> RawRecords:
    """Every column as text; rows with the wrong number of values become `malformed`."""
    try:
        header = _csv_header(path)
    except UnicodeDecodeError:
        return refused(path.name, path, _not_utf8(path))
    if not header:
        return refused(path.name, path, "is empty: a CSV file needs a header row")
    table, bad_rows = _read_csv_table(path, header, use_threads=True)
    if isinstance(table, str):
        return refused(path.name, path, table)
    if bad_rows and any(number is None for number, _ in bad_rows):
        # Arrow numbers rows that fail to split only when it reads on one thread.
        table, bad_rows = _read_csv_table(path, header, use_threads=False)
        if isinstance(table, str):
            return refused(path.name, path, table)
    skipped = np.array(sorted(number for number, _ in bad_rows if number is not None), dtype=np.int64)
    total = table.num_rows + len(skipped)
    row_numbers = np.arange(2, total + 2, dtype=np.int64)
    if len(skipped):
        row_numbers = np.setdiff1d(row_numbers, skipped, assume_unique=True)
    malformed = [Malformed(int(number or 0), reason) for number, reason in sorted(bad_rows, key=lambda b: b[0] or 0)]
    return RawRecords(path.name, path, table, row_numbers, malformed)


def csv_options(
    header: list[str], *, use_threads: bool, block_size: int, bad_rows: list[tuple[int | None, str]]
) -> dict[str, Any]:
    """Arrow's options for a CSV file with `header`, as every reader here takes it: every column as
    text, an empty value as null, UTF-8 checked, a quoted value may span lines, and a row whose values
    do not match the header skipped and noted in `bad_rows` (its row number — None when Arrow cannot
    tell on several threads — and why)."""

    def on_invalid_row(row: Any) -> str:
        text = row.text if len(row.text) <= 200 else row.text[:200] + "…"
        bad_rows.append(
            (row.number, f"has {row.actual_columns} values where the header has {row.expected_columns}: {text}")
        )
        return "skip"

    return {
        "read_options": pcsv.ReadOptions(use_threads=use_threads, block_size=block_size),
        "parse_options": pcsv.ParseOptions(newlines_in_values=True, invalid_row_handler=on_invalid_row),
        "convert_options": pcsv.ConvertOptions(
            column_types={name: pa.string() for name in header},
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            null_values=[""],
            check_utf8=True,
        ),
    }


def _read_csv_table(
    path: Path, header: list[str], use_threads: bool
) -> tuple[pa.Table | str, list[tuple[int | None, str]]]:
    bad_rows: list[tuple[int | None, str]] = []
    try:
        table = pcsv.read_csv(
            path, **csv_options(header, use_threads=use_threads, block_size=CSV_BLOCK_SIZE, bad_rows=bad_rows)
        )
    except (pa.ArrowInvalid, OSError) as exc:
        if "invalid UTF8" in str(exc):
            return _not_utf8(path), bad_rows
        return f"cannot be read as CSV: {exc}", bad_rows
    return table, bad_rows


# -- Parquet --------------------------------------------------------------------------------------


def read_parquet(path: Path) -> RawRecords:
    try:
        table = pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        # Arrow's message repeats the path ("Could not open Parquet input source '…': …"); keep the why.
        reason = str(exc).split("': ", 1)[-1] if "input source" in str(exc) else str(exc)
        return refused(path.name, path, f"cannot be read as Parquet: {reason}")
    return RawRecords(path.name, path, table, np.arange(1, table.num_rows + 1, dtype=np.int64))


# -- JSON Lines -----------------------------------------------------------------------------------


def _lines(data: bytes) -> pa.LargeStringArray:
    """The file's lines as one Arrow array over the file's own bytes (no copy), newline kept."""
    buffer = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(buffer == 10) + 1
    offsets = np.concatenate([[0], ends, [len(buffer)]]).astype(np.int64)
    if len(offsets) > 1 and offsets[-1] == offsets[-2]:
        offsets = offsets[:-1]
    lines = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
    lines.validate(full=True)  # raises on bytes that are not UTF-8
    return lines


def read_json_lines(path: Path) -> RawRecords:
    """One JSON object per line; every value is read as text (numbers and true/false as written)."""
    data = path.read_bytes()
    if data[:4096].lstrip()[:1] == b"[":
        return refused(path.name, path, "is one JSON array; native JSON files hold one object per line (JSON Lines)")
    return json_lines_chunk(path, data, 1)


def json_lines_chunk(path: Path, data: bytes, first_row: int) -> RawRecords:
    """The records of `data`, whole lines of a JSON Lines file whose first line is row `first_row`."""
    try:
        lines = _lines(data)
    except pa.ArrowInvalid:
        return refused(path.name, path, _not_utf8(path, data, first_row))
    rows = np.arange(first_row, first_row + len(lines), dtype=np.int64)
    numbered = pa.table({"row": pa.array(rows), "line": lines})
    with duckdb.connect() as con:
        con.execute("SET threads TO 2")
        con.register("raw_lines", numbered)
        con.execute(
            "CREATE TEMP VIEW checked AS SELECT row, line, json_valid(line) AS ok FROM raw_lines "
            "WHERE trim(line, ' \t\r\n') <> ''"
        )
        con.execute("CREATE TEMP VIEW objects AS SELECT row, line FROM checked WHERE ok AND json_type(line) = 'OBJECT'")
        not_objects = con.sql(
            "SELECT row, CASE WHEN ok THEN lower(json_type(line)) END FROM checked "
            "WHERE NOT ok OR json_type(line) <> 'OBJECT' ORDER BY row"
        )
        malformed = [
            Malformed(int(row), f"is {_json_kind(kind)}, not a JSON object" if kind else "is not JSON (cut short?)")
            for row, kind in not_objects.fetchall()
        ]
        keys = [k for (k,) in con.sql("SELECT DISTINCT unnest(json_keys(line)) FROM objects ORDER BY 1").fetchall()]
        if keys:
            paths = ", ".join(_json_path(k) for k in keys)
            columns = ", ".join(f"values[{i + 1}] AS {_quoted(k)}" for i, k in enumerate(keys))
            table = con.sql(
                f"SELECT row, {columns} FROM (SELECT row, json_extract_string(line, [{paths}]) AS values "  # noqa: S608 - keys are quoted
                "FROM objects) ORDER BY row"
            ).to_arrow_table()
        else:
            table = con.sql("SELECT row FROM objects ORDER BY row").to_arrow_table()
    row_numbers = table.column("row").to_numpy().astype(np.int64)
    table = table.drop_columns(["row"])
    return RawRecords(path.name, path, table, row_numbers, malformed)


def _json_kind(duckdb_type: str) -> str:
    """A JSON value's kind as people call it (DuckDB's json_type says `ubigint`, `varchar`…)."""
    named = {"array": "an array", "varchar": "a string", "boolean": "true or false", "null": "null"}
    return named.get(duckdb_type, "a number")


def _json_path(key: str) -> str:
    return "'$." + json.dumps(key).replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


# -- API records ----------------------------------------------------------------------------------


def as_text(value: object) -> str | None:
    """A JSON value as the text a CSV would hold: true/false, numbers as written, objects as JSON."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value)


def read_records(records: Sequence[dict[str, Any]], source: str = "request") -> RawRecords:
    """API records (native field names) as text columns, numbered from 1."""
    names: dict[str, None] = {}
    for record in records:
        for key in record:
            names.setdefault(key, None)
    columns = {name: pa.array([as_text(r.get(name)) for r in records], pa.string()) for name in names}
    # A table keeps its row count even with no columns (records that were all `{}`).
    table = pa.table(columns) if columns else pa.table({"_": pa.nulls(len(records))}).drop_columns(["_"])
    return RawRecords(source, None, table, np.arange(1, len(records) + 1, dtype=np.int64))
