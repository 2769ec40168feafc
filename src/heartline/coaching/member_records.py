"""Coaching about a member's contacts, for the member view: sessions the caller may see that
discussed audits of those contacts (the caller's usual coaching scope)."""

from __future__ import annotations

from collections.abc import Iterable

from heartline.coaching.contracts import CoachingOnAudits
from heartline.coaching.selectors import visible_sessions
from heartline.core.contracts import Caller


def coaching_on_audits(caller: Caller, audit_ids: Iterable[int]) -> list[CoachingOnAudits]:
    """Sessions the caller may see that discussed any of `audit_ids`, newest first."""
    wanted = sorted(set(audit_ids))
    if not wanted:
        return []
    sessions = visible_sessions(caller).filter(audits__in=wanted).distinct().prefetch_related("audits")
    return [
        CoachingOnAudits(
            session_id=s.pk,
            held_on=s.held_on,
            coach_code=s.coach.code,
            coachee_code=s.coachee.code,
            audit_ids=tuple(sorted(a.pk for a in s.audits.all() if a.pk in wanted)),
        )
        for s in sessions.order_by("-held_on", "-pk")
    ]
