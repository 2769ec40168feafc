"""Auditing a contact: start (from the queue or by contact id), answer items, complete; disputes.

An audit is written only by its auditor while a draft; once completed its answers change only
through a dispute, which a second auditor (not the first, not the agent) resolves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from heartline.contacts.records import ContactRecords
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.bounds import NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.quality import scoring
from heartline.quality.contracts import audit_completed
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    AuditPurpose,
    AuditStatus,
    Dispute,
    DisputeOutcome,
    SampledContact,
    ScorecardItem,
    ScorecardKind,
    ScorecardVersion,
)
from heartline.quality.selectors.audits import as_audit_score
from heartline.quality.services import (
    QualityError,
    QualityNotFound,
    caller_employee_id,
    employee_id,
    require_unit,
    team_id,
    unit_id,
)
from heartline.warehouse.runners import MetricQuery


@dataclass(frozen=True)
class AnswerInput:
    """An item's answer: `rating` 1/0 for Yes/No or 1–5; None for not applicable."""

    item_code: str
    rating: int | None
    comment: str = ""
    evidence: str = ""


def check_answers(answers: Sequence[AnswerInput]) -> None:
    """Each answer's comment and evidence within NOTE_CHARS; QualityError naming the item otherwise."""
    for answer in answers:
        check_text(answer.comment, f"item {answer.item_code!r}: comment", NOTE_CHARS, QualityError)
        check_text(answer.evidence, f"item {answer.item_code!r}: evidence", NOTE_CHARS, QualityError)


def latest_version(scorecard_code: str, kind: str = ScorecardKind.AUDIT) -> ScorecardVersion:
    version = (
        ScorecardVersion.objects.filter(scorecard__code=scorecard_code, scorecard__kind=kind)
        .select_related("scorecard")
        .order_by("-number")
        .first()
    )
    if version is None:
        raise QualityError(f"no {kind.replace('_', ' ')} scorecard {scorecard_code!r}")
    return version


def visible_contact(caller: Caller, contact_id: str) -> dict[str, object]:
    """The warehouse record of a contact the caller may see; QualityError otherwise."""
    records = ContactRecords(MetricQuery(), caller.scope, warehouse_source())
    contact = records.one(contact_id)
    if contact is None:
        raise QualityError(f"no contact {contact_id!r} that you may see")
    if not contact.get("agent_id"):
        raise QualityError(f"contact {contact_id!r} was not handled by a representative")
    return contact


def start_audit(
    caller: Caller, *, contact_id: str | None = None, scorecard_code: str | None = None, sample_id: int | None = None
) -> Audit:
    """A draft audit of a sampled contact (`sample_id`) or of any contact the caller may see.

    Starting the same contact again on the same scorecard version returns the caller's existing audit.
    """
    require(caller, Capability.AUDIT_CONTACTS, "audit contacts")
    auditor_id = caller_employee_id(caller)
    sample: SampledContact | None = None
    if sample_id is not None:
        sample = (
            SampledContact.objects.select_related("plan__unit", "plan__scorecard_version").filter(pk=sample_id).first()
        )
        if sample is None:
            raise QualityNotFound(f"no sampled contact {sample_id}")
        require_unit(caller, sample.plan.unit.code)
        existing = Audit.objects.filter(sample=sample).first()
        if existing is not None:
            if existing.auditor_id != auditor_id:
                raise QualityError(f"contact {sample.contact_id} is already being audited by someone else")
            return existing
        contact_id = sample.contact_id
        version = sample.plan.scorecard_version
    else:
        if not contact_id or not scorecard_code:
            raise QualityError("name a sampled contact, or a contact id and a scorecard")
        version = latest_version(scorecard_code)
    if not contact_id:
        raise QualityError("the sampled contact has no contact id")
    existing = Audit.objects.filter(
        contact_id=contact_id, scorecard_version=version, auditor_id=auditor_id, purpose=AuditPurpose.PRODUCTION
    ).first()
    if existing is not None:
        return existing
    contact = visible_contact(caller, contact_id)
    require_unit(caller, str(contact.get("unit") or "") or None)
    with transaction.atomic():
        audit = Audit.objects.create(
            scorecard_version=version,
            contact_id=contact_id,
            contact_started_at=clock.instant(contact["started_at"]),
            agent_id=employee_id(str(contact["agent_id"])),
            unit_id=unit_id(str(contact.get("unit") or "")),
            team_id=team_id(str(contact.get("team") or "")),
            auditor_id=auditor_id,
            sample=sample,
        )
        if sample is not None and sample.auditor_id is None:
            SampledContact.objects.filter(pk=sample.pk).update(auditor_id=auditor_id)
        log_access(caller, "quality.audit.start", f"contact:{contact_id}", audit=audit.pk)
    return audit


def save_answers(
    caller: Caller, audit_id: int, answers: Sequence[AnswerInput], *, summary: str | None = None, complete: bool = False
) -> Audit:
    """Record answers on a draft audit (its auditor only); `complete` scores it and closes it."""
    check_answers(answers)
    if summary is not None:
        check_text(summary, "summary", NOTE_CHARS, QualityError)
    with transaction.atomic():
        # Locked while checked and written: a double-clicked "complete" scores and announces once.
        audit = (
            Audit.objects.select_for_update(of=("self",))
            .select_related("scorecard_version__scorecard", "agent", "calibration")
            .filter(pk=audit_id)
            .first()
        )
        if audit is None:
            raise QualityNotFound(f"no audit {audit_id}")
        if audit.auditor_id != caller_employee_id(caller):
            raise PermissionDenied("only the audit's auditor may answer it")
        if audit.status != AuditStatus.DRAFT:
            raise QualityError("this audit is completed; its score changes only through a dispute")
        if audit.calibration is not None and audit.calibration.closed_at is not None:
            # Results are shown once a session closes; a late score would change what people saw.
            raise QualityError("this calibration session is closed; its scores can no longer change")
        _write_answers(audit, answers)
        if summary is not None:
            audit.summary = summary
        if complete:
            _score(audit, require_all=True)
            audit.status = AuditStatus.COMPLETED
            audit.completed_at = timezone.now()
        audit.save()
        if complete and audit.purpose == AuditPurpose.PRODUCTION:
            _announce(audit)
    return audit


def _write_answers(audit: Audit, answers: Sequence[AnswerInput]) -> None:
    items = {i.code: i for i in ScorecardItem.objects.filter(version_id=audit.scorecard_version_id)}
    existing = {a.item_id: a for a in AuditAnswer.objects.filter(audit=audit)}
    repeated = sorted({a.item_code for a in answers if sum(b.item_code == a.item_code for b in answers) > 1})
    if repeated:
        raise QualityError(f"answer each item once (given more than once: {', '.join(repeated)})")
    for answer in answers:
        item = items.get(answer.item_code)
        if item is None:
            raise QualityError(f"item {answer.item_code!r} is not on this scorecard")
        if answer.rating is not None:
            try:
                scoring.credit(item.scale, answer.rating)
            except scoring.ScoringError as exc:
                raise QualityError(f"item {item.code!r}: {exc}") from exc
        row = existing.get(item.pk) or AuditAnswer(audit=audit, item=item)
        row.rating = answer.rating
        row.not_applicable = answer.rating is None
        row.comment = answer.comment
        row.evidence = answer.evidence
        row.save()


def _changes_anything(audit: Audit, answers: Sequence[AnswerInput]) -> bool:
    stored = {
        a.item.code: (a.rating, a.comment, a.evidence)
        for a in AuditAnswer.objects.filter(audit=audit).select_related("item")
    }
    return any(stored.get(a.item_code) != (a.rating, a.comment, a.evidence) for a in answers)


def _score(audit: Audit, *, require_all: bool) -> None:
    items = list(ScorecardItem.objects.filter(version_id=audit.scorecard_version_id))
    answers = {a.item_id: a for a in AuditAnswer.objects.filter(audit=audit)}
    missing = [i.code for i in items if i.pk not in answers]
    if require_all and missing:
        raise QualityError(f"answer every item before completing (missing: {', '.join(missing)})")
    try:
        result = scoring.score(
            scoring.ScoredItem(i.code, i.scale, i.weight, i.critical, answers[i.pk].rating)
            for i in items
            if i.pk in answers
        )
    except scoring.ScoringError as exc:
        raise QualityError(str(exc)) from exc
    audit.score = result.score
    audit.passed_critical = result.passed_critical


def _announce(audit: Audit) -> None:
    score = as_audit_score(audit)
    transaction.on_commit(lambda: audit_completed.send(sender=__name__, audit_score=score))


def raise_dispute(caller: Caller, audit_id: int, reason: str) -> Dispute:
    """The audited agent challenges a completed audit's score."""
    check_text(reason.strip(), "reason", NOTE_CHARS, QualityError)
    with transaction.atomic():
        # The audit row is locked while the dispute is checked and written: a second dispute of the
        # same audit waits, then finds the first.
        audit = (
            Audit.objects.select_for_update(of=("self",))
            .select_related("agent")
            .filter(pk=audit_id, purpose=AuditPurpose.PRODUCTION)
            .first()
        )
        if audit is None or audit.agent.code != caller.employee_code:
            raise PermissionDenied("only the representative audited may dispute an audit")
        if audit.status != AuditStatus.COMPLETED or audit.score is None:
            raise QualityError("only a completed audit can be disputed")
        if Dispute.objects.filter(audit=audit).exists():
            raise QualityError("this audit is already disputed")
        if not reason.strip():
            raise QualityError("say why the score is wrong")
        return Dispute.objects.create(
            audit=audit,
            raised_by_id=caller_employee_id(caller),
            reason=reason.strip(),
            raised_at=timezone.now(),
            score_before=audit.score,
        )


def resolve_dispute(
    caller: Caller, dispute_id: int, *, outcome: str, resolution: str, answers: Sequence[AnswerInput] = ()
) -> Dispute:
    """A second auditor upholds the score or revises answers (and so the score)."""
    require(caller, Capability.RESOLVE_DISPUTES, "resolve disputes")
    check_text(resolution, "resolution", NOTE_CHARS, QualityError)
    check_answers(answers)
    with transaction.atomic():
        # The dispute row is locked until the resolution is written: two auditors who both open it
        # cannot both resolve it (the second waits, then finds it resolved).
        dispute = (
            Dispute.objects.select_for_update(of=("self",))
            .select_related("audit__unit", "audit__agent")
            .filter(pk=dispute_id)
            .first()
        )
        if dispute is None:
            raise QualityNotFound(f"no dispute {dispute_id}")
        audit = dispute.audit
        require_unit(caller, audit.unit.code if audit.unit else None)
        resolver_id = caller_employee_id(caller)
        if resolver_id in (audit.auditor_id, audit.agent_id):
            raise PermissionDenied("a dispute is resolved by a second auditor, not the first auditor or the agent")
        if dispute.resolved_at is not None:
            raise QualityError("this dispute is already resolved")
        if outcome not in DisputeOutcome.values:
            raise QualityError(f"outcome must be one of {', '.join(DisputeOutcome.values)}")
        if outcome == DisputeOutcome.REVISED and not answers:
            raise QualityError("a revised score needs the revised answers")
        if not resolution.strip():
            raise QualityError("explain the resolution to the representative")
        if outcome == DisputeOutcome.REVISED and not _changes_anything(audit, answers):
            raise QualityError(
                "the revised answers are the audit's own: change a rating or comment, or uphold the score"
            )
        if outcome == DisputeOutcome.REVISED:
            _write_answers(audit, answers)
            _score(audit, require_all=True)
            audit.save()
        dispute.resolver_id = resolver_id
        dispute.resolved_at = timezone.now()
        dispute.outcome = outcome
        dispute.resolution = resolution.strip()
        dispute.score_after = audit.score
        dispute.save()
        log_access(caller, "quality.dispute.resolve", f"contact:{audit.contact_id}", audit=audit.pk, outcome=outcome)
        _announce(audit)
    return dispute
