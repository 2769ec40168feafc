"""A voice results period past the calendar's range is a 400 naming the range (issue 13), and the
widest allowed period still answers (its previous period is cut at the calendar's first day)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.support.personas import Personas


def bearer(api_token: Callable[[str], str], username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(username)}"}


@pytest.mark.django_db
def test_a_period_ending_in_year_9999_is_a_400_naming_the_range(
    client: Client, personas: Personas, api_token: Callable[[str], str]
) -> None:
    response = client.get(
        "/api/v1/voice/results/commercial?from=2026-01-01&to=9999-12-31", headers=bearer(api_token, "agent")
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "to=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"},
    )


@pytest.mark.usefixtures("survey_responses")
def test_the_widest_period_answers(client: Client, personas: Personas, api_token: Callable[[str], str]) -> None:
    response = client.get(
        "/api/v1/voice/results/commercial?from=1900-01-01&to=9000-12-31", headers=bearer(api_token, "agent")
    )

    assert response.status_code == 200
    assert response.json()["nps"]["n"] == 200
