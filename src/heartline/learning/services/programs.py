"""Programs, waves, enrollments and completions: defined by trainers, recorded as work is done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, check_day, check_text, check_whole
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.learning.models import Completion, Component, ComponentKind, Enrollment, Program, Wave
from heartline.learning.services.common import (
    SELF_RECORDED_KINDS,
    LearningError,
    NotAllowed,
    agents_of_unit,
    covers_unit,
    employee,
    require_manager_of,
    unit,
)


@dataclass(frozen=True)
class ComponentPlan:
    code: str
    title: str
    kind: str
    week: int


MAX_PROGRAM_WEEKS = 104  # two years: longer is a typing slip, and would overflow the plan's dates


def define_program(
    caller: Caller, code: str, name: str, weeks: int, components: Sequence[ComponentPlan], description: str = ""
) -> Program:
    """Create or update a program and its components (by code; re-running changes nothing)."""
    if not (caller.is_operator or caller.can(Capability.DEFINE_PROGRAMS)):
        raise NotAllowed(f"{caller.username} may not define programs")
    check_whole(weeks, "weeks", 1, MAX_PROGRAM_WEEKS, LearningError)
    check_text(name, "name", NAME_CHARS, LearningError)
    check_text(description, "description", NOTE_CHARS, LearningError)
    kinds = set(ComponentKind.values)
    for plan in components:
        check_text(plan.title, f"component {plan.code!r}: title", NAME_CHARS, LearningError)
        if plan.kind not in kinds:
            raise LearningError(f"component {plan.code!r}: kind {plan.kind!r} is not one of {sorted(kinds)}")
        if not 1 <= plan.week <= weeks:
            raise LearningError(f"component {plan.code!r}: week {plan.week} is outside the program's {weeks} weeks")
    with transaction.atomic():
        program, _ = Program.objects.update_or_create(
            code=code, defaults={"name": name, "weeks": weeks, "description": description}
        )
        for plan in components:
            Component.objects.update_or_create(
                program=program, code=plan.code, defaults={"title": plan.title, "kind": plan.kind, "week": plan.week}
            )
    return program


def schedule_wave(caller: Caller, program_code: str, unit_code: str, starts_on: dt.date) -> Wave:
    """Deploy a program to a unit from `starts_on`, enrolling the unit's representatives.

    The wave's number is its place among the program's waves by start date. Re-running with the same
    start changes nothing; a new start date moves the wave.
    """
    require_manager_of(caller, unit_code)
    check_day(starts_on, "starts_on", LearningError)
    program = Program.objects.filter(code=program_code).first()
    if program is None:
        raise LearningError(f"no program with code {program_code!r}")
    target = unit(unit_code)
    with transaction.atomic():
        wave, _ = Wave.objects.update_or_create(
            program=program, unit=target, defaults={"starts_on": starts_on, "number": 0}
        )
        for number, each in enumerate(Wave.objects.filter(program=program).order_by("starts_on", "unit__code"), 1):
            if each.number != number:
                Wave.objects.filter(pk=each.pk).update(number=number)
        wave.refresh_from_db()
        enroll_unit(caller, wave)
    return wave


def enroll_unit(caller: Caller, wave: Wave) -> int:
    """Enroll every representative of the wave's unit not yet enrolled; returns how many were added."""
    require_manager_of(caller, wave.unit.code)
    present = set(wave.enrollments.values_list("employee_id", flat=True))
    new = [
        Enrollment(wave=wave, employee=agent, enrolled_on=wave.starts_on)
        for agent in agents_of_unit(wave.unit.code)
        if agent.pk not in present
    ]
    Enrollment.objects.bulk_create(new)
    return len(new)


def _check_may_record(caller: Caller, person: object, component: Component) -> None:
    unit_code = person.unit.code if person.unit else None  # type: ignore[attr-defined]
    if caller.is_operator or caller.can(Capability.SEE_EVERYTHING):
        return
    if caller.employee_code == person.code and component.kind in SELF_RECORDED_KINDS:  # type: ignore[attr-defined]
        return
    if caller.can(Capability.RECORD_TRAINING) and covers_unit(caller, unit_code):
        return
    raise NotAllowed(f"{caller.username} may not record {component.get_kind_display().lower()}s for this person")


def record_completion(
    caller: Caller,
    employee_code: str,
    program_code: str,
    component_code: str,
    completed_on: dt.date,
    source: str = "app",
) -> tuple[Completion, bool]:
    """Record that a person finished a component; returns (completion, changed).

    Recording the same completion again changes nothing; a different day replaces the earlier one.
    A completion counts toward credentials, so the person's credentials are re-evaluated.
    """
    check_day(completed_on, "completed_on", LearningError)
    person = employee(employee_code)
    component = Component.objects.filter(program__code=program_code, code=component_code).first()
    if component is None:
        raise LearningError(f"program {program_code!r} has no component {component_code!r}")
    _check_may_record(caller, person, component)
    enrollment = Enrollment.objects.filter(employee=person, wave__program=component.program).first()
    if enrollment is None:
        raise LearningError(f"{employee_code} is not enrolled in {program_code}")
    with transaction.atomic():
        completion, changed = store_completion(enrollment, component, completed_on, source)
        if changed:
            schedule_credential_check(employee_code)
    return completion, changed


def store_completion(
    enrollment: Enrollment, component: Component, completed_on: dt.date, source: str
) -> tuple[Completion, bool]:
    """The one write of a completion (used by record_completion and the CSV import)."""
    existing = Completion.objects.filter(enrollment=enrollment, component=component).first()
    if existing is not None:
        if existing.completed_on == completed_on:
            return existing, False
        existing.completed_on = completed_on
        existing.source = source
        existing.save(update_fields=["completed_on", "source"])
        return existing, True
    created = Completion.objects.create(
        enrollment=enrollment, component=component, completed_on=completed_on, source=source
    )
    return created, True


def schedule_credential_check(employee_code: str) -> None:
    """After the transaction commits, have the worker re-evaluate this person's credentials."""
    from heartline.learning.tasks import evaluate_agent_credentials

    transaction.on_commit(lambda: evaluate_agent_credentials.enqueue(employee_code))
