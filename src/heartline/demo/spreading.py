"""Demo step `practice-spread`: practices spreading across units.

The rapid-resolution consults practice targets one and done and was adopted by four of the seven
units, a month apart, each at one of its sites; the callback practice carries the idea the commercial
unit adopted ("Offer a callback when the hold passes five minutes"), so it is proposed to the other
units. The figures before and after come from the demo's contacts when the page is read.
"""

from __future__ import annotations

import datetime as dt

from heartline.demo import blueprint as bp
from heartline.demo.steps import DemoContext
from heartline.library.models import Article, ArticleVersion, PracticeAdoption, TranslationGroup
from heartline.voice.models import Idea

SPREAD_PRACTICE = "rapid-resolution-consults"
SPREAD_METRIC = "one-and-done"
# (unit, site, adopted on): the practice started in commercial inbound and spread a month at a time.
ADOPTIONS = (
    ("commercial-inbound", "Oakland", dt.date(2026, 3, 2)),
    ("medicare", "Sacramento", dt.date(2026, 4, 6)),
    ("medicaid", "Fresno", dt.date(2026, 5, 4)),
    ("pharmacy", "Oakland", dt.date(2026, 6, 1)),
)
IDEA_PRACTICE = "callback-instead-of-hold"
IDEA_TITLE = "Offer a callback when the hold passes five minutes"


def build_practice_spread(ctx: DemoContext) -> None:
    units = [u.code for u in bp.UNITS]
    group = TranslationGroup.objects.filter(key=SPREAD_PRACTICE).first()
    if group is not None:
        group.target_metric = SPREAD_METRIC
        group.save(update_fields=["target_metric"])
        PracticeAdoption.objects.bulk_create(
            PracticeAdoption(group=group, unit_code=unit, site=site, adopted_on=on, recorded_by_name="demo")
            for unit, site, on in ADOPTIONS
            if unit in units
        )
    idea = Idea.objects.filter(division_code=bp.DIVISION_CODE, title=IDEA_TITLE).first()
    callback = TranslationGroup.objects.filter(key=IDEA_PRACTICE).first()
    if idea is not None and idea.reference and callback is not None:
        articles = Article.objects.filter(group=callback)
        for article in articles:
            article.idea_ids = sorted({*article.idea_ids, idea.reference})
        Article.objects.bulk_update(articles, ["idea_ids"])
        versions = list(ArticleVersion.objects.filter(article__group=callback))
        for version in versions:
            version.idea_ids = sorted({*version.idea_ids, idea.reference})
        ArticleVersion.objects.bulk_update(versions, ["idea_ids"])
        first = next((u for u in units if u == idea.unit_code), None)
        if first is not None:
            PracticeAdoption.objects.create(
                group=callback, unit_code=first, site="Oakland", adopted_on=dt.date(2026, 2, 2), recorded_by_name="demo"
            )
    ctx.counts["practice_adoptions"] = PracticeAdoption.objects.count()


def wipe_practice_spread(ctx: DemoContext) -> None:
    PracticeAdoption.objects.filter(unit_code__in=[u.code for u in bp.UNITS]).delete()
