"""Every write to coaching: holding a session (front line or leadership) and following it up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from heartline.behaviors.selectors import behavior_codes, behavior_ids_by_code, reinforcing_behaviors
from heartline.coaching.models import (
    CoachingLevel,
    CoachingSession,
    CommitmentProgress,
    LeaderCheckIn,
    LeaderCommitment,
    ProgressMade,
)
from heartline.coaching.selectors import coachee_roles, open_commitments
from heartline.core import clock
from heartline.core.bounds import NOTE_CHARS, SHORT_NOTE_CHARS, check_day, check_id, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.permissions import Capability, require, roles_with
from heartline.core.scoping import OPERATOR
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
        commitments_from_session(session)
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


# -- leaders kept consistent: commitments from leadership coaching and monthly check-ins --------------


def _leader_for(caller: Caller, leader_code: str) -> Any:
    """The leader `caller` may record follow-ups for: themselves (a coach or a manager), or, for one
    a level up who coaches leaders, a leader in their units (managers: their coaches; executives and
    admins: managers and coaches)."""
    require(caller, Capability.KEEP_LEADER_FOLLOW_UPS, "keep leaders' follow-ups")
    leader = visible_employees(caller).filter(code=leader_code).first()
    if leader is None:
        raise PermissionDenied(f"{leader_code!r} is not a leader in your units")
    if leader.role not in coachee_roles(CoachingLevel.LEADERSHIP):
        raise CoachingError(f"follow-ups are kept by coaches and managers, not a {leader.role}")
    if leader.code == caller.employee_code:
        return leader
    below = coachee_roles(CoachingLevel.LEADERSHIP) if caller.can(Capability.COACH_MANAGERS) else None
    if below is None and caller.can(Capability.COACH_LEADERS):
        below = roles_with(Capability.LEAD_A_TEAM)
    if below is None or leader.role not in below:
        raise PermissionDenied(f"{leader_code!r} is not a leader you follow up")
    return leader


def _front_line_reinforced_by(leadership_id: int) -> list[int]:
    front = [pk for pk, _ in behavior_codes("front_line")]
    return sorted(f for f, leaders in reinforcing_behaviors(front).items() if leadership_id in leaders)


def add_commitment(
    caller: Caller,
    *,
    leader_code: str,
    leadership_behavior_code: str,
    text: str,
    made_on: dt.date,
    reinforces: Sequence[str] = (),
    session_id: int | None = None,
) -> LeaderCommitment:
    """Record one commitment of a leader: a leadership behavior to practise and the front-line
    behaviors it reinforces (none given: those the catalog says it reinforces)."""
    leader = _leader_for(caller, leader_code)
    check_day(made_on, "made_on", CoachingError)
    check_text(text, "text", SHORT_NOTE_CHARS, CoachingError)
    if not text.strip():
        raise CoachingError("say what the leader commits to (text)")
    leadership = {code: pk for pk, code in behavior_codes("leadership")}
    if leadership_behavior_code not in leadership:
        raise CoachingError(f"not a leadership behavior: {leadership_behavior_code!r}")
    front = {code: pk for pk, code in behavior_codes("front_line")}
    wrong = sorted(set(reinforces) - set(front))
    if wrong:
        raise CoachingError(f"not front-line behaviors: {', '.join(wrong)}")
    session = None
    if session_id is not None:
        check_id(session_id, "session")
        session = CoachingSession.objects.filter(pk=session_id, level=CoachingLevel.LEADERSHIP, coachee=leader).first()
        if session is None:
            raise CoachingError(f"no leadership coaching session {session_id} of {leader_code}")
    front_ids = [front[c] for c in reinforces] or _front_line_reinforced_by(leadership[leadership_behavior_code])
    with transaction.atomic():
        commitment = LeaderCommitment.objects.create(
            leader=leader,
            session=session,
            leadership_behavior_id=leadership[leadership_behavior_code],
            text=phi_redactor().redact(text.strip()),
            made_on=made_on,
        )
        commitment.reinforces.set(front_ids)
        log_access(caller, "coaching.commit", f"employee:{leader_code}", commitment=commitment.pk)
    return commitment


def commitments_from_session(session: CoachingSession) -> list[LeaderCommitment]:
    """A leadership session's commitments (one a line) as records, each tied to the session's first
    focus behavior (and what it reinforces); called inside `hold_session`'s transaction."""
    focus = sorted(session.focus_behaviors.values_list("pk", flat=True))
    lines = [line.strip()[:SHORT_NOTE_CHARS] for line in session.commitments.splitlines() if line.strip()]
    if session.level != CoachingLevel.LEADERSHIP or not focus or not lines:
        return []
    reinforced = _front_line_reinforced_by(focus[0])
    made = []
    for line in lines:
        commitment = LeaderCommitment.objects.create(
            leader_id=session.coachee_id,
            session=session,
            leadership_behavior_id=focus[0],
            text=line,
            made_on=session.held_on,
        )
        commitment.reinforces.set(reinforced)
        made.append(commitment)
    return made


def close_commitment(
    caller: Caller, commitment_id: int, *, on: dt.date, leader_code: str | None = None
) -> LeaderCommitment:
    """The commitment is done with (kept for good, or dropped): no later check-in asks about it.
    `leader_code`, when given (a page of that leader), must be the commitment's leader."""
    check_id(commitment_id, "commitment")
    check_day(on, "on", CoachingError)
    commitment = LeaderCommitment.objects.select_related("leader").filter(pk=commitment_id).first()
    if commitment is None or (leader_code is not None and commitment.leader.code != leader_code):
        raise NotFound(f"no commitment {commitment_id}" + (f" of {leader_code}" if leader_code else ""))
    _leader_for(caller, commitment.leader.code)
    if commitment.closed_on is not None:
        raise CoachingError(f"commitment {commitment_id} was closed on {commitment.closed_on} already")
    if on < commitment.made_on:
        raise CoachingError(f"a commitment closes on or after the day it was made ({commitment.made_on}), not {on}")
    commitment.closed_on = on
    commitment.save(update_fields=["closed_on"])
    log_access(caller, "coaching.close_commitment", f"employee:{commitment.leader.code}", commitment=commitment.pk)
    return commitment


def record_check_in(
    caller: Caller,
    *,
    leader_code: str,
    month: dt.date,
    progress: Mapping[int, tuple[str, str]],
    notes: str = "",
    held_on: dt.date | None = None,
) -> LeaderCheckIn:
    """The leader's check-in for `month`: commitment id → (kept / partly / not_done, note) for each
    commitment open that month. One check-in a month; it comes after the month has begun."""
    leader = _leader_for(caller, leader_code)
    # the recorder is the caller themself (an executive has no unit, so is not in their own scope)
    recorder = visible_employees(OPERATOR).filter(code=caller.employee_code or "").first()
    if recorder is None:
        raise PermissionDenied("only a member of staff records a check-in")
    check_day(month, "month", CoachingError)
    check_text(notes, "notes", NOTE_CHARS, CoachingError)
    held = held_on or clock.today()
    check_day(held, "held_on", CoachingError)
    first = month.replace(day=1)
    if held < first:
        raise CoachingError(f"a check-in for {first:%B %Y} is held during or after that month, not on {held}")
    if LeaderCheckIn.objects.filter(leader=leader, month=first).exists():
        raise CoachingError(f"{leader_code} already has a check-in for {first:%B %Y}")
    open_ids = set(open_commitments(leader.pk, first).values_list("pk", flat=True))
    if not open_ids:
        raise CoachingError(f"{leader_code} had no open commitment in {first:%B %Y}")
    unknown = sorted(set(progress) - open_ids)
    if unknown:
        raise CoachingError(f"not open commitments of {leader_code} that month: {', '.join(map(str, unknown))}")
    missing = sorted(open_ids - set(progress))
    if missing:
        raise CoachingError(f"say what was done on every open commitment; missing: {', '.join(map(str, missing))}")
    for done, note in progress.values():
        if done not in ProgressMade.values:
            raise CoachingError(f"progress must be one of {', '.join(ProgressMade.values)}, not {done!r}")
        check_text(note, "note", SHORT_NOTE_CHARS, CoachingError)
    with transaction.atomic():
        check_in = LeaderCheckIn.objects.create(
            leader=leader, month=first, held_on=held, recorded_by=recorder, notes=phi_redactor().redact(notes)
        )
        CommitmentProgress.objects.bulk_create(
            CommitmentProgress(check_in=check_in, commitment_id=pk, progress=done, note=phi_redactor().redact(note))
            for pk, (done, note) in sorted(progress.items())
        )
        log_access(caller, "coaching.check_in", f"employee:{leader_code}", month=f"{first:%Y-%m}")
    return check_in
