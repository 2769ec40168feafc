"""The `test-calls` ingest kind: a log of calls placed to test interpreter and TTY availability.

Heartline's own layout (docs/compliance.md, "Test-call log"), loaded by the shared ingest engine like
every tabular kind: every value checked column by column, problems reported by file, row, field and
reason, rows merged on `call_id`. Files do not carry `unit`: it is filled from the queue's unit in
Heartline (so the caller's scope applies to test calls as to contacts), and an empty
`line_of_business` takes the queue's line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from heartline.compliance.tables import TEST_CALLS
from heartline.contacts.tables import LINES_OF_BUSINESS
from heartline.core.ingest import ingest_files
from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat

KIND = "test-calls"
NOTES_MAX_LENGTH = 1_000
# A test call that took longer than a day to connect was not connected: no test waits that long.
MAX_CONNECT_SECONDS = 86_400


def _lookup(keys: pa.ChunkedArray | pa.Array, mapping: dict[str, str]) -> pa.Array:
    """`mapping[key]` for each key, null where the key is null or unknown."""
    if not mapping:
        return pa.nulls(len(keys), pa.string())
    position = pc.index_in(keys, value_set=pa.array(list(mapping), pa.string()))
    return pc.take(pa.array(list(mapping.values()), pa.string()), position)


def with_queue_facts(calls: pa.Table) -> pa.Table:
    """`calls` with `unit` filled from each queue's unit, and an empty `line_of_business` from its line."""
    from heartline.core.selectors import queue_lines_of_business, queue_units

    queues = calls.column("queue")
    calls = calls.append_column("unit", _lookup(queues, queue_units()))
    given = calls.column("line_of_business")
    filled = pc.coalesce(given, _lookup(queues, queue_lines_of_business()).cast(given.type))
    return calls.set_column(calls.column_names.index("line_of_business"), "line_of_business", filled)


TEST_CALLS_FORMAT = NativeFormat(
    kind=KIND,
    table=TEST_CALLS,
    fields=(
        FieldRule("call_id", required=True),
        FieldRule("placed_at", FieldKind.TIME, required=True),
        FieldRule("queue"),
        FieldRule("line_of_business", FieldKind.CHOICE, choices=LINES_OF_BUSINESS),
        FieldRule("language"),
        FieldRule("tty", FieldKind.FLAG),
        FieldRule("reached_live_person", FieldKind.FLAG),
        FieldRule("interpreter_available", FieldKind.FLAG),
        FieldRule("connected_within_seconds", FieldKind.COUNT, maximum=MAX_CONNECT_SECONDS),
        FieldRule("notes", max_length=NOTES_MAX_LENGTH),
    ),
    filled_by_heartline=(("unit", "it is filled from the queue's unit in Heartline"),),
    fill=with_queue_facts,
    documented_in="docs/compliance.md",
)


def load_test_calls(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest test-calls FILE…`."""
    return ingest_files(TEST_CALLS_FORMAT, files, options)
