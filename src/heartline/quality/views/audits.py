"""The auditor's queue and workspace: contact details beside the scorecard, the computed score,
disputes (raised by the agent, resolved by a second auditor)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from heartline.contacts.records import ContactRecords
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.quality import scoring
from heartline.quality.models import Audit, AuditPurpose
from heartline.quality.selectors import audits as selectors
from heartline.quality.selectors.audits import (
    SectionView,
    audit_queue,
    audit_sections,
    dispute_of,
    open_disputes,
)
from heartline.quality.selectors.auto_qa import auto_answers_of_contact
from heartline.quality.selectors.rights import may_answer, may_coach_from, may_dispute, may_resolve
from heartline.quality.selectors.sampling import recent_plans, sample_choices
from heartline.quality.services import QualityError
from heartline.quality.services import audits as services
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope

# Calibration participants may score contacts outside their units: the session grants the view.
CALIBRATION_SCOPE = Scope.everything()


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    samples = list(audit_queue(caller))
    drafts = selectors.my_drafts(caller)
    disputes = list(open_disputes(caller)) if caller.can(Capability.RESOLVE_DISPUTES) else []
    drawn = request.GET.get("drawn", "")
    return render(
        request,
        "quality/queue.html",
        {
            "samples": samples,
            "drafts": drafts,
            "disputes": disputes,
            "plans": recent_plans(caller),
            "sample": sample_choices(caller),
            "drawn": int(drawn) if drawn.isdigit() and len(drawn) < 12 else None,
        },
    )


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    raw = request.POST.get("sample_id", "")
    if raw:
        if not raw.isdigit():
            raise QualityError("sample_id must be a number")
        audit = services.start_audit(caller, sample_id=int(raw))
    else:
        contact_id = request.POST.get("contact_id", "").strip()
        audit = services.start_audit(caller, contact_id=contact_id, scorecard_code=request.POST.get("scorecard", ""))
    return redirect("quality:audit", audit_id=audit.pk)


def audit_for(caller: Caller, audit_id: int) -> Audit:
    """A production audit the caller may see, or a calibration score of their own."""
    audit = selectors.audit_for(caller, audit_id)
    if audit is None:
        raise Http404("No such audit, or not one you may see.")
    return audit


def _contact(caller: Caller, audit: Audit) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    scope = caller.scope if audit.purpose == AuditPurpose.PRODUCTION else CALIBRATION_SCOPE
    records = ContactRecords(MetricQuery(), scope, warehouse_source())
    contact = records.one(audit.contact_id)
    case = records.linked_case(contact) if contact else None
    return contact, case


@login_required
def audit_page(request: HttpRequest, audit_id: int) -> HttpResponse:
    caller = caller_of(request)
    audit = audit_for(caller, audit_id)
    contact, case = _contact(caller, audit)
    log_access(caller, "quality.audit.view", f"contact:{audit.contact_id}", audit=audit.pk)
    editable = may_answer(caller, audit)
    dispute = dispute_of(audit)
    can_resolve = may_resolve(caller, audit, dispute)
    route = [q for q in str((contact or {}).get("route") or "").split(">") if q]
    sections = audit_sections(audit)
    context = {
        "audit": audit,
        "sections": sections,
        "contact": contact,
        "case": case,
        "route": route,
        "handoffs": max(len(route) - 1, 0),
        "editable": editable,
        "dispute": dispute,
        "can_dispute": may_dispute(caller, audit, dispute),
        "can_resolve": can_resolve,
        "can_coach": may_coach_from(caller, audit),
        "met_from": scoring.MET_FROM,
        "revision": revision_rows(sections) if can_resolve else [],
        "auto_answers": auto_answers_of_contact(caller, audit.contact_id),
    }
    return render(request, "quality/audit.html", context)


def _answers_from(request: HttpRequest, audit: Audit) -> list[services.AnswerInput]:
    answers = []
    for item in selectors.items_of(audit):
        raw = request.POST.get(f"rating-{item.code}", "")
        if raw == "":
            continue
        if raw != "na" and not raw.isdigit():
            raise QualityError(f"item {item.code}: rating must be a number or na")
        answers.append(
            services.AnswerInput(
                item.code,
                None if raw == "na" else int(raw),
                request.POST.get(f"comment-{item.code}", ""),
                request.POST.get(f"evidence-{item.code}", ""),
            )
        )
    return answers


@require_POST
@login_required
def save(request: HttpRequest, audit_id: int) -> HttpResponse:
    """Save answers; `complete` scores and closes the audit. Under HTMX, answers the score panel."""
    caller = caller_of(request)
    audit = audit_for(caller, audit_id)
    complete = "complete" in request.POST
    try:
        result = services.save_answers(
            caller, audit.pk, _answers_from(request, audit), summary=request.POST.get("summary", ""), complete=complete
        )
    except ActionRefused as exc:
        if isinstance(exc, NotFound) or not request.htmx:  # type: ignore[attr-defined]
            raise  # the error page
        return render(request, "quality/_score.html", {"audit": audit, "error": str(exc)})
    if request.htmx and not complete:  # type: ignore[attr-defined]
        return render(request, "quality/_score.html", {"audit": result, "saved": True, "preview": _preview(result)})
    target = (
        reverse("quality:calibration", args=[result.calibration_id])
        if result.calibration_id
        else reverse("quality:audit", args=[result.pk])
    )
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)  # type: ignore[attr-defined]


def _preview(audit: Audit) -> float | None:
    """The score the draft's answers so far would give (None when no item is rated yet)."""
    items = {i.pk: i for i in selectors.items_of(audit)}
    scored = [
        scoring.ScoredItem(
            items[a.item_id].code, items[a.item_id].scale, items[a.item_id].weight, items[a.item_id].critical, a.rating
        )
        for a in selectors.answers_of(audit)
    ]
    try:
        return scoring.score(scored).score
    except scoring.ScoringError:
        return None


@require_POST
@login_required
def dispute(request: HttpRequest, audit_id: int) -> HttpResponse:
    caller = caller_of(request)
    services.raise_dispute(caller, audit_id, request.POST.get("reason", ""))
    return redirect("quality:audit", audit_id=audit_id)


@require_POST
@login_required
def resolve(request: HttpRequest, audit_id: int) -> HttpResponse:
    caller = caller_of(request)
    audit = audit_for(caller, audit_id)
    found = dispute_of(audit)
    if found is None:
        raise Http404("This audit is not disputed.")
    outcome = request.POST.get("outcome", "")
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    # Parsed inside the try: a malformed rating is a 400 that says which item, not a 500.
    try:
        services.resolve_dispute(
            caller,
            found.pk,
            outcome=outcome,
            resolution=request.POST.get("resolution", ""),
            answers=_answers_from(request, audit) if outcome == "revised" else [],
        )
    except ActionRefused as exc:
        if isinstance(exc, NotFound) or not htmx:
            raise  # the error page
        # The panel again, as the resolver left it, with the reason it was refused.
        context = {
            "audit": audit,
            "revision": revision_rows(audit_sections(audit), request.POST),
            "resolution": request.POST.get("resolution", ""),
            "resolve_error": str(exc),
        }
        return render(request, "quality/_resolve.html", context)
    target = reverse("quality:audit", args=[audit_id])
    return HttpResponseClientRedirect(target) if htmx else redirect(target)


@dataclass(frozen=True)
class RevisionRow:
    """An item on the resolve form: its current answer, or what the resolver sent."""

    code: str
    text: str
    scale: str
    weight: int
    critical: bool
    rating: str  # "1"/"0", "1"…"5", "na", or "" when unanswered
    comment: str
    evidence: str


def revision_rows(sections: list[SectionView], posted: QueryDict | None = None) -> list[RevisionRow]:
    rows = []
    for section in sections:
        for v in section.items:
            answer = v.answer
            if answer is None:
                rating = ""
            elif answer.not_applicable:
                rating = "na"
            else:
                rating = str(answer.rating)
            code = v.item.code
            comment = answer.comment if answer else ""
            if posted is not None:
                rating = posted.get(f"rating-{code}", "")
                comment = posted.get(f"comment-{code}", "")
            rows.append(
                RevisionRow(
                    code,
                    v.item.text,
                    v.item.scale,
                    v.item.weight,
                    v.item.critical,
                    rating,
                    comment,
                    answer.evidence if answer else "",
                )
            )
    return rows
