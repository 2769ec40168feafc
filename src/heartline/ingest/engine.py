"""The one write path for tabular ingests: files (`heartline ingest KIND`) and API batches, for any format.

Every input is read, checked column by column, and only then stored, in one warehouse batch merged on
the natural key (a re-run stores nothing new; a changed record replaces the stored one). A problem
with an input as a whole (unknown or missing columns, unreadable file) refuses the whole ingest; a bad
row refuses it too unless `skip_bad`, in which case the valid rows are stored and the bad ones are
left out (and, for files, written to `<file>.rejects.csv`). Every problem of every input is reported.

The engine knows no caller and no app: what surrounds an ingest — where reports go, which warehouse,
what to record and what to schedule after storing — comes in an `IngestContext` the platform builds
(`heartline.core.ingest`), after it has checked that the caller may load data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from heartline.ingest.formats import NativeFormat
from heartline.ingest.outcome import (
    IngestCounts,
    IngestOptions,
    IngestReport,
    Progress,
    RecordsResult,
    StorageFullError,
    TooManyRecordsError,
    is_disk_full,
)
from heartline.ingest.readers import RawRecords, check_columns, read_native, read_records
from heartline.ingest.repeated import flag_repeated_keys
from heartline.ingest.report import (
    ROW_NUMBERS,
    InputOutcome,
    native_row_numbers,
    outcome_of,
    problem_lines,
    problem_records,
    write_report,
)
from heartline.ingest.streamed import FileIntake, intake_outcome, read_and_stage
from heartline.ingest.validation import ColumnError, check_records
from heartline.warehouse.staged import StagedWrite
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BatchResult, write_batch

MAX_API_RECORDS = 50_000
MAX_PROBLEMS_LISTED = 1_000  # in IngestReport.problems and API answers; report files list them all


@dataclass(frozen=True)
class IngestEvent:
    """One ingest that got as far as checking its data, stored or refused (for the access log)."""

    kind: str
    table: str
    counts: IngestCounts
    accepted: bool
    channel: str
    detail: Mapping[str, object] = field(default_factory=dict)


def _nothing(*_: object) -> None:
    return None


@dataclass(frozen=True)
class IngestContext:
    """What surrounds one ingest: supplied by the platform, so the engine imports no app."""

    home: Path  # where reports go when an input's folder is not writable (HEARTLINE_HOME)
    warehouse: Warehouse
    channel: str = "cli"  # "cli" or "api", as the access log names it
    record: Callable[[IngestEvent], None] = _nothing  # the access log
    after_store: Callable[[str, BatchResult], None] = _nothing  # table name, what the write did


# -- files ----------------------------------------------------------------------------------------


def ingest_files(
    fmt: NativeFormat, files: Sequence[Path], options: IngestOptions, context: IngestContext
) -> IngestReport:
    """Check every file, store their valid rows in one batch (or nothing), and write a report per file."""
    progress: Progress = options.progress or (lambda step, done, total: None)
    if options.format not in fmt.file_formats:
        return IngestReport(
            accepted=False,
            problems=[
                f"{fmt.kind} cannot be read in format {options.format!r} (formats: {', '.join(fmt.file_formats)})"
            ],
        )

    if options.format == "native":
        return _ingest_streamed(fmt, files, options, context, progress)
    raws = _read_files(fmt, files, options, context.home, progress)
    outcomes = []
    total_rows = sum(raw.table.num_rows for raw in raws)
    checked_rows = 0
    for raw in raws:
        outcomes.append(check_input(fmt, raw))
        checked_rows += raw.table.num_rows
        progress("Checking rows", checked_rows, total_rows)

    failure: str | None = None
    try:
        counts, accepted = store(fmt, outcomes, options.skip_bad, context, source=", ".join(str(f) for f in files))
    except StorageFullError as exc:
        failure = str(exc)
        counts, accepted = _checked_counts(outcomes).refused(), False
    if accepted:
        progress("Storing", 1, 1)

    return _finish(fmt, files, options, context, outcomes, counts, accepted, failure)


def _ingest_streamed(
    fmt: NativeFormat, files: Sequence[Path], options: IngestOptions, context: IngestContext, progress: Progress
) -> IngestReport:
    """Native files, read, checked and staged a batch at a time (`streamed`), then stored or refused whole."""
    staging = StagedWrite(context.warehouse, fmt.table)
    failure: str | None = None
    outcomes: list[InputOutcome] = []
    intakes: list[FileIntake] = []
    try:
        done = 0
        for group, path in enumerate(files):
            read_and_stage(fmt, path, group, staging, progress, done, started=intakes)
            done += intakes[-1].rows_read
            progress("Reading files", group + 1, len(files))
        outcomes.extend(intake_outcome(fmt, intake) for intake in intakes)
        checked = _checked_counts(outcomes)
        if any(o.refused_whole for o in outcomes) or (checked.rejected and not options.skip_bad):
            counts, accepted = checked.refused(), False
        else:
            repeated = [i.repeated for i in intakes if i.repeated is not None]
            try:
                result = staging.publish(
                    source=", ".join(str(f) for f in files), drop=pa.concat_tables(repeated) if repeated else None
                )
            except Exception as exc:
                if is_disk_full(exc):
                    raise StorageFullError(context.warehouse.root) from exc
                raise
            context.after_store(fmt.table.name, result)
            counts, accepted = (
                IngestCounts(checked.read, result.inserted, result.updated, result.unchanged, checked.rejected),
                True,
            )
            progress("Storing", 1, 1)
    except Exception as exc:
        if not isinstance(exc, StorageFullError) and not is_disk_full(exc):
            raise
        failure = str(exc if isinstance(exc, StorageFullError) else StorageFullError(context.warehouse.root))
        read = IngestCounts(read=sum(i.rows_read for i in intakes), rejected=sum(i.rejected for i in intakes))
        counts, accepted = read.refused(), False
    finally:
        staging.discard()
    return _finish(fmt, files, options, context, outcomes, counts, accepted, failure)


def _finish(
    fmt: NativeFormat,
    files: Sequence[Path],
    options: IngestOptions,
    context: IngestContext,
    outcomes: Sequence[InputOutcome],
    counts: IngestCounts,
    accepted: bool,
    failure: str | None,
) -> IngestReport:
    """Write each input's report (and rejects), record the ingest, and say what it did."""
    report_paths: list[tuple[Path, bool]] = []
    rejects_path: Path | None = None
    vendor = fmt.vendor_readers.get(options.format)
    for outcome in outcomes:
        path = outcome.raw.path
        report, rejects = write_report(
            outcome,
            kind=fmt.kind,
            file_format=options.format,
            row_numbers=vendor.row_numbers if vendor else native_row_numbers(path or Path()),
            result=f"refused: {failure}" if failure else _result_text(outcome, accepted, options.skip_bad),
            home=context.home,
            write_rejects=options.skip_bad and accepted,
        )
        report_paths.append((report, bool(outcome.problems.num_rows)))
        rejects_path = rejects_path or rejects
    context.record(
        IngestEvent(
            fmt.kind,
            fmt.table.name,
            counts,
            accepted,
            context.channel,
            {"files": [str(f) for f in files][:20], "format": options.format}
            | ({"failure": "disk full"} if failure else {}),
        )
    )
    # The report to point at: the first that lists problems, else the first.
    ranked = sorted(report_paths, key=lambda path_and_problems: not path_and_problems[1])
    report_path = ranked[0][0] if ranked else None
    return IngestReport(
        counts=counts,
        accepted=accepted,
        problems=([failure] if failure else []) + _listed_lines(outcomes),
        report_path=str(report_path) if report_path else None,
        rejects_path=str(rejects_path) if rejects_path else None,
    )


# -- API batches ----------------------------------------------------------------------------------


def ingest_records(
    fmt: NativeFormat, records: Sequence[dict[str, Any]], context: IngestContext, *, skip_bad: bool = False
) -> RecordsResult:
    """Check and store one batch of records (native field names), as the file ingest does."""
    if len(records) > MAX_API_RECORDS:
        raise TooManyRecordsError(
            f"a batch may hold at most {MAX_API_RECORDS:,} records; this one has {len(records):,}: split it"
        )
    if not records:
        return RecordsResult(counts=IngestCounts(), accepted=True)
    outcome = check_input(fmt, check_columns(fmt, read_records(records)))
    try:
        counts, accepted = store(fmt, [outcome], skip_bad, context, source="api")
    except StorageFullError:
        counts = _checked_counts([outcome]).refused()
        context.record(IngestEvent(fmt.kind, fmt.table.name, counts, False, context.channel, {"failure": "disk full"}))
        raise
    context.record(IngestEvent(fmt.kind, fmt.table.name, counts, accepted, context.channel))
    listed = problem_records(outcome.problems, MAX_PROBLEMS_LISTED)
    return RecordsResult(
        counts=counts,
        accepted=accepted,
        problems=listed,
        problems_not_listed=outcome.problems.num_rows - len(listed),
    )


# -- the steps ------------------------------------------------------------------------------------


def _read_files(
    fmt: NativeFormat, files: Sequence[Path], options: IngestOptions, home: Path, progress: Progress
) -> list[RawRecords]:
    vendor = fmt.vendor_readers.get(options.format)
    if vendor is not None:
        raws = vendor.read(fmt, files, options, home)
        progress("Reading files", len(files), len(files))
        return raws
    raws = []
    for done, path in enumerate(files, start=1):
        raws.append(read_native(fmt, path))
        progress("Reading files", done, len(files))
    return raws


def check_input(fmt: NativeFormat, raw: RawRecords) -> InputOutcome:
    """Check one input's values (unless it is refused as a whole already) and collect all its problems."""
    if raw.file_problems:
        return outcome_of(raw, None)
    try:
        checked = check_records(fmt, raw.table)
    except ColumnError as exc:
        raw.file_problems.append(str(exc))
        return outcome_of(raw, None)
    checked = flag_repeated_keys(checked, fmt, raw.row_numbers)
    return outcome_of(raw, fmt.extra_check(checked) if fmt.extra_check else checked)


def store(
    fmt: NativeFormat, outcomes: Sequence[InputOutcome], skip_bad: bool, context: IngestContext, source: str
) -> tuple[IngestCounts, bool]:
    """Store the valid rows of every input in one batch, unless a problem refuses the ingest.

    Raises StorageFullError when the warehouse's disk fills up: the batch is then not committed, so
    nothing of it is stored and nothing stored before is touched."""
    checked = _checked_counts(outcomes)
    refused_whole = any(o.refused_whole for o in outcomes)
    if refused_whole or (checked.rejected and not skip_bad):
        return checked.refused(), False
    good = [o.checked.good() for o in outcomes if o.checked is not None]
    batch = pa.concat_tables(good) if good else None
    if batch is None or batch.num_rows == 0:
        return checked, True
    if fmt.fill is not None:
        batch = fmt.fill(batch)
    try:
        result = write_batch(context.warehouse, fmt.table, batch, source=source)
    except Exception as exc:
        if is_disk_full(exc):
            raise StorageFullError(context.warehouse.root) from exc
        raise
    context.after_store(fmt.table.name, result)
    return (
        IngestCounts(
            read=checked.read,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=checked.rejected,
        ),
        True,
    )


def _checked_counts(outcomes: Sequence[InputOutcome]) -> IngestCounts:
    return IngestCounts(read=sum(o.rows_read for o in outcomes), rejected=sum(o.rejected_rows for o in outcomes))


def _result_text(outcome: InputOutcome, accepted: bool, skip_bad: bool) -> str:
    if not accepted:
        if outcome.refused_whole:
            return "refused: nothing was stored (fix the file as a whole first)"
        if outcome.problems.num_rows:
            return "refused: nothing was stored (fix the rows below, or run with --skip-bad to load the valid rows)"
        return "refused: nothing was stored, because another file of the same ingest had problems"
    if outcome.rejected_rows:
        return f"stored the valid rows; {outcome.rejected_rows} row(s) were left out (see the rejects file)"
    return "stored, no problems"


def _listed_lines(outcomes: Sequence[InputOutcome]) -> list[str]:
    lines: list[str] = []
    total = sum(o.problems.num_rows for o in outcomes)
    for outcome in outcomes:
        room = MAX_PROBLEMS_LISTED - len(lines)
        if room <= 0:
            break
        lines.extend(problem_lines(outcome.raw.source, outcome.problems, limit=room))
    if total > len(lines):
        lines.append(f"… and {total - len(lines):,} more problems (see the report files)")
    return lines


__all__ = ["MAX_API_RECORDS", "ROW_NUMBERS", "IngestContext", "IngestEvent", "ingest_files", "ingest_records"]
