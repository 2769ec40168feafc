"""The warehouse table of transcripts: one row per contact, its turns nested, the text already redacted.

Nothing in this table was ever unredacted: the ingest (`heartline.transcripts.services`) redacts each
turn with the member's and the staff's names before the row is built. The raw text lives only in the
app database, encrypted (`RawTranscript`). `unit` and `agent_id` are the contact's, copied at ingest,
so warehouse reads are scoped like the contacts table; `contact_known` is false when the contact was
not stored yet (then `member_id`, `unit` and `agent_id` are empty and only unrestricted callers see it).
"""

from __future__ import annotations

import pyarrow as pa

from heartline.warehouse.tables import TableSpec, register

TURN = pa.struct(
    [
        pa.field("speaker", pa.string()),  # agent, member or system
        pa.field("start_ms", pa.int64()),  # from the start of the contact
        pa.field("end_ms", pa.int64()),
        pa.field("text", pa.string()),  # redacted: identifiers replaced by [NAME], [PHONE]…
    ]
)

TRANSCRIPTS = register(
    TableSpec(
        name="transcripts",
        schema=pa.schema(
            [
                pa.field("contact_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string()),
                pa.field("unit", pa.string()),
                pa.field("agent_id", pa.string()),
                pa.field("language", pa.string()),  # en, es, zh
                pa.field("source", pa.string()),  # native or contact-lens
                pa.field("contact_known", pa.bool_()),
                pa.field("turn_count", pa.int32()),
                pa.field("duration_ms", pa.int64()),  # the last turn's end
                pa.field("redactions", pa.int32()),  # identifiers the redactor replaced
                pa.field("turns", pa.list_(TURN)),
            ]
        ),
        natural_key=("contact_id",),
        unit_column="unit",
        agent_column="agent_id",
        description="Transcripts of contacts, redacted before storage; one row per contact, turns nested.",
        cluster_by=("contact_id",),
    )
)
