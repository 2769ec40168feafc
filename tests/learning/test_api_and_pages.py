"""The learning API and pages, scoped by role: what each person sees and may change."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from heartline.core.scoping import OPERATOR
from heartline.learning import services
from heartline.learning.models import Completion, Credential
from tests.learning.conftest import PROGRAM, Training, fake_audits
from tests.learning.test_credentials import PASSING, courses_done


def grant(training: Training) -> Credential:
    courses_done()
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))
    return Credential.objects.get()


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_credentials_api_shows_the_history_to_the_coach_and_nothing_to_another_units_manager(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    grant(training)

    coach = client.get("/api/v1/learning/credentials", **bearer(api_token("coach"))).json()
    manager = client.get("/api/v1/learning/credentials", **bearer(api_token("manager"))).json()

    assert [(c["employee_code"], c["state"]) for c in coach] == [("e-agent", "granted")]
    assert [e["to_state"] for e in coach[0]["events"]] == ["in_progress", "granted"]
    assert coach[0]["events"][1]["audit_ids"] == [a.audit_id for a in PASSING]
    assert manager == []


def test_waves_api_schedules_a_wave_for_a_trainer_and_refuses_an_agent(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    body = {"program": PROGRAM, "unit": "commercial", "starts_on": "2026-02-02"}

    by_agent = client.post(
        "/api/v1/learning/waves", body, content_type="application/json", **bearer(api_token("agent"))
    )
    by_trainer = client.post(
        "/api/v1/learning/waves", body, content_type="application/json", **bearer(api_token("trainer"))
    )

    assert by_agent.status_code == 403
    assert by_trainer.status_code == 200
    assert (by_trainer.json()["starts_on"], by_trainer.json()["enrolled"]) == ("2026-02-02", 1)


def test_csv_import_over_the_api_refuses_a_bad_file_with_422(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    bad = "employee_code,program,component,completed_on\ne-agent,heart-4,course-1,yesterday\n"

    response = client.post(
        "/api/v1/learning/completions/import?name=lms.csv", bad, content_type="text/csv", **bearer(api_token("trainer"))
    )

    assert response.status_code == 422
    assert response.json()["problems"] == ["lms.csv: row 2, field completed_on: 'yesterday' is not a date (YYYY-MM-DD)"]
    assert Completion.objects.count() == 0


def test_impact_api_says_too_few_audits_and_that_nps_waits_for_surveys(
    training: Training, client: Client, api_token: Callable[[str], str]
) -> None:
    body = client.get("/api/v1/learning/impact", **bearer(api_token("trainer"))).json()

    assert body["scorecard_code"] == "cqa"
    assert body["difference_in_differences"] is None
    assert body["difference_in_differences_problem"].startswith("too few audits to compare")
    assert body["nps_note"] == "NPS appears once survey responses are loaded."


def test_my_learning_page_shows_the_plan_credential_and_unread_notice(
    training: Training, client_as: Callable[[str], Client]
) -> None:
    grant(training)

    page = client_as("agent").get("/learning/").content.decode()

    assert "Hear the member" in page
    assert 'data-state="granted"' in page
    assert "1 unread" in page


def test_marking_a_course_done_on_my_page_records_it(training: Training, client_as: Callable[[str], Client]) -> None:
    response = client_as("agent").post("/learning/complete/", {"program": PROGRAM, "component": "course-1"})

    assert response.status_code == 200
    assert Completion.objects.get().component.code == "course-1"


def test_the_coach_sees_the_overdue_list_and_the_wave(training: Training, client_as: Callable[[str], Client]) -> None:
    coach = client_as("coach")

    overdue = coach.get("/learning/overdue/").content.decode()

    assert "Empathize" in overdue  # due in January 2026, long before the test runs
    assert services.import_completions(OPERATOR, "", "x.csv").problems  # an empty file is refused, not loaded


def test_the_trainer_sees_wave_progress(training: Training, client: Client) -> None:
    client.force_login(training.trainer.user)

    page = client.get("/learning/waves/").content.decode()

    assert 'data-testid="wave" data-unit="commercial"' in page
    assert "Credential states" in page


def test_the_impact_page_degrades_clearly_without_audits(training: Training, client: Client) -> None:
    client.force_login(training.trainer.user)

    page = client.get("/learning/impact/").content.decode()

    assert "too few audits to compare" in page
    assert "NPS appears once survey responses are loaded." in page


def test_a_credential_page_of_someone_out_of_scope_is_not_found(
    training: Training, client_as: Callable[[str], Client]
) -> None:
    credential = grant(training)

    assert client_as("coach").get(f"/learning/credentials/{credential.pk}/").status_code == 200
    assert client_as("manager").get(f"/learning/credentials/{credential.pk}/").status_code == 404


def test_my_credential_rules_name_the_scorecard(
    training: Training, scorecard: object, client_as: Callable[[str], Client]
) -> None:
    grant(training)

    page = client_as("agent").get("/learning/").content.decode()

    assert 'audits on <span data-testid="credential-scorecard">Call Quality Audit</span> at or above 85' in page


def test_the_impact_page_names_its_scorecard(training: Training, scorecard: object, client: Client) -> None:
    client.force_login(training.trainer.user)

    page = client.get("/learning/impact/").content.decode()

    assert '<strong data-testid="impact-scorecard">Call Quality Audit</strong>' in page
