"""The library pages (HTMX) and `/api/v1/library/`: search, read, answer "Was this helpful?"."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest
from django.test import Client

from heartline.library.models import Article
from tests.library.conftest import practice

if TYPE_CHECKING:
    from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(publish: Callable[..., Article]) -> tuple[Article, Article]:
    english = publish(practice())
    chinese = publish(
        practice("zh", title="快速解决小组：会员不用转接", problem="会员被转接两三次。", results="转接减少了60%。"),
        group_key=english.group.key,
    )
    return english, chinese


def test_searching_as_you_type_returns_the_results_part_only(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    response = client_as("agent").get("/library/", {"q": "会员转接"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'data-article="{practices[1].pk}"' in html
    assert "<mark>转接</mark>" in html


def test_the_library_page_keeps_filters_in_the_url(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    html = client_as("agent").get("/library/", {"q": "handoffs", "kind": "practice"}).content.decode()
    assert '<option value="practice" selected>' in html
    assert f'data-article="{practices[0].pk}"' in html


def test_an_empty_library_says_so(client_as: Callable[[str], Client]) -> None:
    assert "The library is empty" in client_as("agent").get("/library/").content.decode()


def test_answering_helpful_updates_the_count_in_place(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    client = client_as("agent")
    article_page = client.get(f"/library/a/{practices[0].pk}/").content.decode()
    assert "Be the first to answer" in article_page
    response = client.post(f"/library/a/{practices[0].pk}/helpful", {"helpful": "yes"}, HTTP_HX_REQUEST="true")
    assert 'data-yes="1" data-answered="1"' in response.content.decode()
    assert "1 of 1 person found this helpful" in response.content.decode()


def test_the_article_page_offers_its_translations_and_counts_the_view(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    html = client_as("agent").get(f"/library/a/{practices[0].pk}/").content.decode()
    assert f'href="/library/a/{practices[1].pk}/" lang="zh"' in html
    practices[0].refresh_from_db()
    assert practices[0].view_count == 1


def test_agents_do_not_see_authoring_pages(client_as: Callable[[str], Client]) -> None:
    assert client_as("agent").get("/library/write/").status_code == 403


def test_a_draft_is_not_readable_by_others(client_as: Callable[[str], Client], trainer: object) -> None:
    from heartline.library import services

    draft = services.create_article(trainer, practice())  # type: ignore[arg-type]
    assert client_as("agent").get(f"/library/a/{draft.pk}/").status_code == 404
    assert client_as("coach").get(f"/library/write/{draft.pk}/").status_code == 404


def test_a_reviewer_publishes_from_the_edit_page(
    client_as: Callable[[str], Client], trainer: object, django_capture_on_commit_callbacks: object
) -> None:
    from heartline.library import services

    draft = services.create_article(trainer, practice())  # type: ignore[arg-type]
    services.submit_for_review(trainer, draft)  # type: ignore[arg-type]
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client_as("manager").post(f"/library/write/{draft.pk}/publish")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    assert draft.live is not None


def test_api_search_answers_in_the_language_asked_for(
    client: Client, api_token: Callable[[str], str], practices: tuple[Article, Article]
) -> None:
    token = api_token("agent")
    response = client.get(
        "/api/v1/library/search", {"q": "handoffs", "prefer": "zh"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    body = response.json()
    assert response.status_code == 200
    assert [(r["article_id"], r["language"], r["matched_language"]) for r in body["results"]] == [
        (practices[1].pk, "zh", "en")
    ]
    assert body["results"][0]["helpful"] == {"yes": 0, "answered": 0, "mine": None}


def test_api_search_refuses_an_unknown_kind(client: Client, api_token: Callable[[str], str]) -> None:
    token = api_token("agent")
    response = client.get("/api/v1/library/search", {"q": "x", "kind": "memo"}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400


def test_api_helpful_is_one_answer_per_person(
    client: Client, api_token: Callable[[str], str], practices: tuple[Article, Article]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('agent')}"}
    url = f"/api/v1/library/articles/{practices[0].pk}/helpful"
    client.post(url, json.dumps({"helpful": True}), content_type="application/json", **auth)
    body = client.post(url, json.dumps({"helpful": False}), content_type="application/json", **auth).json()
    assert body == {"yes": 0, "answered": 1, "mine": False}


def test_api_article_shows_the_live_version(
    client: Client, api_token: Callable[[str], str], practices: tuple[Article, Article]
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('agent')}"}
    body = client.get(f"/api/v1/library/articles/{practices[0].pk}", **auth).json()
    assert (body["version"], body["title"], body["stale"]) == (
        1,
        "Rapid-resolution consults keep the member on the line",
        False,
    )
    assert [t["language"] for t in body["translations"]] == ["en", "zh"]


def test_the_helpful_buttons_need_the_csrf_token(personas: Personas, practices: tuple[Article, Article]) -> None:
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(personas.by_username("agent").user)
    url = f"/library/a/{practices[0].pk}/helpful"
    assert guarded.post(url, {"helpful": "yes"}, HTTP_HX_REQUEST="true").status_code == 403
    page = guarded.get(f"/library/a/{practices[0].pk}/").content.decode()
    assert 'name="csrfmiddlewaretoken"' in page  # the form carries it, so hx-post sends it
    token = guarded.cookies["csrftoken"].value
    answered = guarded.post(url, {"helpful": "yes", "csrfmiddlewaretoken": token}, HTTP_HX_REQUEST="true")
    assert 'data-yes="1" data-answered="1"' in answered.content.decode()


def test_an_agent_may_not_publish_from_the_page(client_as: Callable[[str], Client], trainer: object) -> None:
    from heartline.library import services

    draft = services.create_article(trainer, practice())  # type: ignore[arg-type]
    services.submit_for_review(trainer, draft)  # type: ignore[arg-type]
    assert client_as("agent").post(f"/library/write/{draft.pk}/publish").status_code == 404
    draft.refresh_from_db()
    assert (draft.status, draft.live_id) == ("in_review", None)


def test_a_trainers_failed_publish_is_shown_on_the_edit_page(client: Client, trainer: object) -> None:
    from django.contrib.auth import get_user_model

    from heartline.library import services

    draft = services.create_article(trainer, practice())  # type: ignore[arg-type]
    services.submit_for_review(trainer, draft)  # type: ignore[arg-type]
    client.force_login(get_user_model().objects.get(pk=trainer.user_id))  # type: ignore[attr-defined]
    page = client.post(f"/library/write/{draft.pk}/publish", follow=True).content.decode()
    assert "only managers and admins publish library articles" in page


def test_the_edit_page_shows_no_error_text_from_the_address(
    client_as: Callable[[str], Client], trainer: object
) -> None:
    from heartline.library import services

    draft = services.create_article(trainer, practice())  # type: ignore[arg-type]
    page = client_as("manager").get(
        f"/library/write/{draft.pk}/", {"error": "Session expired: sign in at evil.example"}
    )
    assert "evil.example" not in page.content.decode()


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "-1", "0"])
def test_an_odd_page_number_shows_the_first_page(
    client_as: Callable[[str], Client], practices: tuple[Article, Article], page: str
) -> None:
    response = client_as("agent").get("/library/", {"q": "handoffs", "page": page})
    assert response.status_code == 200
    assert f'data-article="{practices[0].pk}"' in response.content.decode()


def test_api_search_refuses_an_offset_past_the_deepest_page(client: Client, api_token: Callable[[str], str]) -> None:
    token = api_token("agent")
    response = client.get("/api/v1/library/search", {"q": "x", "offset": 10**10}, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 400
    assert response.json()["detail"] == "offset=10000000000: must be 0–990 (results go 1000 deep)"


def test_the_most_helpful_list_for_a_unit_keeps_articles_for_every_unit(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    html = client_as("agent").get("/library/", {"unit": "medicare"}).content.decode()
    assert f'href="/library/a/{practices[0].pk}/"' in html


def test_posting_to_an_article_page_is_refused_and_counts_no_reading(
    client_as: Callable[[str], Client], practices: tuple[Article, Article]
) -> None:
    response = client_as("agent").post(f"/library/a/{practices[0].pk}/")

    practices[0].refresh_from_db()
    assert (response.status_code, practices[0].view_count) == (405, 0)


@pytest.fixture
def practice_for_a_unit(publish: Callable[..., Article]) -> Article:
    from tests.quality.world import build_behaviors

    build_behaviors()
    return publish(practice(unit_code="commercial", behavior_codes=("own-the-outcome", "listen-fully")))


def test_the_article_page_names_its_unit_and_behaviors(
    client_as: Callable[[str], Client], practice_for_a_unit: Article
) -> None:
    html = client_as("agent").get(f"/library/a/{practice_for_a_unit.pk}/").content.decode()
    assert '<span data-testid="article-unit">for Commercial inbound</span>' in html
    assert '<dd data-testid="article-behaviors">Own the outcome; Listen fully before answering</dd>' in html


def test_api_article_keeps_the_codes_and_adds_the_names(
    client: Client, api_token: Callable[[str], str], practice_for_a_unit: Article
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('agent')}"}
    body = client.get(f"/api/v1/library/articles/{practice_for_a_unit.pk}", **auth).json()
    assert (body["unit"], body["unit_name"]) == ("commercial", "Commercial inbound")
    assert body["behavior_codes"] == ["own-the-outcome", "listen-fully"]
    assert body["behavior_names"] == ["Own the outcome", "Listen fully before answering"]


def test_api_search_names_the_unit_beside_its_code(
    client: Client, api_token: Callable[[str], str], practice_for_a_unit: Article
) -> None:
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token('agent')}"}
    hit = client.get("/api/v1/library/search", {"q": "consults"}, **auth).json()["results"][0]
    assert (hit["unit"], hit["unit_name"]) == ("commercial", "Commercial inbound")
