"""Out-of-range days and page numbers in a page's or the API's query string are a 400 naming the field
and its range, never a 500 (issue 13, fault 2). Found by hand on the pages that parse their own query
strings, and on the access log API, which the schema-driven fuzzing did not reach with such values."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.members.factories import compliance_officer
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "is out of range (1900-01-01 … 9000-12-31)"


@pytest.fixture
def compliance(personas: Personas, client: Client) -> Client:
    """The test client signed in as a compliance officer."""
    client.force_login(compliance_officer(personas).user)
    return client


@pytest.mark.parametrize(
    ("path", "query", "field"),
    [
        ("/workforce/events/", {"from": "9999-12-31"}, "from"),
        ("/workforce/events/", {"to": "9999-12-31"}, "to"),
        ("/workforce/intraday/", {"day": "9999-12-31"}, "day"),
        ("/workforce/scenario/", {"scenario_from": "9999-12-31"}, "scenario_from"),
        ("/workforce/scenario/", {"scenario_to": "0001-01-01"}, "scenario_to"),
    ],
)
def test_a_workforce_page_refuses_a_day_out_of_range_with_a_400(
    client_as: Callable[[str], Client], path: str, query: dict[str, str], field: str
) -> None:
    page = client_as("exec").get(path, query)

    assert page.status_code == 400
    assert f"{field}={query[field]} {OUT_OF_RANGE}" in page.content.decode()


def test_the_access_log_page_refuses_an_end_day_out_of_range_with_a_400(compliance: Client) -> None:
    page = compliance.get("/compliance/access-log/", {"until": "9999-12-31"})

    assert page.status_code == 400
    assert f"until=9999-12-31 {OUT_OF_RANGE}" in page.content.decode()


def test_the_access_log_page_refuses_a_page_number_past_the_last_possible_one(compliance: Client) -> None:
    page = compliance.get("/compliance/access-log/", {"page": str(2**63)})

    assert page.status_code == 400
    assert f"page must be between 1 and 1000000000, not {2**63}" in page.content.decode()


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"until": "9999-12-31"}, f"until=9999-12-31 {OUT_OF_RANGE}"),
        ({"since": "0001-01-01"}, f"since=0001-01-01 {OUT_OF_RANGE}"),
        ({"page": str(2**63)}, f"page must be between 1 and 1000000000, not {2**63}"),
        (
            {"page": "264725518800653536982252650496"},
            "page must be between 1 and 1000000000, not 264725518800653536982252650496",
        ),
    ],
)
def test_the_access_log_api_refuses_out_of_range_values_with_a_400(
    client: Client, compliance: Client, api_token: Callable[[str], str], query: dict[str, str], detail: str
) -> None:
    answer = client.get("/api/v1/access-log", query, headers={"Authorization": f"Bearer {api_token('compliance')}"})

    assert (answer.status_code, answer.json()) == (400, {"detail": detail})


def test_the_last_page_number_allowed_answers_an_empty_page(
    client: Client, compliance: Client, api_token: Callable[[str], str]
) -> None:
    answer = client.get(
        "/api/v1/access-log",
        {"page": "1000000000", "per_page": "1000"},
        headers={"Authorization": f"Bearer {api_token('compliance')}"},
    )

    assert (answer.status_code, answer.json()) == (200, [])
