"""Ideas and their comments have documented lengths: past them a 400 naming the field and nothing
stored; at them accepted (issue 13, docs/limits.md)."""

from __future__ import annotations

import pytest

from heartline.core.bounds import NAME_CHARS, NOTE_CHARS
from heartline.voice.models import Idea, IdeaComment

pytestmark = pytest.mark.django_db


def bearer(api_token, username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_token(username)}"}


def propose(client, api_token, **fields: str):
    body = {"title": "Plain-language bills", "link_kind": "theme", "link_code": "billing_confusion", **fields}
    return client.post("/api/v1/voice/ideas", body, content_type="application/json", headers=bearer(api_token, "agent"))


def test_a_description_past_its_limit_is_a_400_and_no_idea_is_stored(client, personas, api_token) -> None:
    response = propose(client, api_token, description="x" * (NOTE_CHARS + 1))

    assert (response.status_code, response.json()) == (
        400,
        {"detail": "description is 5,001 characters long; at most 5,000 are allowed"},
    )
    assert not Idea.objects.exists()


def test_a_title_and_description_at_their_limits_are_accepted(client, personas, api_token) -> None:
    response = propose(client, api_token, title="t" * NAME_CHARS, description="d" * NOTE_CHARS)

    assert response.status_code == 201
    stored = Idea.objects.get()
    assert (len(stored.title), len(stored.description)) == (NAME_CHARS, NOTE_CHARS)


def test_a_comment_past_its_limit_on_the_page_is_refused_and_not_stored(client_as, client, personas, api_token) -> None:
    reference = propose(client, api_token).json()["reference"]

    response = client_as("coach").post(f"/voice/ideas/{reference}/comment/", {"text": "c" * (NOTE_CHARS + 1)})

    assert response.status_code == 400
    assert "comment is 5,001 characters long; at most 5,000 are allowed" in response.content.decode()
    assert not IdeaComment.objects.exists()


def test_a_comment_at_its_limit_on_the_page_is_stored(client_as, client, personas, api_token) -> None:
    reference = propose(client, api_token).json()["reference"]

    response = client_as("coach").post(f"/voice/ideas/{reference}/comment/", {"text": "c" * NOTE_CHARS})

    assert response.status_code == 302
    assert len(IdeaComment.objects.get().text) == NOTE_CHARS
