"""Saving segments and their versioned membership: the one write path for Segment rows."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.insights.models import Segment, SegmentMember, SegmentVersion
from heartline.insights.segments import RuleError, discover, matching, parse_rule, rule_words
from heartline.insights.segments_selectors import latest_features

NAME_LENGTH = 120


def _record_version(segment: Segment, member_ids: list[str], as_of: dt.date, population: int) -> SegmentVersion:
    number = (segment.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = SegmentVersion.objects.create(
        segment=segment,
        number=number,
        as_of=as_of,
        computed_at=clock.now(),
        size=len(member_ids),
        population=population,
    )
    SegmentMember.objects.bulk_create(
        (SegmentMember(version=version, member_id=m) for m in sorted(member_ids)), batch_size=2000
    )
    return version


def save_rule_segment(caller: Caller, name: str, rule: object, description: str = "") -> Segment:
    """Save a rule segment and its first membership version (members matching it as of the latest day)."""
    require(caller, Capability.DEFINE_SEGMENTS, "define segments")
    conditions = parse_rule(rule)
    as_of, features = latest_features()
    members = list(matching(conditions, features))
    return record_rule_segment(caller, name, rule, members, as_of, len(features), description)


def record_rule_segment(
    caller: Caller,
    name: str,
    rule: object,
    member_ids: list[str],
    as_of: dt.date,
    population: int,
    description: str = "",
) -> Segment:
    """Save a rule segment whose first version, `member_ids` of `population` as of `as_of`, the
    caller worked out (the demo does, before its warehouse is written)."""
    require(caller, Capability.DEFINE_SEGMENTS, "define segments")
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise RuleError(f"field name: give the segment a name of 1 to {NAME_LENGTH} characters")
    conditions = parse_rule(rule)
    with transaction.atomic():
        segment = Segment.objects.create(
            name=name,
            kind=Segment.Kind.RULE,
            description=description.strip() or rule_words(conditions),
            rule=[{"feature": c.feature, "op": c.op, "value": c.value} for c in conditions],
            created_at=clock.now(),
            created_by=caller.username,
        )
        _record_version(segment, member_ids, as_of, population)
    return segment


def refresh_segment(caller: Caller, segment_id: int) -> SegmentVersion:
    """A new membership version of a rule segment, as of the latest day; earlier versions stay."""
    require(caller, Capability.DEFINE_SEGMENTS, "refresh segments")
    segment = Segment.objects.get(pk=segment_id, kind=Segment.Kind.RULE, retired=False)
    as_of, features = latest_features()
    with transaction.atomic():
        return _record_version(segment, list(matching(parse_rule(segment.rule), features)), as_of, len(features))


def discover_segments(caller: Caller, count: int = 5) -> list[Segment]:
    """Cluster the members into `count` segments (seeded: the same data give the same segments); the
    discovered segments of an earlier run are retired, their versions kept."""
    require(caller, Capability.DEFINE_SEGMENTS, "discover segments")
    as_of, features = latest_features()
    found = discover(features, count)
    with transaction.atomic():
        Segment.objects.filter(kind=Segment.Kind.DISCOVERED, retired=False).update(retired=True)
        segments = []
        for d in found:
            segment = Segment.objects.create(
                name=d.name[:NAME_LENGTH],
                kind=Segment.Kind.DISCOVERED,
                description="; ".join(line.words for line in d.profile),
                profile=[{"feature": p.feature, "words": p.words, "distance": round(p.distance, 3)} for p in d.profile],
                created_at=clock.now(),
                created_by=caller.username,
            )
            _record_version(segment, list(d.members), as_of, len(features))
            segments.append(segment)
    return segments


def remove_segment_named(name: str) -> None:
    """Delete rule segments named `name` that no campaign uses (the demo's wipe; no page does this)."""
    Segment.objects.filter(name=name, kind=Segment.Kind.RULE, campaigns__isnull=True).delete()
