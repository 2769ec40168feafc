"""Ideas are shown with the names of what prompted them and of the unit that proposed them; the API
keeps the codes and adds the names."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.voice.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def idea(client_as: Callable[[str], Client]) -> Idea:
    client_as("agent").post(
        "/voice/ideas/new/", {"title": "Callback instead of hold", "link_kind": "theme", "link_code": "wait_time"}
    )
    return Idea.objects.get()


def test_the_ideas_page_says_what_prompted_an_idea_in_words(idea: Idea, client_as: Callable[[str], Client]) -> None:
    page = client_as("agent").get("/voice/ideas/").content.decode()
    assert '<td data-testid="idea-link">Theme: Wait time</td>' in page


def test_an_ideas_page_names_the_unit_that_proposed_it(idea: Idea, client_as: Callable[[str], Client]) -> None:
    page = client_as("agent").get(f"/voice/ideas/{idea.reference}/").content.decode()
    assert '(<span data-testid="idea-unit">Commercial inbound</span>)' in page


def test_the_ideas_api_keeps_the_codes_and_adds_the_names(
    idea: Idea, client: Client, api_token: Callable[[str], str]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('agent')}"}
    (found,) = client.get("/api/v1/voice/ideas", **auth).json()
    assert (found["link_code"], found["link_label"]) == ("wait_time", "Theme: Wait time")
    assert (found["unit"], found["unit_name"]) == ("commercial", "Commercial inbound")
