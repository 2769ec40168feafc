"""The contact-centre facts in the warehouse: `contacts` (every channel) and `cases`."""

from __future__ import annotations

import pyarrow as pa

from heartline.warehouse.tables import TableSpec, register

TS = pa.timestamp("us", tz="UTC")

CHANNELS = ("phone", "chat", "email", "portal", "sms")
DIRECTIONS = ("inbound", "outbound")
DISPOSITIONS = ("resolved", "unresolved", "escalated")
PRIORITIES = ("standard", "expedited")
# What regulatory clocks need to know of a case (heartline.compliance judges them).
LINES_OF_BUSINESS = ("medicare_part_c", "medicare_part_d", "medicaid", "commercial")
CASE_CATEGORIES = ("grievance", "initial_determination", "appeal")
# What was asked for: a service not yet received, payment for one received, or a Medicare Part B drug.
CASE_REQUESTS = ("service", "payment", "part_b_drug")
CASE_OUTCOMES = ("favorable", "adverse", "partial", "withdrawn", "dismissed")
# The reasons the demo and the pages know; ingest accepts any reason code.
# Who cut a contact off before it was finished (empty when it ended normally): the member (hung up,
# abandoned) or the plan (a dropped call: an IVR or telephony failure, a lost transfer). CMS's
# disconnect rate counts the plan's (docs/compliance.md, "Call-center standards").
DISCONNECTED_BY = ("member", "plan")
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
                pa.field("ivr_seconds", pa.int32()),  # time in the IVR or recorded greeting before the queue
                pa.field("disconnected_by", pa.string()),  # DISCONNECTED_BY; empty when it ended normally
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
        description=(
            "Member issues tracked from opening to closing; grievances, determinations and appeals also "
            "carry what their regulatory clock needs (received, extended, decided, notified)."
        ),
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
                pa.field("owner_id", pa.string()),  # the employee working the case
                pa.field("line_of_business", pa.string()),  # LINES_OF_BUSINESS
                pa.field("category", pa.string()),  # CASE_CATEGORIES
                pa.field("request", pa.string()),  # CASE_REQUESTS
                pa.field("received_at", TS),  # when the plan received it (the clock's start)
                pa.field("extension_days", pa.int16()),
                pa.field("extension_reason", pa.string()),
                pa.field("decided_at", TS),
                pa.field("notified_at", TS),  # when the member was told: what timeliness is judged on
                pa.field("outcome", pa.string()),  # CASE_OUTCOMES
            ]
        ),
        natural_key=("case_id",),
        required=("opened_at",),
        unit_column="unit",
        agent_column="owner_id",  # a representative sees the cases they work
    )
)
