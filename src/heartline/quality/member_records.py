"""Audits about a member's contacts, for the member view: only those the caller may see."""

from __future__ import annotations

from collections.abc import Iterable

from heartline.core.contracts import Caller
from heartline.quality.contracts import AuditSummary
from heartline.quality.models import AuditStatus
from heartline.quality.selectors.audits import visible_audits


def audits_of_contacts(caller: Caller, contact_ids: Iterable[str]) -> list[AuditSummary]:
    """Completed production audits of `contact_ids` the caller may see (their usual audit scope),
    newest contact first."""
    wanted = sorted({str(c) for c in contact_ids})
    if not wanted:
        return []
    audits = visible_audits(caller).filter(contact_id__in=wanted, status=AuditStatus.COMPLETED)
    return [
        AuditSummary(
            audit_id=a.pk,
            agent_code=a.agent.code,
            contact_id=a.contact_id,
            contact_started_at=a.contact_started_at,
            scorecard_name=a.scorecard_version.scorecard.name,
            score=float(a.score or 0.0),
            passed_critical=bool(a.passed_critical),
        )
        for a in audits.order_by("-contact_started_at", "-pk")
    ]
