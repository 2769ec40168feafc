"""Ingest contacts and cases: the one write path for files (`heartline ingest`) and API batches.

Every input is read, checked column by column, and only then stored, in one warehouse batch merged on
the natural key (a re-run stores nothing new; a changed record replaces the stored one). A problem
with an input as a whole (unknown or missing columns, unreadable file) refuses the whole ingest; a bad
row refuses it too unless `skip_bad`, in which case the valid rows are stored and the bad ones are
left out (and, for files, written to `<file>.rejects.csv`). Each ingest is written to the access log.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.conf import settings

from heartline.contacts.ingest.amazon_connect import (
    DEFAULT_MAPPING,
    MappingError,
    load_mapping,
    mapping_path,
    read_connect_files,
)
from heartline.contacts.ingest.fields import CASES_FORMAT, CONTACTS_FORMAT, FORMATS, NativeFormat
from heartline.contacts.ingest.native import RawRecords, check_columns, read_native, read_records, refused
from heartline.contacts.ingest.report import InputOutcome, outcome_of, problem_lines, problem_records, write_report
from heartline.contacts.ingest.teams import with_teams
from heartline.contacts.ingest.validation import ColumnError, check_records
from heartline.core.contracts import Caller
from heartline.core.ingest_kinds import IngestOptions, IngestReport
from heartline.core.scoping import OPERATOR
from heartline.core.services import log_access, schedule_compaction_if_needed, schedule_derived_refresh
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

FILE_FORMATS = ("native", "amazon-connect")
MAX_API_RECORDS = 50_000
MAX_PROBLEMS_LISTED = 1_000  # in IngestReport.problems and API answers; report files list them all
INGEST_ROLES = frozenset({"admin"})


class IngestForbiddenError(PermissionError):
    """The caller's role may not load data."""


class TooManyRecordsError(ValueError):
    """An API batch larger than MAX_API_RECORDS."""


@dataclass(frozen=True)
class IngestCounts:
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "read": self.read,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


@dataclass(frozen=True)
class RecordsResult:
    """What an API batch did: the counts, whether anything was stored, and the problems found."""

    counts: IngestCounts
    accepted: bool
    problems: list[dict[str, object]] = field(default_factory=list)
    problems_not_listed: int = 0


def may_ingest(caller: Caller) -> bool:
    return caller.role in INGEST_ROLES


# -- the loaders `heartline ingest` calls ---------------------------------------------------------


def load_contacts(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest contacts`: native files or Amazon Connect exports."""
    return ingest_files(CONTACTS_FORMAT, files, options)


def load_cases(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest cases`: native files."""
    return ingest_files(CASES_FORMAT, files, options)


def ingest_files(
    fmt: NativeFormat,
    files: Sequence[Path],
    options: IngestOptions,
    *,
    warehouse: Warehouse | None = None,
    caller: Caller | None = None,
    channel: str = "cli",
) -> IngestReport:
    """Check every file, store their valid rows in one batch (or nothing), and write a report per file."""
    caller = caller or OPERATOR
    warehouse = warehouse or Warehouse.default()
    progress = options.progress or (lambda step, done, total: None)
    if options.format not in FILE_FORMATS or (options.format != "native" and fmt.kind != "contacts"):
        known = "native, amazon-connect" if fmt.kind == "contacts" else "native"
        return IngestReport(
            accepted=False, problems=[f"{fmt.kind} cannot be read in format {options.format!r} (formats: {known})"]
        )

    raws = _read_files(fmt, files, options, progress)
    outcomes = []
    total_rows = sum(raw.table.num_rows for raw in raws)
    checked_rows = 0
    for raw in raws:
        outcomes.append(_check(fmt, raw))
        checked_rows += raw.table.num_rows
        progress("Checking rows", checked_rows, total_rows)

    counts, accepted = _store(fmt, outcomes, options.skip_bad, warehouse, source=", ".join(str(f) for f in files))
    if accepted:
        progress("Storing", 1, 1)

    report_paths: list[tuple[Path, bool]] = []
    rejects_path: Path | None = None
    for outcome in outcomes:
        report, rejects = write_report(
            outcome,
            kind=fmt.kind,
            file_format=options.format,
            result=_result_text(outcome, accepted, options.skip_bad),
            home=Path(settings.HEARTLINE_HOME),
            write_rejects=options.skip_bad and accepted,
        )
        report_paths.append((report, bool(outcome.problems.num_rows)))
        rejects_path = rejects_path or rejects
    _log(caller, fmt, counts, accepted, channel, files=[str(f) for f in files][:20], format=options.format)
    # The report to point at: the first that lists problems, else the first.
    ranked = sorted(report_paths, key=lambda path_and_problems: not path_and_problems[1])
    report_path = ranked[0][0] if ranked else None
    return IngestReport(
        **counts.as_dict(),
        accepted=accepted,
        problems=_listed_lines(outcomes),
        report_path=str(report_path) if report_path else None,
        rejects_path=str(rejects_path) if rejects_path else None,
    )


def ingest_records(
    caller: Caller,
    kind: str | NativeFormat,
    records: Sequence[dict[str, Any]],
    *,
    skip_bad: bool = False,
    warehouse: Warehouse | None = None,
) -> RecordsResult:
    """Check and store one API batch of native records, as the file ingest does; only admins may.

    `kind` names one of this app's formats, or is another app's `NativeFormat` (survey responses)."""
    fmt = FORMATS[kind] if isinstance(kind, str) else kind
    kind = fmt.kind
    if not may_ingest(caller):
        raise IngestForbiddenError(f"only administrators may ingest {kind}; your role is {caller.role or 'none'}")
    if len(records) > MAX_API_RECORDS:
        raise TooManyRecordsError(
            f"a batch may hold at most {MAX_API_RECORDS:,} records; this one has {len(records):,}: split it"
        )
    if not records:
        return RecordsResult(counts=IngestCounts(), accepted=True)
    outcome = _check(fmt, check_columns(fmt, read_records(records)))
    counts, accepted = _store(fmt, [outcome], skip_bad, warehouse or Warehouse.default(), source="api")
    _log(caller, fmt, counts, accepted, "api")
    listed = problem_records(outcome.problems, MAX_PROBLEMS_LISTED)
    return RecordsResult(
        counts=counts,
        accepted=accepted,
        problems=listed,
        problems_not_listed=outcome.problems.num_rows - len(listed),
    )


# -- the steps ------------------------------------------------------------------------------------


def _read_files(fmt: NativeFormat, files: Sequence[Path], options: IngestOptions, progress: Any) -> list[RawRecords]:
    if options.format == "amazon-connect":
        try:
            explicit = getattr(options, "mapping", None)
            path = mapping_path(Path(explicit) if explicit else None, Path(settings.HEARTLINE_HOME))
            mapping = load_mapping(path) if path else None
        except MappingError as exc:
            return [refused(f.name, f, str(exc)) for f in files]
        raws = read_connect_files(files, mapping or DEFAULT_MAPPING)
        progress("Reading files", len(files), len(files))
        return raws
    raws = []
    for done, path in enumerate(files, start=1):
        raws.append(read_native(fmt, path))
        progress("Reading files", done, len(files))
    return raws


def _check(fmt: NativeFormat, raw: RawRecords) -> InputOutcome:
    if raw.file_problems:
        return outcome_of(raw, None)
    try:
        checked = check_records(fmt, raw.table)
    except ColumnError as exc:
        raw.file_problems.append(str(exc))
        return outcome_of(raw, None)
    return outcome_of(raw, fmt.extra_check(checked) if fmt.extra_check else checked)


def _store(
    fmt: NativeFormat, outcomes: Sequence[InputOutcome], skip_bad: bool, warehouse: Warehouse, source: str
) -> tuple[IngestCounts, bool]:
    """Store the valid rows of every input in one batch, unless a problem refuses the ingest."""
    read = sum(o.rows_read for o in outcomes)
    rejected = sum(o.rejected_rows for o in outcomes)
    refused_whole = any(o.refused_whole for o in outcomes)
    if refused_whole or (rejected and not skip_bad):
        return IngestCounts(read=read, rejected=rejected), False
    good = [o.checked.good() for o in outcomes if o.checked is not None]
    batch = pa.concat_tables(good) if good else None
    if batch is None or batch.num_rows == 0:
        return IngestCounts(read=read, rejected=rejected), True
    if fmt.kind == "contacts":
        batch = with_teams(batch)
    result = write_batch(warehouse, fmt.table, batch, source=source)
    schedule_compaction_if_needed(fmt.table.name)
    if result.inserted or result.updated:
        schedule_derived_refresh(fmt.table.name)
    return (
        IngestCounts(
            read=read,
            inserted=result.inserted,
            updated=result.updated,
            unchanged=result.unchanged,
            rejected=rejected,
        ),
        True,
    )


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


def _log(
    caller: Caller, fmt: NativeFormat, counts: IngestCounts, accepted: bool, channel: str, **detail: object
) -> None:
    log_access(
        caller,
        f"ingest.{fmt.kind}",
        f"warehouse:{fmt.table.name}",
        channel=channel,
        accepted=accepted,
        **counts.as_dict(),
        **detail,
    )
