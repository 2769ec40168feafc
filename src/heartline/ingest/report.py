"""What went wrong with each input, said so a person can fix it: problem lines, report and rejects files.

A problem names the input, the row, the field and the reason:
`contacts.csv row 7, field started_at: "2025-13-01" is not an ISO 8601 time with an offset …`.
Each input file gets `<file>.report.txt` beside it (or under HEARTLINE_HOME/ingest-reports/ when its
folder is not writable); with --skip-bad, rows that were left out go to `<file>.rejects.csv` with
their original values and `row`, `field`, `problem` columns.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from heartline.ingest.readers import JSON_LINES_SUFFIXES, PARQUET_SUFFIXES, RawRecords
from heartline.ingest.spreadsheet import spreadsheet_safe_column
from heartline.ingest.validation import Checked

PROBLEMS_SCHEMA = pa.schema(
    [
        pa.field("index", pa.int64()),  # position in the input's columns; null for malformed rows and the file
        pa.field("row", pa.int64()),  # the row number people see; null for the file as a whole
        pa.field("field", pa.string()),
        pa.field("reason", pa.string()),
    ]
)
REPORTS_FOLDER = "ingest-reports"
ROW_NUMBERS = {
    "csv": "row numbers count the header as row 1, so the first data row is row 2",
    "jsonl": "row numbers are line numbers, counting from 1",
    "parquet": "row numbers count records from 1",
    "request": "row numbers count records from 1",
}


@dataclass(frozen=True)
class InputOutcome:
    """One input after checking: its problems (file-level first, then by row) and what was left out."""

    raw: RawRecords
    checked: Checked | None  # None when the input was refused before its values were checked
    problems: pa.Table  # PROBLEMS_SCHEMA
    # (rows read, rows rejected) of an input read in batches: `raw` then holds only its bad rows.
    counted: tuple[int, int] | None = None

    @property
    def refused_whole(self) -> bool:
        return bool(self.raw.file_problems)

    @property
    def rows_read(self) -> int:
        return self.raw.rows_read if self.counted is None else self.counted[0]

    @property
    def rejected_rows(self) -> int:
        if self.refused_whole:
            return self.rows_read
        if self.counted is not None:
            return self.counted[1]
        bad = self.checked.bad_count if self.checked is not None else 0
        return bad + len(self.raw.malformed)


# Reports and rejects hold member data: readable by their owner only.
PRIVATE = 0o600


def outcome_of(raw: RawRecords, checked: Checked | None) -> InputOutcome:
    pieces = []
    if raw.file_problems:
        pieces.append(
            pa.table(
                {
                    "index": pa.nulls(len(raw.file_problems), pa.int64()),
                    "row": pa.nulls(len(raw.file_problems), pa.int64()),
                    "field": pa.nulls(len(raw.file_problems), pa.string()),
                    "reason": pa.array(raw.file_problems, pa.string()),
                },
                schema=PROBLEMS_SCHEMA,
            )
        )
    row_level = []
    if raw.malformed:
        row_level.append(
            pa.table(
                {
                    "index": pa.nulls(len(raw.malformed), pa.int64()),
                    "row": pa.array([m.row for m in raw.malformed], pa.int64()),
                    "field": pa.array([m.field for m in raw.malformed], pa.string()),
                    "reason": pa.array([m.reason for m in raw.malformed], pa.string()),
                },
                schema=PROBLEMS_SCHEMA,
            )
        )
    if checked is not None and checked.problems.num_rows:
        index = checked.problems.column("index")
        row_level.append(
            pa.table(
                {
                    "index": index,
                    "row": pa.array(raw.row_numbers[index.to_numpy()]),
                    "field": checked.problems.column("field"),
                    "reason": checked.problems.column("reason"),
                },
                schema=PROBLEMS_SCHEMA,
            )
        )
    if row_level:
        # A stable sort keeps each row's problems in field order.
        pieces.append(pa.concat_tables(row_level).sort_by([("row", "ascending")]))
    problems = pa.concat_tables(pieces) if pieces else PROBLEMS_SCHEMA.empty_table()
    return InputOutcome(raw=raw, checked=checked, problems=problems)


def problem_lines(source: str, problems: pa.Table, limit: int | None = None) -> list[str]:
    """`SOURCE row R, field F: REASON` for each problem (`SOURCE: REASON` for the file as a whole)."""
    if limit is not None:
        problems = problems.slice(0, limit)
    if problems.num_rows == 0:
        return []
    rows = problems.column("row")
    fields = problems.column("field")
    where = pc.if_else(
        pc.is_null(rows),
        source,
        pc.binary_join_element_wise(source, " row ", rows.cast(pa.string()), ""),
    )
    field_part = pc.if_else(pc.is_null(fields), "", pc.binary_join_element_wise(", field ", fields, ""))
    lines = pc.binary_join_element_wise(where, field_part, ": ", problems.column("reason"), "")
    return [str(line) for line in lines.to_pylist()]


def problem_records(problems: pa.Table, limit: int | None = None) -> list[dict[str, object]]:
    """`{"row", "field", "reason"}` for each problem, as the API answers them."""
    if limit is not None:
        problems = problems.slice(0, limit)
    records: list[dict[str, object]] = problems.select(["row", "field", "reason"]).to_pylist()
    return records


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)


def report_folder(path: Path, home: Path) -> Path:
    """Beside the input when its folder is writable, else HEARTLINE_HOME/ingest-reports/."""
    if _writable(path.parent):
        return path.parent
    folder = home / REPORTS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def rejects_table(outcome: InputOutcome) -> pa.Table:
    """The left-out rows: their original values plus `row`, `field` and `problem` (several joined by "; ").

    The reason column is called `problem`, not `reason`, because contacts have a `reason` field of their own.
    """
    raw = outcome.raw
    problems = outcome.problems.filter(pc.is_valid(outcome.problems.column("row")))
    problems = problems.set_column(
        problems.schema.get_field_index("field"), "field", pc.fill_null(problems.column("field"), "")
    )
    by_row = (
        problems.group_by(["row"], use_threads=False)
        .aggregate([("index", "min"), ("field", "list"), ("reason", "list")])
        .sort_by([("row", "ascending")])
    )
    index = by_row.column("index_min")
    has_values = pc.is_valid(index)
    positions = pc.fill_null(index, 0)
    columns: dict[str, pa.Array | pa.ChunkedArray] = {}
    for name in raw.table.column_names:
        values = raw.table.column(name).cast(pa.string())
        taken = pc.take(values, positions) if len(values) else pa.nulls(by_row.num_rows, pa.string())
        columns[name] = pc.if_else(has_values, taken, pa.scalar(None, pa.string()))
    columns["row"] = by_row.column("row")
    columns["field"] = pc.utf8_trim(pc.binary_join(by_row.column("field_list"), "; "), "; ")
    columns["problem"] = pc.binary_join(by_row.column("reason_list"), "; ")
    return pa.table(columns)


def write_report(
    outcome: InputOutcome,
    *,
    kind: str,
    file_format: str,
    row_numbers: str,
    result: str,
    home: Path,
    write_rejects: bool,
) -> tuple[Path, Path | None]:
    """Write `<file>.report.txt` (and `<file>.rejects.csv` when rows were left out); returns their paths."""
    path = outcome.raw.path
    if path is None:
        raise ValueError("only files get report files")
    folder = report_folder(path, home)
    report_path = folder / f"{path.name}.report.txt"
    rejects_path = folder / f"{path.name}.rejects.csv"
    lines = [
        f"Heartline ingest report: {kind}, {file_format} format",
        f"File: {path.resolve()}",
        f"Checked: {datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}",
        f"Rows read: {outcome.rows_read}; rows with problems: {outcome.rejected_rows}",
        f"Result: {result}",
        "",
    ]
    if outcome.problems.num_rows:
        lines.append(f"Problems ({row_numbers}):")
        lines.extend(problem_lines(path.name, outcome.problems))
    else:
        lines.append("No problems.")
    report_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report_path.chmod(PRIVATE)  # problem lines quote values, member ids among them
    if write_rejects and outcome.rejected_rows and not outcome.refused_whole:
        pcsv.write_csv(_spreadsheet_safe_table(rejects_table(outcome)), rejects_path)
        rejects_path.chmod(PRIVATE)
        return report_path, rejects_path
    if rejects_path.exists():
        rejects_path.unlink()  # a previous run's rejects would describe rows this run did not reject
    return report_path, None


def _spreadsheet_safe_table(table: pa.Table) -> pa.Table:
    """The rejects as written: a value that would run as a formula in a spreadsheet gets a leading `'`."""
    return pa.table({name: spreadsheet_safe_column(table.column(name)) for name in table.column_names})


def native_row_numbers(path: Path) -> str:
    """How a native file's reports count rows, by its suffix (see `readers`; `.gz` looks inside)."""
    suffix = path.suffix.lower()
    if suffix == ".gz" and len(path.suffixes) >= 2:
        suffix = path.suffixes[-2].lower()
    if suffix in PARQUET_SUFFIXES:
        return ROW_NUMBERS["parquet"]
    if suffix in JSON_LINES_SUFFIXES:
        return ROW_NUMBERS["jsonl"]
    return ROW_NUMBERS["csv"]
