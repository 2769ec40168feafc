"""Coaching notes have a documented length: past it a 400 naming the field and nothing stored; at it
accepted (issue 13, docs/limits.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.coaching.models import CoachingSession
from heartline.core.bounds import NOTE_CHARS
from heartline.quality.models import ScorecardVersion
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def hold(client: Client, token: str, **fields: Any) -> Any:
    body = {"coachee": "e-agent", "held_on": "2026-03-02", "focus_behaviors": ["own-the-outcome"], **fields}
    return client.post(
        "/api/v1/coaching/sessions", body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}"
    )


def test_notes_past_their_limit_are_a_400_and_no_session_is_stored(
    client: Client, api_token: Callable[[str], str], personas: Personas, scorecard: ScorecardVersion
) -> None:
    response = hold(client, api_token("coach"), notes="n" * (NOTE_CHARS + 1))

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "notes is 5,001 characters long; at most 5,000 are allowed"},
    )
    assert not CoachingSession.objects.exists()


def test_commitments_past_their_limit_are_refused_naming_them(
    client: Client, api_token: Callable[[str], str], personas: Personas, scorecard: ScorecardVersion
) -> None:
    response = hold(client, api_token("coach"), commitments="c" * (NOTE_CHARS + 1))

    assert response.json() == {"detail": "commitments is 5,001 characters long; at most 5,000 are allowed"}


def test_notes_at_their_limit_are_stored(
    client: Client, api_token: Callable[[str], str], personas: Personas, scorecard: ScorecardVersion
) -> None:
    response = hold(client, api_token("coach"), notes="n" * NOTE_CHARS)

    assert response.status_code == 200
    assert len(CoachingSession.objects.get().notes) == NOTE_CHARS


def test_follow_up_notes_past_their_limit_leave_the_session_unchanged(
    client: Client, api_token: Callable[[str], str], personas: Personas, scorecard: ScorecardVersion
) -> None:
    token = api_token("coach")
    session_id = hold(client, token).json()["id"]

    response = client.post(
        f"/api/v1/coaching/sessions/{session_id}/follow-up",
        {"notes": "f" * (NOTE_CHARS + 1)},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )

    assert response.status_code == 400
    assert CoachingSession.objects.get().followed_up_on is None
