"""What a caller may do with one audit: answer it, dispute it, resolve its dispute, coach from it.

The page shows a button only when the predicate here holds, and the service behind the button
checks the same rule (plus the caller's scope), so page and service cannot drift apart.
"""

from __future__ import annotations

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.quality.models import Audit, AuditPurpose, AuditStatus, Dispute


def may_answer(caller: Caller, audit: Audit) -> bool:
    """Only an audit's auditor answers it, and only while it is a draft."""
    return audit.status == AuditStatus.DRAFT and audit.auditor.code == caller.employee_code


def may_dispute(caller: Caller, audit: Audit, dispute: Dispute | None) -> bool:
    """The representative audited may dispute a completed production audit, once."""
    return (
        audit.purpose == AuditPurpose.PRODUCTION
        and audit.status == AuditStatus.COMPLETED
        and dispute is None
        and audit.agent.code == caller.employee_code
    )


def may_resolve(caller: Caller, audit: Audit, dispute: Dispute | None) -> bool:
    """An open dispute is resolved by a second auditor: not the first auditor, not the agent."""
    return (
        dispute is not None
        and dispute.resolved_at is None
        and caller.can(Capability.RESOLVE_DISPUTES)
        and caller.employee_code not in (audit.auditor.code, audit.agent.code)
    )


def may_coach_from(caller: Caller, audit: Audit) -> bool:
    """A front-line coach may open a coaching session from a completed production audit."""
    return (
        audit.status == AuditStatus.COMPLETED
        and audit.purpose == AuditPurpose.PRODUCTION
        and caller.can(Capability.COACH_FRONT_LINE)
    )
