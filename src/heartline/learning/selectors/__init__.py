"""Every read of training and credential records, limited to the people the caller may see.

An agent sees their own plan, credentials and notifications; coaches, trainers and managers their
units' people; executives and analysts their division (core.scoping decides, via core.selectors).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Min, QuerySet, Value, When

from heartline.core.bounds import days_after
from heartline.core.contracts import Caller
from heartline.core.selectors import front_line_staff, visible_employees, visible_units
from heartline.learning.models import (
    Completion,
    Component,
    Credential,
    CredentialEvent,
    CredentialState,
    CredentialType,
    Enrollment,
    Notification,
    Program,
    Wave,
)


def _visible_employee_pks(caller: Caller) -> QuerySet[Any, Any]:
    return visible_employees(caller).values("pk")


def full_name(first: str, last: str, code: str) -> str:
    return f"{first} {last}".strip() or code


def programs() -> QuerySet[Program]:
    """Programs and their components are not personal data: everyone signed in may read them."""
    return Program.objects.prefetch_related("components")


def credential_types() -> QuerySet[CredentialType]:
    return CredentialType.objects.select_related("program").prefetch_related("required_components")


def enrollments(caller: Caller) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(employee__in=_visible_employee_pks(caller)).select_related(
        "wave__program", "wave__unit", "employee__user"
    )


def waves(caller: Caller) -> QuerySet[Wave]:
    return Wave.objects.filter(unit__in=visible_units(caller)).select_related("program", "unit")


@dataclass(frozen=True)
class WaveProgress:
    """How far one wave has got: enrolled people, components due by today and done, overdue."""

    wave_id: int
    program_code: str
    program_name: str
    number: int
    unit_code: str
    unit_name: str
    starts_on: dt.date
    ends_on: dt.date
    enrolled: int
    due: int  # component × person pairs due by today
    done: int  # completions of all components (due or not)
    done_of_due: int
    overdue: int
    credentialed: int
    status: str  # "not started", "running" or "finished" as of the day asked about

    @property
    def share_done(self) -> float | None:
        return self.done_of_due / self.due if self.due else None

    @property
    def ends_beyond_calendar(self) -> bool:
        """The stored start and length put the end past the calendar's last day (an absurd stored
        value); the page says so rather than show 9999-12-31 as if it were a date."""
        return self.ends_on == dt.date.max


def wave_progress(caller: Caller, today: dt.date) -> list[WaveProgress]:
    """Each visible wave's progress as of `today`, counting only the people the caller may see."""
    rows = []
    visible = _visible_employee_pks(caller)
    credential_holders = set(
        Credential.objects.filter(
            employee__in=visible, state__in=[CredentialState.GRANTED, CredentialState.RENEWED, CredentialState.FLAGGED]
        ).values_list("employee_id", flat=True)
    )
    for wave in waves(caller).prefetch_related("program__components"):
        components = list(wave.program.components.all())
        people = list(wave.enrollments.filter(employee__in=visible).values_list("pk", "employee_id"))
        enrolled = len(people)
        due_components = {c.pk for c in components if c.due_on(wave.starts_on) < today}
        done_pairs = list(
            Completion.objects.filter(enrollment__wave=wave, enrollment__employee__in=visible).values_list(
                "enrollment_id", "component_id"
            )
        )
        done_of_due = sum(1 for _, component in done_pairs if component in due_components)
        due = enrolled * len(due_components)
        ends_on = days_after(wave.starts_on, 7 * wave.program.weeks - 1)  # date.max past the calendar
        status = "not started" if today < wave.starts_on else ("finished" if today > ends_on else "running")
        rows.append(
            WaveProgress(
                wave_id=wave.pk,
                program_code=wave.program.code,
                program_name=wave.program.name,
                number=wave.number,
                unit_code=wave.unit.code,
                unit_name=wave.unit.name,
                starts_on=wave.starts_on,
                ends_on=ends_on,
                enrolled=enrolled,
                due=due,
                done=len(done_pairs),
                done_of_due=done_of_due,
                overdue=due - done_of_due,
                credentialed=sum(1 for _, employee in people if employee in credential_holders),
                status=status,
            )
        )
    return rows


@dataclass(frozen=True)
class PlanItem:
    """One component of one person's plan: when it is due and whether (and when) it was done."""

    enrollment_id: int
    employee_code: str
    employee_name: str
    program_code: str
    program_name: str
    component_id: int
    component_code: str
    component_title: str
    kind: str
    kind_label: str
    week: int
    due_on: dt.date
    completed_on: dt.date | None

    def is_overdue(self, today: dt.date) -> bool:
        return self.completed_on is None and self.due_on < today

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.due_on).days if self.is_overdue(today) else 0


def plan_items(caller: Caller, *, employee_code: str | None = None, wave_id: int | None = None) -> list[PlanItem]:
    """Every component of every visible enrollment (optionally one person's or one wave's)."""
    chosen = enrollments(caller)
    if employee_code is not None:
        chosen = chosen.filter(employee__code=employee_code)
    if wave_id is not None:
        chosen = chosen.filter(wave_id=wave_id)
    chosen_list = list(chosen)
    components: dict[int, list[Component]] = defaultdict(list)
    for component in Component.objects.filter(program__in={e.wave.program_id for e in chosen_list}):
        components[component.program_id].append(component)
    done = {
        (enrollment, component): day
        for enrollment, component, day in Completion.objects.filter(enrollment__in=chosen.values("pk")).values_list(
            "enrollment_id", "component_id", "completed_on"
        )
    }
    items = []
    for enrollment in chosen_list:
        employee = enrollment.employee
        name = full_name(employee.user.first_name, employee.user.last_name, employee.code)
        for component in components[enrollment.wave.program_id]:
            items.append(
                PlanItem(
                    enrollment_id=enrollment.pk,
                    employee_code=employee.code,
                    employee_name=name,
                    program_code=enrollment.wave.program.code,
                    program_name=enrollment.wave.program.name,
                    component_id=component.pk,
                    component_code=component.code,
                    component_title=component.title,
                    kind=component.kind,
                    kind_label=component.get_kind_display(),
                    week=component.week,
                    due_on=component.due_on(enrollment.wave.starts_on),
                    completed_on=done.get((enrollment.pk, component.pk)),
                )
            )
    items.sort(key=lambda i: (i.employee_name, i.due_on, i.component_code))
    return items


def overdue_items(caller: Caller, today: dt.date) -> list[PlanItem]:
    """What the caller's people should have done by `today` and have not, longest overdue first."""
    late = [i for i in plan_items(caller) if i.is_overdue(today)]
    late.sort(key=lambda i: (i.due_on, i.employee_name))
    return late


def credentials(caller: Caller, *, state: str | None = None, employee_code: str | None = None) -> QuerySet[Credential]:
    found = Credential.objects.filter(employee__in=_visible_employee_pks(caller)).select_related(
        "credential_type", "employee__user", "employee__unit"
    )
    if state:
        found = found.filter(state=state)
    if employee_code:
        found = found.filter(employee__code=employee_code)
    return found.order_by("employee__code", "credential_type__code")


def credential(caller: Caller, credential_id: int) -> Credential | None:
    return credentials(caller).filter(pk=credential_id).first()


def credential_events(caller: Caller, credential_id: int) -> QuerySet[CredentialEvent]:
    return CredentialEvent.objects.filter(
        credential_id=credential_id, credential__employee__in=_visible_employee_pks(caller)
    ).order_by("effective_on", "id")


def state_counts(caller: Caller) -> dict[str, int]:
    rows = credentials(caller).order_by().values("state").annotate(n=Count("id"))
    return {str(r["state"]): int(r["n"]) for r in rows}


@dataclass(frozen=True)
class Inbox:
    unread: int
    items: Sequence[Notification] = field(default_factory=list)


def inbox(caller: Caller, limit: int = 20) -> Inbox:
    """The caller's own notifications: unread first, newest first."""
    if caller.employee_code is None:
        return Inbox(unread=0)
    mine = Notification.objects.filter(recipient__code=caller.employee_code)
    unread = mine.filter(read_at__isnull=True).count()
    unread_first = Case(When(read_at__isnull=True, then=Value(0)), default=Value(1))
    items = list(mine.annotate(unread_first=unread_first).order_by("unread_first", "-created_at", "-id")[:limit])
    return Inbox(unread=unread, items=items)


def training_starts(caller: Caller, program_code: str | None = None) -> dict[str, dt.date]:
    """Employee code → the day their (first) wave started, for the people the caller may see."""
    chosen = Enrollment.objects.filter(employee__in=_visible_employee_pks(caller))
    if program_code:
        chosen = chosen.filter(wave__program__code=program_code)
    rows = chosen.values("employee__code").annotate(start=Min("wave__starts_on"))
    return {str(r["employee__code"]): r["start"] for r in rows}


def visible_agent_codes(caller: Caller) -> list[str]:
    """The representatives the caller may see (whose audits the impact report may use)."""
    return list(front_line_staff(caller).values_list("code", flat=True))


def courses_done_on(employee_pk: int, credential_type: CredentialType) -> tuple[int, dt.date | None]:
    """How many components the credential requires, and the day the employee finished the last of
    them (None while any is missing). System read for the rules engine (no caller)."""
    required = [c.pk for c in credential_type.required_components.all()]
    if not required:
        return 0, None
    days = dict(
        Completion.objects.filter(enrollment__employee_id=employee_pk, component_id__in=required).values_list(
            "component_id", "completed_on"
        )
    )
    if len(days) < len(required):
        return len(required), None
    return len(required), max(days.values())


def people_by_code(codes: list[str]) -> list[Any]:
    """Employees with these codes, with what credential notices need (system read, no caller)."""
    from heartline.core.scoping import OPERATOR

    return list(visible_employees(OPERATOR).filter(code__in=codes))


def credential_state_names() -> dict[str, str]:
    """A credential state's code → its name in words ("flagged" → "Flagged for re-credentialing")."""
    return dict(CredentialState.choices)


# Boosters and recognition live in their own modules; imported here so callers read
# `learning.selectors.<name>` as before.
from heartline.learning.selectors.boosters import (  # noqa: E402
    BoosterImpact,
    active_boosters,
    booster_assignment,
    booster_assignments,
    booster_impacts,
    boosters,
    current_flag_events,
    last_completed_boosters,
    open_boosters_by_person,
)
from heartline.learning.selectors.recognition import (  # noqa: E402
    MIN_PEOPLE_SHOWN,
    BehaviorCount,
    counts_by_behavior,
    passed_on_response_ids,
    praise_to_pass_on,
    recognisable_people,
    recognitions,
    unit_recognition,
)

__all__ = [
    "MIN_PEOPLE_SHOWN",
    "BehaviorCount",
    "BoosterImpact",
    "active_boosters",
    "booster_assignment",
    "booster_assignments",
    "booster_impacts",
    "boosters",
    "counts_by_behavior",
    "current_flag_events",
    "last_completed_boosters",
    "open_boosters_by_person",
    "passed_on_response_ids",
    "praise_to_pass_on",
    "recognisable_people",
    "recognitions",
    "unit_recognition",
]
