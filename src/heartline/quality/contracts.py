"""What other apps (learning's credentialing, coaching, voice) may know of audits.

`scored_audits(...)` in `heartline.quality.selectors` answers with `AuditScore`s; `audit_completed`
is sent (after the transaction commits) whenever an audit's final score is set or changed — by a
submitted audit or a resolved dispute — so credentialing can re-evaluate the agent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal


@dataclass(frozen=True)
class AuditScore:
    """One completed audit of one contact: whose, when, on which scorecard, and its final score."""

    audit_id: int
    agent_code: str  # the employee code warehouse facts carry as agent_id
    scorecard_code: str
    contact_started_at: dt.datetime  # when the audited contact happened
    completed_at: dt.datetime
    score: float  # 0-100; 0 when a critical item failed
    passed_critical: bool


# Sent with `audit_score=AuditScore` (sender: the quality app's services module).
audit_completed = Signal()


@dataclass(frozen=True)
class AuditSummary:
    """A completed audit as coaching lists it: which contact, when, the score."""

    audit_id: int
    agent_code: str
    contact_id: str
    contact_started_at: dt.datetime
    scorecard_name: str
    score: float
    passed_critical: bool


@dataclass(frozen=True)
class MissedBehavior:
    """A behavior an agent did not show in recent audits: how often missed out of how often rated."""

    behavior_id: int
    behavior_code: str
    missed: int
    rated: int
    last_missed_at: dt.datetime


@dataclass(frozen=True)
class MissEvidence:
    """The latest audit in which an agent did not show a behavior: what the auditor wrote and saw."""

    behavior_code: str
    audit_id: int
    contact_started_at: dt.datetime
    comment: str
    evidence: str


@dataclass(frozen=True)
class BehaviorPassCount:
    """How often a behavior was shown out of how often it was rated (not N/A) in completed audits."""

    behavior_code: str
    shown: int
    rated: int


@dataclass(frozen=True)
class BehaviorOutcome:
    """Whether one completed audit found a behavior shown (every rated item on it met) — what
    learning's boosters follow, audit by audit. `source` "auto": trusted auto-QA answers of a
    contact no audit rated on the behavior (then `audit_id` is 0)."""

    audit_id: int
    agent_code: str
    behavior_code: str
    contact_id: str
    contact_started_at: dt.datetime
    shown: bool
    source: str = "audit"
