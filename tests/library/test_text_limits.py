"""Article fields and review notes have documented lengths: past them refused naming the field,
nothing changed; at them accepted (issue 13, docs/limits.md)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from heartline.core.bounds import DOCUMENT_CHARS, NOTE_CHARS
from heartline.core.contracts import Caller
from heartline.library import services
from heartline.library.models import Article, Status
from tests.library.conftest import practice

pytestmark = pytest.mark.django_db


def test_a_body_past_its_limit_is_refused_and_no_article_is_stored(trainer: Caller) -> None:
    with pytest.raises(services.LibraryError) as refused:
        services.create_article(trainer, practice(kind="how_to", body="b" * (DOCUMENT_CHARS + 1)))

    assert str(refused.value) == "body is 100,001 characters long; at most 100,000 are allowed"
    assert not Article.objects.exists()


def test_a_body_at_its_limit_is_stored(trainer: Caller) -> None:
    article = services.create_article(trainer, practice(kind="how_to", body="b" * DOCUMENT_CHARS))

    assert len(article.body) == DOCUMENT_CHARS


def test_a_review_note_past_its_limit_leaves_the_article_in_review(
    trainer: Caller, caller_of_persona: Callable[[str], Caller]
) -> None:
    article = services.create_article(trainer, practice())
    services.submit_for_review(trainer, article)

    with pytest.raises(services.LibraryError, match="note is 5,001 characters long; at most 5,000 are allowed"):
        services.request_changes(caller_of_persona("manager"), article, "n" * (NOTE_CHARS + 1))

    assert Article.objects.get(pk=article.pk).status == Status.IN_REVIEW
