"""The `survey_responses` warehouse table: one row per survey response, one column per item.

Wide, not long (response × item): pages and metrics read one or two items over many responses (NPS
by unit is a scan of two columns of a column store), key-driver analysis needs the respondent × item
matrix as it is, and one row per response makes `response_id` the natural key a re-delivery merges
on. The price — a new item is a new nullable column — is paid in code, where the item bank lives
(`voice.surveys`). Numeric scales are stored as small integers; CAHPS words and Yes/No as their
English words, exactly as the file format takes them.
"""

from __future__ import annotations

import pyarrow as pa

from heartline.voice.surveys import ITEMS, Scale
from heartline.warehouse.tables import TableSpec, register

TS = pa.timestamp("us", tz="UTC")


def _item_field(scale: Scale, code: str) -> pa.Field:
    if scale in (Scale.FREQUENCY, Scale.YES_NO, Scale.TEXT):
        return pa.field(code, pa.string())
    return pa.field(code, pa.int8())


SURVEY_RESPONSES = register(
    TableSpec(
        name="survey_responses",
        description=(
            "One row per member survey response: links to member, contact, agent and unit, and every item answered."
        ),
        schema=pa.schema(
            [
                pa.field("response_id", pa.string(), nullable=False),
                pa.field("survey", pa.string()),
                pa.field("responded_at", TS, nullable=False),
                pa.field("language", pa.string()),
                pa.field("member_id", pa.string()),
                pa.field("contact_id", pa.string()),
                pa.field("agent_id", pa.string()),
                pa.field("unit", pa.string()),
                pa.field("channel", pa.string()),
                *(_item_field(item.scale, item.code) for item in ITEMS),
            ]
        ),
        natural_key=("response_id",),
        required=("responded_at",),
        unit_column="unit",
        agent_column="agent_id",
    )
)
