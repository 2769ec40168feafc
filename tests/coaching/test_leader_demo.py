"""The demo plan: the VP sees which leaders keep their follow-ups, and a practice shows where it
spread and what changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from heartline.coaching.leader_follow_up import follow_up_view
from heartline.core.scoping import caller_for
from heartline.library.adoption import practice_spread
from heartline.library.models import TranslationGroup
from tests.support.shared_demo import BuiltDemo

AS_OF = dt.date(2026, 11, 10)  # the demo's data end on 31 October


def test_the_vp_sees_who_keeps_their_follow_ups(small_demo: BuiltDemo, db: None) -> None:
    assert small_demo.summary.counts["leader_check_ins"] > 0
    vp = caller_for(get_user_model().objects.get(username="exec"))

    levels = dict(follow_up_view(vp, today=AS_OF).levels)

    assert set(levels) == {"Managers", "Coaches"}
    verdicts = {r.verdict for rows in levels.values() for r in rows}
    assert {"keeps follow-ups", "falls behind"} <= verdicts
    signals = [s for r in levels["Coaches"] for s in r.signals]
    assert signals
    assert any(s.before.n and s.after.n and s.change is not None for s in signals), [
        (s.behavior_code, s.since, s.before.n, s.after.n) for s in signals[:8]
    ]


@pytest.fixture
def demo_warehouse(small_demo: BuiltDemo, settings: Any) -> Iterator[None]:
    """The app's metric runners reading the demo's warehouse."""
    from heartline.core.analytics import warehouse_source

    settings.WAREHOUSE_DIR = small_demo.warehouse.root
    warehouse_source.cache_clear()
    yield
    warehouse_source.cache_clear()


def test_a_practice_shows_where_it_spread_and_what_changed(
    small_demo: BuiltDemo, demo_warehouse: None, db: None
) -> None:
    vp = caller_for(get_user_model().objects.get(username="exec"))
    group = TranslationGroup.objects.get(key="rapid-resolution-consults")

    spread = practice_spread(vp, group, [], today=AS_OF)

    assert spread.headline == "adopted by 4 of 7 units"
    assert all(a.figures is not None and a.figures.before.n > 0 and a.figures.after.n > 0 for a in spread.adoptions)
    callback = TranslationGroup.objects.get(key="callback-instead-of-hold")
    refs = list(callback.articles.first().live.idea_ids)  # type: ignore[union-attr]
    (proposal,) = practice_spread(vp, callback, refs, today=AS_OF).proposals
    assert len(proposal.proposed_to) == 6
