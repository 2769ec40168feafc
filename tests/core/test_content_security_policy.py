"""Every page carries the Content-Security-Policy: scripts only from Heartline, never inline or eval."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)


def test_the_sign_in_page_carries_the_policy(client: Client) -> None:
    response = client.get("/login/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_the_dashboard_carries_the_policy(
    client_as: Callable[[str], Client], personas: Personas, app_warehouse: Warehouse
) -> None:
    response = client_as("manager").get("/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_a_page_not_found_carries_the_policy(client_as: Callable[[str], Client], personas: Personas) -> None:
    response = client_as("manager").get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Security-Policy"] == POLICY


def test_the_api_docs_carry_the_policy(client_as: Callable[[str], Client], personas: Personas) -> None:
    response = client_as("manager").get("/api/v1/docs")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY
