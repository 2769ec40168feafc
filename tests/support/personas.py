"""The persona organization every test can stand on: one division, two units, a team in each, and a
person for each role the tests care about.

Unit `commercial` holds the agent, the coach and the QA analyst; the manager looks after the other
unit, `medicare`, so "a manager in another unit" sees none of commercial's records; the executive
sees the division and the admin everything. Usernames follow the demo's personas (`agent`, `coach`,
`qa`, `manager`, `exec`, `admin`); employee codes are the `agent_id`s warehouse facts carry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from heartline.core.models import Division, Employee, Queue, Role, Team, Unit

PASSWORD = "persona-password-1"  # MD5-hashed in tests: fast, and never a real secret


@dataclass(frozen=True)
class Org:
    division: Division
    commercial: Unit
    medicare: Unit
    commercial_team: Team
    medicare_team: Team
    commercial_queue: Queue
    medicare_queue: Queue

    @property
    def units(self) -> tuple[Unit, Unit]:
        return (self.commercial, self.medicare)


@dataclass(frozen=True)
class Personas:
    org: Org
    agent: Employee
    coach: Employee
    qa_analyst: Employee
    manager: Employee
    executive: Employee
    admin: Employee

    def all(self) -> tuple[Employee, ...]:
        return (self.agent, self.coach, self.qa_analyst, self.manager, self.executive, self.admin)

    def by_username(self, username: str) -> Employee:
        for employee in self.all():
            if employee.user.get_username() == username:
                return employee
        raise KeyError(f"no persona with username {username!r}")


def make_division(code: str = "member-services", name: str = "Member Services") -> Division:
    return Division.objects.create(code=code, name=name)


def make_unit(division: Division, code: str, name: str, legacy_company: str = "") -> Unit:
    return Unit.objects.create(division=division, code=code, name=name, legacy_company=legacy_company)


def make_team(unit: Unit, code: str, name: str) -> Team:
    return Team.objects.create(unit=unit, code=code, name=name)


def make_queue(unit: Unit, code: str, name: str) -> Queue:
    return Queue.objects.create(unit=unit, code=code, name=name)


def make_employee(
    username: str,
    role: Role,
    division: Division,
    *,
    code: str | None = None,
    unit: Unit | None = None,
    team: Team | None = None,
    scope_units: Iterable[Unit] = (),
    password: str = PASSWORD,
    first_name: str = "",
    last_name: str = "",
) -> Employee:
    """A login and its employee record; `code` defaults to `e-<username>`."""
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name
    )
    employee = Employee.objects.create(
        user=user, code=code or f"e-{username}", role=role, division=division, unit=unit, team=team
    )
    units = list(scope_units)
    if units:
        employee.scope_units.set(units)
    return employee


def build_org() -> Org:
    division = make_division()
    commercial = make_unit(division, "commercial", "Commercial inbound", legacy_company="Harbor Health")
    medicare = make_unit(division, "medicare", "Medicare", legacy_company="Summit Care")
    return Org(
        division=division,
        commercial=commercial,
        medicare=medicare,
        commercial_team=make_team(commercial, "commercial-a", "Commercial team A"),
        medicare_team=make_team(medicare, "medicare-a", "Medicare team A"),
        commercial_queue=make_queue(commercial, "q-commercial", "Commercial benefits"),
        medicare_queue=make_queue(medicare, "q-medicare", "Medicare claims"),
    )


def build_personas(org: Org | None = None) -> Personas:
    org = org or build_org()
    division = org.division
    return Personas(
        org=org,
        agent=make_employee(
            "agent", Role.AGENT, division, unit=org.commercial, team=org.commercial_team, first_name="Ana"
        ),
        coach=make_employee(
            "coach", Role.COACH, division, unit=org.commercial, team=org.commercial_team, first_name="Cole"
        ),
        qa_analyst=make_employee("qa", Role.QA_ANALYST, division, unit=org.commercial, first_name="Quinn"),
        manager=make_employee("manager", Role.MANAGER, division, unit=org.medicare, first_name="Maya"),
        executive=make_employee("exec", Role.EXECUTIVE, division, first_name="Eve"),
        admin=make_employee("admin", Role.ADMIN, division, first_name="Ada"),
    )
