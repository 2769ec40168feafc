"""The harness does what the rest of the suite relies on: hermetic settings, personas scoped as the
security model says, exact warehouse facts the app reads, the right database, no internet."""

from __future__ import annotations

import os
import socket
from collections.abc import Callable

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.db import connection
from django.http import HttpRequest
from django.test import Client

from heartline.core.scoping import caller_for
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BatchResult
from tests.support.contact_facts import expected_by_channel, expected_by_unit
from tests.support.network import NetworkBlockedError
from tests.support.personas import PASSWORD, Personas


def test_settings_come_from_the_test_environment() -> None:
    assert settings.WAREHOUSE_DIR.parent == settings.HEARTLINE_HOME
    assert str(settings.HEARTLINE_HOME) == os.environ["HEARTLINE_HOME"]
    assert "heartline-test-home-" in str(settings.HEARTLINE_HOME)
    assert get_hasher().algorithm == "md5"


def test_the_database_is_the_one_asked_for(request: pytest.FixtureRequest, db: None) -> None:
    expected = "postgresql" if request.config.getoption("postgres") else "sqlite"

    assert connection.vendor == expected


@pytest.mark.parametrize(
    ("username", "units", "agents", "everything"),
    [
        ("agent", set(), {"e-agent"}, False),
        ("coach", {"commercial"}, set(), False),
        ("qa", {"commercial"}, set(), False),
        ("manager", {"medicare"}, set(), False),
        ("exec", {"commercial", "medicare"}, set(), False),
        ("admin", set(), set(), True),
    ],
)
def test_personas_see_what_their_role_may_see(
    personas: Personas, username: str, units: set[str], agents: set[str], everything: bool
) -> None:
    scope = caller_for(personas.by_username(username).user).scope

    assert (set(scope.unit_codes), set(scope.agent_ids), scope.unrestricted) == (units, agents, everything)


def test_personas_sign_in_with_the_persona_password(client: Client, personas: Personas) -> None:
    # django-axes checks every sign-in against its request, so the test client must pass one.
    assert client.login(request=HttpRequest(), username="manager", password=PASSWORD)


def test_contacts_fixture_writes_the_exact_facts(contacts: BatchResult) -> None:
    assert (contacts.inserted, contacts.updated) == (sum(expected_by_unit().values()), 0)


def test_the_app_reads_the_test_warehouse(
    contacts: BatchResult, app_warehouse: Warehouse, client_as: Callable[[str], Client]
) -> None:
    response = client_as("exec").get("/api/v1/metrics/contact-volume", {"by": "unit"})

    assert response.status_code == 200
    assert {r["unit"]: r["n"] for r in response.json()["rows"]} == expected_by_unit()


def test_an_api_token_scopes_the_manager_to_their_unit(
    contacts: BatchResult, api_token: Callable[[str], str], client: Client
) -> None:
    token = api_token("manager")

    response = client.get("/api/v1/metrics/contact-volume", {"by": "channel"}, HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 200
    assert {r["channel"]: r["n"] for r in response.json()["rows"]} == expected_by_channel(("medicare",))


def test_the_internet_is_blocked() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkBlockedError):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1: never routed


def test_loopback_is_allowed() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass
