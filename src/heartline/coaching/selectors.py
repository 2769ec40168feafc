"""Reads of coaching sessions: what a caller may see, the coach's follow-up queue, the pre-filled form.

A coach sees the sessions they held; the person coached sees their own; managers and QA analysts see
their units' (by the coachee's unit); executives the division; admins everything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from heartline.behaviors.selectors import behavior_codes, behavior_titles, reinforcing_behaviors
from heartline.coaching.contracts import CoachingPrefill
from heartline.coaching.models import CoachingLevel, CoachingSession, LeaderCommitment
from heartline.core import clock
from heartline.core.bounds import check_id
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, roles_with
from heartline.core.selectors import visible_employees
from heartline.quality.selectors.coaching_inputs import latest_audit_moment, missed_behaviors, recent_audits

LOOKBACK_DAYS = 90
RECENT_AUDITS = 5
SUGGESTED = 3


def coachee_roles(level: str) -> frozenset[str]:
    """The roles coached at `level`: the front line, or (leadership) team and unit leaders."""
    if level == CoachingLevel.FRONT_LINE:
        return roles_with(Capability.TAKE_CONTACTS)
    return roles_with(Capability.LEAD_A_TEAM) | roles_with(Capability.LEAD_A_UNIT)


def visible_sessions(caller: Caller) -> QuerySet[CoachingSession]:
    return (
        CoachingSession.objects.visible_to(caller)
        .select_related("coach__user", "coachee__user", "coachee__unit")
        .prefetch_related("focus_behaviors")
    )


def sessions_of(caller: Caller, *, coachee: str | None = None) -> QuerySet[CoachingSession]:
    """The sessions the caller may see, of one coachee when given."""
    sessions = visible_sessions(caller)
    return sessions.filter(coachee__code=coachee) if coachee else sessions


def focus_titles(sessions: Iterable[CoachingSession]) -> dict[int, tuple[str, ...]]:
    """Session id → the titles of its focus behaviors, as worded for the coachee's unit now (a
    behavior with no wording keeps its code). One wording query per unit, not per session."""
    by_unit: dict[str | None, list[CoachingSession]] = {}
    for session in sessions:
        unit = session.coachee.unit
        by_unit.setdefault(unit.code if unit is not None else None, []).append(session)
    titles: dict[int, tuple[str, ...]] = {}
    for unit_code, of_unit in by_unit.items():
        codes = {b.code for s in of_unit for b in s.focus_behaviors.all()}
        named = behavior_titles(codes, unit_code) if codes else {}
        for s in of_unit:
            titles[s.pk] = tuple(named.get(b.code, b.code) for b in s.focus_behaviors.all())
    return titles


@dataclass(frozen=True)
class FollowUpQueue:
    overdue: list[CoachingSession]
    upcoming: list[CoachingSession]


def follow_up_queue(caller: Caller, today: dt.date | None = None) -> FollowUpQueue:
    """The caller's sessions still to follow up: overdue (date passed) first, then upcoming."""
    today = today or clock.today()
    pending = visible_sessions(caller).filter(
        coach__code=caller.employee_code or "", followed_up_on__isnull=True, follow_up_on__isnull=False
    )
    return FollowUpQueue(
        overdue=list(pending.filter(follow_up_on__lt=today).order_by("follow_up_on", "pk")),
        upcoming=list(pending.filter(follow_up_on__gte=today).order_by("follow_up_on", "pk")),
    )


def overdue_count(caller: Caller, today: dt.date | None = None) -> int:
    return len(follow_up_queue(caller, today).overdue)


def coachees(caller: Caller, level: str) -> list[tuple[str, str]]:
    """(code, name) of the people the caller may coach at `level`: agents in their units for front
    line; coaches (and, for executives and admins, managers) for leadership."""
    roles = (
        coachee_roles(level)
        if level == CoachingLevel.FRONT_LINE or caller.can(Capability.COACH_MANAGERS)
        else roles_with(Capability.LEAD_A_TEAM)
    )
    people = visible_employees(caller).filter(role__in=roles).exclude(code=caller.employee_code or "")
    return [
        (e.code, f"{e.user.first_name} {e.user.last_name}".strip() or e.code)
        for e in people.order_by("user__last_name", "code")
    ]


def prefill(caller: Caller, coachee_code: str, level: str, audit_ids: tuple[int, ...] = ()) -> CoachingPrefill:
    """The focus behaviors the form opens with.

    Front line: the behaviors the agent missed most in the audits chosen (or, none chosen, in their
    RECENT_AUDITS latest audits). Leadership: the leadership behaviors that reinforce what the
    coach's team missed most in the 90 days before the team's latest audit.
    """
    for audit_id in audit_ids:
        check_id(audit_id, "audit")  # a typed id past 64 bits is no audit, and the database cannot compare it
    unit_code = visible_employees(caller).filter(code=coachee_code).values_list("unit__code", flat=True).first()
    if level == CoachingLevel.FRONT_LINE:
        chosen = audit_ids or tuple(a.audit_id for a in recent_audits(caller, coachee_code, limit=RECENT_AUDITS))
        top = missed_behaviors(caller, [coachee_code], audit_ids=chosen)[:SUGGESTED] if chosen else []
        focus = tuple(m.behavior_code for m in top)
        return CoachingPrefill(
            focus_behavior_codes=focus,
            reasons={m.behavior_code: f"not shown in {m.missed} of {m.rated} rated answers" for m in top},
            audit_ids=tuple(chosen),
            titles=_titled(focus, unit_code),
        )
    coach = visible_employees(caller).filter(code=coachee_code).first()
    team_agents = (
        list(
            visible_employees(caller)
            .filter(team_id=coach.team_id, role__in=roles_with(Capability.TAKE_CONTACTS))
            .values_list("code", flat=True)
        )
        if coach is not None and coach.team_id
        else []
    )
    latest = latest_audit_moment(caller, team_agents)
    if latest is None:
        return CoachingPrefill((), {}, ())
    missed = missed_behaviors(caller, team_agents, since=latest - dt.timedelta(days=LOOKBACK_DAYS))
    leaders = reinforcing_behaviors(m.behavior_id for m in missed)
    codes = dict(behavior_codes("leadership"))
    named = _titled([m.behavior_code for m in missed], unit_code)
    suggested: dict[str, str] = {}
    for m in missed:
        for leader_id in leaders.get(m.behavior_id, []):
            code = codes.get(leader_id)
            if code and code not in suggested and len(suggested) < SUGGESTED:
                suggested[code] = (
                    f"reinforces “{named[m.behavior_code]}”, not shown in {m.missed} of {m.rated} of the team's answers"
                )
    return CoachingPrefill(tuple(suggested), suggested, (), titles=_titled(suggested, unit_code))


def _titled(codes: Iterable[str], unit_code: str | None) -> dict[str, str]:
    """Behavior code → its title as worded for the unit now (a behavior with no wording keeps its code)."""
    wanted = list(dict.fromkeys(codes))
    titles = behavior_titles(wanted, unit_code) if wanted else {}
    return {code: titles.get(code, code) for code in wanted}


def month_end(first: dt.date) -> dt.date:
    """The last day of the month that starts on `first`."""
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def open_commitments(leader_id: int, month: dt.date) -> QuerySet[LeaderCommitment]:
    """The leader's commitments open at some time in `month` (its first day): made by its end and
    not closed before it began."""
    first = month.replace(day=1)
    return (
        LeaderCommitment.objects.filter(leader_id=leader_id, made_on__lte=month_end(first))
        .exclude(closed_on__lt=first)
        .order_by("made_on", "pk")
    )
