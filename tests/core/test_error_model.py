"""One error model: a refusal is 403, an unknown record 404, a bad request 400, always with the
service's message — as `{"detail": message}` in the API, as a styled page (message escaped) on pages."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from heartline.config.api import api
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.learning import services as learning_services
from heartline.quality.services import QualityError, QualityNotFound
from tests.support.pages import error_message, is_error_page

ClientAs = Callable[[str], Client]


def _api_answer(exc: Exception) -> tuple[int, object]:
    response = api.on_exception(RequestFactory().get("/api/v1/anything"), exc)
    return response.status_code, json.loads(response.content)


# -- the API's one handler --------------------------------------------------------------------------


def test_the_api_answers_a_refused_action_with_400_and_its_message() -> None:
    assert _api_answer(QualityError("weight must be between 1 and 100")) == (
        400,
        {"detail": "weight must be between 1 and 100"},
    )


def test_the_api_answers_a_missing_record_with_404_and_its_message() -> None:
    assert _api_answer(QualityNotFound("no audit 7")) == (404, {"detail": "no audit 7"})


def test_the_api_answers_a_refusal_with_403_and_its_message() -> None:
    assert _api_answer(NotAllowed("a coach may not define programs")) == (
        403,
        {"detail": "a coach may not define programs"},
    )


def test_the_api_answers_a_plain_permission_denied_with_403() -> None:
    assert _api_answer(PermissionDenied()) == (403, {"detail": "not allowed"})


@pytest.mark.django_db
def test_an_unknown_audit_over_the_api_is_a_404_naming_it(
    client: Client, api_token: Callable[[str], str], personas: object
) -> None:
    response = client.put(
        "/api/v1/quality/audits/99999/answers",
        {"answers": []},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('qa')}"},
    )

    assert (response.status_code, response.json()) == (404, {"detail": "no audit 99999"})


@pytest.mark.django_db
def test_a_bad_query_over_the_api_is_a_400_saying_why(
    client: Client, api_token: Callable[[str], str], personas: object
) -> None:
    response = client.get(
        "/api/v1/quality/scores", {"by": "colour"}, headers={"Authorization": f"Bearer {api_token('qa')}"}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "dimension must be one of agent, team, unit, month, behavior, scorecard, not 'colour'"
    }


@pytest.mark.django_db
def test_a_refused_change_over_the_api_is_a_403_saying_why(
    client: Client, api_token: Callable[[str], str], personas: object
) -> None:
    program = {"code": "p", "name": "P", "weeks": 1, "components": []}
    response = client.post(
        "/api/v1/learning/programs",
        program,
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('agent')}"},
    )

    assert (response.status_code, response.json()) == (403, {"detail": "agent may not define programs"})


def test_the_apps_errors_are_the_core_ones() -> None:
    assert issubclass(QualityNotFound, NotFound)
    assert issubclass(QualityError, ActionRefused)
    assert learning_services.NotAllowed is NotAllowed


# -- the pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_request_on_a_page_is_a_styled_400_with_the_message_escaped(client_as: ClientAs) -> None:
    response = client_as("qa").get("/quality/scores/", {"from": "<script>alert(1)</script>"})

    assert response.status_code == 400
    assert is_error_page(response)
    assert error_message(response) == "from='<script>alert(1)</script>' is not a date (use YYYY-MM-DD)"
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_a_record_not_found_on_a_page_is_a_styled_404_with_the_message(client_as: ClientAs) -> None:
    response = client_as("qa").get("/quality/audits/99999/")

    assert response.status_code == 404
    assert is_error_page(response)
    assert error_message(response) == "No such audit, or not one you may see."


@pytest.mark.django_db
def test_an_unknown_address_is_the_styled_404_page(client_as: ClientAs) -> None:
    response = client_as("qa").get("/no-such-page/")

    assert response.status_code == 404
    assert is_error_page(response)
    assert error_message(response) == ""  # Django's list of URL patterns tried is not shown


@pytest.mark.django_db
def test_a_refusal_on_a_page_is_the_styled_403_with_the_services_reason(client_as: ClientAs) -> None:
    response = client_as("agent").post("/quality/scorecards/new/", {"code": "x", "name": "X", "kind": "audit"})

    assert response.status_code == 403
    assert is_error_page(response)
    assert error_message(response) == "a agent may not build scorecards"


@pytest.mark.django_db
def test_a_refused_htmx_post_is_a_styled_400_with_the_message(client_as: ClientAs) -> None:
    response = client_as("agent").post(
        "/learning/complete/", {"program": "nope", "component": "x"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 400
    assert error_message(response) == "program 'nope' has no component 'x'"


def test_the_500_page_renders_without_a_request() -> None:
    from heartline.core.error_pages import server_error

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
