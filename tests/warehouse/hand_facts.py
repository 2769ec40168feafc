"""A small, hand-checkable set of contacts for the warehouse tests.

`CONTACTS_BY_HAND` is the data set every runner test works its expected figures out from; keep the
table below in step with it when adding a row.

    id  unit  agent  channel  started_at (UTC)       month    week (Monday)
    c1  u1    a1     phone    2025-01-31 23:30       Jan      2025-01-27
    c2  u1    a2     chat     2025-02-01 00:30       Feb      2025-01-27
    c3  u2    a3     phone    2025-02-14 12:00       Feb      2025-02-10
    c4  u2    a1     email    2025-03-01 00:00       Mar      2025-02-24
    c5  u1    a2     phone    2025-03-31 23:59:59    Mar      2025-03-31
    c6  -     a9     sms      2025-02-20 08:00       Feb      2025-02-17
    c7  u1    a2     phone    2025-02-10 09:00       Feb      2025-02-10
"""

from __future__ import annotations

import datetime as dt


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


def contact(
    contact_id: str, unit: str | None, agent_id: str, channel: str, started_at: dt.datetime
) -> dict[str, object]:
    return {
        "contact_id": contact_id,
        "unit": unit,
        "agent_id": agent_id,
        "channel": channel,
        "started_at": started_at,
    }


CONTACTS_BY_HAND: list[dict[str, object]] = [
    contact("c1", "u1", "a1", "phone", utc(2025, 1, 31, 23, 30)),
    contact("c2", "u1", "a2", "chat", utc(2025, 2, 1, 0, 30)),
    contact("c3", "u2", "a3", "phone", utc(2025, 2, 14, 12, 0)),
    contact("c4", "u2", "a1", "email", utc(2025, 3, 1, 0, 0)),
    contact("c5", "u1", "a2", "phone", utc(2025, 3, 31, 23, 59, 59)),
    contact("c6", None, "a9", "sms", utc(2025, 2, 20, 8, 0)),
    contact("c7", "u1", "a2", "phone", utc(2025, 2, 10, 9, 0)),
]
