"""`/api/v1/me` and how the API knows who is calling: a personal Bearer token, or the signed-in session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from heartline.core.services import revoke_api_tokens
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_me_with_a_token_names_the_person_and_their_scope(client: Client, api_token: TokenFor) -> None:
    response = client.get("/api/v1/me", headers=bearer(api_token("manager")))

    assert response.status_code == 200
    assert response.json() == {
        "username": "manager",
        "role": "manager",
        "employee_code": "e-manager",
        "unit": "medicare",
        "sees_everything": False,
        "unit_codes": ["medicare"],
    }


def test_me_for_an_executive_lists_the_division_units(client: Client, api_token: TokenFor) -> None:
    body = client.get("/api/v1/me", headers=bearer(api_token("exec"))).json()

    assert (body["role"], body["unit"], body["unit_codes"]) == ("executive", None, ["commercial", "medicare"])


def test_me_for_an_admin_sees_everything(client: Client, api_token: TokenFor) -> None:
    body = client.get("/api/v1/me", headers=bearer(api_token("admin"))).json()

    assert (body["role"], body["sees_everything"]) == ("admin", True)


def test_me_for_an_agent(client: Client, api_token: TokenFor) -> None:
    body = client.get("/api/v1/me", headers=bearer(api_token("agent"))).json()

    assert (body["role"], body["employee_code"], body["sees_everything"], body["unit_codes"]) == (
        "agent",
        "e-agent",
        False,
        [],
    )


def test_without_credentials_the_api_answers_401(client: Client, personas: Personas) -> None:
    assert client.get("/api/v1/me").status_code == 401


def test_a_bad_token_gets_401(client: Client, api_token: TokenFor) -> None:
    api_token("manager")

    assert client.get("/api/v1/me", headers=bearer("hl_this-is-not-a-token")).status_code == 401


def test_a_token_without_the_bearer_scheme_gets_401(client: Client, api_token: TokenFor) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": api_token("manager")})

    assert response.status_code == 401


def test_a_revoked_token_gets_401(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 200

    revoke_api_tokens("manager")

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_a_deactivated_persons_token_gets_401(client: Client, api_token: TokenFor) -> None:
    token = api_token("manager")
    get_user_model().objects.filter(username="manager").update(is_active=False)

    assert client.get("/api/v1/me", headers=bearer(token)).status_code == 401


def test_the_signed_in_session_also_works(client_as: Callable[[str], Client]) -> None:
    response = client_as("coach").get("/api/v1/me")

    assert response.status_code == 200
    assert response.json()["username"] == "coach"
