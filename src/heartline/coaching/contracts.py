"""What other apps may know of coaching (none import it yet; kept for the pattern)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoachingPrefill:
    """What the coaching form opens with: the behaviors to focus on and why, and audits to discuss."""

    focus_behavior_codes: tuple[str, ...]
    reasons: dict[str, str]  # behavior code -> why it is suggested ("missed in 3 of 4 audits")
    audit_ids: tuple[int, ...]
