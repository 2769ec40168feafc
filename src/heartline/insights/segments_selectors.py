"""Reading segments: each with its live count (n of the population, as of the latest day) and its
latest saved membership version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from heartline.core.analytics import remember, warehouse_source
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.insights.features import NoHistory, data_window, member_features
from heartline.insights.models import Segment
from heartline.insights.segments import matching, parse_rule
from heartline.members.cohort_selectors import member_profiles


def latest_day() -> dt.date:
    """The day after the last contact the warehouse holds: features 'as of now' read everything."""
    return data_window(warehouse_source())[1] + dt.timedelta(days=1)


def latest_features() -> tuple[dt.date, pd.DataFrame]:
    """Every member's features as of the latest day (kept while no warehouse table changes)."""
    as_of = latest_day()
    profiles = member_profiles()
    key = ("insights-features", as_of, len(profiles), sum(len(p.coverage) for p in profiles))
    return as_of, remember(key, lambda: member_features(warehouse_source(), profiles, as_of))


@dataclass(frozen=True)
class SegmentSummary:
    segment_id: int
    name: str
    kind: str
    description: str
    live_n: int | None  # members matching now (rule segments); None for discovered ones
    population: int
    as_of: dt.date | None  # None: the warehouse holds no contacts yet
    version: int | None
    version_size: int | None
    version_as_of: dt.date | None


def segment_summaries(caller: Caller) -> list[SegmentSummary]:
    """The current segments (retired discovered ones left out), rule segments counted live."""
    require(caller, Capability.ANALYZE_INSIGHTS, "see segments")
    try:
        as_of, features = latest_features()
    except NoHistory:
        as_of, features = None, None
    found = []
    for segment in Segment.objects.filter(retired=False).prefetch_related("versions"):
        version = max(segment.versions.all(), key=lambda v: v.number, default=None)
        live = None
        if segment.kind == Segment.Kind.RULE and features is not None:
            live = len(matching(parse_rule(segment.rule), features))
        found.append(
            SegmentSummary(
                segment_id=segment.pk,
                name=segment.name,
                kind=segment.kind,
                description=segment.description,
                live_n=live,
                population=0 if features is None else len(features),
                as_of=as_of,
                version=version.number if version else None,
                version_size=version.size if version else None,
                version_as_of=version.as_of if version else None,
            )
        )
    return found
