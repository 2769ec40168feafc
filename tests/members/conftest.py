"""Member-view fixtures: the personas plus a person for each role they lack (a care manager, a
compliance officer…), and one member with a whole story in the app's warehouse."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client

if TYPE_CHECKING:
    from heartline.core.contracts import Caller
    from heartline.members.models import Member
    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas

EXTRA_ROLES = ("care_manager", "compliance", "trainer", "cx_analyst", "workforce_planner")


@pytest.fixture
def people(personas: Personas) -> Personas:
    """The personas and one person for each role they lack (username = the role's name)."""
    from heartline.core.roles import Role
    from tests.support.personas import make_employee

    for role in EXTRA_ROLES:
        make_employee(role, Role(role), personas.org.division, unit=personas.org.commercial)
    return personas


@pytest.fixture
def caller_named(people: Personas) -> Callable[[str], Caller]:
    from django.contrib.auth import get_user_model

    from heartline.core.scoping import caller_for

    def named(username: str) -> Caller:
        return caller_for(get_user_model().objects.get(username=username))

    return named


@pytest.fixture
def member(app_warehouse: Warehouse, people: Personas) -> Member:
    from tests.members.factories import full_history, make_member

    found = make_member()
    full_history(app_warehouse)
    return found


@pytest.fixture
def signed_in(client: Client, people: Personas) -> Callable[[str], Client]:
    from django.contrib.auth import get_user_model

    def sign_in(username: str) -> Client:
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return sign_in
