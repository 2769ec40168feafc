"""Members' identities for another app's report: who is found, who may ask, and that each member
handed out is written to the access log (their accounting of disclosures)."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core.errors import NotAllowed
from heartline.core.models import AccessLogEntry, Role
from heartline.core.scoping import caller_for
from heartline.members.contracts import MemberIdentity
from heartline.members.identity_selectors import identities_of
from tests.members.factories import make_member
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db


def test_the_members_found_come_back_by_id_and_each_is_logged(personas: Personas) -> None:
    make_member("M1", given="Ana", family="Ruiz", birth_date=dt.date(1948, 2, 3))
    make_member("M2", given="Bo", family="Chen", phone="(555) 010-0999")
    manager = caller_for(personas.manager.user)

    found = identities_of(manager, ["M2", "M1", "M1", "", "M-unknown"], action="report", channel="api")

    assert found == {
        "M1": MemberIdentity("M1", "Ana", "Ruiz", dt.date(1948, 2, 3), "HMO Gold"),
        "M2": MemberIdentity("M2", "Bo", "Chen", dt.date(1950, 4, 2), "HMO Gold"),
    }
    entries = AccessLogEntry.objects.filter(action="report").order_by("member_id")
    assert [(e.member_id, e.channel, e.resource, e.detail["shown"]) for e in entries] == [
        ("M1", "api", "member:M1", ["identity"]),
        ("M2", "api", "member:M2", ["identity"]),
    ]


@pytest.mark.parametrize("role", [Role.WORKFORCE_PLANNER, Role.EXECUTIVE])
def test_a_role_that_does_not_look_up_members_is_refused(personas: Personas, role: Role) -> None:
    someone = make_employee("someone", role, personas.org.division)

    with pytest.raises(NotAllowed, match="may not read members' identities"):
        identities_of(caller_for(someone.user), ["M1"], action="report")
    assert not AccessLogEntry.objects.filter(action="report").exists()
