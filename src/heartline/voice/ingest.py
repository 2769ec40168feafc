"""Ingest survey responses: the one write path for files (`heartline ingest survey-responses`) and API batches.

The same rules as the contact ingest, built on its readers, checks and reports (`heartline.contacts.
ingest`): CSV, Parquet or JSON Lines; every value is checked column by column before anything is
stored; a file with a bad row is refused whole with a report naming file, row, field and reason,
unless `skip_bad`, which stores the valid rows and writes the others to `<file>.rejects.csv`; rows are
merged on `response_id`, so a re-run stores nothing new and a corrected response replaces the stored
one. Each ingest is written to the access log. The format is documented in docs/voice.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings

from heartline.contacts.ingest.fields import FieldKind, FieldRule, NativeFormat
from heartline.contacts.ingest.native import RawRecords, check_columns, read_native, read_records
from heartline.contacts.ingest.report import InputOutcome, outcome_of, problem_lines, problem_records, write_report
from heartline.contacts.ingest.validation import PROBLEM_SCHEMA, Checked, ColumnError, check_records
from heartline.contacts.tables import CHANNELS
from heartline.core.contracts import Caller
from heartline.core.ingest_kinds import IngestOptions, IngestReport
from heartline.core.scoping import OPERATOR
from heartline.core.services import log_access, schedule_compaction_if_needed
from heartline.voice.surveys import (
    FREQUENCY_ANSWERS,
    ITEMS,
    LANGUAGES,
    NUMERIC_RANGES,
    SURVEY_CODES,
    YES_NO_ANSWERS,
    Item,
    Scale,
)
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

KIND = "survey-responses"
MAX_API_RECORDS = 50_000
MAX_PROBLEMS_LISTED = 1_000
INGEST_ROLES = frozenset({"admin"})


def _item_rule(item: Item) -> FieldRule:
    if item.scale == Scale.FREQUENCY:
        return FieldRule(item.code, FieldKind.CHOICE, choices=FREQUENCY_ANSWERS)
    if item.scale == Scale.YES_NO:
        return FieldRule(item.code, FieldKind.CHOICE, choices=YES_NO_ANSWERS)
    if item.scale == Scale.TEXT:
        return FieldRule(item.code)
    return FieldRule(item.code, FieldKind.COUNT, maximum=NUMERIC_RANGES[item.scale][1])


SURVEY_FORMAT = NativeFormat(
    kind=KIND,
    table=SURVEY_RESPONSES,
    fields=(
        FieldRule("response_id", required=True),
        FieldRule("survey", FieldKind.CHOICE, required=True, choices=SURVEY_CODES),
        FieldRule("responded_at", FieldKind.TIME, required=True),
        FieldRule("language", FieldKind.CHOICE, choices=LANGUAGES),
        FieldRule("member_id"),
        FieldRule("contact_id"),
        FieldRule("agent_id"),
        FieldRule("unit"),
        FieldRule("channel", FieldKind.CHOICE, choices=CHANNELS),
        *(_item_rule(item) for item in ITEMS),
    ),
)


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
    counts: IngestCounts
    accepted: bool
    problems: list[dict[str, object]] = field(default_factory=list)
    problems_not_listed: int = 0


def may_ingest(caller: Caller) -> bool:
    return caller.role in INGEST_ROLES


def load_survey_responses(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest survey-responses FILE…`."""
    return ingest_files(files, options)


def ingest_files(
    files: Sequence[Path],
    options: IngestOptions,
    *,
    warehouse: Warehouse | None = None,
    caller: Caller | None = None,
) -> IngestReport:
    """Check every file, store their valid rows in one batch (or nothing), and write a report per file."""
    caller = caller or OPERATOR
    warehouse = warehouse or Warehouse.default()
    progress = options.progress or (lambda step, done, total: None)
    if options.format != "native":
        return IngestReport(
            accepted=False, problems=[f"{KIND} cannot be read in format {options.format!r} (formats: native)"]
        )
    raws = []
    for done, path in enumerate(files, start=1):
        raws.append(read_native(SURVEY_FORMAT, path))
        progress("Reading files", done, len(files))
    outcomes = [_check(raw) for raw in raws]
    progress("Checking rows", 1, 1)
    counts, accepted = _store(outcomes, options.skip_bad, warehouse, source=", ".join(str(f) for f in files))
    report_paths: list[tuple[Path, bool]] = []
    rejects_path: Path | None = None
    for outcome in outcomes:
        report, rejects = write_report(
            outcome,
            kind=KIND,
            file_format="native",
            result=_result_text(outcome, accepted),
            home=Path(settings.HEARTLINE_HOME),
            write_rejects=options.skip_bad and accepted,
        )
        report_paths.append((report, bool(outcome.problems.num_rows)))
        rejects_path = rejects_path or rejects
    _log(caller, counts, accepted, "cli", files=[str(f) for f in files][:20])
    ranked = sorted(report_paths, key=lambda path_and_problems: not path_and_problems[1])
    return IngestReport(
        **counts.as_dict(),
        accepted=accepted,
        problems=_listed_lines(outcomes),
        report_path=str(ranked[0][0]) if ranked else None,
        rejects_path=str(rejects_path) if rejects_path else None,
    )


def ingest_records(
    caller: Caller, records: Sequence[dict[str, Any]], *, skip_bad: bool = False, warehouse: Warehouse | None = None
) -> RecordsResult:
    """Check and store one API batch of survey responses, as the file ingest does; only admins may."""
    if not may_ingest(caller):
        raise IngestForbiddenError(f"only administrators may ingest {KIND}; your role is {caller.role or 'none'}")
    if len(records) > MAX_API_RECORDS:
        raise TooManyRecordsError(
            f"a batch may hold at most {MAX_API_RECORDS:,} records; this one has {len(records):,}: split it"
        )
    if not records:
        return RecordsResult(counts=IngestCounts(), accepted=True)
    outcome = _check(check_columns(SURVEY_FORMAT, read_records(records)))
    counts, accepted = _store([outcome], skip_bad, warehouse or Warehouse.default(), source="api")
    _log(caller, counts, accepted, "api")
    listed = problem_records(outcome.problems, MAX_PROBLEMS_LISTED)
    return RecordsResult(counts, accepted, listed, outcome.problems.num_rows - len(listed))


# -- the steps ------------------------------------------------------------------------------------


def _check(raw: RawRecords) -> InputOutcome:
    if raw.file_problems:
        return outcome_of(raw, None)
    try:
        checked = check_records(SURVEY_FORMAT, raw.table)
    except ColumnError as exc:
        raw.file_problems.append(str(exc))
        return outcome_of(raw, None)
    return outcome_of(raw, _with_lower_bounds(checked))


def _with_lower_bounds(checked: Checked) -> Checked:
    """Flag answers below a scale's lowest value (a 0 on a 1–5 scale); the shared checks stop at 0."""
    pieces = [checked.problems]
    bad_rows = checked.bad_rows.copy()
    for order, rule in enumerate(SURVEY_FORMAT.fields):
        spec = next((i for i in ITEMS if i.code == rule.name), None)
        if spec is None or not spec.numeric:
            continue
        lowest, highest = NUMERIC_RANGES[spec.scale]
        if lowest == 0:
            continue
        values = checked.table.column(rule.name)
        below = pc.fill_null(pc.less(values, lowest), False)
        if not pc.any(below).as_py():
            continue
        index = pc.indices_nonzero(below)
        bad_rows[index.to_numpy()] = True
        shown = pc.cast(pc.take(values, index), pa.string())
        pieces.append(
            pa.table(
                {
                    "index": index.cast(pa.int64()),
                    "field_order": pa.array(np.full(len(index), order, dtype=np.int32)),
                    "field": pa.repeat(pa.scalar(rule.name, pa.string()), len(index)),
                    "reason": pc.binary_join_element_wise(
                        '"', shown, f'" is not a whole number from {lowest} to {highest}', ""
                    ),
                },
                schema=PROBLEM_SCHEMA,
            )
        )
    if len(pieces) == 1:
        return checked
    problems = pa.concat_tables(pieces).sort_by([("index", "ascending"), ("field_order", "ascending")])
    return Checked(table=checked.table, bad_rows=bad_rows, problems=problems)


def _store(
    outcomes: Sequence[InputOutcome], skip_bad: bool, warehouse: Warehouse, source: str
) -> tuple[IngestCounts, bool]:
    read = sum(o.rows_read for o in outcomes)
    rejected = sum(o.rejected_rows for o in outcomes)
    if any(o.refused_whole for o in outcomes) or (rejected and not skip_bad):
        return IngestCounts(read=read, rejected=rejected), False
    good = [o.checked.good() for o in outcomes if o.checked is not None]
    batch = pa.concat_tables(good) if good else None
    if batch is None or batch.num_rows == 0:
        return IngestCounts(read=read, rejected=rejected), True
    result = write_batch(warehouse, SURVEY_RESPONSES, batch, source=source)
    schedule_compaction_if_needed(SURVEY_RESPONSES.name)
    return IngestCounts(read, result.inserted, result.updated, result.unchanged, rejected), True


def _result_text(outcome: InputOutcome, accepted: bool) -> str:
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


def _log(caller: Caller, counts: IngestCounts, accepted: bool, channel: str, **detail: object) -> None:
    log_access(
        caller,
        f"ingest.{KIND}",
        f"warehouse:{SURVEY_RESPONSES.name}",
        channel=channel,
        accepted=accepted,
        **counts.as_dict(),
        **detail,
    )
