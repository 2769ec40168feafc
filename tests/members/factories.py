"""Members and callers for the members tests."""

from __future__ import annotations

import datetime as dt

from heartline.core.contracts import Caller
from heartline.core.models import Employee, Role
from heartline.core.scoping import caller_for
from heartline.members.models import Member
from tests.support.personas import Personas, make_employee


def make_member(member_id: str = "M-100", **fields: object) -> Member:
    values: dict[str, object] = {"plan": "gold-ppo", "language": "en", "preferred_channel": "phone"}
    values.update(fields)
    return Member.objects.create(member_id=member_id, **values)


def caller_of(employee: Employee) -> Caller:
    return caller_for(employee.user)


def compliance_officer(personas: Personas) -> Employee:
    return make_employee("compliance", Role.COMPLIANCE, personas.org.division)


def care_manager(personas: Personas) -> Employee:
    return make_employee("care", Role.CARE_MANAGER, personas.org.division, unit=personas.org.commercial)


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=dt.UTC)
