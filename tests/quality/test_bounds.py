"""A score period past the calendar's range is a 400 naming the range, on the page and in the API
(issue 13: the day's bounds would overflow)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.quality.models import ScorecardVersion
from heartline.quality.services import QualityError
from heartline.quality.services.sampling import create_sampling_plan
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import caller
from tests.support.pages import error_message
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "to=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"


def test_the_scores_page_refuses_a_day_past_the_range(
    client_as: Callable[[str], Client], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    response = client_as("coach").get("/quality/scores/", {"to": "9999-12-31"})

    assert (response.status_code, error_message(response)) == (400, OUT_OF_RANGE)


def test_the_scores_api_refuses_a_day_past_the_range(
    client: Client, api_token: Callable[[str], str], scorecard: ScorecardVersion, quality_contacts: Warehouse
) -> None:
    response = client.get("/api/v1/quality/scores?to=9999-12-31", HTTP_AUTHORIZATION=f"Bearer {api_token('coach')}")

    assert (response.status_code, response.json()) == (400, {"detail": OUT_OF_RANGE})


def test_a_sampling_plan_for_a_month_in_year_9999_is_refused(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(QualityError) as refused:
        create_sampling_plan(
            caller(personas, "qa"),
            unit_code="commercial",
            month=dt.date(9999, 12, 1),
            per_agent=2,
            scorecard_code="cqa",
        )

    assert str(refused.value) == "month=9999-12-01 is out of range (1900-01-01 … 9000-12-31)"


def test_a_sampling_seed_past_32_bits_is_refused(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(QualityError) as refused:
        create_sampling_plan(
            caller(personas, "qa"),
            unit_code="commercial",
            month=dt.date(2026, 3, 1),
            per_agent=2,
            scorecard_code="cqa",
            seed=-1,
        )

    assert str(refused.value) == "seed must be between 0 and 4294967295, not -1"
