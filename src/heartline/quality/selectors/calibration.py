"""Calibration results: Krippendorff's alpha per item (at the item's level) and overall, each with
a bootstrap 95% interval; each auditor's deviation from the expert and from the group; drift.

Alpha is computed among the participating auditors; the expert, when there is one, is the baseline
each auditor is compared with, not a rater in alpha. Yes/No/N-A items are nominal with "not
applicable" a category of its own (one auditor's N/A against another's Yes is a disagreement); 1–5
items are ordinal, an N/A there being a missing score. The overall score (0–100) is interval.
While a session is open, a participant sees only their own scores (blind); results show once the
session is closed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from heartline.core.contracts import Caller
from heartline.quality.models import (
    Audit,
    AuditAnswer,
    AuditStatus,
    CalibrationContact,
    CalibrationSession,
    Scale,
    ScorecardItem,
)
from heartline.stats.agreement import AgreementResult, Level, krippendorff_alpha

NOT_APPLICABLE_CODE = 2.0
DRAWS = 2000


@dataclass(frozen=True)
class ItemAgreement:
    code: str
    text: str
    level: Level
    result: AgreementResult


@dataclass(frozen=True)
class AuditorDeviation:
    auditor_code: str
    name: str
    contacts: int
    from_expert: float | None  # mean |score − expert's score| over contacts both scored
    from_group: float | None  # mean |score − the other auditors' mean score|
    items_as_expert: float | None  # share of item answers identical to the expert's
    items_compared: int


@dataclass(frozen=True)
class CalibrationResults:
    session: CalibrationSession
    contacts: int
    auditors: int
    overall: AgreementResult
    items: tuple[ItemAgreement, ...]
    deviations: tuple[AuditorDeviation, ...]
    has_expert: bool


@dataclass(frozen=True)
class DriftPoint:
    session_id: int
    title: str
    held_on: str
    auditor_code: str
    name: str
    from_group: float | None
    from_expert: float | None
    contacts: int


def visible_sessions(caller: Caller) -> QuerySet[CalibrationSession]:
    """Sessions the caller facilitates, scores or is the expert of; for QA analysts, managers and
    executives also the sessions whose contacts all belong to their units (or division)."""
    return CalibrationSession.objects.visible_to(caller).select_related(
        "scorecard_version__scorecard", "expert__user", "facilitator__user"
    )


def is_scorer(caller: Caller, session: CalibrationSession) -> bool:
    """Whether the caller scores this session (a participant, or its expert)."""
    code = caller.employee_code or ""
    if session.expert is not None and session.expert.code == code:
        return True
    return session.participants.filter(code=code).exists()


def session_contacts(session: CalibrationSession) -> list[CalibrationContact]:
    """The contacts a session scores, with their agents (a session the caller already may see)."""
    return list(session.contacts.select_related("agent__user"))


def session_audits(session: CalibrationSession) -> QuerySet[Audit]:
    return Audit.objects.filter(calibration=session, status=AuditStatus.COMPLETED).select_related("auditor__user")


def _name(audit: Audit) -> str:
    user = audit.auditor.user
    return f"{user.first_name} {user.last_name}".strip() or user.get_username()


def results(session: CalibrationSession, *, draws: int = DRAWS) -> CalibrationResults:
    """Agreement and deviations from the session's completed scores (open or closed)."""
    audits = list(session_audits(session))
    expert_id = session.expert_id
    raters = sorted({a.auditor_id for a in audits if a.auditor_id != expert_id})
    contacts = sorted({a.contact_id for a in audits})
    r_index = {r: i for i, r in enumerate(raters)}
    c_index = {c: i for i, c in enumerate(contacts)}
    scores = np.full((len(raters), len(contacts)), np.nan)
    for a in audits:
        if a.auditor_id in r_index and a.score is not None:
            scores[r_index[a.auditor_id], c_index[a.contact_id]] = a.score
    overall = krippendorff_alpha(scores, "interval", draws=draws, seed=session.pk)

    items = list(
        ScorecardItem.objects.filter(version_id=session.scorecard_version_id).order_by("section__position", "position")
    )
    answers = AuditAnswer.objects.filter(audit__in=[a.pk for a in audits]).values_list(
        "audit_id", "item_id", "rating", "not_applicable"
    )
    by_audit = {a.pk: a for a in audits}
    cube: dict[int, np.ndarray] = {i.pk: np.full((len(raters), len(contacts)), np.nan) for i in items}
    # Answers as compared with the expert's: the rating, or -1 for not applicable.
    expert_answers: dict[tuple[str, int], int] = {}
    own_answers: dict[tuple[int, str, int], int] = {}
    scale = {i.pk: i.scale for i in items}
    for audit_id, item_id, rating, _not_applicable in answers:
        audit = by_audit[audit_id]
        if item_id not in cube:
            continue
        value = (
            float(rating)
            if rating is not None
            else (NOT_APPLICABLE_CODE if scale[item_id] == Scale.YES_NO_NA else math.nan)
        )
        token = -1 if rating is None else int(rating)
        if audit.auditor_id == expert_id:
            expert_answers[(audit.contact_id, item_id)] = token
        else:
            cube[item_id][r_index[audit.auditor_id], c_index[audit.contact_id]] = value
            own_answers[(audit.auditor_id, audit.contact_id, item_id)] = token
    item_rows = []
    for item in items:
        level: Level = "nominal" if item.scale == Scale.YES_NO_NA else "ordinal"
        item_rows.append(
            ItemAgreement(
                item.code, item.text, level, krippendorff_alpha(cube[item.pk], level, draws=draws, seed=session.pk)
            )
        )

    expert_scores = {a.contact_id: a.score for a in audits if a.auditor_id == expert_id and a.score is not None}
    deviations = []
    for rater in raters:
        mine = [a for a in audits if a.auditor_id == rater and a.score is not None]
        row = r_index[rater]
        vs_expert = [
            abs(float(a.score or 0.0) - float(expert_scores[a.contact_id] or 0.0))
            for a in mine
            if a.contact_id in expert_scores
        ]
        vs_group = []
        for a in mine:
            column = scores[:, c_index[a.contact_id]]
            others = np.delete(column, row)
            others = others[~np.isnan(others)]
            if others.size:
                vs_group.append(abs(float(a.score) - float(others.mean())))  # type: ignore[arg-type]
        same = [
            own_answers[(rater, contact, item_id)] == token
            for (contact, item_id), token in expert_answers.items()
            if (rater, contact, item_id) in own_answers
        ]
        deviations.append(
            AuditorDeviation(
                auditor_code=mine[0].auditor.code if mine else "",
                name=_name(mine[0]) if mine else "",
                contacts=len(mine),
                from_expert=float(np.mean(vs_expert)) if vs_expert else None,
                from_group=float(np.mean(vs_group)) if vs_group else None,
                items_as_expert=(sum(same) / len(same)) if same else None,
                items_compared=len(same),
            )
        )
    deviations.sort(key=lambda d: -(d.from_expert if d.from_expert is not None else d.from_group or 0.0))
    return CalibrationResults(
        session=session,
        contacts=len(contacts),
        auditors=len(raters),
        overall=overall,
        items=tuple(item_rows),
        deviations=tuple(deviations),
        has_expert=expert_id is not None,
    )


def drift(caller: Caller, auditor_code: str | None = None) -> list[DriftPoint]:
    """Each auditor's deviation from group and expert in every closed session, oldest first."""
    sessions = visible_sessions(caller).filter(closed_at__isnull=False).order_by("held_on", "pk")
    points = []
    for session in sessions:
        for d in results(session, draws=0).deviations:
            if auditor_code is None or d.auditor_code == auditor_code:
                points.append(
                    DriftPoint(
                        session.pk,
                        session.title,
                        session.held_on.isoformat(),
                        d.auditor_code,
                        d.name,
                        d.from_group,
                        d.from_expert,
                        d.contacts,
                    )
                )
    return points


def my_scores(caller: Caller, session: CalibrationSession) -> dict[str, Audit]:
    """Contact id → the caller's own score in the session (all a participant sees while it is open)."""
    code = caller.employee_code or ""
    audits = Audit.objects.filter(calibration=session, auditor__code=code)
    return {a.contact_id: a for a in audits}


def progress(session: CalibrationSession) -> dict[str, int]:
    """How many scores are in, without showing any (for the facilitator while the session is open)."""
    done = Audit.objects.filter(calibration=session, status=AuditStatus.COMPLETED).count()
    expected = session.contacts.count() * (session.participants.count() + (1 if session.expert_id else 0))
    return {"done": done, "expected": expected}


def per_auditor_counts(session: CalibrationSession) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for code in Audit.objects.filter(calibration=session, status=AuditStatus.COMPLETED).values_list(
        "auditor__code", flat=True
    ):
        counts[code] += 1
    return dict(counts)
