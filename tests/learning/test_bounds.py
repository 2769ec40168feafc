"""Numbers a person types into the learning services are bounded, and stored absurd values never
take a page down (issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.core.scoping import OPERATOR
from heartline.learning import selectors, services
from heartline.learning.models import Program, Wave
from tests.learning.conftest import PROGRAM, Training

pytestmark = pytest.mark.django_db


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_program_of_absurdly_many_weeks_is_refused_naming_the_range(training: Training) -> None:
    with pytest.raises(services.LearningError) as refused:
        services.define_program(OPERATOR, "huge", "Huge", 99999999, [])

    assert str(refused.value) == "weeks must be between 1 and 104, not 99999999"
    assert not Program.objects.filter(code="huge").exists()


def test_a_program_of_no_weeks_is_refused(training: Training) -> None:
    with pytest.raises(services.LearningError, match="weeks must be between 1 and 104, not 0"):
        services.define_program(OPERATOR, "none", "None", 0, [])


def test_the_api_refuses_an_absurd_program_with_a_400(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    body = {"code": "huge", "name": "Huge", "weeks": 99999999, "components": []}

    response = client.post(
        "/api/v1/learning/programs", body, content_type="application/json", **bearer(api_token("trainer"))
    )

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "weeks must be between 1 and 104, not 99999999"},
    )


def test_a_wave_starting_in_year_9999_is_refused_and_not_stored(training: Training) -> None:
    with pytest.raises(services.LearningError) as refused:
        services.schedule_wave(OPERATOR, PROGRAM, "medicare", dt.date(9999, 12, 31))

    assert str(refused.value) == "starts_on=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"
    assert not Wave.objects.filter(unit__code="medicare").exists()


def test_wave_progress_survives_a_stored_absurd_program_length(training: Training) -> None:
    Program.objects.filter(pk=training.program.pk).update(weeks=32767)
    Wave.objects.filter(pk=training.wave.pk).update(starts_on=dt.date(9990, 1, 1))

    (progress,) = selectors.wave_progress(OPERATOR, dt.date(2026, 2, 1))

    assert (progress.ends_on, progress.status) == (dt.date.max, "not started")


def test_the_waves_page_and_api_survive_a_stored_absurd_program_length(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    Program.objects.filter(pk=training.program.pk).update(weeks=32767)
    Wave.objects.filter(pk=training.wave.pk).update(starts_on=dt.date(9990, 1, 1))
    client.force_login(training.trainer.user)

    page = client.get("/learning/waves/")
    api = client.get("/api/v1/learning/waves", **bearer(api_token("trainer")))

    assert (page.status_code, api.status_code) == (200, 200)
    assert api.json()[0]["ends_on"] == "9999-12-31"


def test_a_completion_dated_in_year_9999_is_refused(training: Training) -> None:
    with pytest.raises(services.LearningError) as refused:
        services.record_completion(OPERATOR, "e-agent", PROGRAM, "course-1", dt.date(9999, 12, 31))

    assert str(refused.value) == "completed_on=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("threshold", 1e9, "threshold must be between 0 and 100, not 1000000000"),
        ("audits_required", 10**12, "audits_required must be between 1 and 100, not 1000000000000"),
        ("validity_months", 99999999, "validity_months must be between 1 and 120, not 99999999"),
        ("months_below_to_flag", 0, "months_below_to_flag must be between 1 and 24, not 0"),
    ],
)
def test_a_credential_rule_out_of_range_is_refused_naming_the_field(
    training: Training, field: str, value: float, message: str
) -> None:
    rules: dict[str, Any] = {"scorecard_code": "cqa", "threshold": 85, field: value}

    with pytest.raises(services.LearningError) as refused:
        services.define_credential_type(OPERATOR, "absurd", "Absurd", **rules)

    assert str(refused.value) == message
