"""Authoring, review, versions, translations, votes and views, and the index following publication."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from heartline.core.contracts import Caller
from heartline.library import indexing, selectors, services
from heartline.library.models import Article, Status
from tests.library.conftest import practice

pytestmark = pytest.mark.django_db


def test_a_published_practice_is_searchable_at_once(publish: Callable[..., Article]) -> None:
    article = publish(practice())
    hits = indexing.library_index().search("handoffs fell").hits
    assert [h.article_id for h in hits] == [article.pk]


def test_the_workflow_is_recorded_step_by_step(publish: Callable[..., Article]) -> None:
    article = publish(practice())
    steps = [(t.action, t.from_status, t.to_status, t.actor_name) for t in reversed(selectors.history_of(article))]
    assert steps == [
        ("created", "", "draft", "trainer"),
        ("submitted", "draft", "in_review", "trainer"),
        ("published", "in_review", "published", "manager"),
    ]


def test_an_agent_may_not_write_articles(caller_of_persona: Callable[[str], Caller]) -> None:
    with pytest.raises(services.NotAllowed):
        services.create_article(caller_of_persona("agent"), practice())


def test_a_coach_writes_but_may_not_publish(caller_of_persona: Callable[[str], Caller]) -> None:
    coach = caller_of_persona("coach")
    article = services.create_article(coach, practice())
    services.submit_for_review(coach, article)
    with pytest.raises(services.NotAllowed):
        services.publish(coach, article)


def test_a_manager_does_not_publish_their_own_article(caller_of_persona: Callable[[str], Caller]) -> None:
    manager = caller_of_persona("manager")
    article = services.create_article(manager, practice())
    services.submit_for_review(manager, article)
    with pytest.raises(services.NotAllowed, match="another reviewer"):
        services.publish(manager, article)


def test_an_incomplete_practice_cannot_go_to_review(trainer: Caller) -> None:
    article = services.create_article(trainer, practice(results=""))
    with pytest.raises(services.LibraryError, match="results: a team-tested practice says the results"):
        services.submit_for_review(trainer, article)


def test_a_video_needs_its_transcript(trainer: Caller) -> None:
    video = practice(kind="video", video_url="https://videos.example.org/warm-transfer", transcript="")
    article = services.create_article(trainer, video)
    with pytest.raises(services.LibraryError, match="transcript"):
        services.submit_for_review(trainer, article)


def test_editing_a_published_article_keeps_the_published_version_online(
    publish: Callable[..., Article],
    trainer: Caller,
    caller_of_persona: Callable[[str], Caller],
    django_capture_on_commit_callbacks: Any,
) -> None:
    article = publish(practice())
    services.update_article(trainer, article, practice(title="Rapid-resolution consults, revised"))
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert selectors.readable_article(article.pk) is not None
    assert article.live is not None
    assert article.live.title == "Rapid-resolution consults keep the member on the line"

    services.submit_for_review(trainer, article)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(caller_of_persona("manager"), article)
    assert [v.number for v in selectors.versions_of(article)] == [2, 1]
    assert [v.title for v in selectors.versions_of(article)][
        1
    ] == "Rapid-resolution consults keep the member on the line"
    assert indexing.library_index().search("revised").hits[0].title == "Rapid-resolution consults, revised"


def test_publishing_unchanged_content_makes_no_new_version(
    publish: Callable[..., Article], trainer: Caller, caller_of_persona: Callable[[str], Caller]
) -> None:
    article = publish(practice())
    services.update_article(trainer, article, practice())
    services.submit_for_review(trainer, article)
    services.publish(caller_of_persona("manager"), article)
    assert [v.number for v in selectors.versions_of(article)] == [1]


def test_archiving_takes_the_article_out_of_search(
    publish: Callable[..., Article], caller_of_persona: Callable[[str], Caller], django_capture_on_commit_callbacks: Any
) -> None:
    article = publish(practice())
    with django_capture_on_commit_callbacks(execute=True):
        services.archive(caller_of_persona("manager"), article)
    assert indexing.library_index().search("handoffs").hits == []
    assert selectors.readable_article(article.pk) is None


def test_a_translation_older_than_its_source_is_flagged(
    publish: Callable[..., Article], trainer: Caller, caller_of_persona: Callable[[str], Caller]
) -> None:
    source = publish(practice())
    translation = publish(practice("zh", title="快速解决小组"), group_key=source.group.key)
    assert selectors.is_stale(translation) is False

    services.update_article(
        trainer, source, practice(results="Handoffs fell 60%; processing time fell from 26 days to 3.")
    )
    services.submit_for_review(trainer, source)
    services.publish(caller_of_persona("manager"), source, at=translation.live.published_at + dt.timedelta(days=1))  # type: ignore[union-attr]
    assert selectors.is_stale(translation) is True
    assert [(s.translation.pk, s.source.pk) for s in selectors.stale_translations()] == [(translation.pk, source.pk)]


def test_one_helpful_answer_per_person_for_all_translations_and_it_can_change(
    publish: Callable[..., Article], caller_of_persona: Callable[[str], Caller]
) -> None:
    english = publish(practice())
    chinese = publish(practice("zh", title="快速解决小组"), group_key=english.group.key)
    agent, coach = caller_of_persona("agent"), caller_of_persona("coach")
    services.vote_helpful(agent, english, True)
    services.vote_helpful(coach, chinese, True)
    tally = services.vote_helpful(agent, chinese, False)
    assert (tally.yes, tally.answered, tally.mine) == (1, 2, False)


def test_views_are_counted_per_practice(publish: Callable[..., Article]) -> None:
    english = publish(practice())
    chinese = publish(practice("zh", title="快速解决小组"), group_key=english.group.key)
    services.record_view(english)
    services.record_view(chinese)
    services.record_view(chinese)
    assert selectors.popularity_of([english.group_id])[english.group_id].views == 3


def test_a_second_article_in_the_same_language_is_refused(publish: Callable[..., Article], trainer: Caller) -> None:
    english = publish(practice())
    with pytest.raises(services.LibraryError, match="already has a en article"):
        services.create_article(trainer, practice(title="Another"), group_key=english.group.key)


def test_attachments_of_identical_content_are_stored_once(
    publish: Callable[..., Article], trainer: Caller, caller_of_persona: Callable[[str], Caller]
) -> None:
    article = publish(practice(kind="tool", tool_type="checklist", body="- [ ] verify identity"))
    manager = caller_of_persona("manager")
    first = services.add_attachment(manager, article, "Checklist", b"- [ ] verify identity\n", "checklist.md")
    again = services.add_attachment(manager, article, "Checklist", b"- [ ] verify identity\n", "checklist.md")
    assert first.pk == again.pk
    assert first.file.read() == b"- [ ] verify identity\n"


def test_links_to_behaviors_themes_and_ideas_are_kept_as_codes(publish: Callable[..., Article]) -> None:
    article = publish(
        practice(behavior_codes=("own-the-outcome",), survey_theme_codes=("transfers",), idea_ids=("IDEA-17",))
    )
    assert [r.article_id for r in selectors.articles_linked_to(behavior="own-the-outcome")] == [article.pk]
    assert [r.article_id for r in selectors.articles_linked_to(idea="IDEA-17")] == [article.pk]
    assert selectors.articles_linked_to(theme="billing") == []
