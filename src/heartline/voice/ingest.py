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
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.ingest import service as native_ingest
from heartline.contacts.ingest.fields import FieldKind, FieldRule, NativeFormat
from heartline.contacts.ingest.service import (
    MAX_API_RECORDS,
    IngestCounts,
    IngestForbiddenError,
    RecordsResult,
    TooManyRecordsError,
    may_ingest,
)
from heartline.contacts.ingest.validation import PROBLEM_SCHEMA, Checked
from heartline.contacts.tables import CHANNELS
from heartline.core.contracts import Caller
from heartline.core.ingest_kinds import IngestOptions, IngestReport
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

__all__ = [
    "KIND",
    "MAX_API_RECORDS",
    "SURVEY_FORMAT",
    "IngestCounts",
    "IngestForbiddenError",
    "RecordsResult",
    "TooManyRecordsError",
    "ingest_files",
    "ingest_records",
    "load_survey_responses",
    "may_ingest",
]

KIND = "survey-responses"


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
    extra_check=lambda checked: _with_lower_bounds(checked),
)


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
    return native_ingest.ingest_files(SURVEY_FORMAT, files, options, warehouse=warehouse, caller=caller)


def ingest_records(
    caller: Caller, records: Sequence[dict[str, Any]], *, skip_bad: bool = False, warehouse: Warehouse | None = None
) -> RecordsResult:
    """Check and store one API batch of survey responses, as the file ingest does; only admins may."""
    return native_ingest.ingest_records(caller, SURVEY_FORMAT, records, skip_bad=skip_bad, warehouse=warehouse)


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
