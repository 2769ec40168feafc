"""A small synthetic world for campaign tests: members with varied zones, quiet hours, preferred
channels and consent, and a saved segment of them (made directly: no warehouse features needed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np

from heartline.core import clock
from heartline.insights.models import Segment, SegmentMember, SegmentVersion
from heartline.members.models import ConsentDecision, Member

ZONES = ("", "America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu", "America/Phoenix")
CHANNELS = ("phone", "sms", "email", "portal", "mail")
# Monday 15 June 2026, 16:00 UTC (09:00 in Los Angeles, 06:00 in Honolulu).
STARTS = dt.datetime(2026, 6, 15, 16, 0, tzinfo=dt.UTC)


def phone_members(prefix: str, count: int, time_zone: str, **fields: object) -> list[str]:
    """`count` Medicare Advantage members preferring the phone, in `time_zone` (ids PREFIX000…), with
    any other field given (quiet hours, say)."""
    made = [
        Member.objects.create(
            member_id=f"{prefix}{i:03d}",
            plan="medicare_advantage",
            preferred_channel="phone",
            time_zone=time_zone,
            **fields,
        )
        for i in range(count)
    ]
    return [m.member_id for m in made]


def make_members(count: int, seed: int = 7, prefix: str = "CW", opt_out_share: float = 0.1) -> list[str]:
    """`count` members; about `opt_out_share` of them opted out of every channel for care."""
    rng = np.random.default_rng(seed)
    made = []
    for i in range(count):
        quiet = rng.random() < 0.3
        member = Member.objects.create(
            member_id=f"{prefix}{i:05d}",
            plan="medicare_advantage",
            language=str(rng.choice(["en", "es", "zh"])),
            preferred_channel=str(rng.choice(CHANNELS)),
            time_zone=str(rng.choice(ZONES)),
            quiet_hours_start=dt.time(21, 30) if quiet else None,
            quiet_hours_end=dt.time(9, 30) if quiet else None,
        )
        if rng.random() < opt_out_share:
            for channel in CHANNELS:
                ConsentDecision.objects.create(
                    member=member,
                    channel=channel,
                    purpose="care",
                    granted=False,
                    source="import",
                    recorded_at=STARTS - dt.timedelta(days=30),
                )
        made.append(member.member_id)
    return made


def saved_segment(member_ids: Sequence[str], name: str = "Test segment") -> Segment:
    segment = Segment.objects.create(
        name=name,
        kind=Segment.Kind.RULE,
        rule=[{"feature": "plan", "op": "==", "value": "medicare_advantage"}],
        created_at=clock.now(),
    )
    version = SegmentVersion.objects.create(
        segment=segment,
        number=1,
        as_of=STARTS.date(),
        computed_at=clock.now(),
        size=len(member_ids),
        population=len(member_ids),
    )
    SegmentMember.objects.bulk_create(SegmentMember(version=version, member_id=m) for m in member_ids)
    return segment
