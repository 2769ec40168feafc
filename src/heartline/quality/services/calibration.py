"""Calibration sessions: set up (contacts, auditors, optional expert), score blind, close."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from heartline.core import clock
from heartline.core.bounds import NAME_CHARS, check_day, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, allows, require
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import visible_employees
from heartline.core.services import log_access
from heartline.quality.models import Audit, AuditPurpose, CalibrationContact, CalibrationSession
from heartline.quality.selectors.calibration import visible_sessions
from heartline.quality.services import (
    QualityError,
    QualityNotFound,
    caller_employee_id,
    employee_id,
    team_id,
    unit_id,
)
from heartline.quality.services.audits import latest_version, visible_contact


def create_calibration(
    caller: Caller,
    *,
    title: str,
    scorecard_code: str,
    held_on: dt.date,
    contact_ids: Sequence[str],
    participant_codes: Sequence[str],
    expert_code: str | None = None,
) -> CalibrationSession:
    """A session in which `participant_codes` score `contact_ids` blind (and `expert_code` as baseline)."""
    require(caller, Capability.LEAD_CALIBRATION, "run calibration sessions")
    check_day(held_on, "held_on", QualityError)
    check_text(title, "title", NAME_CHARS, QualityError)
    if len(set(contact_ids)) < 2:
        raise QualityError("a calibration session needs at least two different contacts")
    if len(set(participant_codes)) < 2:
        raise QualityError("a calibration session needs at least two auditors")
    if expert_code and expert_code in participant_codes:
        raise QualityError("the expert gives the baseline and is not also a participant")
    version = latest_version(scorecard_code)
    contacts = [visible_contact(caller, c) for c in dict.fromkeys(contact_ids)]
    people = visible_employees(OPERATOR).filter(code__in=[*participant_codes, *([expert_code] if expert_code else [])])
    found = {e.code: e for e in people}
    missing = sorted(set(participant_codes) - set(found) | ({expert_code} - set(found) if expert_code else set()))
    if missing:
        raise QualityError(f"no employee {', '.join(missing)}")
    # Scoring a session opens its contacts to the scorer, so only auditors may be named.
    not_auditors = sorted(code for code, e in found.items() if not allows(e.role, Capability.AUDIT_CONTACTS))
    if not_auditors:
        raise QualityError(f"not auditors (QA analysts, coaches, managers): {', '.join(not_auditors)}")
    with transaction.atomic():
        session = CalibrationSession.objects.create(
            title=title.strip() or f"Calibration {held_on}",
            scorecard_version=version,
            held_on=held_on,
            facilitator_id=caller_employee_id(caller) if caller.employee_code else None,
            expert=found[expert_code] if expert_code else None,
        )
        session.participants.set([found[c] for c in dict.fromkeys(participant_codes)])
        CalibrationContact.objects.bulk_create(
            CalibrationContact(
                session=session,
                contact_id=str(c["contact_id"]),
                agent_id=employee_id(str(c["agent_id"])),
                contact_started_at=clock.instant(c["started_at"]),
                position=i,
            )
            for i, c in enumerate(contacts)
        )
        log_access(caller, "quality.calibration.create", f"calibration:{session.pk}", contacts=len(contacts))
    return session


def start_calibration_score(caller: Caller, session_id: int, contact_id: str) -> Audit:
    """The caller's (draft) blind score of one of the session's contacts; answered with save_answers."""
    require(caller, Capability.AUDIT_CONTACTS, "score calibration sessions")
    session = CalibrationSession.objects.filter(pk=session_id).first()
    if session is None:
        raise QualityNotFound(f"no calibration session {session_id}")
    me = caller_employee_id(caller)
    if me != session.expert_id and not session.participants.filter(pk=me).exists():
        raise PermissionDenied("only the session's auditors and expert score it")
    if session.closed_at is not None:
        raise QualityError("this calibration session is closed")
    contact = session.contacts.select_related("agent__unit", "agent__team").filter(contact_id=contact_id).first()
    if contact is None:
        raise QualityError(f"contact {contact_id!r} is not in this session")
    existing = Audit.objects.filter(calibration=session, auditor_id=me, contact_id=contact_id).first()
    if existing is not None:
        return existing
    agent = contact.agent
    with transaction.atomic():
        audit = Audit.objects.create(
            scorecard_version_id=session.scorecard_version_id,
            purpose=AuditPurpose.CALIBRATION,
            calibration=session,
            contact_id=contact_id,
            contact_started_at=contact.contact_started_at,
            agent=agent,
            unit_id=unit_id(agent.unit.code if agent.unit else None),
            team_id=team_id(agent.team.code if agent.team else None),
            auditor_id=me,
        )
        log_access(caller, "quality.calibration.score", f"contact:{contact_id}", calibration=session.pk)
    return audit


def close_calibration(caller: Caller, session_id: int) -> CalibrationSession:
    """Close scoring; results (alpha, deviations) show from then on. Only a leader who can see the
    session (its facilitator, or one whose units its contacts belong to) closes it."""
    require(caller, Capability.LEAD_CALIBRATION, "close calibration sessions")
    session = visible_sessions(caller).filter(pk=session_id).first()
    if session is None:
        raise QualityNotFound(f"no calibration session {session_id}, or not one you may see")
    if session.closed_at is None:
        session.closed_at = timezone.now()
        session.save(update_fields=["closed_at"])
    return session
