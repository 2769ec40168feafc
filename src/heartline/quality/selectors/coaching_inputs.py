"""What coaching reads of audits: an agent's recent audits and the behaviors they missed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Max, Q, Sum

from heartline.core.contracts import Caller
from heartline.quality.contracts import AuditSummary, MissedBehavior, MissEvidence
from heartline.quality.models import AuditAnswer, AuditStatus
from heartline.quality.selectors.audits import visible_audits
from heartline.quality.selectors.scores import shown


def recent_audits(caller: Caller, agent_code: str, limit: int = 10) -> list[AuditSummary]:
    """The agent's latest completed audits the caller may see, newest first."""
    audits = visible_audits(caller).filter(agent__code=agent_code, status=AuditStatus.COMPLETED)
    return [
        AuditSummary(
            audit_id=a.pk,
            agent_code=agent_code,
            contact_id=a.contact_id,
            contact_started_at=a.contact_started_at,
            scorecard_name=a.scorecard_version.scorecard.name,
            score=float(a.score or 0.0),
            passed_critical=bool(a.passed_critical),
        )
        for a in audits.order_by("-contact_started_at", "-pk")[:limit]
    ]


def audits_by_id(caller: Caller, audit_ids: Iterable[int]) -> list[AuditSummary]:
    """Completed audits among `audit_ids` that the caller may see."""
    audits = visible_audits(caller).filter(pk__in=list(audit_ids), status=AuditStatus.COMPLETED)
    return [
        AuditSummary(
            a.pk,
            a.agent.code,
            a.contact_id,
            a.contact_started_at,
            a.scorecard_version.scorecard.name,
            float(a.score or 0.0),
            bool(a.passed_critical),
        )
        for a in audits
    ]


def missed_behaviors(
    caller: Caller,
    agent_codes: Iterable[str],
    *,
    since: dt.datetime | None = None,
    audit_ids: Iterable[int] | None = None,
) -> list[MissedBehavior]:
    """Behaviors the agents did not show (No, or 1–3 on a 1–5 scale) in their completed audits since
    `since` (or in `audit_ids`), most often missed first."""
    audits = visible_audits(caller).filter(agent__code__in=list(agent_codes), status=AuditStatus.COMPLETED)
    if since is not None:
        audits = audits.filter(contact_started_at__gte=since)
    if audit_ids is not None:
        audits = audits.filter(pk__in=list(audit_ids))
    answers = AuditAnswer.objects.filter(
        audit__in=audits.values("pk"), not_applicable=False, item__behavior__isnull=False
    )
    grouped = answers.values("item__behavior_id", "item__behavior__code").annotate(
        rated=Count("pk"),
        met=Sum(shown()),
        last=Max(
            "audit__contact_started_at",
            filter=Q(rating__lt=4) & ~Q(item__scale="yes_no_na") | Q(item__scale="yes_no_na", rating=0),
        ),
    )
    missed = [
        MissedBehavior(
            behavior_id=int(r["item__behavior_id"]),
            behavior_code=str(r["item__behavior__code"]),
            missed=int(r["rated"]) - int(r["met"] or 0),
            rated=int(r["rated"]),
            last_missed_at=r["last"],
        )
        for r in grouped
        if int(r["rated"]) > int(r["met"] or 0)
    ]
    return sorted(missed, key=lambda m: (-m.missed / m.rated, -m.missed, m.behavior_code))


def missed_by_agent(
    caller: Caller, agent_codes: Iterable[str], *, since: dt.datetime | None = None
) -> dict[str, list[MissedBehavior]]:
    """`missed_behaviors` of each agent on its own (agent code → their misses, most often first), in
    one query for a whole team; agents who missed nothing are left out."""
    audits = visible_audits(caller).filter(agent__code__in=list(agent_codes), status=AuditStatus.COMPLETED)
    if since is not None:
        audits = audits.filter(contact_started_at__gte=since)
    answers = AuditAnswer.objects.filter(
        audit__in=audits.values("pk"), not_applicable=False, item__behavior__isnull=False
    )
    grouped = answers.values("audit__agent__code", "item__behavior_id", "item__behavior__code").annotate(
        rated=Count("pk"),
        met=Sum(shown()),
        last=Max(
            "audit__contact_started_at",
            filter=Q(rating__lt=4) & ~Q(item__scale="yes_no_na") | Q(item__scale="yes_no_na", rating=0),
        ),
    )
    found: dict[str, list[MissedBehavior]] = {}
    for r in grouped:
        if int(r["rated"]) > int(r["met"] or 0):
            found.setdefault(str(r["audit__agent__code"]), []).append(
                MissedBehavior(
                    behavior_id=int(r["item__behavior_id"]),
                    behavior_code=str(r["item__behavior__code"]),
                    missed=int(r["rated"]) - int(r["met"] or 0),
                    rated=int(r["rated"]),
                    last_missed_at=r["last"],
                )
            )
    return {
        code: sorted(misses, key=lambda m: (-m.missed / m.rated, -m.missed, m.behavior_code))
        for code, misses in found.items()
    }


def latest_audit_moment(caller: Caller, agent_codes: Iterable[str]) -> dt.datetime | None:
    """When the latest audited contact of these agents happened (None: never audited)."""
    audits = visible_audits(caller).filter(agent__code__in=list(agent_codes), status=AuditStatus.COMPLETED)
    found = audits.aggregate(latest=Max("contact_started_at"))["latest"]
    return found if isinstance(found, dt.datetime) else None


def missed_evidence(caller: Caller, agent_code: str, behavior_codes: Iterable[str]) -> dict[str, MissEvidence]:
    """Behavior code → the agent's latest completed audit (that the caller may see) in which they did
    not show it, with the auditor's comment and evidence."""
    codes = list(behavior_codes)
    audits = visible_audits(caller).filter(agent__code=agent_code, status=AuditStatus.COMPLETED)
    answers = (
        AuditAnswer.objects.filter(audit__in=audits.values("pk"), not_applicable=False, item__behavior__code__in=codes)
        .annotate(met=shown())
        .filter(met=0)
        .order_by("-audit__contact_started_at", "-pk")
        .values("item__behavior__code", "audit_id", "audit__contact_started_at", "comment", "evidence")
    )
    found: dict[str, MissEvidence] = {}
    for r in answers:
        code = str(r["item__behavior__code"])
        if code not in found:
            found[code] = MissEvidence(
                code, int(r["audit_id"]), r["audit__contact_started_at"], str(r["comment"]), str(r["evidence"])
            )
        if len(found) == len(codes):
            break
    return found
