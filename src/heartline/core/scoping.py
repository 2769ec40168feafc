"""Who may see what: turn a logged-in user into a `Caller` with the scope of their role.

An agent sees their own records; coaches, QA analysts, trainers and managers see their units (their
home unit plus any units assigned to them); executives, CX analysts, workforce planners and
compliance see their division; admins and superusers see everything.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from heartline.core.contracts import Caller, Scope
from heartline.core.models import Employee, Role, Unit

UNIT_ROLES = frozenset({Role.COACH, Role.QA_ANALYST, Role.TRAINER, Role.MANAGER})
DIVISION_ROLES = frozenset({Role.EXECUTIVE, Role.CX_ANALYST, Role.WORKFORCE_PLANNER, Role.COMPLIANCE})

OPERATOR = Caller(
    user_id=None, username="operator", role=Role.ADMIN, employee_code=None, unit_code=None, scope=Scope.everything()
)


def scope_for(employee: Employee) -> Scope:
    role = employee.role
    if role == Role.ADMIN:
        return Scope.everything()
    if role in DIVISION_ROLES:
        codes = Unit.objects.filter(division_id=employee.division_id).values_list("code", flat=True)
        return Scope(unit_codes=frozenset(codes))
    if role in UNIT_ROLES:
        unit_codes = set(employee.scope_units.values_list("code", flat=True))
        if employee.unit is not None:
            unit_codes.add(employee.unit.code)
        return Scope(unit_codes=frozenset(unit_codes))
    return Scope.of_agent(employee.code)


def caller_for(user: AbstractBaseUser | AnonymousUser) -> Caller:
    """The caller for a user; someone without an employee record sees nothing (superusers everything)."""
    if not user.is_authenticated:
        return Caller(None, "anonymous", "", None, None, Scope.nothing())
    employee = Employee.objects.select_related("unit").filter(user_id=user.pk).first()
    if employee is None:
        scope = Scope.everything() if getattr(user, "is_superuser", False) else Scope.nothing()
        role = Role.ADMIN if scope.unrestricted else ""
        return Caller(user.pk, user.get_username(), role, None, None, scope)
    return Caller(
        user_id=user.pk,
        username=user.get_username(),
        role=employee.role,
        employee_code=employee.code,
        unit_code=employee.unit.code if employee.unit else None,
        scope=scope_for(employee),
    )


def caller_of(request: HttpRequest) -> Caller:
    """The caller behind a request, worked out once per request (pages ask for it more than once)."""
    cached = getattr(request, "_heartline_caller", None)
    if cached is None:
        cached = caller_for(request.user)
        request._heartline_caller = cached  # type: ignore[attr-defined]
    return cached
