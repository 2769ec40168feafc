"""The campaigns' promise, as a property over many generated members: nobody is scheduled (treated or
held out) on a channel, for a purpose or at a time `may_reach` refuses, and nobody is on the send list
whom `may_reach` refuses at their send time.

Each example is a handful of new members with random consent (yes, no, express or not, per channel
and purpose), preferred channel, time zone (DST and not, blank) and quiet hours (crossing midnight or
not), targeted by a random outreach action from a random instant of 2026. Nothing is stubbed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from heartline.core.scoping import OPERATOR
from heartline.insights.actions.catalog import catalog
from heartline.insights.campaigns_selectors import send_list
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.models import CampaignMember
from heartline.members.models import ConsentDecision, Member
from heartline.members.reach import CALLING_WINDOW, CALLING_WINDOW_CHANNELS, may_reach, member_zone
from tests.insights.campaign_world import saved_segment
from tests.insights.test_action_consent_property import instants, members

pytestmark = pytest.mark.django_db

OUTREACH = tuple(a.code for a in catalog().actions if not a.in_contact)
SERIAL = itertools.count()


def _member(drawn: dict[str, Any], at: dt.datetime) -> str:
    quiet = drawn["quiet"]
    member = Member.objects.create(
        member_id=f"CP{next(SERIAL):05d}",
        plan="HMO",
        language=drawn["language"],
        preferred_channel=drawn["preferred_channel"],
        time_zone=drawn["time_zone"],
        quiet_hours_start=quiet[0] if quiet else None,
        quiet_hours_end=quiet[1] if quiet else None,
    )
    for minutes, (channel, purpose, granted, express) in enumerate(drawn["consents"]):
        ConsentDecision.objects.create(
            member=member,
            channel=channel,
            purpose=purpose,
            granted=granted,
            express=express and granted,
            source="import",
            recorded_at=at - dt.timedelta(days=30, minutes=-minutes),
        )
    return member.member_id


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    drawn=st.lists(members, min_size=1, max_size=6),
    action=st.sampled_from(OUTREACH),
    at=instants,
    share=st.sampled_from([0.1, 0.3, 0.5]),
)
def test_no_member_is_ever_scheduled_or_sent_against_consent(
    drawn: list[dict[str, Any]], action: str, at: dt.datetime, share: float
) -> None:
    ids = [_member(d, at) for d in drawn]
    segment = saved_segment(ids, name=f"property {ids[0]}")
    campaign = launch_campaign(
        OPERATOR, f"property {ids[0]}", segment.pk, action, holdout_share=share, seed=int(ids[0][2:]), starts_at=at
    )
    chosen = catalog().action(action)
    assert chosen is not None
    places = list(CampaignMember.objects.filter(campaign=campaign))
    event(f"{sum(p.arm == 'excluded' for p in places)} of {len(places)} excluded")

    assert sorted(p.member_id for p in places) == sorted(ids)
    for place in places:
        if place.arm == CampaignMember.Arm.EXCLUDED:
            assert place.send_at is None
            assert place.reason
            for channel in chosen.channels:  # it could not have been sent now on any channel
                assert not may_reach(place.member_id, channel, chosen.purpose, at).allowed
            continue
        assert place.channel in chosen.channels
        assert place.send_at is not None
        assert at <= place.send_at <= at + dt.timedelta(days=8)
        assert may_reach(place.member_id, place.channel, chosen.purpose, place.send_at).allowed
        zone = member_zone(Member.objects.get(member_id=place.member_id).time_zone)
        local = place.send_at.astimezone(zone)
        if place.channel in CALLING_WINDOW_CHANNELS:
            assert CALLING_WINDOW[0] <= local.time() < CALLING_WINDOW[1]
    found = send_list(OPERATOR, campaign.pk, channel="cli")
    treated = {p.member_id for p in places if p.arm == CampaignMember.Arm.TREATED}
    assert {r.member_id for r in found.rows} == treated
    for row in found.rows:
        sent = dt.datetime.fromisoformat(row.send_at)
        zone = member_zone(Member.objects.get(member_id=row.member_id).time_zone)
        assert sent.utcoffset() == sent.astimezone(zone).utcoffset()  # in the member's own offset
        assert may_reach(row.member_id, row.channel, row.purpose, dt.datetime.fromisoformat(row.send_at)).allowed
