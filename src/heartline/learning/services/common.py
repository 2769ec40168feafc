"""What the learning services share: their errors, who may do what, finding people and units."""

from __future__ import annotations

from typing import Any

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.errors import NotAllowed as NotAllowed  # re-exported: callers catch services.NotAllowed
from heartline.core.permissions import Capability, roles_with
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import visible_employees, visible_units

SELF_RECORDED_KINDS = frozenset({"course", "booster"})  # microlearning an agent may report done


class LearningError(ActionRefused):
    """A request the learning rules refuse (unknown program, bad date…), with a reason to show."""


def covers_unit(caller: Caller, unit_code: str | None) -> bool:
    return (
        caller.is_operator
        or caller.scope.unrestricted
        or (unit_code is not None and unit_code in caller.scope.unit_codes)
    )


def require_manager_of(caller: Caller, unit_code: str | None) -> None:
    """Trainers, managers and admins run programs in the units they look after."""
    if caller.is_operator or (caller.can(Capability.MANAGE_TRAINING) and covers_unit(caller, unit_code)):
        return
    raise NotAllowed(f"{caller.username} may not manage training in unit {unit_code!r}")


def employee(code: str) -> Any:
    """The employee with this code (a system lookup; callers' rights are checked by the service)."""
    found = visible_employees(OPERATOR).filter(code=code).first()
    if found is None:
        raise LearningError(f"no employee with code {code!r}")
    return found


def unit(code: str) -> Any:
    found = visible_units(OPERATOR).filter(code=code).first()
    if found is None:
        raise LearningError(f"no unit with code {code!r}")
    return found


def agents_of_unit(unit_code: str) -> Any:
    return visible_employees(OPERATOR).filter(unit__code=unit_code, role__in=roles_with(Capability.TAKE_CONTACTS))


def coaches_of(employee_row: Any) -> list[Any]:
    """The coaches of a person's team (who hear about their credential changes)."""
    if employee_row.team_id is None:
        return []
    return list(
        visible_employees(OPERATOR).filter(team_id=employee_row.team_id, role__in=roles_with(Capability.LEAD_A_TEAM))
    )
