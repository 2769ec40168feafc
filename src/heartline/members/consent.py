"""A member's current consent: for each channel and purpose, the latest decision recorded.

Decisions are never changed (ConsentDecision rows are appended), so the current state is a read.
"""

from __future__ import annotations

from heartline.members.contracts import ConsentState
from heartline.members.models import ConsentDecision


def current_consents(member_pk: int) -> list[ConsentState]:
    """The latest decision per (channel, purpose) for the member with primary key `member_pk`,
    ordered by channel then purpose. A pair never decided has no entry."""
    latest: dict[tuple[str, str], ConsentState] = {}
    decisions = ConsentDecision.objects.filter(member_id=member_pk).order_by("channel", "purpose", "recorded_at", "id")
    for decision in decisions:
        latest[(decision.channel, decision.purpose)] = ConsentState(
            channel=decision.channel,
            purpose=decision.purpose,
            granted=decision.granted,
            express=decision.express,
            source=decision.source,
            recorded_at=decision.recorded_at,
            recorded_by=decision.recorded_by,
        )
    return [latest[key] for key in sorted(latest)]
