"""Background work of the library, run by `heartline worker`: catching the search index up."""

from __future__ import annotations

from django_tasks import task

from heartline.library import indexing


@task()
def refresh_search_index(article_ids: list[int]) -> int:
    """Bring these articles' index entries up to date (a publication the web request could not index)."""
    return indexing.refresh(article_ids)
