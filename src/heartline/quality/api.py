"""`/api/v1/quality/`: scorecards, sampling plans, the audit queue, audits, disputes, scores,
calibration and auto-QA's agreement — each action through the same services as the pages, limited
to the caller's scope."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from heartline.core.scoping import caller_of
from heartline.core.selectors import full_name
from heartline.core.services import log_access
from heartline.quality.auto_qa_api import AutoQaOut, get_auto_qa
from heartline.quality.models import Audit, CalibrationSession
from heartline.quality.selectors.audits import (
    answers_of,
    audit_queue,
    audit_queue_total,
    audits_of,
    dispute_of,
    disputed_among,
    open_disputes,
    visible_audit,
)
from heartline.quality.selectors.calibration import drift, my_scores, results, visible_sessions
from heartline.quality.selectors.scores import ScoreFilters, scores_by
from heartline.quality.services import audits as audit_services
from heartline.quality.services import calibration as calibration_services
from heartline.quality.services.sampling import create_sampling_plan
from heartline.quality.services.scorecards import create_scorecard, publish_version, sections_from_dicts
from heartline.stats.agreement import AgreementResult

router = Router(tags=["quality"])


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 4)


# -- scorecards -----------------------------------------------------------------------------------


class ScorecardIn(Schema):
    code: str
    name: str
    kind: str = "audit"
    description: str = ""
    sections: list[dict[str, Any]] = Field(
        ..., description="[{title, items: [{code, text, scale, behavior, weight, critical}]}]"
    )


class VersionIn(Schema):
    sections: list[dict[str, Any]]
    note: str = ""


class Created(Schema):
    id: int


@router.post("/scorecards", response=Created, summary="Create a scorecard (its version 1)")
def post_scorecard(request: HttpRequest, body: ScorecardIn) -> dict[str, int]:
    caller = caller_of(request)
    version = create_scorecard(
        caller,
        code=body.code,
        name=body.name,
        kind=body.kind,
        sections=sections_from_dicts(body.sections),
        description=body.description,
    )
    return {"id": version.pk}


@router.post("/scorecards/{code}/versions", response=Created, summary="Publish the next version of a scorecard")
def post_version(request: HttpRequest, code: str, body: VersionIn) -> dict[str, int]:
    caller = caller_of(request)
    version = publish_version(caller, code, sections_from_dicts(body.sections), body.note)
    return {"id": version.pk}


# -- sampling and the queue ----------------------------------------------------------------------


class PlanIn(Schema):
    unit: str
    month: dt.date
    per_agent: int = 4
    method: str = "random"
    scorecard: str
    channels: list[str] = []
    seed: int | None = None


class PlanOut(Schema):
    id: int
    unit: str
    month: dt.date
    per_agent: int
    method: str
    drawn: int


@router.post("/plans", response=PlanOut, summary="Draw a unit's contacts to audit for a month")
def post_plan(request: HttpRequest, body: PlanIn) -> dict[str, Any]:
    caller = caller_of(request)
    plan = create_sampling_plan(
        caller,
        unit_code=body.unit,
        month=body.month,
        per_agent=body.per_agent,
        method=body.method,
        scorecard_code=body.scorecard,
        channels=body.channels,
        seed=body.seed,
    )
    return {
        "id": plan.pk,
        "unit": body.unit,
        "month": plan.month,
        "per_agent": plan.per_agent,
        "method": plan.method,
        "drawn": plan.contacts.count(),
    }


class QueueItem(Schema):
    sample_id: int
    contact_id: str
    agent: str
    agent_name: str
    unit: str
    unit_name: str
    contact_started_at: dt.datetime
    handoffs: int
    repeated: bool
    risk_weight: float
    scorecard: str
    scorecard_name: str


QUEUE_PAGE = 100  # contacts answered when no `limit` is given (the queue's first page)
QUEUE_MAX_PAGE = 500
QUEUE_MAX_OFFSET = 1_000_000  # far beyond any month's sample; past the end the answer is empty


class QueueParams(Schema):
    limit: int = QUEUE_PAGE
    offset: int = 0


@router.get(
    "/queue",
    response=list[QueueItem],
    summary="Sampled contacts still to audit (yours or unclaimed)",
    description=f"Riskiest first, `limit` (1 to {QUEUE_MAX_PAGE}, default {QUEUE_PAGE}) contacts from the "
    f"`offset`-th (0 to {QUEUE_MAX_OFFSET:,}); how many are in the queue in all is in the X-Total-Count header.",
)
def get_queue(request: HttpRequest, response: HttpResponse, params: Query[QueueParams]) -> list[dict[str, Any]]:
    if not 1 <= params.limit <= QUEUE_MAX_PAGE:
        raise HttpError(400, f"limit={params.limit}: must be 1–{QUEUE_MAX_PAGE}")
    if not 0 <= params.offset <= QUEUE_MAX_OFFSET:
        raise HttpError(400, f"offset={params.offset}: must be 0–{QUEUE_MAX_OFFSET}")
    caller = caller_of(request)
    response["X-Total-Count"] = str(audit_queue_total(caller))
    return [
        {
            "sample_id": s.pk,
            "contact_id": s.contact_id,
            "agent": s.agent.code,
            "agent_name": full_name(s.agent),
            "unit": s.plan.unit.code,
            "unit_name": s.plan.unit.name,
            "contact_started_at": s.contact_started_at,
            "handoffs": s.handoffs,
            "repeated": s.repeated,
            "risk_weight": s.risk_weight,
            "scorecard": s.plan.scorecard_version.scorecard.code,
            "scorecard_name": s.plan.scorecard_version.scorecard.name,
        }
        for s in audit_queue(caller, limit=params.limit, offset=params.offset)
    ]


# -- audits --------------------------------------------------------------------------------------


class AnswerIn(Schema):
    item: str
    rating: int | None = Field(None, description="1/0 for Yes/No, 1–5 on a 1–5 scale; null for not applicable")
    comment: str = ""
    evidence: str = ""


class StartIn(Schema):
    sample_id: int | None = None
    contact_id: str | None = None
    scorecard: str | None = None


class AnswersIn(Schema):
    answers: list[AnswerIn]
    summary: str | None = None
    complete: bool = False


class AnswerOut(Schema):
    item: str
    rating: int | None
    not_applicable: bool
    comment: str
    evidence: str


class AuditOut(Schema):
    id: int
    contact_id: str
    contact_started_at: dt.datetime
    agent: str
    unit: str | None
    team: str | None
    auditor: str
    scorecard: str
    scorecard_version: int
    status: str
    score: float | None
    passed_critical: bool | None
    completed_at: dt.datetime | None
    disputed: bool
    answers: list[AnswerOut] = []


def audit_out(audit: Audit, with_answers: bool = False, disputed: bool | None = None) -> dict[str, Any]:
    """The API's view of an audit; `disputed` when the caller already knows (a list asks once for all)."""
    answers = []
    if with_answers:
        for a in answers_of(audit):
            answers.append(
                {
                    "item": a.item.code,
                    "rating": a.rating,
                    "not_applicable": a.not_applicable,
                    "comment": a.comment,
                    "evidence": a.evidence,
                }
            )
    return {
        "id": audit.pk,
        "contact_id": audit.contact_id,
        "contact_started_at": audit.contact_started_at,
        "agent": audit.agent.code,
        "unit": audit.unit.code if audit.unit else None,
        "team": audit.team.code if audit.team else None,
        "auditor": audit.auditor.code,
        "scorecard": audit.scorecard_version.scorecard.code,
        "scorecard_version": audit.scorecard_version.number,
        "status": audit.status,
        "score": audit.score,
        "passed_critical": audit.passed_critical,
        "completed_at": audit.completed_at,
        "disputed": dispute_of(audit) is not None if disputed is None else disputed,
        "answers": answers,
    }


def _answers(body: AnswersIn) -> list[audit_services.AnswerInput]:
    return [audit_services.AnswerInput(a.item, a.rating, a.comment, a.evidence) for a in body.answers]


class AuditFilters(Schema):
    agent: str | None = None
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    limit: int = Field(100, ge=1, le=1000)


@router.get("/audits", response=list[AuditOut], summary="Audits you may see (an agent: their own), newest first")
def list_audits(request: HttpRequest, filters: Query[AuditFilters]) -> list[dict[str, Any]]:
    audits = audits_of(caller_of(request), agent=filters.agent, start=filters.from_, end=filters.to)
    page = list(audits[: filters.limit])
    disputed = disputed_among([a.pk for a in page])
    return [audit_out(a, disputed=a.pk in disputed) for a in page]


@router.post("/audits", response=AuditOut, summary="Start (or reopen your draft) audit of a sampled or named contact")
def post_audit(request: HttpRequest, body: StartIn) -> dict[str, Any]:
    caller = caller_of(request)
    audit = audit_services.start_audit(
        caller, contact_id=body.contact_id, scorecard_code=body.scorecard, sample_id=body.sample_id
    )
    return audit_out(audit, with_answers=True)


@router.get("/audits/{audit_id}", response=AuditOut, summary="One audit with its answers")
def get_audit(request: HttpRequest, audit_id: int) -> dict[str, Any]:
    caller = caller_of(request)
    audit = visible_audit(caller, audit_id)
    if audit is None:
        raise HttpError(404, "no such audit, or not one you may see")
    # An audit's comments and evidence describe a member's contact: reading them is logged, as on the page.
    log_access(caller, "quality.audit.view", f"contact:{audit.contact_id}", channel="api", audit=audit.pk)
    return audit_out(audit, with_answers=True)


@router.put(
    "/audits/{audit_id}/answers", response=AuditOut, summary="Answer items of your draft; complete=true scores it"
)
def put_answers(request: HttpRequest, audit_id: int, body: AnswersIn) -> dict[str, Any]:
    caller = caller_of(request)
    audit = audit_services.save_answers(caller, audit_id, _answers(body), summary=body.summary, complete=body.complete)
    return audit_out(audit, with_answers=True)


class DisputeIn(Schema):
    reason: str


class ResolveIn(Schema):
    outcome: str = Field(..., description="upheld or revised")
    resolution: str
    answers: list[AnswerIn] = []


class DisputeOut(Schema):
    id: int
    audit_id: int
    reason: str
    raised_at: dt.datetime
    outcome: str
    resolution: str
    score_before: float
    score_after: float | None


def dispute_out(d: Any) -> dict[str, Any]:
    return {
        "id": d.pk,
        "audit_id": d.audit_id,
        "reason": d.reason,
        "raised_at": d.raised_at,
        "outcome": d.outcome,
        "resolution": d.resolution,
        "score_before": d.score_before,
        "score_after": d.score_after,
    }


@router.post("/audits/{audit_id}/dispute", response=DisputeOut, summary="Dispute your audit's score")
def post_dispute(request: HttpRequest, audit_id: int, body: DisputeIn) -> dict[str, Any]:
    caller = caller_of(request)
    return dispute_out(audit_services.raise_dispute(caller, audit_id, body.reason))


@router.get("/disputes", response=list[DisputeOut], summary="Open disputes you could resolve")
def list_disputes(request: HttpRequest) -> list[dict[str, Any]]:
    return [dispute_out(d) for d in open_disputes(caller_of(request))]


@router.post("/disputes/{dispute_id}/resolve", response=DisputeOut, summary="Resolve a dispute as the second auditor")
def post_resolve(request: HttpRequest, dispute_id: int, body: ResolveIn) -> dict[str, Any]:
    caller = caller_of(request)
    answers = [audit_services.AnswerInput(a.item, a.rating, a.comment, a.evidence) for a in body.answers]
    return dispute_out(
        audit_services.resolve_dispute(
            caller, dispute_id, outcome=body.outcome, resolution=body.resolution, answers=answers
        )
    )


# -- scores --------------------------------------------------------------------------------------


class ScoreParams(Schema):
    by: str = Field("agent", description="agent, team, unit, month, behavior or scorecard")
    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None
    unit: str | None = None
    team: str | None = None
    agent: str | None = None
    scorecard: str | None = None


class ScoreRowOut(Schema):
    key: str
    label: str
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None
    below_min: bool
    rank: int | None


@router.get(
    "/scores",
    response=list[ScoreRowOut],
    summary="Mean audit score (behaviors: share shown) per group, with n and 95% CI",
)
def get_scores(request: HttpRequest, params: Query[ScoreParams]) -> list[dict[str, Any]]:
    filters = ScoreFilters(
        start=params.from_,
        end=params.to,
        unit=params.unit,
        team=params.team,
        agent=params.agent,
        scorecard=params.scorecard,
    )
    rows = scores_by(caller_of(request), params.by, filters)
    return [
        {
            "key": r.key,
            "label": r.label,
            "n": r.n,
            "value": _num(r.value),
            "ci_low": _num(r.ci_low),
            "ci_high": _num(r.ci_high),
            "below_min": r.below_min,
            "rank": r.rank,
        }
        for r in rows
    ]


# -- calibration ---------------------------------------------------------------------------------


class CalibrationIn(Schema):
    title: str
    scorecard: str
    held_on: dt.date
    contact_ids: list[str]
    participants: list[str]
    expert: str | None = None


class AlphaOut(Schema):
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    level: str
    units: int
    raters: int
    pairable_values: int


def alpha_out(r: AgreementResult) -> dict[str, Any]:
    return {
        "alpha": _num(r.alpha),
        "ci_low": _num(r.ci_low),
        "ci_high": _num(r.ci_high),
        "level": r.level,
        "units": r.units,
        "raters": r.raters,
        "pairable_values": r.pairable_values,
    }


class CalibrationOut(Schema):
    id: int
    title: str
    held_on: dt.date
    scorecard: str
    closed: bool
    contacts: list[str]
    my_scores: dict[str, float | None]
    overall: AlphaOut | None = None
    items: dict[str, AlphaOut] | None = None
    deviations: list[dict[str, Any]] | None = None


def calibration_out(request: HttpRequest, session: CalibrationSession) -> dict[str, Any]:
    caller = caller_of(request)
    out: dict[str, Any] = {
        "id": session.pk,
        "title": session.title,
        "held_on": session.held_on,
        "scorecard": session.scorecard_version.scorecard.code,
        "closed": session.closed_at is not None,
        "contacts": list(session.contacts.values_list("contact_id", flat=True)),
        "my_scores": {c: a.score for c, a in my_scores(caller, session).items()},
    }
    if session.closed_at is not None:
        found = results(session)
        out["overall"] = alpha_out(found.overall)
        out["items"] = {i.code: alpha_out(i.result) for i in found.items}
        out["deviations"] = [
            {
                "auditor": d.auditor_code,
                "contacts": d.contacts,
                "from_expert": d.from_expert,
                "from_group": d.from_group,
                "items_as_expert": d.items_as_expert,
            }
            for d in found.deviations
        ]
    return out


@router.get("/calibrations", response=list[CalibrationOut], summary="Calibration sessions you take part in or lead")
def list_calibrations(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        calibration_out(request, s) | {"overall": None, "items": None, "deviations": None}
        for s in visible_sessions(caller_of(request))[:50]
    ]


@router.post("/calibrations", response=CalibrationOut, summary="Set up a calibration session")
def post_calibration(request: HttpRequest, body: CalibrationIn) -> dict[str, Any]:
    caller = caller_of(request)
    session = calibration_services.create_calibration(
        caller,
        title=body.title,
        scorecard_code=body.scorecard,
        held_on=body.held_on,
        contact_ids=body.contact_ids,
        participant_codes=body.participants,
        expert_code=body.expert,
    )
    return calibration_out(request, session)


class DriftOut(Schema):
    session_id: int
    title: str
    held_on: str
    auditor: str
    from_group: float | None
    from_expert: float | None
    contacts: int


@router.get(
    "/calibrations/drift", response=list[DriftOut], summary="Each auditor's deviation per closed session, oldest first"
)
def get_drift(request: HttpRequest, auditor: str | None = None) -> list[dict[str, Any]]:
    return [
        {
            "session_id": p.session_id,
            "title": p.title,
            "held_on": p.held_on,
            "auditor": p.auditor_code,
            "from_group": p.from_group,
            "from_expert": p.from_expert,
            "contacts": p.contacts,
        }
        for p in drift(caller_of(request), auditor)
    ]


@router.get(
    "/calibrations/{session_id}",
    response=CalibrationOut,
    summary="A session: your scores; once closed, alpha and deviations",
)
def get_calibration(request: HttpRequest, session_id: int) -> dict[str, Any]:
    session = visible_sessions(caller_of(request)).filter(pk=session_id).first()
    if session is None:
        raise HttpError(404, "no such session, or not one you take part in")
    return calibration_out(request, session)


class ScoreStartIn(Schema):
    contact_id: str


@router.post(
    "/calibrations/{session_id}/scores",
    response=AuditOut,
    summary="Start your blind score of one of the session's contacts",
)
def post_calibration_score(request: HttpRequest, session_id: int, body: ScoreStartIn) -> dict[str, Any]:
    caller = caller_of(request)
    audit = calibration_services.start_calibration_score(caller, session_id, body.contact_id)
    return audit_out(audit, with_answers=True)


@router.post("/calibrations/{session_id}/close", response=CalibrationOut, summary="Close scoring and show results")
def post_close(request: HttpRequest, session_id: int) -> dict[str, Any]:
    caller = caller_of(request)
    session = calibration_services.close_calibration(caller, session_id)
    return calibration_out(request, session)


# -- auto-QA (schemas and answer in auto_qa_api.py) -------------------------------------------------

router.get(
    "/auto-qa",
    response=AutoQaOut,
    summary="Auto-QA: coverage of the transcribed contacts you may see, and agreement with the auditors by item",
)(get_auto_qa)
