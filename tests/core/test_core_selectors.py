"""Reads of organization data are limited to the caller's scope."""

from __future__ import annotations

import pytest

from heartline.core.scoping import caller_for
from heartline.core.selectors import recent_access, unit_names, visible_employees, visible_teams, visible_units
from heartline.core.services import log_access
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def codes(queryset: object) -> list[str]:
    return sorted(item.code for item in queryset)  # type: ignore[attr-defined]


def test_an_agent_sees_their_own_unit(personas: Personas) -> None:
    assert codes(visible_units(caller_for(personas.agent.user))) == ["commercial"]


def test_a_manager_sees_their_unit_only(personas: Personas) -> None:
    caller = caller_for(personas.manager.user)

    assert codes(visible_units(caller)) == ["medicare"]
    assert codes(visible_teams(caller)) == ["medicare-a"]


def test_an_executive_sees_every_unit_of_the_division(personas: Personas) -> None:
    assert unit_names(caller_for(personas.executive.user)) == {
        "commercial": "Commercial inbound",
        "medicare": "Medicare",
    }


def test_a_coach_sees_the_people_of_their_unit(personas: Personas) -> None:
    assert codes(visible_employees(caller_for(personas.coach.user))) == ["e-agent", "e-coach", "e-qa"]


def test_an_agent_sees_only_themself_among_employees(personas: Personas) -> None:
    assert codes(visible_employees(caller_for(personas.agent.user))) == ["e-agent"]


def test_the_access_log_is_for_compliance_and_admins(personas: Personas) -> None:
    log_access(caller_for(personas.agent.user), "member.view", "member:M0001", reason="call")

    assert list(recent_access(caller_for(personas.agent.user))) == []
    entries = list(recent_access(caller_for(personas.admin.user)))
    assert [(e.user, e.action, e.resource, e.channel, e.detail) for e in entries] == [
        (personas.agent.user, "member.view", "member:M0001", "web", {"reason": "call"})
    ]
