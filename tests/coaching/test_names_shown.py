"""Coaching pages and API name the behaviors and the coaching form's items (codes stay in the API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.coaching.models import CoachingSession
from heartline.coaching.services import hold_session
from heartline.core import clock
from heartline.quality.models import ScorecardVersion
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas: Personas, scorecard: ScorecardVersion) -> CoachingSession:
    today = clock.today()
    return hold_session(
        caller(personas, "coach"),
        coachee_code="e-agent",
        held_on=today - dt.timedelta(days=20),
        focus_behavior_codes=["listen-fully", "own-the-outcome"],
        follow_up_on=today - dt.timedelta(days=6),
        form_ratings={"hear": 2, "thank": 4},
    )


def test_the_session_page_names_its_focus_behaviors_and_form_items(
    session: CoachingSession, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coach").get(f"/coaching/s/{session.pk}/").content.decode()

    assert '<li data-testid="focus-behavior">Listen fully before answering</li>' in html
    assert '<li data-testid="focus-behavior">Own the outcome</li>' in html
    assert '<li data-testid="form-rating">Hear: 2 of 5</li>' in html
    assert "listen-fully" not in html


def test_the_queue_names_the_focus_behaviors_of_follow_ups_and_sessions(
    session: CoachingSession, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coach").get("/coaching/").content.decode()

    assert html.count('<td data-testid="focus">Listen fully before answering; Own the outcome</td>') == 2


def test_the_sessions_api_keeps_the_codes_and_adds_the_names(
    session: CoachingSession, client: Client, api_token: Callable[[str], str]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('coach')}"}
    (found,) = client.get("/api/v1/coaching/sessions", **auth).json()

    assert found["focus_behaviors"] == ["listen-fully", "own-the-outcome"]
    assert found["focus_behavior_names"] == ["Listen fully before answering", "Own the outcome"]
    assert (found["coachee"], found["coachee_name"]) == ("e-agent", "Ana")


def test_the_queue_api_names_the_focus_behaviors(
    session: CoachingSession, client: Client, api_token: Callable[[str], str]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('coach')}"}
    (overdue,) = client.get("/api/v1/coaching/queue", **auth).json()["overdue"]

    assert overdue["focus_behavior_names"] == ["Listen fully before answering", "Own the outcome"]


@pytest.fixture
def commitment(personas: Personas, scorecard: ScorecardVersion) -> None:
    from heartline.coaching.services import add_commitment

    add_commitment(
        caller(personas, "coach"),
        leader_code="e-coach",
        leadership_behavior_code="model-listening",
        text="Open each huddle with a listening moment",
        made_on=clock.today(),
    )


def test_the_leaders_page_names_the_behaviors_of_commitments_and_of_the_form(
    commitment: None, client_as: Callable[[str], Client]
) -> None:
    html = client_as("coach").get("/coaching/leaders/e-coach/").content.decode()

    assert "<td>Model listening in huddles</td>\n<td>Listen fully before answering</td>" in html
    assert '<option value="model-listening">Model listening in huddles</option>' in html
    assert '<option value="own-the-outcome">Own the outcome</option>' in html


def test_the_leaders_api_keeps_the_codes_and_adds_the_names(
    commitment: None, client: Client, api_token: Callable[[str], str]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('coach')}"}
    (found,) = client.get("/api/v1/coaching/leaders/e-coach", **auth).json()["commitments"]

    assert (found["leadership_behavior"], found["leadership_behavior_name"]) == (
        "model-listening",
        "Model listening in huddles",
    )
    assert (found["reinforces"], found["reinforces_names"]) == (["listen-fully"], ["Listen fully before answering"])
