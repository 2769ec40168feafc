"""What other apps may know of contacts and cases (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class MemberContact:
    """One contact of a member, as the member view lists it."""

    contact_id: str
    started_at: dt.datetime
    channel: str
    direction: str
    queue: str
    route: tuple[str, ...]  # queues visited, in order
    consult_count: int
    reason: str
    disposition: str  # resolved, unresolved, escalated; blank when not recorded
    abandoned: bool
    agent_id: str
    case_id: str


@dataclass(frozen=True)
class MemberCase:
    """One case of a member with its status."""

    case_id: str
    type: str
    priority: str
    status: str
    opened_at: dt.datetime
    closed_at: dt.datetime | None


@dataclass(frozen=True)
class MemberContacts:
    """A member's contacts and cases the caller may see, newest first; `truncated` when more exist."""

    contacts: tuple[MemberContact, ...]
    cases: tuple[MemberCase, ...]
    truncated: bool
