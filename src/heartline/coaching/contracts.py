"""What other apps may know of coaching: the coaching form's prefill, sessions about given audits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class CoachingPrefill:
    """What the coaching form opens with: the behaviors to focus on and why, and audits to discuss."""

    focus_behavior_codes: tuple[str, ...]
    reasons: dict[str, str]  # behavior code -> why it is suggested ("missed in 3 of 4 audits")
    audit_ids: tuple[int, ...]
    titles: dict[str, str] = field(default_factory=dict)  # behavior code -> its title for the coachee's unit


@dataclass(frozen=True)
class CoachingOnAudits:
    """A coaching session the caller may see that discussed some of the given audits."""

    session_id: int
    held_on: dt.date
    coach_code: str
    coachee_code: str
    audit_ids: tuple[int, ...]
