"""A tiny format of the tests' own — test-call logs — plugged into the engine as one module.

Everything a kind needs is here: its warehouse table and its `NativeFormat`. The engine tests load it
and nothing of Heartline's apps, which is how a new kind (FHIR, transcripts, staffing plans) plugs in.
"""

from __future__ import annotations

import pyarrow as pa

from heartline.ingest import FieldKind, FieldRule, NativeFormat
from heartline.ingest.formats import TIMESTAMP
from heartline.warehouse.tables import TableSpec

OUTCOMES = ("answered", "voicemail", "busy")

TEST_CALLS = TableSpec(
    name="engine_test_calls",
    schema=pa.schema(
        [
            pa.field("call_id", pa.string(), nullable=False),
            pa.field("placed_at", TIMESTAMP),
            pa.field("rings", pa.int32()),
            pa.field("outcome", pa.string()),
            pa.field("recorded", pa.bool_()),
        ]
    ),
    natural_key=("call_id",),
)

TEST_CALLS_FORMAT = NativeFormat(
    kind="test-calls",
    table=TEST_CALLS,
    fields=(
        FieldRule("call_id", required=True),
        FieldRule("placed_at", FieldKind.TIME, required=True),
        FieldRule("rings", FieldKind.COUNT, minimum=1, maximum=10),
        FieldRule("outcome", FieldKind.CHOICE, choices=OUTCOMES),
        FieldRule("recorded", FieldKind.FLAG),
    ),
)
