"""A small, exact set of contacts in the warehouse, so tests can assert figures to the contact.

Counts per (unit, channel) are fixed in `CONTACT_COUNTS`; each contact is handled by the unit's
persona agent (commercial) or an agent of the other unit, spread over January–March 2026.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BatchResult, write_batch

# unit → channel → number of contacts
CONTACT_COUNTS: dict[str, dict[str, int]] = {
    "commercial": {"phone": 6, "chat": 3, "email": 2},
    "medicare": {"phone": 4, "portal": 2, "sms": 1},
}
AGENT_OF_UNIT = {"commercial": "e-agent", "medicare": "e-medicare-agent"}
TEAM_OF_UNIT = {"commercial": "commercial-a", "medicare": "medicare-a"}
QUEUE_OF_UNIT = {"commercial": "q-commercial", "medicare": "q-medicare"}


def contact_rows() -> pa.Table:
    rows: list[dict[str, object]] = []
    start = dt.datetime(2026, 1, 5, 14, 0, tzinfo=dt.UTC)
    for unit, channels in CONTACT_COUNTS.items():
        for channel, count in channels.items():
            for i in range(count):
                started = start + dt.timedelta(days=9 * i, minutes=len(rows))
                rows.append(
                    {
                        "contact_id": f"c-{unit}-{channel}-{i}",
                        "member_id": f"M{len(rows) % 5:04d}",
                        "channel": channel,
                        "direction": "inbound",
                        "queue": QUEUE_OF_UNIT[unit],
                        "unit": unit,
                        "team": TEAM_OF_UNIT[unit],
                        "agent_id": AGENT_OF_UNIT[unit],
                        "reason": "benefits" if i % 2 else "claims",
                        "language": "en",
                        "started_at": started,
                        "answered_at": started + dt.timedelta(seconds=30),
                        "ended_at": started + dt.timedelta(minutes=6),
                        "talk_seconds": 300,
                        "hold_seconds": 30,
                        "wrap_seconds": 30,
                        "abandoned": False,
                        "route": QUEUE_OF_UNIT[unit],
                        "consult_count": 0,
                        "disposition": "resolved",
                    }
                )
    return pa.Table.from_pylist(rows)


def write_contacts(warehouse: Warehouse) -> BatchResult:
    return write_batch(warehouse, CONTACTS, contact_rows(), source="tests")


def expected_by_unit() -> dict[str, int]:
    return {unit: sum(channels.values()) for unit, channels in CONTACT_COUNTS.items()}


def expected_by_channel(units: tuple[str, ...] = tuple(CONTACT_COUNTS)) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for unit in units:
        counts.update(CONTACT_COUNTS[unit])
    return dict(counts)
