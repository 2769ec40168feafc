"""The library's search index in this deployment: where it lives, and what of an article goes in.

The index folder is `HEARTLINE_HOME/library/index` (or `settings.LIBRARY_INDEX_DIR`), so it survives
restarts beside the database. Only what readers may see is indexed: each readable article's *live*
version. `refresh` brings given articles up to date (added, replaced or removed) and `rebuild`
re-creates the index from the database — `heartline library reindex`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.db.models import Q, QuerySet

from heartline.library.models import Article, Status
from heartline.library.rendering import to_plain_text
from heartline.library.search.index import IndexedArticle, LibraryIndex


def index_dir() -> Path:
    configured = getattr(settings, "LIBRARY_INDEX_DIR", None)
    return Path(configured) if configured else Path(settings.HEARTLINE_HOME) / "library" / "index"


@cache
def _open(path: Path) -> LibraryIndex:
    return LibraryIndex(path)


def library_index() -> LibraryIndex:
    """The deployment's index, opened once per process (and per folder, for tests)."""
    return _open(index_dir())


def readable() -> QuerySet[Article]:
    """Articles readers may see: published at least once and not archived."""
    return Article.objects.filter(live__isnull=False).exclude(status=Status.ARCHIVED)


def readable_filter() -> Q:
    return Q(live__isnull=False) & ~Q(status=Status.ARCHIVED)


class ReadableContent(Protocol):
    """What a page shows: an article version, or an author's `ArticleInput`."""

    summary: str
    body: str
    problem: str
    what_we_tried: str
    results: str
    how_to_adopt: str
    transcript: str


def searchable_text(version: ReadableContent) -> str:
    """Everything a reader can read on the page, as plain text, in page order."""
    parts = [
        version.summary,
        version.body,
        version.problem,
        version.what_we_tried,
        version.results,
        version.how_to_adopt,
        version.transcript,
    ]
    return "\n".join(to_plain_text(part) for part in parts if part.strip())


def indexed(article: Article) -> IndexedArticle:
    version = article.live
    if version is None:
        raise ValueError(f"article {article.pk} has no published version to index")
    return IndexedArticle(
        article_id=article.pk,
        group_id=article.group_id,
        language=article.language,
        kind=article.kind,
        title=version.title,
        text=searchable_text(version),
        unit=article.unit_code,
        tags=tuple(str(tag) for tag in version.tags),
    )


def refresh(article_ids: Iterable[int]) -> int:
    """Make the index agree with the database for these articles; returns how many are indexed."""
    ids = sorted(set(article_ids))
    if not ids:
        return 0
    current = list(readable().filter(pk__in=ids).select_related("live"))
    gone = set(ids) - {a.pk for a in current}
    index = library_index()
    if gone:
        index.remove(gone)
    return index.put(indexed(a) for a in current)


def _all_indexed() -> Iterator[IndexedArticle]:
    for article in readable().select_related("live").order_by("pk").iterator(chunk_size=500):
        yield indexed(article)


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    """Re-create the index from every readable article; returns how many were indexed."""
    return library_index().rebuild(_all_indexed(), progress=progress)
