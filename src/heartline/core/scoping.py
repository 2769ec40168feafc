"""Who may see what: turn a logged-in user into a `Caller` with the scope of their role.

An agent sees their own records; coaches, QA analysts, trainers and managers see their units (their
home unit plus any units assigned to them); executives, CX analysts, workforce planners and
compliance see their division; admins and superusers see everything. Which role has which reach is
the `SEE_*` rows of the permission policy (`heartline.core.permissions`).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from heartline.core.contracts import Caller, Scope
from heartline.core.models import Employee, Unit
from heartline.core.permissions import Capability, allows, roles_with

# The operator and superusers without an employee record act as the role that sees everything.
SEES_EVERYTHING = min(roles_with(Capability.SEE_EVERYTHING))

OPERATOR = Caller(
    user_id=None,
    username="operator",
    role=SEES_EVERYTHING,
    employee_code=None,
    unit_code=None,
    scope=Scope.everything(),
)


def scope_for(employee: Employee) -> Scope:
    role = employee.role
    if allows(role, Capability.SEE_EVERYTHING):
        return Scope.everything()
    if allows(role, Capability.SEE_DIVISION):
        codes = Unit.objects.filter(division_id=employee.division_id).values_list("code", flat=True)
        return Scope(unit_codes=frozenset(codes))
    if allows(role, Capability.SEE_UNITS):
        unit_codes = set(employee.scope_units.values_list("code", flat=True))
        if employee.unit is not None:
            unit_codes.add(employee.unit.code)
        return Scope(unit_codes=frozenset(unit_codes))
    return Scope.of_agent(employee.code)


def caller_for(user: AbstractBaseUser | AnonymousUser) -> Caller:
    """The caller for a user; someone without an employee record sees nothing (superusers everything)."""
    if not user.is_authenticated:
        return Caller(None, "anonymous", "", None, None, Scope.nothing())
    employee = Employee.objects.select_related("unit", "user").filter(user_id=user.pk).first()
    if employee is None:
        scope = Scope.everything() if getattr(user, "is_superuser", False) else Scope.nothing()
        role = SEES_EVERYTHING if scope.unrestricted else ""
        return Caller(user.pk, user.get_username(), role, None, None, scope)
    return caller_of_employee(employee)


def caller_of_employee(employee: Employee) -> Caller:
    """The caller a person with an employee record is (their unit and user read with them)."""
    return Caller(
        user_id=employee.user_id,
        username=employee.user.get_username(),
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


def one_caller_per_scope() -> list[Caller]:
    """The operator, then one signed-in person for each distinct role and scope wider than a single
    representative's (units, a division, everything): whom pages are computed ahead for
    (`heartline.core.warming`). Representatives' own one-person scopes are left out."""
    wide = (
        roles_with(Capability.SEE_UNITS) | roles_with(Capability.SEE_DIVISION) | roles_with(Capability.SEE_EVERYTHING)
    )
    # pages keep an answer per scope, some also per whether the caller is a person (names to redact)
    found: dict[tuple[str, Scope, bool], Caller] = {(OPERATOR.role, OPERATOR.scope, False): OPERATOR}
    people = (
        Employee.objects.select_related("user", "unit").filter(role__in=wide, user__is_active=True).order_by("code")
    )
    for employee in people:
        caller = caller_of_employee(employee)
        found.setdefault((caller.role, caller.scope, True), caller)
    return list(found.values())
