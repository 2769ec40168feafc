"""Who sees what: each role's scope, and the caller a request turns into."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from heartline.core.models import Role
from heartline.core.scoping import OPERATOR, caller_for, scope_for
from heartline.warehouse.scope import Scope
from tests.support.personas import Org, Personas, make_division, make_employee, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_division_unit(org: Org) -> str:
    """A unit of another division, which no one in the persona division may see."""
    pharmacy = make_division("pharmacy-services", "Pharmacy Services")
    return make_unit(pharmacy, "pharmacy", "Pharmacy").code


def test_an_agent_sees_their_own_records_only(personas: Personas) -> None:
    assert scope_for(personas.agent) == Scope(agent_ids=frozenset({"e-agent"}))


def test_a_coach_sees_their_unit(personas: Personas) -> None:
    assert scope_for(personas.coach) == Scope(unit_codes=frozenset({"commercial"}))


def test_a_coach_also_sees_the_units_assigned_to_them(personas: Personas) -> None:
    personas.coach.scope_units.add(personas.org.medicare)

    assert scope_for(personas.coach) == Scope(unit_codes=frozenset({"commercial", "medicare"}))


def test_a_manager_sees_their_unit_and_not_the_other(personas: Personas) -> None:
    assert scope_for(personas.manager) == Scope(unit_codes=frozenset({"medicare"}))


def test_a_manager_without_a_home_unit_sees_the_units_assigned_to_them(org: Org) -> None:
    floating = make_employee("floater", Role.MANAGER, org.division, scope_units=[org.commercial])

    assert scope_for(floating) == Scope(unit_codes=frozenset({"commercial"}))


def test_a_qa_analyst_sees_their_unit(personas: Personas) -> None:
    assert scope_for(personas.qa_analyst) == Scope(unit_codes=frozenset({"commercial"}))


def test_an_executive_sees_the_units_of_their_division_only(personas: Personas, other_division_unit: str) -> None:
    assert scope_for(personas.executive) == Scope(unit_codes=frozenset({"commercial", "medicare"}))


@pytest.mark.parametrize("role", [Role.CX_ANALYST, Role.WORKFORCE_PLANNER, Role.COMPLIANCE])
def test_division_wide_roles_see_the_division(org: Org, other_division_unit: str, role: Role) -> None:
    employee = make_employee(f"someone-{role}", role, org.division)

    assert scope_for(employee) == Scope(unit_codes=frozenset({"commercial", "medicare"}))


def test_an_admin_sees_everything(personas: Personas) -> None:
    assert scope_for(personas.admin) == Scope.everything()


def test_a_user_without_an_employee_record_sees_nothing(db: None) -> None:
    user = get_user_model().objects.create_user(username="visitor", password="x")

    caller = caller_for(user)

    assert caller.scope == Scope.nothing()
    assert caller.scope.is_empty
    assert caller.role == ""


def test_a_superuser_without_an_employee_record_sees_everything(db: None) -> None:
    user = get_user_model().objects.create_superuser(username="root", password="x")

    caller = caller_for(user)

    assert (caller.role, caller.scope) == ("admin", Scope.everything())


def test_an_anonymous_visitor_sees_nothing() -> None:
    caller = caller_for(AnonymousUser())

    assert (caller.user_id, caller.role, caller.scope) == (None, "", Scope.nothing())


def test_the_caller_carries_who_they_are(personas: Personas) -> None:
    caller = caller_for(personas.manager.user)

    assert caller.user_id == personas.manager.user.pk
    assert (caller.username, caller.role, caller.employee_code, caller.unit_code) == (
        "manager",
        "manager",
        "e-manager",
        "medicare",
    )
    assert not caller.is_operator


def test_the_operator_sees_everything_and_is_no_person() -> None:
    assert OPERATOR.scope == Scope.everything()
    assert OPERATOR.is_operator
