"""Library fixtures: an index folder of each test's own, a trainer who writes, articles to search."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from heartline.core.contracts import Caller
    from heartline.library.contracts import ArticleInput
    from heartline.library.models import Article
    from tests.support.personas import Personas


@pytest.fixture(autouse=True)
def library_index_dir(tmp_path: Path, settings: Any) -> Path:
    """Every test gets an empty index folder of its own (never HEARTLINE_HOME's)."""
    folder = tmp_path / "library-index"
    settings.LIBRARY_INDEX_DIR = folder
    return folder


@pytest.fixture
def trainer(personas: Personas) -> Caller:
    from heartline.core.models import Role
    from heartline.core.scoping import caller_for
    from tests.support.personas import make_employee

    employee = make_employee("trainer", Role.TRAINER, personas.org.division, unit=personas.org.commercial)
    return caller_for(employee.user)


@pytest.fixture
def caller_of_persona(personas: Personas) -> Callable[[str], Caller]:
    from heartline.core.scoping import caller_for

    return lambda username: caller_for(personas.by_username(username).user)


@pytest.fixture
def publish(
    trainer: Caller, caller_of_persona: Callable[[str], Caller], django_capture_on_commit_callbacks: Any
) -> Callable[..., Article]:
    """`publish(ArticleInput, group_key=…)`: written by the trainer, published by the manager, indexed."""

    from heartline.library import services

    def write_and_publish(content: ArticleInput, group_key: str | None = None) -> Article:
        manager = caller_of_persona("manager")
        with django_capture_on_commit_callbacks(execute=True):
            article = services.create_article(trainer, content, group_key=group_key)
            services.submit_for_review(trainer, article)
            services.publish(manager, article)
        article.refresh_from_db()
        return article

    return write_and_publish


def practice(language: str = "en", **changes: Any) -> ArticleInput:
    """A complete team-tested practice in `language` (English text unless changed)."""
    fields: dict[str, Any] = {
        "title": "Rapid-resolution consults keep the member on the line",
        "kind": "practice",
        "language": language,
        "summary": "Representatives consult a specialist by chat while the member stays on the call.",
        "problem": "Members were transferred two or three times for pharmacy and claims questions.",
        "what_we_tried": "A rapid-resolution team answers representatives within two minutes.",
        "results": "Of 5,400 calls, more than 5,000 were resolved in one interaction; handoffs fell 60%.",
        "how_to_adopt": "Staff a specialist chat channel during peak hours; track consult outcomes.",
        "tags": ("one-and-done",),
    }
    fields.update(changes)
    from heartline.library.contracts import ArticleInput

    return ArticleInput(**fields)
