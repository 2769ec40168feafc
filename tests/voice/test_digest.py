"""The weekly digest: only for units the reader may see, and a page and PDF even before any response."""

from __future__ import annotations

import pytest


@pytest.mark.usefixtures("survey_responses")
@pytest.mark.parametrize("path", ["/voice/digest/nowhere/", "/voice/digest/nowhere.pdf"])
def test_the_digest_of_a_unit_that_does_not_exist_is_not_found(client_as, path: str) -> None:
    assert client_as("agent").get(path).status_code == 404


@pytest.mark.usefixtures("survey_responses")
def test_the_digest_of_another_unit_is_not_found_for_an_agent(client_as) -> None:
    assert client_as("agent").get("/voice/digest/medicare/").status_code == 404


@pytest.mark.usefixtures("app_warehouse")
def test_the_digest_pdf_before_any_response_says_so(client_as) -> None:
    response = client_as("agent").get("/voice/digest/commercial.pdf")
    assert response.status_code == 200
    assert response.content[:5] == b"%PDF-"


@pytest.mark.usefixtures("app_warehouse")
def test_the_digest_page_before_any_response_says_so(client_as) -> None:
    page = client_as("agent").get("/voice/digest/commercial/").content.decode()
    assert 'data-testid="empty-state"' in page
