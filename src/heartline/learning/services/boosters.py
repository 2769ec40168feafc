"""Boosters: the catalog (trainers), assignment by the rules of `learning.booster_rules` after audits
and flagged credentials (a task, the command, or a coach), and completion.

`assign_boosters` is idempotent: re-running it on the same audits adds nothing (one open assignment
per booster and person; a credential event leads to one assignment at most).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from heartline.behaviors.selectors import behavior_ids_by_code
from heartline.core import clock
from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, check_day, check_text, check_whole
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.learning import booster_rules as rules
from heartline.learning import selectors
from heartline.learning.models import (
    Booster,
    BoosterAssignment,
    BoosterReason,
    CredentialEvent,
)
from heartline.learning.services.common import LearningError, NotAllowed, covers_unit, employee
from heartline.quality.contracts import BehaviorOutcome

OutcomeSource = Callable[[Sequence[str] | None], list[BehaviorOutcome]]
RULES_ACTOR = "booster rules"
LOOKBACK_DAYS = 365  # audits older than a year do not call for a booster


def quality_outcomes(agent_codes: Sequence[str] | None) -> list[BehaviorOutcome]:
    """Behavior outcomes of completed audits, and of contacts judged by trusted auto-QA items that no
    audit rated, from the quality app's contract."""
    from heartline.quality.selectors import outcomes_with_trusted_auto

    return outcomes_with_trusted_auto(list(agent_codes) if agent_codes is not None else None)


@dataclass(frozen=True)
class BoosterPlan:
    code: str
    title: str
    behavior_code: str
    body: str
    minutes: int = 10
    misses_to_assign: int = 2
    of_last_audits: int = 3
    due_days: int = 14
    link: str = ""
    active: bool | None = None  # None: a new booster is active, an existing one keeps its state


CODE_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_CHARS = 60
LINK_CHARS = 200


def check_plan(plan: BoosterPlan) -> None:
    """LearningError naming the field when the plan cannot be a booster."""
    if not CODE_PATTERN.match(plan.code) or len(plan.code) > CODE_CHARS:
        raise LearningError(
            f"code {plan.code!r}: use lowercase letters, digits and single hyphens, at most {CODE_CHARS} characters"
        )
    if not plan.title.strip():
        raise LearningError("title is empty: name the booster as representatives will see it")
    if not plan.body.strip():
        raise LearningError("body is empty: say what the representative reads, listens to or practises")
    check_text(plan.title, "title", NAME_CHARS, LearningError)
    check_text(plan.body, "body", NOTE_CHARS, LearningError)
    check_text(plan.link, "link", LINK_CHARS, LearningError)
    if plan.link and not plan.link.startswith(("https://", "http://")):
        raise LearningError(f"link {plan.link!r} is not a web address (start it with https://)")


def define_booster(caller: Caller, plan: BoosterPlan) -> Booster:
    """Create or update a booster and its rule (by code; re-running changes nothing)."""
    require(caller, Capability.DEFINE_BOOSTERS, "define boosters")
    check_plan(plan)
    check_whole(plan.minutes, "minutes", 1, 240, LearningError)
    check_whole(plan.of_last_audits, "of_last_audits", 1, 50, LearningError)
    check_whole(plan.misses_to_assign, "misses_to_assign", 1, plan.of_last_audits, LearningError)
    check_whole(plan.due_days, "due_days", 1, 365, LearningError)
    if plan.behavior_code not in behavior_ids_by_code([plan.behavior_code]):
        raise LearningError(f"booster {plan.code!r}: no behavior with code {plan.behavior_code!r}")
    changes: dict[str, Any] = {} if plan.active is None else {"active": plan.active}
    booster, _ = Booster.objects.update_or_create(
        code=plan.code,
        defaults={
            **changes,
            "title": plan.title,
            "behavior_code": plan.behavior_code,
            "body": plan.body,
            "minutes": plan.minutes,
            "misses_to_assign": plan.misses_to_assign,
            "of_last_audits": plan.of_last_audits,
            "due_days": plan.due_days,
            "link": plan.link,
        },
    )
    return booster


@dataclass
class BoosterRun:
    """What one assignment run did."""

    agents: int = 0
    assigned: dict[str, int] = field(default_factory=dict)  # reason → assignments added
    assignment_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"agents": self.agents, "assigned": dict(self.assigned), "assignment_ids": self.assignment_ids}


def _add(
    run: BoosterRun, booster: Booster, person: Any, reason: str, day: dt.date, actor: str, **extra: Any
) -> BoosterAssignment | None:
    try:
        with transaction.atomic():
            assignment = BoosterAssignment.objects.create(
                booster=booster,
                employee=person,
                reason=reason,
                assigned_on=day,
                due_on=day + dt.timedelta(days=booster.due_days),
                assigned_by=actor,
                **extra,
            )
    except IntegrityError:  # already open, or this credential event already led to it
        return None
    run.assigned[reason] = run.assigned.get(reason, 0) + 1
    run.assignment_ids.append(assignment.pk)
    return assignment


def assign_boosters(
    caller: Caller,
    *,
    agent_codes: Sequence[str] | None = None,
    today: dt.date | None = None,
    outcome_source: OutcomeSource = quality_outcomes,
) -> BoosterRun:
    """Assign every booster the rules call for, to the representatives the caller may see (of
    `agent_codes` when given): after repeated misses of its behavior, and after a flagged credential
    (the booster of the behavior most missed in the audits behind the flag)."""
    if not caller.is_operator:
        require(caller, Capability.ASSIGN_BOOSTERS, "assign boosters")
    day = today or clock.today()
    visible = set(selectors.visible_agent_codes(caller))
    codes = sorted(visible if agent_codes is None else visible & set(agent_codes))
    run = BoosterRun(agents=len(codes))
    boosters = list(selectors.active_boosters())
    if not codes or not boosters:
        return run
    people = {p.code: p for p in selectors.people_by_code(codes)}
    since = day - dt.timedelta(days=LOOKBACK_DAYS)
    outcomes = [o for o in outcome_source(codes) if since <= clock.day_of(o.contact_started_at) <= day]
    by_person: dict[tuple[str, str], list[BehaviorOutcome]] = {}
    for o in outcomes:
        by_person.setdefault((o.agent_code, o.behavior_code), []).append(o)
    last_done = selectors.last_completed_boosters(codes)
    actor = RULES_ACTOR if caller.is_operator else caller.username
    for booster in boosters:
        rule = rules.AssignmentRule(booster.misses_to_assign, booster.of_last_audits)
        for code in codes:
            mine = by_person.get((code, booster.behavior_code), [])
            missed = rules.misses_for_booster(mine, rule, last_done.get((code, booster.pk)))
            if missed and code in people:
                _add(
                    run,
                    booster,
                    people[code],
                    BoosterReason.AUDITS,
                    day,
                    actor,
                    evidence_audit_ids=[o.audit_id for o in missed if o.source != "auto"],
                    evidence_contact_ids=[o.contact_id for o in missed if o.source == "auto"],
                )
    _assign_for_flags(run, codes, people, boosters, outcomes, day, actor)
    log_access(caller, "learning.assign_boosters", "boosters", agents=len(codes), assigned=run.assigned)
    return run


def _assign_for_flags(
    run: BoosterRun,
    codes: list[str],
    people: dict[str, Any],
    boosters: list[Booster],
    outcomes: list[BehaviorOutcome],
    day: dt.date,
    actor: str,
) -> None:
    booster_of: dict[str, Booster] = {}
    for booster in boosters:
        booster_of.setdefault(booster.behavior_code, booster)
    flags: list[CredentialEvent] = selectors.current_flag_events(codes)
    for event in flags:
        person = people.get(event.credential.employee.code)
        behaviors = rules.most_missed_behavior(outcomes, event.audit_ids or [])
        matching = [booster_of[b] for b in behaviors if b in booster_of]
        if person is None or not matching:
            continue
        _add(
            run,
            matching[0],
            person,
            BoosterReason.CREDENTIAL,
            day,
            actor,
            credential_event=event,
            evidence_audit_ids=list(event.audit_ids or []),
        )


def assign_booster(
    caller: Caller, booster_code: str, employee_code: str, *, due_on: dt.date | None = None
) -> BoosterAssignment:
    """A coach's (trainer's, manager's) own assignment of a booster to a representative of their units."""
    if not caller.is_operator:
        require(caller, Capability.ASSIGN_BOOSTERS, "assign boosters")
    person = employee(employee_code)
    unit_code = person.unit.code if person.unit else None
    if not (caller.is_operator or (caller.can(Capability.ASSIGN_BOOSTERS) and covers_unit(caller, unit_code))):
        raise NotAllowed(f"{caller.username} may not assign boosters to people of unit {unit_code!r}")
    booster = Booster.objects.filter(code=booster_code, active=True).first()
    if booster is None:
        raise LearningError(f"no active booster with code {booster_code!r}")
    day = clock.today()
    due = check_day(due_on or day + dt.timedelta(days=booster.due_days), "due_on", LearningError)
    if due < day:
        raise LearningError(f"due_on {due} is before today ({day})")
    open_one = BoosterAssignment.objects.filter(booster=booster, employee=person, completed_on__isnull=True).first()
    if open_one is not None:
        return open_one
    run = BoosterRun()
    created = _add(run, booster, person, BoosterReason.COACH, day, caller.username)
    if created is None:
        return BoosterAssignment.objects.get(booster=booster, employee=person, completed_on__isnull=True)
    BoosterAssignment.objects.filter(pk=created.pk).update(due_on=due)
    created.due_on = due
    log_access(caller, "learning.assign_booster", f"employee:{person.code}", booster=booster.code)
    return created


def complete_booster(caller: Caller, assignment_id: int, *, completed_on: dt.date | None = None) -> BoosterAssignment:
    """Record a booster done: by the representative themselves, or by whoever records training in
    their unit. Completing it again keeps the first day."""
    assignment = BoosterAssignment.objects.select_related("employee__unit", "booster").filter(pk=assignment_id).first()
    if assignment is None:
        raise LearningError(f"no booster assignment {assignment_id}")
    person = assignment.employee
    unit_code = person.unit.code if person.unit else None
    own = caller.employee_code == person.code
    if not (caller.is_operator or own or (caller.can(Capability.RECORD_TRAINING) and covers_unit(caller, unit_code))):
        raise NotAllowed(f"{caller.username} may not record boosters for {person.code}")
    day = check_day(completed_on or clock.today(), "completed_on", LearningError)
    if day < assignment.assigned_on:
        raise LearningError(f"completed_on {day} is before the booster was assigned ({assignment.assigned_on})")
    if assignment.completed_on is None:
        BoosterAssignment.objects.filter(pk=assignment.pk, completed_on__isnull=True).update(completed_on=day)
        assignment.refresh_from_db()
        log_access(caller, "learning.complete_booster", f"employee:{person.code}", booster=assignment.booster.code)
    return assignment


def load_starter_boosters(caller: Caller) -> list[Booster]:
    """Define the starter boosters (learning.starter_boosters) whose behavior the division has."""
    from heartline.learning.starter_boosters import STARTER_BOOSTERS

    known = behavior_ids_by_code([plan.behavior_code for plan in STARTER_BOOSTERS])
    return [define_booster(caller, plan) for plan in STARTER_BOOSTERS if plan.behavior_code in known]
