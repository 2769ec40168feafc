"""What other apps may know about members' preferences and consent (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentState:
    """A member's current answer for one channel and purpose: the latest `ConsentDecision`."""

    channel: str
    purpose: str
    granted: bool
    express: bool
    source: str
    recorded_at: dt.datetime
    recorded_by: str


@dataclass(frozen=True)
class ReachDecision:
    """Whether Heartline may reach a member on one channel for one purpose at one instant, and why.

    `rule` names the rule that decided (docs/members-consent.md lists them with their regulation);
    `reason` says it in words for a person; `local_time` is the instant in the member's time zone
    (None for an unknown member)."""

    allowed: bool
    reason: str
    rule: str
    member_id: str
    channel: str
    purpose: str
    local_time: dt.datetime | None = None


@dataclass(frozen=True)
class PreferenceHistoryEntry:
    """One recorded change of a preference or consent, as the history shows it (newest first)."""

    recorded_at: dt.datetime
    kind: str  # "preference" or "consent"
    what: str  # the field ("language", "quiet_hours"…) or "channel:purpose"
    old_value: str
    new_value: str
    source: str
    recorded_by: str
    reference: str = ""


@dataclass(frozen=True)
class MemberPreferences:
    """A member's current preferences, their consent per channel and purpose, and how both came to be."""

    member_id: str
    preferred_channel: str
    language: str
    time_zone: str  # IANA name; blank: the organization's
    quiet_hours: str  # "HH:MM-HH:MM" in the member's time, blank: none
    consent: tuple[ConsentState, ...]
    history: tuple[PreferenceHistoryEntry, ...]


@dataclass(frozen=True)
class MemberSummary:
    """One line of the member list: who, and how they want to be served."""

    member_id: str
    plan: str
    language: str
    preferred_channel: str
