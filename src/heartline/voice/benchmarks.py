"""Outside benchmarks: public survey results (CMS HCAHPS/CAHPS files, or any source in a simple layout)
loaded into the `voice_benchmarks` warehouse table through the ingest engine.

Two layouts, one kind (`voice-benchmarks`):

- **native** (the generic layout): `measure,value,n,period,source` and, optionally, `question`,
  `answer` and `response_rate`. `value` is a percent or a 0–100 score (a number from -100 to 100,
  decimals allowed); `n` the respondents behind it (blank when the source does not say).
- **cms-hcahps**: a CMS Care Compare HCAHPS file as CMS publishes it (the hospital, state or
  national file): `HCAHPS Measure ID`, `HCAHPS Question`, `HCAHPS Answer Description`,
  `HCAHPS Answer Percent` (or `HCAHPS Linear Mean Value`, or `Patient Survey Star Rating`),
  `Number of Completed Surveys`, `Survey Response Rate Percent`, `Start Date`, `End Date`, and
  `Facility ID`/`Facility Name` or `State` in the hospital and state files. Rows where CMS gives no
  figure ("Not Available", "Not Applicable" in every value column) are left out; any other value
  that is not a number is a problem naming its row.

`heartline voice benchmarks load PATH` picks the layout from the file's header. A row is keyed on
(source, measure, period), so loading the same file again stores nothing new and a corrected file
replaces the rows it repeats. Bad input is refused whole with a report naming file, row, field and
reason (or, with --skip-bad, the valid rows are stored). Documented in docs/voice.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.core import ingest as platform_ingest
from heartline.core.contracts import Caller
from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat, RecordsResult
from heartline.ingest.formats import VendorReader
from heartline.ingest.readers import RawRecords, read_csv, refused
from heartline.ingest.validation import Checked, flag_rows
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec, register

__all__ = [
    "BENCHMARK_FORMAT",
    "CMS_LAYOUT",
    "KIND",
    "VOICE_BENCHMARKS",
    "ingest_files",
    "ingest_records",
    "layout_of",
    "load_benchmarks",
]

KIND = "voice-benchmarks"
CMS_LAYOUT = "cms-hcahps"
VALUE_LIMIT = 100.0  # a percent or a 0–100 score; an NPS may be negative
NUMBER = r"^\s*-?\d+(\.\d+)?\s*$"
CMS_NO_FIGURE = frozenset({"", "not available", "not applicable"})

VOICE_BENCHMARKS = register(
    TableSpec(
        name="voice_benchmarks",
        description="Outside benchmarks (CMS HCAHPS/CAHPS and other public survey results): one row per source, "
        "measure and period.",
        schema=pa.schema(
            [
                pa.field("source", pa.string(), nullable=False),
                pa.field("measure", pa.string(), nullable=False),
                pa.field("period", pa.string(), nullable=False),
                pa.field("question", pa.string()),
                pa.field("answer", pa.string()),
                pa.field("value", pa.string()),  # as given, checked to be a number
                pa.field("n", pa.int32()),
                pa.field("response_rate", pa.string()),
                pa.field("score", pa.float64()),  # `value` as a number, filled by Heartline
            ]
        ),
        natural_key=("source", "measure", "period"),
        required=("source", "measure", "period"),
    )
)


def _check_values(checked: Checked) -> Checked:
    """`value` must be a number from -100 to 100 (a percent or a 0–100 score)."""
    value = checked.table.column("value")
    present = pc.is_valid(value)
    is_number = pc.fill_null(pc.match_substring_regex(value, NUMBER), False)
    not_number = pc.and_(present, pc.invert(is_number))
    reasons = pc.binary_join_element_wise('"', pc.fill_null(value, ""), '" is not a number', "")
    checked = flag_rows(checked, BENCHMARK_FORMAT, "value", not_number, reasons)
    numbers = pc.cast(pc.if_else(is_number, pc.utf8_trim_whitespace(value), pa.scalar(None, pa.string())), pa.float64())
    outside = pc.fill_null(pc.greater(pc.abs(numbers), VALUE_LIMIT), False)
    reasons = pc.binary_join_element_wise('"', pc.fill_null(value, ""), '" is outside -100 to 100', "")
    return flag_rows(checked, BENCHMARK_FORMAT, "value", outside, reasons)


def _with_scores(table: pa.Table) -> pa.Table:
    score = pc.cast(pc.utf8_trim_whitespace(table.column("value")), pa.float64())
    return table.append_column(pa.field("score", pa.float64()), score)


# -- the CMS Care Compare layout --------------------------------------------------------------------

CMS_MEASURE = "HCAHPS Measure ID"
CMS_VALUES = ("HCAHPS Answer Percent", "HCAHPS Linear Mean Value", "Patient Survey Star Rating")
CMS_REQUIRED = (CMS_MEASURE, "Start Date", "End Date")


def layout_of(path: Path) -> str:
    """`cms-hcahps` when the file's header has CMS's `HCAHPS Measure ID` column, `native` otherwise."""
    try:
        with path.open(encoding="utf-8-sig") as handle:
            header = handle.readline()
    except (OSError, UnicodeDecodeError):
        return "native"
    return CMS_LAYOUT if CMS_MEASURE in header else "native"


Column: TypeAlias = pa.ChunkedArray | pa.Array


def _text(table: pa.Table, name: str) -> Column:
    """A column trimmed of spaces, or nulls when the file has no such column."""
    if name not in table.column_names:
        return pa.nulls(table.num_rows, pa.string())
    return pc.utf8_trim_whitespace(table.column(name))


def _figure(table: pa.Table, name: str) -> Column:
    """A value column with CMS's words for "no figure" ("Not Available", "Not Applicable") as nulls."""
    text = _text(table, name)
    words = pa.array(sorted(CMS_NO_FIGURE), pa.string())
    no_figure = pc.fill_null(pc.is_in(pc.utf8_lower(text), value_set=words), True)
    return pc.if_else(no_figure, pa.scalar(None, pa.string()), text)


def _cms_day(text: Column) -> Column:
    """CMS writes dates as MM/DD/YYYY; the period keeps ISO days (a date in any other form as given)."""
    days = pc.strptime(text, format="%m/%d/%Y", unit="s", error_is_null=True)
    return pc.coalesce(pc.strftime(days, format="%Y-%m-%d"), pc.fill_null(text, ""))


def _cms_source(table: pa.Table) -> Column:
    """ "CMS HCAHPS · <Facility ID> <Facility Name>", "… · <State>" or "… · National", by the file's columns."""
    facility = pc.binary_join_element_wise(
        "CMS HCAHPS · ", _text(table, "Facility ID"), " ", pc.fill_null(_text(table, "Facility Name"), ""), ""
    )
    state = pc.binary_join_element_wise("CMS HCAHPS · ", _text(table, "State"), "")
    national = pa.repeat(pa.scalar("CMS HCAHPS · National", pa.string()), table.num_rows)
    return pc.utf8_trim_whitespace(pc.coalesce(facility, state, national))


def _cms_count(text: Column) -> Column:
    """Completed surveys as a whole number; CMS's words ("FEWER THAN 50", "Not Available") as blank."""
    plain = pc.replace_substring(text, ",", "")
    whole = pc.fill_null(pc.match_substring_regex(plain, r"^\d+$"), False)
    return pc.if_else(whole, plain, pa.scalar(None, pa.string()))


def read_cms(path: Path) -> RawRecords:
    """One CMS Care Compare HCAHPS file as native columns, row numbers kept as the file's lines.

    Column at a time (a hospital file has ~450,000 rows): the value is the first of CMS's value
    columns that gives a figure; rows where none does are left out."""
    raw = read_csv(path)
    if raw.file_problems:
        return raw
    names = raw.table.column_names
    missing = [name for name in CMS_REQUIRED if name not in names]
    if not any(name in names for name in CMS_VALUES):
        missing.append(" or ".join(CMS_VALUES))
    if missing:
        return refused(raw.source, path, f"is not a CMS HCAHPS file: missing column(s) {', '.join(missing)}")
    data = raw.table
    value = pc.coalesce(*(_figure(data, name) for name in CMS_VALUES))
    keep = pc.is_valid(value)
    table = pa.table(
        {
            "source": _cms_source(data),
            "measure": _text(data, CMS_MEASURE),
            "period": pc.binary_join_element_wise(
                _cms_day(_text(data, "Start Date")), _cms_day(_text(data, "End Date")), "/"
            ),
            "question": _text(data, "HCAHPS Question"),
            "answer": _text(data, "HCAHPS Answer Description"),
            "value": value,
            "n": _cms_count(_text(data, "Number of Completed Surveys")),
            "response_rate": _text(data, "Survey Response Rate Percent"),
        }
    ).filter(keep)
    rows = raw.row_numbers[np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)]
    return RawRecords(raw.source, path, table, rows, raw.malformed)


def _read_cms_files(
    _fmt: NativeFormat, files: Sequence[Path], _options: IngestOptions, _home: Path
) -> list[RawRecords]:
    return [read_cms(path) for path in files]


CMS_READER = VendorReader(read=_read_cms_files, row_numbers="row numbers are the CMS file's lines (header is 1)")

BENCHMARK_FORMAT = NativeFormat(
    kind=KIND,
    table=VOICE_BENCHMARKS,
    fields=(
        FieldRule("source", required=True),
        FieldRule("measure", required=True),
        FieldRule("period", required=True, max_length=60),
        FieldRule("question", max_length=500),
        FieldRule("answer", max_length=500),
        FieldRule("value", required=True, max_length=40),
        FieldRule("n", FieldKind.COUNT),
        FieldRule("response_rate", max_length=40),
    ),
    filled_by_heartline=(("score", "it is the value as a number"),),
    fill=_with_scores,
    extra_check=_check_values,
    vendor_readers={CMS_LAYOUT: CMS_READER},
    documented_in="docs/voice.md",
)


def load_benchmarks(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest voice-benchmarks FILE…` (and `heartline voice benchmarks load`)."""
    return ingest_files(files, options)


def ingest_files(
    files: Sequence[Path],
    options: IngestOptions,
    *,
    warehouse: Warehouse | None = None,
    caller: Caller | None = None,
) -> IngestReport:
    """Check every file, store their valid rows in one batch (or nothing), and write a report per file."""
    return platform_ingest.ingest_files(BENCHMARK_FORMAT, files, options, warehouse=warehouse, caller=caller)


def ingest_records(
    caller: Caller, records: Sequence[dict[str, Any]], *, skip_bad: bool = False, warehouse: Warehouse | None = None
) -> RecordsResult:
    """Check and store one API batch of benchmark rows (generic layout); only admins may."""
    return platform_ingest.ingest_records(caller, BENCHMARK_FORMAT, records, skip_bad=skip_bad, warehouse=warehouse)
