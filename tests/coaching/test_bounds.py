"""Ids and days typed into coaching are bounded: out of range is a 400 naming the field (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.coaching.services import CoachingError, hold_session
from heartline.quality.models import ScorecardVersion
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TOO_LARGE = 264725518800653536982252650496  # past any 64-bit id


def test_prefill_refuses_an_audit_id_past_64_bits_with_a_400(
    client: Client,
    api_token: Callable[[str], str],
    personas: Personas,
    scorecard: ScorecardVersion,
    quality_contacts: Warehouse,
) -> None:
    response = client.get(
        f"/api/v1/coaching/prefill?coachee=e-agent&level=front_line&audit={TOO_LARGE}",
        HTTP_AUTHORIZATION=f"Bearer {api_token('coach')}",
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": f"audit must be between 1 and 9223372036854775807, not {TOO_LARGE}"},
    )


def test_a_session_held_in_year_9999_is_refused(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(CoachingError) as refused:
        hold_session(
            caller(personas, "coach"),
            coachee_code="e-agent",
            held_on=dt.date(9999, 12, 31),
            focus_behavior_codes=["own-the-outcome"],
        )

    assert str(refused.value) == "held_on=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"
