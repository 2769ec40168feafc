"""The campaigns' promise, as a property over many generated members: nobody is scheduled (treated or
held out) on a channel, for a purpose or at a time `may_reach` refuses, nobody is placed whom the
contact policy holds the action back from, and nobody is on the send list whom `may_reach` refuses at
their send time.

Each example is a handful of new members with random consent (yes, no, express or not, per channel
and purpose), preferred channel, time zone (DST and not, blank), quiet hours (crossing midnight or
not) and recorded outcomes (any action, any answer, up to 70 days before), targeted by a random
outreach action from a random instant of 2026. Nothing is stubbed. (Grievances live in the warehouse:
their cool-off at launch is tested in test_campaign_contact_policy.py.)
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from heartline.core.scoping import OPERATOR
from heartline.insights.actions.arbitration import WEEK
from heartline.insights.actions.catalog import catalog
from heartline.insights.actions.contracts import OUTCOMES
from heartline.insights.actions.services import record_action_outcome
from heartline.insights.campaign_send_list import send_list
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.models import CampaignMember
from heartline.members.models import ConsentDecision, Member
from heartline.members.reach import CALLING_WINDOW, CALLING_WINDOW_CHANNELS, may_reach, member_zone
from tests.insights.campaign_world import saved_segment
from tests.insights.test_action_consent_property import instants, members

pytestmark = pytest.mark.django_db

OUTREACH = tuple(a.code for a in catalog().actions if not a.in_contact)
ACTIONS = tuple(a.code for a in catalog().actions)
SERIAL = itertools.count()
# Each member's recorded answers: (action, outcome, hours before the start).
answers = st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(OUTCOMES), st.integers(1, 24 * 70)), max_size=4)


def _answered(member_id: str, drawn: list[tuple[str, str, int]], at: dt.datetime) -> list[tuple[str, str, dt.datetime]]:
    said = []
    for action, outcome, hours in drawn:
        when = at - dt.timedelta(hours=hours)
        record_action_outcome(OPERATOR, member_id, action, outcome, at=when)
        said.append((action, outcome, when))
    return said


def _policy_holds_back(action: str, said: list[tuple[str, str, dt.datetime]], at: dt.datetime) -> bool:
    """The contact policy, written out again from the catalog: a cool-off after "declined" or "not
    now", the action's weekly limit or the member's."""
    chosen = catalog()
    found = chosen.action(action)
    assert found is not None
    mine = [(outcome, when) for code, outcome, when in said if code == action]
    for answer, days in (("declined", found.decline_cooloff_days), ("not_now", found.not_now_days)):
        if any(outcome == answer and at - when < dt.timedelta(days=days) for outcome, when in mine):
            return True
    if len([when for _, when in mine if at - when < WEEK]) >= found.max_per_week:
        return True
    return len([when for _, _, when in said if at - when < WEEK]) >= chosen.max_offers_per_week


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
    drawn=st.lists(st.tuples(members, answers), min_size=1, max_size=6),
    action=st.sampled_from(OUTREACH),
    at=instants,
    share=st.sampled_from([0.1, 0.3, 0.5]),
)
def test_no_member_is_ever_scheduled_or_sent_against_consent_or_the_contact_policy(
    drawn: list[tuple[dict[str, Any], list[tuple[str, str, int]]]], action: str, at: dt.datetime, share: float
) -> None:
    ids = [_member(d, at) for d, _ in drawn]
    said = {m: _answered(m, outcomes, at) for m, (_, outcomes) in zip(ids, drawn, strict=True)}
    segment = saved_segment(ids, name=f"property {ids[0]}")
    campaign = launch_campaign(
        OPERATOR, f"property {ids[0]}", segment.pk, action, holdout_share=share, seed=int(ids[0][2:]), starts_at=at
    )
    chosen = catalog().action(action)
    assert chosen is not None
    places = list(CampaignMember.objects.filter(campaign=campaign))
    event(f"{sum(p.arm == 'excluded' for p in places)} of {len(places)} excluded")

    assert sorted(p.member_id for p in places) == sorted(ids)
    held = {p.member_id for p in places if _policy_holds_back(action, said[p.member_id], at)}
    event(f"{len(held)} of {len(places)} held back by the contact policy")
    for place in places:
        if place.arm == CampaignMember.Arm.EXCLUDED:
            assert place.send_at is None
            assert place.reason
            if place.member_id in held:
                continue
            for channel in chosen.channels:  # it could not have been sent now on any channel
                assert not may_reach(place.member_id, channel, chosen.purpose, at).allowed
            continue
        assert place.member_id not in held
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
