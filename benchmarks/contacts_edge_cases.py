"""Contacts placed on the edges of one and done's definition, with the answer docs/metrics.md gives.

The demo never has a repeat starting exactly at a contact's end, a zero-length contact, a missing
end or reason, or two contacts starting at the same instant, so agreeing on the demo proves little
about those. Each case below is one member's contacts (its own member id, so cases cannot meet)
and the number of eligible and resolved contacts the definition gives for them, worked out by hand.
The runner and the pandas version are both checked against these expected totals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

UNIT = "pharmacy"  # every case's first contact is here; the one-unit check scopes to it
OTHER_UNIT = "medicare"
FIRST_START = dt.datetime(2025, 6, 2, 9, 0, 0, 1, tzinfo=dt.UTC)
ANSWER_AFTER = dt.timedelta(seconds=30)
LENGTH = dt.timedelta(minutes=10)
WEEK = dt.timedelta(days=7)
MICROSECOND = dt.timedelta(microseconds=1)

Contact = dict[str, Any]


def contact(member: str, contact_id: str, started: dt.datetime, **changes: Any) -> Contact:
    """An answered inbound phone contact with no handoff, 10 minutes long, reason billing."""
    row: Contact = {
        "contact_id": contact_id,
        "member_id": member,
        "channel": "phone",
        "direction": "inbound",
        "queue": "rx-pharmacy",
        "unit": UNIT,
        "team": None,
        "agent_id": None,
        "reason": "billing",
        "language": "en",
        "started_at": started,
        "answered_at": started + ANSWER_AFTER,
        "ended_at": started + LENGTH,
        "hold_seconds": 0,
        "talk_seconds": 540,
        "wrap_seconds": 30,
        "abandoned": False,
        "route": "rx-pharmacy",
        "consult_count": 0,
        "case_id": None,
        "disposition": "resolved",
    }
    row.update(changes)
    return row


@dataclass(frozen=True)
class EdgeCase:
    """`contacts(member, start)` gives the case's rows; the others say what the definition makes of them."""

    name: str
    contacts: Callable[[str, dt.datetime], list[Contact]]
    eligible: int  # answered inbound contacts with a member, over all units
    resolved: int
    eligible_in_unit: int | None = None  # the same within UNIT, when it differs
    resolved_in_unit: int | None = None


def _pair(**later: Any) -> Callable[[str, dt.datetime], list[Contact]]:
    """A first contact and a second one; `later` holds the second's changes, `at` its start from the first's end."""
    at = later.pop("at")

    def rows(member: str, start: dt.datetime) -> list[Contact]:
        first = contact(member, f"{member}-1", start)
        return [first, contact(member, f"{member}-2", start + LENGTH + at, **later)]

    return rows


def _zero_length(member: str, start: dt.datetime, twins: int) -> list[Contact]:
    return [
        contact(member, f"{member}-{i}", start, answered_at=start, ended_at=start, talk_seconds=0)
        for i in range(1, twins + 1)
    ]


def _no_end(member: str, start: dt.datetime) -> list[Contact]:
    first = contact(member, f"{member}-1", start, ended_at=None)
    return [first, contact(member, f"{member}-2", start + ANSWER_AFTER, channel="chat")]


def _no_reason(member: str, start: dt.datetime) -> list[Contact]:
    first = contact(member, f"{member}-1", start, reason=None)
    return [first, contact(member, f"{member}-2", start + LENGTH, reason=None)]


EDGE_CASES = (
    EdgeCase("repeat starting exactly at the end", _pair(at=dt.timedelta(0), channel="sms"), 2, 1),
    EdgeCase("repeat starting exactly 7 days after the end", _pair(at=WEEK, channel="email"), 2, 1),
    EdgeCase("next contact 7 days and 1 microsecond after the end", _pair(at=WEEK + MICROSECOND), 2, 2),
    EdgeCase("next contact started 1 microsecond before the end", _pair(at=-MICROSECOND), 2, 2),
    EdgeCase("next contact an hour before this one", _pair(at=-LENGTH - dt.timedelta(hours=1)), 2, 1),
    EdgeCase("zero length, alone (itself is no repeat)", lambda m, s: _zero_length(m, s, 1), 1, 1),
    EdgeCase("zero length, twin starting at the same instant", lambda m, s: _zero_length(m, s, 2), 2, 0),
    EdgeCase("zero length, three starting at the same instant", lambda m, s: _zero_length(m, s, 3), 3, 0),
    EdgeCase("no ended_at: repeat at the answer time", _no_end, 2, 1),
    EdgeCase("no reason on either contact", _no_reason, 2, 2),
    EdgeCase("outbound contact at the end", _pair(at=dt.timedelta(0), direction="outbound"), 1, 1),
    EdgeCase("other reason at the end", _pair(at=dt.timedelta(0), reason="claims"), 2, 2),
    EdgeCase(
        "abandoned repeat a day later (counts as a repeat, is not eligible)",
        _pair(at=dt.timedelta(days=1), answered_at=None, abandoned=True),
        1,
        0,
    ),
    EdgeCase(
        "answered but marked abandoned at the end",
        _pair(at=dt.timedelta(0), abandoned=True),
        1,
        0,
    ),
    EdgeCase(
        "abandoned mark missing (not abandoned) on the first",
        lambda m, s: [contact(m, f"{m}-1", s, abandoned=None)],
        1,
        1,
    ),
    EdgeCase("repeat with no member", _pair(at=dt.timedelta(0), member_id=None), 1, 1),
    EdgeCase(
        "repeat in another unit an hour later",
        _pair(at=dt.timedelta(hours=1), unit=OTHER_UNIT, queue="mcr-general", route="mcr-general"),
        2,
        1,
        eligible_in_unit=1,
        resolved_in_unit=0,
    ),
    EdgeCase(
        "handed off, no repeat",
        lambda m, s: [contact(m, f"{m}-1", s, route="rx-pharmacy>ci-benefits")],
        1,
        0,
    ),
)


def edge_contacts() -> list[Contact]:
    """Every case's contacts, each case with its own member, a day apart."""
    rows = []
    for number, case in enumerate(EDGE_CASES):
        rows.extend(case.contacts(f"EDGE-M{number:03d}", FIRST_START + dt.timedelta(days=number)))
    return rows


def expected_totals(in_unit: bool) -> tuple[int, int]:
    """(resolved, eligible) the definition gives over every case, for all units or for UNIT only."""
    resolved = eligible = 0
    for case in EDGE_CASES:
        own_eligible = case.eligible_in_unit if in_unit and case.eligible_in_unit is not None else case.eligible
        own_resolved = case.resolved_in_unit if in_unit and case.resolved_in_unit is not None else case.resolved
        resolved, eligible = resolved + own_resolved, eligible + own_eligible
    return resolved, eligible
