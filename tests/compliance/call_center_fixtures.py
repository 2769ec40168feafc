"""The calls the call-center tests reason about, worked by hand (docs/compliance.md).

November 2026, queue `q-medicare` (line medicare_part_c, unit medicare) — every call an inbound phone
call unless its line says otherwise; `wait` is seconds from the start to a live answer:

    id  wait  ivr   what happens                        CMS hold   disconnect
    h1  150   30    answered                            120        –
    h2  200   20    answered                            180        –
    h3   90   –     answered (IVR time not recorded)     90        –
    h4   10   40    answered (IVR longer than the wait)   0        –
    h5   –    25    the member hung up before an answer  –         member (not counted)
    h6   40   10    a chat, not a call                   –         –
    h7   15   –     outbound, not a call to the centre   –         –
    h8   60   30    answered, then the plan dropped it   30        plan (counted)

Hold: 120, 180, 90, 0, 30 → n 5, mean 84, median 90, deviations 36, 96, 6, −84, −54, squares
1,296 + 9,216 + 36 + 7,056 + 2,916 = 20,520, sample variance 5,130, sd 71.624; 4 calls with IVR time.
Disconnects: 1 dropped by the plan (h8) of 6 calls (h1–h5, h8); 2 calls record a disconnect.

And `c1` in `q-commercial` (line commercial, unit commercial): waited 50 s, IVR 10 → hold 40.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from heartline.core.models import LineOfBusiness
from tests.contacts.metric_fixtures import contact, utc
from tests.support.personas import Org

Row = dict[str, Any]

NOVEMBER = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def call(
    contact_id: str,
    started: str,
    wait: float | None,
    ivr: int | None,
    *,
    queue: str = "q-medicare",
    unit: str = "medicare",
    disconnected_by: str | None = None,
    **fields: Any,
) -> Row:
    row = contact(
        contact_id,
        utc(started),
        answered_after=wait,
        ended_after=(wait or 45) + 300 if wait is not None else 45,
        abandoned=wait is None,
        unit=unit,
        route=queue,
        **fields,
    )
    return {**row, "ivr_seconds": ivr, "disconnected_by": disconnected_by}


CALLS: list[Row] = [
    call("h1", "2026-11-02 10:00:00", 150, 30),
    call("h2", "2026-11-03 10:00:00", 200, 20),
    call("h3", "2026-11-04 10:00:00", 90, None),
    call("h4", "2026-11-05 10:00:00", 10, 40),
    call("h5", "2026-11-06 10:00:00", None, 25, disconnected_by="member"),
    call("h6", "2026-11-09 10:00:00", 40, 10, channel="chat"),
    call("h7", "2026-11-10 10:00:00", 15, None, direction="outbound"),
    call("h8", "2026-11-11 10:00:00", 60, 30, disconnected_by="plan"),
    call("c1", "2026-11-12 10:00:00", 50, 10, queue="q-commercial", unit="commercial"),
]


def serve_lines(org: Org) -> None:
    """The persona organization's queues serve a line each: Medicare Advantage and commercial."""
    org.medicare_queue.line_of_business = LineOfBusiness.MEDICARE_PART_C
    org.medicare_queue.save()
    org.commercial_queue.line_of_business = LineOfBusiness.COMMERCIAL
    org.commercial_queue.save()
