"""Demo step for the library: the practice library of Northbridge's member-services division.

Imports the hand-written articles in `demo/articles/` (how-to guides, team-tested practices, tools,
a short video, stories; English, Spanish and Chinese, a few pages mixing English and Chinese)
through the same import the `heartline ingest articles` command uses, then makes it look lived in:
publication dates spread over the demo's calendar, one source revised after its translations were
made (so the "older than its source" reminder has something to show), and helpful answers and
views from the staff. The named personas never vote, so a person signing in as one casts the
first answer of their own. Finally the search index is rebuilt. Deterministic: the articles are
files, the dates fixed, the votes drawn from the step's own generator.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model

from heartline.core.scoping import OPERATOR
from heartline.demo import blueprint as bp
from heartline.demo.org import PERSONAS
from heartline.demo.steps import DemoContext
from heartline.library import indexing, services
from heartline.library.contracts import ArticleInput
from heartline.library.importing import ArticleFileError, import_file, parse_all
from heartline.library.models import Article, ArticleVersion, HelpfulVote, TranslationGroup

ARTICLES_DIR = Path(__file__).with_name("articles")
FIRST_PUBLISHED = dt.datetime(2025, 9, 1, 14, 0, tzinfo=dt.UTC)
# The source revised after its translations, with what changed.
REVISED_SOURCE = ("medicare-enrollment-periods", "en")
REVISION_NOTE = (
    "\n\n**Part D late enrollment penalty:** 1% of the national base beneficiary premium for each "
    "full month without creditable drug coverage, added to the premium for as long as the member has Part D."
)
REVISED_AT = dt.datetime(2026, 9, 15, 14, 0, tzinfo=dt.UTC)
# How many staff answered "Was this helpful?" per practice, and how many said yes, for the
# practices the division leans on; the others draw smaller counts.
FAVOURITES = {
    "rapid-resolution-consults": (64, 58),
    "one-and-done-checklist": (51, 44),
    "warm-transfer-script": (40, 33),
}


def demo_group_keys() -> set[str]:
    keys = set()
    for parsed in parse_all([ARTICLES_DIR]):
        if isinstance(parsed, ArticleFileError):
            raise parsed
        keys.add(parsed.key)
    return keys


def build_library(ctx: DemoContext) -> None:
    parsed_files = list(parse_all([ARTICLES_DIR]))
    ctx.report(0, len(parsed_files))
    for done, parsed in enumerate(parsed_files, start=1):
        if isinstance(parsed, ArticleFileError):
            raise parsed
        import_file(OPERATOR, parsed)
        ctx.report(done, len(parsed_files))
    _spread_publication_dates()
    _revise_a_source()
    votes = _helpful_answers_and_views(ctx)
    count = indexing.rebuild()
    ctx.counts["library_articles"] = count
    ctx.counts["library_helpful_answers"] = votes
    ctx.report(len(parsed_files), len(parsed_files))


def _spread_publication_dates() -> None:
    """Sources first, translations a few days later; practices one week apart in key order."""
    groups = TranslationGroup.objects.filter(key__in=demo_group_keys()).order_by("key")
    for week, group in enumerate(groups):
        for article in group.articles.select_related("live"):
            lag = 0 if article.language == group.source_language else 3 + len(article.language)
            published = FIRST_PUBLISHED + dt.timedelta(weeks=week, days=lag)
            ArticleVersion.objects.filter(article=article).update(published_at=published)


def _revise_a_source() -> None:
    key, language = REVISED_SOURCE
    article = Article.objects.get(group__key=key, language=language)
    content = ArticleInput(
        title=article.title,
        kind=article.kind,
        language=article.language,
        summary=article.summary,
        body=article.body + REVISION_NOTE,
        tool_type=article.tool_type,
        unit_code=article.unit_code,
        tags=tuple(article.tags),
        behavior_codes=tuple(article.behavior_codes),
        survey_theme_codes=tuple(article.survey_theme_codes),
        idea_ids=tuple(article.idea_ids),
    )
    services.update_article(OPERATOR, article, content, note="added the Part D late enrollment penalty")
    services.submit_for_review(OPERATOR, article)
    services.publish(OPERATOR, article, note="Part D penalty added", at=REVISED_AT)


def _helpful_answers_and_views(ctx: DemoContext) -> int:
    rng = ctx.rng("library")
    voters = list(
        get_user_model()
        .objects.filter(employee__division__code=bp.DIVISION_CODE)
        .exclude(username__in=list(PERSONAS))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    votes = []
    for group in TranslationGroup.objects.filter(key__in=demo_group_keys()).order_by("key"):
        articles = list(group.articles.order_by("language"))
        answered, yes = FAVOURITES.get(group.key, (int(rng.integers(3, 30)), -1))
        answered = min(answered, len(voters))
        if yes < 0:
            yes = int(rng.binomial(answered, 0.75))
        chosen = rng.choice(len(voters), size=answered, replace=False)
        for i, voter_index in enumerate(sorted(int(c) for c in chosen)):
            article = articles[int(rng.integers(len(articles)))]
            votes.append(HelpfulVote(group=group, voter_id=voters[voter_index], article=article, helpful=i < yes))
        weight = answered * 12
        for article in articles:
            share = 0.6 if article.language == group.source_language else 0.25
            Article.objects.filter(pk=article.pk).update(view_count=int(rng.poisson(weight * share)) + 5)
    HelpfulVote.objects.bulk_create(votes)
    return len(votes)


def wipe_library(ctx: DemoContext) -> None:
    """Remove the demo's articles (their versions, history, votes and files) and their index entries."""
    groups = TranslationGroup.objects.filter(key__in=demo_group_keys())
    article_ids = list(Article.objects.filter(group__in=groups).values_list("pk", flat=True))
    for article in Article.objects.filter(group__in=groups).prefetch_related("attachments"):
        for attachment in article.attachments.all():
            attachment.file.delete(save=False)
    groups.delete()
    if article_ids:
        indexing.library_index().remove(article_ids)
