"""Closing a leader's commitment from their follow-up page: the leader or the level above closes it
(kept for good, or dropped) on a day, once; no one else may, and a commitment is closed only from
its own leader's page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from heartline.coaching.models import LeaderCommitment
from heartline.core.models import Role
from tests.coaching.test_leader_follow_up import commit_listening
from tests.support.personas import Personas, make_employee

if TYPE_CHECKING:
    from django.test import Client

    from heartline.quality.models import ScorecardVersion

pytestmark = pytest.mark.django_db
CLOSE = "/coaching/leaders/e-coach/close/"


@pytest.fixture
def commitment(personas: Personas, scorecard: ScorecardVersion) -> LeaderCommitment:
    return commit_listening(personas, made_on=dt.date(2026, 3, 6))


def test_the_leader_closes_their_commitment_from_the_page(commitment: LeaderCommitment, client_as) -> None:
    client = client_as("coach")
    assert 'data-testid="close-commitment"' in client.get("/coaching/leaders/e-coach/").content.decode()
    response = client.post(CLOSE, {"commitment": commitment.pk, "closed_on": "2026-04-02"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.closed_on == dt.date(2026, 4, 2)
    page = client.get("/coaching/leaders/e-coach/").content.decode()
    assert '<span data-testid="closed-on">Apr 2, 2026</span>' in page
    assert 'data-testid="close-commitment"' not in page


def test_a_commitment_closes_once_and_not_before_it_was_made(commitment: LeaderCommitment, client_as) -> None:
    client = client_as("coach")
    early = client.post(CLOSE, {"commitment": commitment.pk, "closed_on": "2026-03-01"})
    assert early.status_code == 400
    assert "on or after the day it was made (2026-03-06)" in early.content.decode()
    assert client.post(CLOSE, {"commitment": commitment.pk, "closed_on": "2026-04-02"}).status_code == 302
    again = client.post(CLOSE, {"commitment": commitment.pk, "closed_on": "2026-04-03"})
    assert again.status_code == 400
    assert "closed on 2026-04-02 already" in again.content.decode()


def test_the_manager_of_the_unit_closes_their_coachs_commitment(
    personas: Personas, commitment: LeaderCommitment, client: Client
) -> None:
    boss = make_employee("boss", Role.MANAGER, personas.org.division, unit=personas.org.commercial)
    client.force_login(boss.user)
    assert client.post(CLOSE, {"commitment": commitment.pk}).status_code == 302
    commitment.refresh_from_db()
    assert commitment.closed_on is not None


def test_others_may_not_close_it(commitment: LeaderCommitment, client_as) -> None:
    assert client_as("agent").post(CLOSE, {"commitment": commitment.pk}).status_code == 403
    assert client_as("manager").post(CLOSE, {"commitment": commitment.pk}).status_code == 404  # looks after medicare
    commitment.refresh_from_db()
    assert commitment.closed_on is None


def test_a_commitment_closes_only_from_its_own_leaders_page(
    personas: Personas, commitment: LeaderCommitment, client: Client
) -> None:
    boss = make_employee("boss", Role.MANAGER, personas.org.division, unit=personas.org.commercial)
    client.force_login(boss.user)
    response = client.post("/coaching/leaders/e-boss/close/", {"commitment": commitment.pk})
    assert response.status_code == 404
    commitment.refresh_from_db()
    assert commitment.closed_on is None


def test_a_commitment_id_that_is_not_a_number_is_named(commitment: LeaderCommitment, client_as) -> None:
    response = client_as("coach").post(CLOSE, {"commitment": "first"})
    assert response.status_code == 400
    assert "commitment &#x27;first&#x27; is not a commitment id" in response.content.decode()


def test_an_integrator_closes_a_commitment_through_the_api_once(
    commitment: LeaderCommitment, api_token: Callable[[str], str], client: Client
) -> None:
    url = f"/api/v1/coaching/leaders/e-coach/commitments/{commitment.pk}/close"
    headers = {"Authorization": f"Bearer {api_token('coach')}"}

    closed = client.post(url, {"closed_on": "2026-04-02"}, content_type="application/json", headers=headers)
    again = client.post(url, {"closed_on": "2026-04-03"}, content_type="application/json", headers=headers)
    elsewhere = client.post(
        f"/api/v1/coaching/leaders/e-manager/commitments/{commitment.pk}/close",
        {},
        content_type="application/json",
        headers=headers,
    )

    assert (closed.status_code, closed.json()["closed_on"], closed.json()["id"]) == (200, "2026-04-02", commitment.pk)
    assert again.status_code == 400
    assert "closed on 2026-04-02 already" in again.json()["detail"]
    assert elsewhere.status_code in (403, 404)
    commitment.refresh_from_db()
    assert commitment.closed_on == dt.date(2026, 4, 2)
