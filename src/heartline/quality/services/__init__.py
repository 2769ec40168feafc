"""Every write of the quality app: scorecards, sampling plans, audits, disputes, calibration.

Each service checks who may do it (`heartline.core.permissions.require`), writes in one transaction,
logs access to member data and, when an audit's final score is set or changed, sends `audit_completed`
after the commit.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import visible_employees, visible_teams, visible_units


class QualityError(ActionRefused):
    """A quality action that cannot be done as asked; the message says why."""


class QualityNotFound(QualityError, NotFound):
    """The audit, sample, dispute or session named does not exist (pages and API answer 404)."""


def require_unit(caller: Caller, unit_code: str | None) -> None:
    if caller.scope.unrestricted:
        return
    if unit_code is None or unit_code not in caller.scope.unit_codes:
        raise PermissionDenied(f"unit {unit_code!r} is not one of yours")


def employee_id(code: str) -> int:
    """The id of the employee with `code` (resolving a key, not showing anything to a caller)."""
    found = visible_employees(OPERATOR).filter(code=code).values_list("pk", flat=True).first()
    if found is None:
        raise QualityError(f"no employee {code!r}")
    return int(found)


def caller_employee_id(caller: Caller) -> int:
    if caller.employee_code is None:
        raise PermissionDenied("only a member of staff can do this")
    return employee_id(caller.employee_code)


def unit_id(code: str | None) -> int | None:
    if not code:
        return None
    return visible_units(OPERATOR).filter(code=code).values_list("pk", flat=True).first()


def team_id(code: str | None) -> int | None:
    if not code:
        return None
    return visible_teams(OPERATOR).filter(code=code).values_list("pk", flat=True).first()
