"""Reads of boosters: the catalog, assignments of the people the caller may see, whom to boost, and
whether each booster helped (learning.booster_rules); plus the system reads the assignment run needs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet

from heartline.core.contracts import Caller
from heartline.core.selectors import visible_employees
from heartline.learning import booster_rules as rules
from heartline.learning.models import Booster, BoosterAssignment, CredentialEvent, CredentialState
from heartline.quality.contracts import BehaviorOutcome


def boosters() -> QuerySet[Booster]:
    """The catalog is not personal data: everyone signed in may read it."""
    return Booster.objects.all()


def active_boosters() -> QuerySet[Booster]:
    return Booster.objects.filter(active=True)


def booster_assignments(
    caller: Caller, *, employee_code: str | None = None, open_only: bool = False
) -> QuerySet[BoosterAssignment]:
    """Assignments of the people the caller may see (an agent: their own), soonest due first."""
    found = BoosterAssignment.objects.filter(employee__in=visible_employees(caller).values("pk")).select_related(
        "booster", "employee__user", "employee__unit", "employee__team"
    )
    if employee_code is not None:
        found = found.filter(employee__code=employee_code)
    if open_only:
        found = found.filter(completed_on__isnull=True)
    return found.order_by("completed_on", "due_on", "employee__code", "pk")


def booster_assignment(caller: Caller, assignment_id: int) -> BoosterAssignment | None:
    return booster_assignments(caller).filter(pk=assignment_id).first()


def last_completed_boosters(agent_codes: Sequence[str]) -> dict[tuple[str, int], dt.date]:
    """(employee code, booster id) → the last day they completed it (system read for the rules)."""
    rows = (
        BoosterAssignment.objects.filter(employee__code__in=list(agent_codes), completed_on__isnull=False)
        .values("employee__code", "booster_id")
        .annotate(last=Max("completed_on"))
    )
    return {(str(r["employee__code"]), int(r["booster_id"])): r["last"] for r in rows}


def current_flag_events(agent_codes: Sequence[str]) -> list[CredentialEvent]:
    """For each credential of these people flagged now, the event that flagged it (system read)."""
    events = (
        CredentialEvent.objects.filter(
            credential__employee__code__in=list(agent_codes),
            credential__state=CredentialState.FLAGGED,
            to_state=CredentialState.FLAGGED,
        )
        .select_related("credential__employee")
        .order_by("credential_id", "-effective_on", "-id")
    )
    latest: dict[int, CredentialEvent] = {}
    for event in events:
        latest.setdefault(event.credential_id, event)
    return list(latest.values())


@dataclass(frozen=True)
class BoosterImpact:
    """One booster: how many were assigned and done, and did it help (before/after on its behavior)."""

    booster: Booster
    assigned: int
    completed: int
    effect: rules.BoosterEffect


def booster_impacts(
    caller: Caller, outcome_source: Callable[[Sequence[str] | None], list[BehaviorOutcome]]
) -> list[BoosterImpact]:
    """Each booster's effect over the completed assignments of the people the caller may see."""
    assignments = list(booster_assignments(caller))
    codes = sorted({a.employee.code for a in assignments if a.completed_on is not None})
    outcomes = outcome_source(codes) if codes else []
    found = []
    for booster in boosters():
        mine = [a for a in assignments if a.booster_id == booster.pk]
        done = [
            rules.CompletedAssignment(a.employee.code, booster.behavior_code, a.assigned_on, a.completed_on)
            for a in mine
            if a.completed_on is not None
        ]
        wanted = [o for o in outcomes if o.behavior_code == booster.behavior_code]
        found.append(BoosterImpact(booster, len(mine), len(done), rules.booster_effect(done, wanted)))
    return found


def open_boosters_by_person(caller: Caller, agent_codes: Sequence[str]) -> dict[str, list[Any]]:
    """Employee code → their open assignments (for a coach's team), soonest due first."""
    found: dict[str, list[Any]] = {}
    for a in booster_assignments(caller, open_only=True).filter(employee__code__in=list(agent_codes)):
        found.setdefault(a.employee.code, []).append(a)
    return found
