"""Reads of organization data, always limited to what the caller may see (each model's
`visible_to(caller)` queryset says what that is)."""

from __future__ import annotations

from django.db.models import QuerySet

from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry, Employee, Team, Unit
from heartline.core.permissions import Capability, roles_with


def visible_units(caller: Caller) -> QuerySet[Unit]:
    return Unit.objects.visible_to(caller).select_related("division")


def visible_teams(caller: Caller) -> QuerySet[Team]:
    return Team.objects.visible_to(caller).select_related("unit")


def visible_employees(caller: Caller) -> QuerySet[Employee]:
    return Employee.objects.visible_to(caller).select_related("user", "unit", "team")


def front_line_staff(caller: Caller) -> QuerySet[Employee]:
    """The representatives (people who take members' contacts) the caller may see, by last name."""
    return visible_employees(caller).filter(role__in=roles_with(Capability.TAKE_CONTACTS)).order_by("user__last_name")


def unit_names(caller: Caller) -> dict[str, str]:
    """Unit code → display name for the units the caller may see."""
    return dict(visible_units(caller).values_list("code", "name"))


def recent_access(caller: Caller, limit: int = 100) -> QuerySet[AccessLogEntry]:
    """The access log, for compliance officers and admins only."""
    return AccessLogEntry.objects.visible_to(caller).select_related("user")[:limit]


def team_names(caller: Caller) -> dict[str, str]:
    """Team code → display name for the teams the caller may see."""
    return dict(visible_teams(caller).values_list("code", "name"))


def employee_names(caller: Caller) -> dict[str, str]:
    """Employee code (a contact's agent_id) → full name, for the employees the caller may see."""
    rows = visible_employees(caller).values_list("code", "user__first_name", "user__last_name")
    return {code: f"{first} {last}".strip() or code for code, first, last in rows}
