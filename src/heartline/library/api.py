"""`/api/v1/library/`: search the practice library, read an article, answer "Was this helpful?"."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from heartline.core.scoping import caller_of
from heartline.library import selectors, services
from heartline.library.contracts import KINDS, LANGUAGES
from heartline.library.search.index import MAX_DEPTH, SearchFilters

router = Router(tags=["library"])


def _list(value: str, allowed: tuple[str, ...] | None, name: str) -> tuple[str, ...]:
    values = tuple(v.strip() for v in value.split(",") if v.strip())
    bad = [v for v in values if allowed is not None and v not in allowed]
    if bad:
        raise HttpError(400, f"{name}={bad[0]!r} is not one of {', '.join(allowed or ())}")
    return values


class SearchParams(Schema):
    q: str
    kind: str = ""
    language: str = ""
    tag: str = ""
    unit: str = ""
    prefer: str = ""
    limit: int = 10
    offset: int = 0


class HelpfulOut(Schema):
    yes: int
    answered: int
    mine: bool | None


class HitOut(Schema):
    article_id: int
    url: str
    title: str
    title_html: str
    snippet_html: str
    kind: str
    language: str
    matched_language: str
    unit: str
    unit_name: str
    tags: list[str]
    score: float
    helpful: HelpfulOut
    views: int


class SearchOut(Schema):
    query: str
    total: int
    language: str
    suggestion: str | None
    corrections: dict[str, str]
    results: list[HitOut]


@router.get("/search", response=SearchOut, summary="Search the library (BM25, English/Spanish/Chinese)")
def search(request: HttpRequest, params: Query[SearchParams]) -> SearchOut:
    """Practices matching `q`, best first; each shown in `prefer` (or the query's language) when
    translated. `kind`, `language`, `tag`, `unit` filter (comma-separated values: any of them).
    Snippets and titles are HTML with matches in `<mark>`, everything else escaped."""
    if not params.q.strip():
        raise HttpError(400, "q: type something to search for")
    if not 1 <= params.limit <= 50:
        raise HttpError(400, f"limit={params.limit}: must be 1–50")
    if not 0 <= params.offset <= MAX_DEPTH - params.limit:
        raise HttpError(
            400, f"offset={params.offset}: must be 0–{MAX_DEPTH - params.limit} (results go {MAX_DEPTH} deep)"
        )
    if params.prefer and params.prefer not in LANGUAGES:
        raise HttpError(400, f"prefer={params.prefer!r} is not one of {', '.join(LANGUAGES)}")
    filters = SearchFilters(
        kinds=_list(params.kind, KINDS, "kind"),
        languages=_list(params.language, LANGUAGES, "language"),
        tags=_list(params.tag, None, "tag"),
        units=_list(params.unit, None, "unit"),
    )
    page = selectors.search(
        caller_of(request),
        params.q[:200],
        filters,
        prefer=params.prefer or None,
        limit=params.limit,
        offset=params.offset,
    )
    units = selectors.every_unit_name()
    return SearchOut(
        query=page.results.query,
        total=page.results.total,
        language=page.results.language,
        suggestion=page.results.suggestion,
        corrections=page.results.corrections,
        results=[
            HitOut(
                article_id=f.hit.article_id,
                url=f"/library/a/{f.hit.article_id}/",
                title=f.hit.title,
                title_html=f.hit.title_html,
                snippet_html=f.hit.snippet_html,
                kind=f.hit.kind,
                language=f.hit.language,
                matched_language=f.hit.matched_language,
                unit=f.hit.unit,
                unit_name=units.get(f.hit.unit, f.hit.unit),
                tags=list(f.hit.tags),
                score=round(f.hit.score, 4),
                helpful=HelpfulOut(yes=f.tally.yes, answered=f.tally.answered, mine=f.tally.mine),
                views=f.views,
            )
            for f in page.found
        ],
    )


class TranslationOut(Schema):
    article_id: int
    language: str
    title: str
    stale: bool


class ArticleOut(Schema):
    article_id: int
    group: str
    kind: str
    language: str
    title: str
    version: int
    published_at: str
    summary_html: str
    body_html: str
    sections: dict[str, str]
    tags: list[str]
    unit: str
    unit_name: str
    behavior_codes: list[str]
    behavior_names: list[str]
    survey_theme_codes: list[str]
    idea_ids: list[str]
    video_url: str
    stale: bool
    translations: list[TranslationOut]
    helpful: HelpfulOut
    views: int


@router.get("/articles/{article_id}", response=ArticleOut, summary="A published article (counts as a view)")
def article(request: HttpRequest, article_id: int) -> ArticleOut:
    caller = caller_of(request)
    found = selectors.readable_article(article_id)
    if found is None:
        raise HttpError(404, "no such published article")
    services.record_view(found)
    page = selectors.reader_page(caller, found)
    return ArticleOut(
        article_id=found.pk,
        group=found.group.key,
        kind=found.kind,
        language=found.language,
        title=page.version.title,
        version=page.version.number,
        published_at=page.version.published_at.isoformat(),
        summary_html=page.summary_html,
        body_html=page.body_html,
        sections={s.heading: s.html for s in page.sections},
        tags=list(page.version.tags),
        unit=found.unit_code,
        unit_name=page.unit_name,
        behavior_codes=list(page.version.behavior_codes),
        behavior_names=list(page.behavior_names),
        survey_theme_codes=list(page.version.survey_theme_codes),
        idea_ids=list(page.version.idea_ids),
        video_url=page.version.video_url,
        stale=page.stale,
        translations=[
            TranslationOut(article_id=t.article_id, language=t.language, title=t.title, stale=t.stale)
            for t in page.translations
        ],
        helpful=HelpfulOut(yes=page.tally.yes, answered=page.tally.answered, mine=page.tally.mine),
        views=page.views,
    )


class HelpfulIn(Schema):
    helpful: bool


@router.post(
    "/articles/{article_id}/helpful",
    response=HelpfulOut,
    summary="Answer “Was this helpful?” (one answer per person, changeable)",
)
def helpful(request: HttpRequest, article_id: int, answer: HelpfulIn) -> HelpfulOut:
    caller = caller_of(request)
    found = selectors.readable_article(article_id)
    if found is None:
        raise HttpError(404, "no such published article")
    tally = services.vote_helpful(caller, found, answer.helpful)
    return HelpfulOut(yes=tally.yes, answered=tally.answered, mine=tally.mine)
