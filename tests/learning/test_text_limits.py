"""Program names and revocation reasons have documented lengths: past them a 400 naming the field and
nothing stored; at them accepted (issue 13, docs/limits.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.core.bounds import NAME_CHARS
from heartline.learning.models import Program
from tests.learning.conftest import Training

pytestmark = pytest.mark.django_db


def post_program(client: Client, token: str, **fields: Any) -> Any:
    body = {"code": "long", "weeks": 4, "components": [], **fields}
    return client.post(
        "/api/v1/learning/programs", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_a_program_name_past_its_limit_is_a_400_and_no_program_is_stored(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    response = post_program(client, api_token("trainer"), name="n" * (NAME_CHARS + 1))

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "name is 201 characters long; at most 200 are allowed"},
    )
    assert not Program.objects.filter(code="long").exists()


def test_a_program_name_at_its_limit_is_stored(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    response = post_program(client, api_token("trainer"), name="n" * NAME_CHARS)

    assert response.status_code == 200
    assert len(Program.objects.get(code="long").name) == NAME_CHARS


def test_a_component_title_past_its_limit_is_refused_naming_the_component(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    component = {"code": "c1", "title": "t" * (NAME_CHARS + 1), "kind": "course", "week": 1}

    response = post_program(client, api_token("trainer"), name="Long", components=[component])

    assert response.json() == {"detail": "component 'c1': title is 201 characters long; at most 200 are allowed"}
    assert not Program.objects.filter(code="long").exists()
