"""Every write to coaching: holding a session (front line or leadership) and following it up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from heartline.behaviors.selectors import behavior_codes, behavior_ids_by_code
from heartline.coaching.models import CoachingLevel, CoachingSession
from heartline.coaching.selectors import coachee_roles
from heartline.core import clock
from heartline.core.bounds import NOTE_CHARS, check_day, check_id, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.selectors import phi_redactor, visible_employees
from heartline.core.services import log_access
from heartline.core.stored_text import Progress, RedactionTally, redact_stored
from heartline.quality.selectors.audits import form_items, latest_form
from heartline.quality.selectors.coaching_inputs import audits_by_id


class CoachingError(ActionRefused):
    """A coaching record that cannot be written as asked; the message says why."""


def hold_session(
    caller: Caller,
    *,
    coachee_code: str,
    held_on: dt.date,
    level: str = CoachingLevel.FRONT_LINE,
    audit_ids: Sequence[int] = (),
    focus_behavior_codes: Sequence[str] = (),
    notes: str = "",
    commitments: str = "",
    follow_up_on: dt.date | None = None,
    form_ratings: Mapping[str, int] | None = None,
) -> CoachingSession:
    """Record a coaching session the caller held with `coachee_code`."""
    if level not in CoachingLevel.values:
        raise CoachingError(f"level must be one of {', '.join(CoachingLevel.values)}")
    check_day(held_on, "held_on", CoachingError)
    check_text(notes, "notes", NOTE_CHARS, CoachingError)
    check_text(commitments, "commitments", NOTE_CHARS, CoachingError)
    if follow_up_on is not None:
        check_day(follow_up_on, "follow_up_on", CoachingError)
    for audit_id in audit_ids:
        check_id(audit_id, "audit")
    allowed = Capability.COACH_FRONT_LINE if level == CoachingLevel.FRONT_LINE else Capability.COACH_LEADERS
    if not caller.can(allowed):
        raise PermissionDenied(
            f"a {caller.role or 'person with no role'} may not hold {level.replace('_', ' ')} coaching"
        )
    coach = visible_employees(caller).filter(code=caller.employee_code or "").first()
    if coach is None:
        raise PermissionDenied("only a member of staff can coach")
    coachee = visible_employees(caller).filter(code=coachee_code).exclude(pk=coach.pk).first()
    if coachee is None:
        raise PermissionDenied(f"{coachee_code!r} is not someone in your units you can coach")
    wanted_role = coachee_roles(level)
    if coachee.role not in wanted_role:
        raise CoachingError(
            f"{level.replace('_', ' ')} coaching is for {' or '.join(sorted(wanted_role))}s, not a {coachee.role}"
        )
    if not focus_behavior_codes:
        raise CoachingError("choose at least one behavior to focus on")
    of_level = {code for _, code in behavior_codes("front_line" if level == CoachingLevel.FRONT_LINE else "leadership")}
    wrong = sorted(set(focus_behavior_codes) - of_level)
    if wrong:
        raise CoachingError(f"not {level.replace('_', ' ')} behaviors: {', '.join(wrong)}")
    audits = audits_by_id(caller, audit_ids)
    if len(audits) != len(set(audit_ids)) or any(a.agent_code != coachee_code for a in audits):
        raise CoachingError("the audits discussed must be completed audits of the person coached")
    if follow_up_on is not None and follow_up_on < held_on:
        raise CoachingError("the follow-up date comes after the session")
    form = latest_form("coaching_form") if form_ratings else None
    ratings = dict(form_ratings or {})
    if form is not None:
        codes = {i.code for i in form_items(form)}
        unknown = sorted(set(ratings) - codes)
        if unknown:
            raise CoachingError(f"not on the coaching form: {', '.join(unknown)}")
        if any(not 1 <= int(v) <= 5 for v in ratings.values()):
            raise CoachingError("coaching form ratings run from 1 to 5")
    with transaction.atomic():
        session = CoachingSession.objects.create(
            coach=coach,
            coachee=coachee,
            level=level,
            held_on=held_on,
            # Redacted as written (a coach may quote a call): the stored notes carry no PHI.
            notes=phi_redactor().redact(notes),
            commitments=phi_redactor().redact(commitments),
            follow_up_on=follow_up_on,
            form_version=form,
            form_ratings={k: int(v) for k, v in ratings.items()},
        )
        session.focus_behaviors.set(list(behavior_ids_by_code(focus_behavior_codes).values()))
        session.audits.set([a.audit_id for a in audits])
        log_access(caller, "coaching.hold", f"employee:{coachee_code}", session=session.pk, audits=len(audits))
    return session


def record_follow_up(caller: Caller, session_id: int, *, notes: str, on: dt.date | None = None) -> CoachingSession:
    """The coach followed up on a session's commitments."""
    check_text(notes, "notes", NOTE_CHARS, CoachingError)
    session = CoachingSession.objects.select_related("coach").filter(pk=session_id).first()
    if session is None:
        raise CoachingError(f"no coaching session {session_id}")
    if session.coach.code != caller.employee_code:
        raise PermissionDenied("only the coach who held the session follows it up")
    if on is not None:
        check_day(on, "on", CoachingError)
    session.followed_up_on = on or clock.today()
    session.follow_up_notes = phi_redactor().redact(notes)
    session.save(update_fields=["followed_up_on", "follow_up_notes"])
    return session


def redact_stored_notes(
    caller: Caller, *, dry_run: bool = False, progress: Progress | None = None
) -> list[RedactionTally]:
    """Run today's redactor over coaching notes, commitments and follow-up notes stored before
    redaction on write (the command line's `heartline redact-stored`); store what changed unless
    `dry_run`. Only an operator rewrites stored text."""
    if not caller.is_operator:
        raise NotAllowed("only an operator (the heartline command) rewrites stored text")
    fields: dict[str, int | None] = {"notes": None, "commitments": None, "follow_up_notes": None}
    tally = redact_stored(
        "coaching sessions", CoachingSession.objects.all(), fields, phi_redactor(), dry_run=dry_run, progress=progress
    )
    if not dry_run:
        log_access(caller, "coaching.redact_stored", "coaching sessions", channel="cli", changed=tally.changed)
    return [tally]
