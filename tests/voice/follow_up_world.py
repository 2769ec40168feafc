"""Survey responses the closed-loop tests judge, exactly known: which open a follow-up and why."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

SINCE = dt.date(2026, 5, 30)
UNTIL = dt.date(2026, 6, 5)
# A Friday, 11:00 in New York: the follow-ups it opens are due by the end of Tuesday 9 June.
OPENED = dt.datetime(2026, 6, 5, 15, 0, tzinfo=dt.UTC)


def _at(day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, tzinfo=dt.UTC)


ROWS: list[dict[str, object]] = [
    # A detractor whose verbatim carries a phone number (redacted when stored).
    {
        "response_id": "L-1",
        "member_id": "M0000",
        "contact_id": "c-commercial-phone-0",
        "unit": "commercial",
        "agent_id": "e-agent",
        "responded_at": _at(1),
        "nps": 3,
        "csat": 2,
        "verbatim": "Call me at 555-201-3344, nobody fixed my claim.",
        "language": "en",
    },
    # CSAT 1–2 on a passive's NPS.
    {"response_id": "L-2", "member_id": "M0001", "unit": "commercial", "responded_at": _at(2), "nps": 8, "csat": 2},
    # A passive whose verbatim names a complaint (the wait).
    {
        "response_id": "L-3",
        "member_id": "M0002",
        "unit": "commercial",
        "responded_at": _at(3),
        "nps": 8,
        "csat": 4,
        "verbatim": "I waited on hold for forty minutes.",
        "language": "en",
    },
    # Praise: nothing to follow up.
    {
        "response_id": "L-4",
        "member_id": "M0003",
        "unit": "commercial",
        "responded_at": _at(3, 15),
        "nps": 10,
        "csat": 5,
        "verbatim": "The representative was kind and patient.",
        "language": "en",
    },
    # A detractor nobody can call back (no member).
    {"response_id": "L-5", "unit": "commercial", "responded_at": _at(4), "nps": 2},
    # Another unit's detractor (the commercial coach does not see it).
    {"response_id": "L-6", "member_id": "M0004", "unit": "medicare", "responded_at": _at(4, 16), "nps": 1},
    # The first member's next response, after the call back.
    {"response_id": "L-7", "member_id": "M0000", "unit": "commercial", "responded_at": _at(20), "nps": 9, "csat": 5},
]


def write_follow_up_responses(warehouse: Warehouse) -> None:
    names = SURVEY_RESPONSES.schema.names
    rows = [{name: row.get(name) for name in names} for row in ROWS]
    for row in rows:
        row["survey"] = "post_contact"
    write_batch(warehouse, SURVEY_RESPONSES, pa.Table.from_pylist(rows, schema=SURVEY_RESPONSES.schema), source="test")
