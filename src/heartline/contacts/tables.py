"""The contact-centre facts in the warehouse: `contacts` (every channel) and `cases`."""

from __future__ import annotations

import pyarrow as pa

from heartline.warehouse.tables import TableSpec, register

TS = pa.timestamp("us", tz="UTC")

CHANNELS = ("phone", "chat", "email", "portal", "sms")
DIRECTIONS = ("inbound", "outbound")
DISPOSITIONS = ("resolved", "unresolved", "escalated")
PRIORITIES = ("standard", "expedited")
# The reasons the demo and the pages know; ingest accepts any reason code.
REASONS = ("billing", "benefits", "id_card", "claims", "pharmacy", "enrollment", "provider_search", "grievance")

CONTACTS = register(
    TableSpec(
        name="contacts",
        description="One row per member contact on any channel; route lists the queues visited in order.",
        schema=pa.schema(
            [
                pa.field("contact_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string()),
                pa.field("channel", pa.string()),
                pa.field("direction", pa.string()),
                pa.field("queue", pa.string()),
                pa.field("unit", pa.string()),
                pa.field("team", pa.string()),
                pa.field("agent_id", pa.string()),
                pa.field("reason", pa.string()),
                pa.field("language", pa.string()),
                pa.field("started_at", TS, nullable=False),
                pa.field("answered_at", TS),
                pa.field("ended_at", TS),
                pa.field("hold_seconds", pa.int32()),
                pa.field("talk_seconds", pa.int32()),
                pa.field("wrap_seconds", pa.int32()),
                pa.field("abandoned", pa.bool_()),
                pa.field("route", pa.string()),
                pa.field("consult_count", pa.int16()),
                pa.field("case_id", pa.string()),
                pa.field("disposition", pa.string()),
            ]
        ),
        natural_key=("contact_id",),
        required=("started_at",),
        unit_column="unit",
        agent_column="agent_id",
    )
)

CASES = register(
    TableSpec(
        name="cases",
        description="Member issues tracked from opening to closing.",
        schema=pa.schema(
            [
                pa.field("case_id", pa.string(), nullable=False),
                pa.field("member_id", pa.string()),
                pa.field("unit", pa.string()),
                pa.field("type", pa.string()),
                pa.field("priority", pa.string()),
                pa.field("opened_at", TS, nullable=False),
                pa.field("closed_at", TS),
                pa.field("status", pa.string()),
            ]
        ),
        natural_key=("case_id",),
        required=("opened_at",),
        unit_column="unit",
    )
)
