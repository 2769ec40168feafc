"""Every read of the practice library: search, the reader's page, translations, tallies, queues.

Published library articles are not member data: everyone signed in reads every published article
(sharing practices across units is the point). Drafts are read by their owner and by reviewers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum

from heartline.behaviors.selectors import behavior_titles
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import unit_names
from heartline.library import indexing
from heartline.library.contracts import ArticleRef, HelpfulTally
from heartline.library.models import Article, ArticleVersion, Attachment, HelpfulVote, Language, Status, Transition
from heartline.library.rendering import to_html
from heartline.library.search.index import (
    NO_FILTERS,
    Popularity,
    PopularityOf,
    SearchFilters,
    SearchHit,
    SearchResults,
)

LANGUAGE_NAMES = dict(Language.choices)


# -- popularity and tallies -----------------------------------------------------------------------


def popularity_of(group_ids: Sequence[int]) -> dict[int, Popularity]:
    """Helpful answers ("yes") and views of each practice, all translations together."""
    helpful = dict(
        HelpfulVote.objects.filter(group_id__in=group_ids, helpful=True)
        .values("group_id")
        .annotate(n=Count("id"))
        .values_list("group_id", "n")
    )
    views = dict(
        Article.objects.filter(group_id__in=group_ids)
        .values("group_id")
        .annotate(n=Sum("view_count"))
        .values_list("group_id", "n")
    )
    return {gid: Popularity(helpful=helpful.get(gid, 0), views=views.get(gid) or 0) for gid in group_ids}


def tallies(caller: Caller, group_ids: Sequence[int]) -> dict[int, HelpfulTally]:
    """ "Was this helpful?" answers per practice, with the caller's own answer."""
    counts = {
        row["group_id"]: row
        for row in HelpfulVote.objects.filter(group_id__in=group_ids)
        .values("group_id")
        .annotate(yes=Count("id", filter=Q(helpful=True)), answered=Count("id"))
    }
    mine = dict(
        HelpfulVote.objects.filter(group_id__in=group_ids, voter_id=caller.user_id).values_list("group_id", "helpful")
        if caller.user_id is not None
        else []
    )
    return {
        gid: HelpfulTally(
            yes=counts.get(gid, {}).get("yes", 0), answered=counts.get(gid, {}).get("answered", 0), mine=mine.get(gid)
        )
        for gid in group_ids
    }


def tally(caller: Caller, group_id: int) -> HelpfulTally:
    return tallies(caller, [group_id])[group_id]


# -- search ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FoundPractice:
    hit: SearchHit
    tally: HelpfulTally
    views: int

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.hit.language, self.hit.language)

    @property
    def matched_language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.hit.matched_language, self.hit.matched_language)


@dataclass(frozen=True)
class SearchPage:
    results: SearchResults
    found: list[FoundPractice] = field(default_factory=list)


def search(
    caller: Caller,
    query: str,
    filters: SearchFilters = NO_FILTERS,
    *,
    prefer: str | None = None,
    limit: int = 10,
    offset: int = 0,
) -> SearchPage:
    """Practices matching `query`, ranked by BM25 lifted mildly by helpful answers and views."""
    results = search_results(query, filters, prefer=prefer, limit=limit, offset=offset)
    group_ids = [hit.group_id for hit in results.hits]
    counts = tallies(caller, group_ids)
    views = popularity_of(group_ids)
    found = [FoundPractice(hit, counts[hit.group_id], views[hit.group_id].views) for hit in results.hits]
    return SearchPage(results=results, found=found)


def search_results(
    query: str,
    filters: SearchFilters = NO_FILTERS,
    *,
    prefer: str | None = None,
    limit: int = 10,
    offset: int = 0,
    popularity: PopularityOf = popularity_of,
) -> SearchResults:
    """The practices `search` ranks for `query`, without the tallies and views a results page shows: for
    a reader running many searches in one request, with `popularity_kept()` as its `popularity`."""
    return indexing.library_index().search(
        query, filters, prefer=prefer, limit=limit, offset=offset, popularity=popularity
    )


def popularity_kept() -> PopularityOf:
    """`popularity_of` reading each practice once: many searches in one request ask for the same ones."""
    kept: dict[int, Popularity] = {}

    def of(group_ids: Sequence[int]) -> dict[int, Popularity]:
        missing = [gid for gid in group_ids if gid not in kept]
        if missing:
            kept.update(popularity_of(missing))
        return {gid: kept[gid] for gid in group_ids}

    return of


@dataclass(frozen=True)
class ListedArticle:
    article: Article
    tally: HelpfulTally
    views: int


def popular(
    caller: Caller, filters: SearchFilters = NO_FILTERS, prefer: str = "en", limit: int = 12
) -> list[ListedArticle]:
    """The library before anyone types: the most helpful practices (then most read), one
    translation each, in `prefer` where it exists."""
    articles = indexing.readable().select_related("live", "group")
    if filters.kinds:
        articles = articles.filter(kind__in=filters.kinds)
    if filters.units:
        articles = articles.filter(unit_code__in=(*filters.units, ""))  # blank: written for every unit
    by_group: dict[int, list[Article]] = {}
    for article in articles:
        if article.live is None or (filters.tags and not set(filters.tags) & set(article.live.tags)):
            continue
        by_group.setdefault(article.group_id, []).append(article)
    allowed = set(filters.languages)
    chosen: dict[int, Article] = {}
    for gid, group in by_group.items():
        languages = {a.language: a for a in group}
        if allowed and not allowed & set(languages):
            continue
        pick = next((languages[lang] for lang in (*filters.languages, prefer) if lang in languages), group[0])
        chosen[gid] = pick
    pops = popularity_of(list(chosen))
    counts = tallies(caller, list(chosen))
    order = sorted(
        chosen,
        key=lambda gid: (-pops[gid].helpful, -pops[gid].views, chosen[gid].title),
    )
    return [ListedArticle(chosen[gid], counts[gid], pops[gid].views) for gid in order[:limit]]


def tag_choices() -> list[tuple[str, int]]:
    """Tags used by readable articles, with how many articles use each, most used first."""
    counts: dict[str, int] = {}
    for tags in indexing.readable().values_list("live__tags", flat=True):
        for tag in tags or []:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


# -- one article ------------------------------------------------------------------------------------


def readable_article(article_id: int) -> Article | None:
    """A published, not archived article, or None."""
    return indexing.readable().select_related("live", "group", "owner").filter(pk=article_id).first()


def authored_article(caller: Caller, article_id: int) -> Article | None:
    """An article as its owner or a reviewer sees it (any status), or None for anyone else."""
    article = Article.objects.select_related("live", "group", "owner").filter(pk=article_id).first()
    if article is None:
        return None
    if caller.can(Capability.REVIEW_ARTICLES) or (caller.user_id is not None and article.owner_id == caller.user_id):
        return article
    return None


@dataclass(frozen=True)
class Translation:
    article_id: int
    language: str
    language_name: str
    title: str
    is_source: bool
    stale: bool


def attachment_for(caller: Caller, attachment_id: int) -> Attachment | None:
    """A file of a published article (anyone signed in) or of a draft the caller owns or reviews."""
    item = Attachment.objects.select_related("article").filter(pk=attachment_id).first()
    if item is None:
        return None
    if readable_article(item.article_id) is None and authored_article(caller, item.article_id) is None:
        return None
    return item


def translations_of(article: Article) -> list[Translation]:
    """The readable translations of the article's practice (itself included), source first."""
    siblings = list(indexing.readable().filter(group_id=article.group_id).select_related("live", "group"))
    source = next((a for a in siblings if a.language == a.group.source_language), None)
    rows = [
        Translation(
            article_id=a.pk,
            language=a.language,
            language_name=LANGUAGE_NAMES.get(a.language, a.language),
            title=a.live.title if a.live else a.title,
            is_source=a is source,
            stale=_older_than(a, source),
        )
        for a in siblings
    ]
    return sorted(rows, key=lambda t: (not t.is_source, t.language))


def _older_than(article: Article, source: Article | None) -> bool:
    if source is None or article.pk == source.pk or article.live is None or source.live is None:
        return False
    return article.live.published_at < source.live.published_at


def is_stale(article: Article) -> bool:
    """A translation whose published version is older than the source's latest publication."""
    return any(t.stale for t in translations_of(article) if t.article_id == article.pk)


@dataclass(frozen=True)
class StaleTranslation:
    translation: Article
    source: Article


def stale_translations() -> list[StaleTranslation]:
    """Every readable translation older than its source (the authoring page's reminder list)."""
    articles = list(indexing.readable().select_related("live", "group").order_by("group__key", "language"))
    sources = {a.group_id: a for a in articles if a.language == a.group.source_language}
    return [
        StaleTranslation(a, sources[a.group_id])
        for a in articles
        if a.group_id in sources and _older_than(a, sources[a.group_id])
    ]


@dataclass(frozen=True)
class Section:
    heading: str
    html: str


SECTION_LABELS = {
    "problem": {"en": "The problem", "es": "El problema", "zh": "问题"},
    "what_we_tried": {"en": "What we tried", "es": "Lo que probamos", "zh": "我们的尝试"},
    "results": {"en": "Results", "es": "Resultados", "zh": "结果"},
    "how_to_adopt": {"en": "How to adopt it", "es": "Cómo adoptarla", "zh": "如何采用"},
    "transcript": {"en": "Transcript", "es": "Transcripción", "zh": "文字稿"},
}


def sections_of(version: ArticleVersion | Article, language: str) -> list[Section]:
    """The rendered parts of an article after its body, headed in its language."""
    return [
        Section(SECTION_LABELS[name].get(language, SECTION_LABELS[name]["en"]), to_html(getattr(version, name)))
        for name in SECTION_LABELS
        if getattr(version, name).strip()
    ]


@dataclass(frozen=True)
class ReaderPage:
    article: Article
    version: ArticleVersion
    body_html: str
    summary_html: str
    sections: list[Section]
    translations: list[Translation]
    stale: bool
    tally: HelpfulTally
    views: int
    attachments: list[Attachment]
    unit_name: str = ""  # the name of the unit it was written for ("" when written for every unit)
    behavior_names: tuple[str, ...] = ()  # its behaviors' titles, in the order of its behavior codes


def reader_page(caller: Caller, article: Article) -> ReaderPage:
    version = article.live
    if version is None:
        raise ValueError("not published")
    translations = translations_of(article)
    return ReaderPage(
        article=article,
        version=version,
        body_html=to_html(version.body),
        summary_html=to_html(version.summary),
        sections=sections_of(version, article.language),
        translations=translations,
        stale=any(t.stale for t in translations if t.article_id == article.pk),
        tally=tally(caller, article.group_id),
        views=popularity_of([article.group_id])[article.group_id].views,
        attachments=list(article.attachments.all()),
        unit_name=unit_name_of(article.unit_code),
        behavior_names=behavior_names_of(version.behavior_codes, article.unit_code or None),
    )


def unit_name_of(unit_code: str) -> str:
    """The name of the unit an article was written for (its code when no unit has it; "" for none).
    Unit names are no secret: any reader may see whom a practice was written for."""
    if not unit_code:
        return ""
    return every_unit_name().get(unit_code, unit_code)


def every_unit_name() -> dict[str, str]:
    """Unit code → name for every unit (to name the units of many articles with one query)."""
    return unit_names(OPERATOR)


def behavior_names_of(codes: Sequence[str], unit_code: str | None) -> tuple[str, ...]:
    """The titles of these behaviors as worded for the unit (a code with no wording stays a code)."""
    titles = behavior_titles(codes, unit_code) if codes else {}
    return tuple(titles.get(code, code) for code in codes)


# -- authoring and review ---------------------------------------------------------------------------


def authoring_list(caller: Caller) -> list[Article]:
    """The articles the caller may edit: their own, or (reviewers) all; newest change first."""
    articles = Article.objects.select_related("group", "live", "owner").order_by("-updated_at")
    if caller.can(Capability.REVIEW_ARTICLES):
        return list(articles)
    if caller.user_id is None:
        return []
    return list(articles.filter(owner_id=caller.user_id))


def review_queue(caller: Caller) -> list[Article]:
    if not caller.can(Capability.REVIEW_ARTICLES):
        return []
    return list(Article.objects.filter(status=Status.IN_REVIEW).select_related("group", "owner").order_by("updated_at"))


def history_of(article: Article) -> list[Transition]:
    return list(article.history.all()[:50])


def versions_of(article: Article) -> list[ArticleVersion]:
    return list(article.versions.all())


# -- for other apps ---------------------------------------------------------------------------------


def _refs(articles: Sequence[Article]) -> list[ArticleRef]:
    return [
        ArticleRef(a.pk, a.group.key, a.language, a.kind, a.live.title if a.live else a.title, f"/library/a/{a.pk}/")
        for a in articles
    ]


def articles_linked_to(*, behavior: str = "", theme: str = "", idea: str = "") -> list[ArticleRef]:
    """Readable articles that name this behavior code, survey theme code or idea id."""
    found = []
    for article in indexing.readable().select_related("live", "group"):
        version = article.live
        if version is None:
            continue
        if (
            (behavior and behavior in version.behavior_codes)
            or (theme and theme in version.survey_theme_codes)
            or (idea and idea in version.idea_ids)
        ):
            found.append(article)
    return _refs(found)
