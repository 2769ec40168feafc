"""Audit by audit, whether each behavior was shown: the contract learning's boosters build on (a
system read for the agents asked about, like `scored_audits`; the caller's rights are checked by
whoever shows the result)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Sum

from heartline.quality.contracts import BehaviorOutcome
from heartline.quality.models import AuditAnswer
from heartline.quality.selectors.audits import completed_audits
from heartline.quality.selectors.scores import shown


def behavior_outcomes(
    *,
    agent_codes: Iterable[str] | None = None,
    behavior_codes: Iterable[str] | None = None,
    since: dt.datetime | None = None,
) -> list[BehaviorOutcome]:
    """One row per completed production audit × behavior it rated (N/A answers left out), oldest
    contact first. A behavior is shown in an audit when every item on it that was rated was met
    (Yes, or 4–5 of 5)."""
    audits = completed_audits()
    if agent_codes is not None:
        audits = audits.filter(agent__code__in=list(agent_codes))
    if since is not None:
        audits = audits.filter(contact_started_at__gte=since)
    answers = AuditAnswer.objects.filter(
        audit__in=audits.values("pk"), not_applicable=False, item__behavior__isnull=False
    )
    if behavior_codes is not None:
        answers = answers.filter(item__behavior__code__in=list(behavior_codes))
    grouped = (
        answers.values(
            "audit_id", "audit__agent__code", "item__behavior__code", "audit__contact_id", "audit__contact_started_at"
        )
        .annotate(rated=Count("pk"), met=Sum(shown()))
        .order_by("audit__contact_started_at", "audit_id", "item__behavior__code")
    )
    return [
        BehaviorOutcome(
            audit_id=int(r["audit_id"]),
            agent_code=str(r["audit__agent__code"]),
            behavior_code=str(r["item__behavior__code"]),
            contact_id=str(r["audit__contact_id"]),
            contact_started_at=r["audit__contact_started_at"],
            shown=int(r["met"] or 0) == int(r["rated"]),
        )
        for r in grouped
    ]
