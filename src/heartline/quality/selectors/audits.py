"""Reads of audits: what a caller may see, one audit with its words in force, the auditor's queue,
and the `scored_audits` contract for other apps."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet, Sum

from heartline.behaviors.contracts import BehaviorText
from heartline.behaviors.selectors import wording_in_force
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.quality.contracts import AuditScore
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    AuditPurpose,
    AuditStatus,
    Dispute,
    SampledContact,
    ScorecardItem,
    ScorecardVersion,
)


def as_audit_score(audit: Audit) -> AuditScore:
    if audit.score is None or audit.completed_at is None:
        raise ValueError(f"audit {audit.pk} is not completed")
    return AuditScore(
        audit_id=audit.pk,
        agent_code=audit.agent.code,
        scorecard_code=audit.scorecard_version.scorecard.code,
        contact_started_at=audit.contact_started_at,
        completed_at=audit.completed_at,
        score=float(audit.score),
        passed_critical=bool(audit.passed_critical),
    )


def _moment(value: dt.date | dt.datetime, end: bool) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return clock.end_of_day(value) if end else clock.start_of_day(value)


def scored_audits(
    *,
    agent_codes: Iterable[str] | None = None,
    scorecard_code: str | None = None,
    since: dt.date | dt.datetime | None = None,
    until: dt.date | dt.datetime | None = None,
) -> list[AuditScore]:
    """Completed production audits (never calibration scores), oldest contact first.

    `since`/`until` bound when the audited contact happened (`contact_started_at`): a date is a whole
    calendar day of the organization (core.clock) and `until` is inclusive; a datetime is used as
    given (`until` exclusive). A resolved dispute's revised score is the audit's score.
    """
    audits = completed_audits()
    if agent_codes is not None:
        audits = audits.filter(agent__code__in=list(agent_codes))
    if scorecard_code is not None:
        audits = audits.filter(scorecard_version__scorecard__code=scorecard_code)
    if since is not None:
        audits = audits.filter(contact_started_at__gte=_moment(since, end=False))
    if until is not None:
        audits = audits.filter(contact_started_at__lt=_moment(until, end=True))
    rows = audits.order_by("contact_started_at", "pk").values_list(
        "pk",
        "agent__code",
        "scorecard_version__scorecard__code",
        "contact_started_at",
        "completed_at",
        "score",
        "passed_critical",
    )
    # Plain rows rather than model instances: credentialing and the impact report read tens of
    # thousands of audits at a time.
    return [
        AuditScore(
            audit_id=pk,
            agent_code=agent,
            scorecard_code=scorecard,
            contact_started_at=started,
            completed_at=completed,
            score=float(score),
            passed_critical=bool(passed),
        )
        for pk, agent, scorecard, started, completed, score, passed in rows
        if score is not None and completed is not None
    ]


def scored_audits_fingerprint(*, agent_codes: Iterable[str] | None = None, scorecard_code: str | None = None) -> str:
    """What `scored_audits` with these filters would read, in two aggregate queries: how many, the newest
    id and completion, the sum of scores and of critical passes, and how many of their disputes were
    resolved and when the latest was. It changes when an audit is completed, removed or rescored on
    dispute, so an answer computed from those audits can be kept under it."""
    audits = completed_audits()
    if agent_codes is not None:
        audits = audits.filter(agent__code__in=list(agent_codes))
    if scorecard_code is not None:
        audits = audits.filter(scorecard_version__scorecard__code=scorecard_code)
    found = audits.aggregate(
        n=Count("pk"),
        last=Max("pk"),
        completed=Max("completed_at"),
        scores=Sum("score"),
        passed=Count("pk", filter=Q(passed_critical=True)),
    )
    completed = found["completed"].isoformat() if found["completed"] is not None else ""
    resolved = Dispute.objects.filter(audit__in=audits).aggregate(
        n=Count("pk", filter=Q(resolved_at__isnull=False)), last=Max("resolved_at")
    )
    revised = resolved["last"].isoformat() if resolved["last"] is not None else ""
    return f"{found['n']}:{found['last']}:{completed}:{found['scores']!r}:{found['passed']}:{resolved['n']}:{revised}"


def completed_audits() -> QuerySet[Audit]:
    return Audit.objects.filter(purpose=AuditPurpose.PRODUCTION, status=AuditStatus.COMPLETED)


def visible_audits(caller: Caller) -> QuerySet[Audit]:
    """Production audits the caller may see: an agent their own completed ones; unit roles their
    units'; division roles their division's; an auditor also their own drafts."""
    return Audit.objects.visible_to(caller).select_related(
        "agent__user", "auditor__user", "unit", "team", "scorecard_version__scorecard"
    )


@dataclass(frozen=True)
class ItemView:
    """A scorecard item with the answer (if any) and the behavior's words in force that day."""

    item: ScorecardItem
    answer: AuditAnswer | None
    behavior: BehaviorText | None


@dataclass(frozen=True)
class SectionView:
    title: str
    items: tuple[ItemView, ...]


def scorecard_sections(
    version: ScorecardVersion, answers: dict[int, AuditAnswer], unit_code: str | None, at: dt.datetime
) -> list[SectionView]:
    items = list(ScorecardItem.objects.filter(version=version).select_related("section"))
    words = wording_in_force({i.behavior_id for i in items if i.behavior_id}, unit_code, at)
    sections: dict[int, tuple[str, list[ItemView]]] = {}
    for item in sorted(items, key=lambda i: (i.section.position, i.position)):
        entry = sections.setdefault(item.section_id, (item.section.title, []))
        entry[1].append(ItemView(item, answers.get(item.pk), words.get(item.behavior_id or 0)))
    return [SectionView(title, tuple(views)) for title, views in sections.values()]


def audit_sections(audit: Audit) -> list[SectionView]:
    answers = {a.item_id: a for a in AuditAnswer.objects.filter(audit=audit)}
    unit_code = audit.unit.code if audit.unit else None
    return scorecard_sections(audit.scorecard_version, answers, unit_code, audit.contact_started_at)


def visible_audit(caller: Caller, audit_id: int) -> Audit | None:
    return visible_audits(caller).filter(pk=audit_id).first()


def audits_of(
    caller: Caller, *, agent: str | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Audit]:
    """The audits the caller may see, of one agent and between two contact days when given."""
    audits = visible_audits(caller)
    if agent:
        audits = audits.filter(agent__code=agent)
    if start:
        audits = audits.filter(contact_started_at__date__gte=start)
    if end:
        audits = audits.filter(contact_started_at__date__lte=end)
    return audits


def latest_completed(caller: Caller, limit: int) -> list[Audit]:
    """The caller's visible completed audits, the latest contacts first."""
    return list(visible_audits(caller).filter(status=AuditStatus.COMPLETED).order_by("-contact_started_at")[:limit])


def audit_for(caller: Caller, audit_id: int) -> Audit | None:
    """A production audit the caller may see, or a calibration score of their own; None otherwise."""
    audit = visible_audit(caller, audit_id)
    if audit is None and caller.employee_code:
        audit = (
            Audit.objects.filter(pk=audit_id, purpose=AuditPurpose.CALIBRATION, auditor__code=caller.employee_code)
            .select_related("agent__user", "auditor__user", "unit", "team", "scorecard_version__scorecard")
            .first()
        )
    return audit


def my_drafts(caller: Caller, limit: int = 50) -> list[Audit]:
    """The caller's own production audits still in draft (the queue's "carry on" list)."""
    return list(
        Audit.objects.filter(
            auditor__code=caller.employee_code or "-", status=AuditStatus.DRAFT, purpose=AuditPurpose.PRODUCTION
        ).select_related("agent__user")[:limit]
    )


def items_of(audit: Audit) -> list[ScorecardItem]:
    """The items of the scorecard version an audit is scored on (an audit the caller already holds)."""
    return list(ScorecardItem.objects.filter(version_id=audit.scorecard_version_id))


def answers_of(audit: Audit) -> list[AuditAnswer]:
    """An audit's answers with their items (an audit the caller already holds)."""
    return list(AuditAnswer.objects.filter(audit=audit).select_related("item"))


def dispute_of(audit: Audit) -> Dispute | None:
    return Dispute.objects.select_related("resolver__user", "raised_by__user").filter(audit=audit).first()


def disputed_among(audit_ids: list[int]) -> set[int]:
    """Which of these audits have a dispute (one query for a whole list, not one per audit)."""
    return set(Dispute.objects.filter(audit_id__in=audit_ids).values_list("audit_id", flat=True))


def open_disputes(caller: Caller) -> QuerySet[Dispute]:
    """Unresolved disputes of audits the caller may see and could resolve (not their own audits)."""
    audits = visible_audits(caller).exclude(auditor__code=caller.employee_code or "")
    return (
        Dispute.objects.filter(audit__in=audits, resolved_at__isnull=True)
        .select_related("audit__agent__user", "audit__auditor__user", "audit__unit")
        .order_by("raised_at")
    )


def audit_queue(caller: Caller, limit: int = 100, offset: int = 0) -> QuerySet[SampledContact]:
    """Sampled contacts of the caller's units still to audit, theirs or unclaimed, riskiest first:
    `limit` of them from the `offset`-th (the order is total, so pages neither skip nor repeat)."""
    ordered = _still_to_audit(caller).order_by("-plan__month", "-risk_weight", "contact_started_at", "pk")
    return ordered[offset : offset + limit]


def audit_queue_total(caller: Caller) -> int:
    """How many contacts are in the caller's audit queue (all of them, not only the first page)."""
    return _still_to_audit(caller).count()


def _still_to_audit(caller: Caller) -> QuerySet[SampledContact]:
    samples = SampledContact.objects.visible_to(caller).select_related(
        "plan__unit", "plan__scorecard_version__scorecard", "agent__user"
    )
    mine = Q(auditor__isnull=True)
    if caller.employee_code:
        mine |= Q(auditor__code=caller.employee_code)
    return samples.filter(mine).exclude(audit__status=AuditStatus.COMPLETED)


def latest_form(kind: str) -> ScorecardVersion | None:
    """The newest version of the first scorecard of `kind` (e.g. the coaching form)."""
    return (
        ScorecardVersion.objects.filter(scorecard__kind=kind)
        .select_related("scorecard")
        .order_by("scorecard__code", "-number")
        .first()
    )


def form_items(version: ScorecardVersion) -> list[ScorecardItem]:
    return list(ScorecardItem.objects.filter(version=version).select_related("section", "behavior"))
