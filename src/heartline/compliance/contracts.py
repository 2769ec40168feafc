"""What other apps may know of regulated cases (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberRegulatedCase:
    """One regulated case of a member with its decision clock, as the FHIR export writes it (a Task)."""

    case_id: str
    line_of_business: str
    category: str
    priority: str
    request: str
    received_at: dt.datetime
    due_at: dt.datetime | None  # None when no clock applies or the case cannot be judged
    decided_at: dt.datetime | None
    notified_at: dt.datetime | None
    outcome: str  # blank until decided
    clock_status: str  # overdue, open, late, on_time, not_judged, no_clock, invalid
    rule_name: str
    citation: str
