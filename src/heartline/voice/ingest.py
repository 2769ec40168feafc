"""Ingest survey responses: the `survey-responses` format the ingest engine loads, for files
(`heartline ingest survey-responses`) and API batches.

The same rules as every tabular ingest (`heartline.ingest`): CSV, Parquet or JSON Lines; every value
is checked column by column before anything is stored; a file with a bad row is refused whole with a
report naming file, row, field and reason, unless `skip_bad`, which stores the valid rows and writes
the others to `<file>.rejects.csv`; rows are merged on `response_id`, so a re-run stores nothing new
and a corrected response replaces the stored one. Each ingest is written to the access log. The
format is documented in docs/voice.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from heartline.contacts.tables import CHANNELS
from heartline.core import ingest as platform_ingest
from heartline.core.contracts import Caller
from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat, RecordsResult
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

__all__ = ["KIND", "SURVEY_FORMAT", "ingest_files", "ingest_records", "load_survey_responses"]

KIND = "survey-responses"
VERBATIM_MAX_LENGTH = 5_000  # characters: a long comment is a page or two; more is not a survey answer


def _item_rule(item: Item) -> FieldRule:
    if item.scale == Scale.FREQUENCY:
        return FieldRule(item.code, FieldKind.CHOICE, choices=FREQUENCY_ANSWERS)
    if item.scale == Scale.YES_NO:
        return FieldRule(item.code, FieldKind.CHOICE, choices=YES_NO_ANSWERS)
    if item.scale == Scale.TEXT:
        return FieldRule(item.code, max_length=VERBATIM_MAX_LENGTH)
    lowest, highest = NUMERIC_RANGES[item.scale]
    return FieldRule(item.code, FieldKind.COUNT, minimum=lowest, maximum=highest)


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
    documented_in="docs/voice.md",
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
    return platform_ingest.ingest_files(SURVEY_FORMAT, files, options, warehouse=warehouse, caller=caller)


def ingest_records(
    caller: Caller, records: Sequence[dict[str, Any]], *, skip_bad: bool = False, warehouse: Warehouse | None = None
) -> RecordsResult:
    """Check and store one API batch of survey responses, as the file ingest does; only admins may."""
    return platform_ingest.ingest_records(caller, SURVEY_FORMAT, records, skip_bad=skip_bad, warehouse=warehouse)
