"""The promise of next-best-action, as a property over many generated members: no proposed action
is ever against `may_reach` for its channel, purpose and time, and the contact policy holds.

Each example is a new member with random consent decisions (yes, no, express or not, per channel
and purpose), language, preferred channel, time zone (DST and non-DST zones, the organization's
when blank) and quiet hours (crossing midnight or not), random facts (denials, contacts, grievances,
surveys, fills, age) and random recorded outcomes, asked at a random instant of 2026 (both DST
changes inside). Nothing is stubbed: arbitration asks the real `may_reach`, and so does the check.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from heartline.insights.actions.arbitration import WEEK
from heartline.insights.actions.catalog import CHANNELS, PURPOSES, catalog
from heartline.insights.actions.contracts import OUTCOMES, ContactFact, DeniedClaim, FillFact, RecordedOutcome
from heartline.members.models import ConsentDecision, Member
from heartline.members.reach import CALLING_WINDOW, CALLING_WINDOW_CHANNELS, may_reach, member_zone
from tests.insights.support import facts, run

pytestmark = pytest.mark.django_db

ZONES = (
    "",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "Asia/Shanghai",
    "Europe/Madrid",
)
REASONS = ("billing", "benefits", "claims", "pharmacy", "grievance", "enrollment")
ACTIONS = tuple(a.code for a in catalog().actions)
SERIAL = itertools.count()

quarter_hours = st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
# Hypothesis bounds are naive; every instant drawn is then made UTC.
YEAR = (dt.datetime(2026, 1, 1), dt.datetime(2026, 12, 31))  # noqa: DTZ001
instants = st.datetimes(min_value=YEAR[0], max_value=YEAR[1]).map(
    lambda naive: naive.replace(second=0, microsecond=0, tzinfo=dt.UTC)
)
consents = st.lists(
    st.tuples(st.sampled_from(CHANNELS), st.sampled_from(PURPOSES), st.booleans(), st.booleans()), max_size=10
)
members = st.fixed_dictionaries(
    {
        "time_zone": st.sampled_from(ZONES),
        "quiet": st.none() | st.tuples(quarter_hours, quarter_hours).filter(lambda q: q[0] != q[1]),
        "language": st.sampled_from(["en", "es", "zh"]),
        "preferred_channel": st.sampled_from(["phone", "sms", "email", "portal", "chat"]),
        "consents": consents,
    }
)
histories = st.fixed_dictionaries(
    {
        "age": st.none() | st.integers(18, 95),
        "denied_days": st.lists(st.integers(0, 45), max_size=2),
        "contacts": st.lists(
            st.tuples(
                st.integers(0, 100),
                st.sampled_from(REASONS),
                st.sampled_from(["phone", "chat"]),
                st.sampled_from(["resolved", "unresolved", ""]),
                st.booleans(),
            ),
            max_size=6,
        ),
        "nps": st.lists(st.tuples(st.integers(0, 30), st.integers(0, 10)), max_size=2),
        "fills": st.lists(st.tuples(st.integers(0, 130), st.sampled_from([30, 90]), st.booleans()), max_size=5),
        "outcomes": st.lists(
            st.tuples(st.sampled_from(ACTIONS), st.sampled_from(OUTCOMES), st.integers(0, 24 * 40)), max_size=6
        ),
    }
)


def _member(drawn: dict[str, Any], at: dt.datetime) -> Member:
    quiet = drawn["quiet"]
    member = Member.objects.create(
        member_id=f"P{next(SERIAL):05d}",
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
    return member


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(drawn=members, history=histories, at=instants)
def test_no_action_is_ever_proposed_against_consent_and_the_contact_policy_holds(
    drawn: dict[str, Any], history: dict[str, Any], at: dt.datetime
) -> None:
    member = _member(drawn, at)
    today = at.date()

    def day(n: int) -> dt.date:
        return today - dt.timedelta(days=n)

    contacts = tuple(ContactFact(day(d), ch, reason, disp, ab) for d, reason, ch, disp, ab in history["contacts"])
    known = facts(
        member.member_id,
        today,
        language=member.language,
        preferred_channel=member.preferred_channel,
        age=history["age"],
        denied_claims=tuple(DeniedClaim(f"CLM-{d}", day(d), "denied") for d in history["denied_days"]),
        contacts=contacts,
        grievance_days=tuple(sorted({c.day for c in contacts if c.reason == "grievance"})),
        nps=tuple(sorted(((day(d), s) for d, s in history["nps"]), reverse=True)),
        fills=tuple(FillFact(day(d), supply, mail) for d, supply, mail in history["fills"]),
    )
    recent = [
        RecordedOutcome(
            member.member_id, action, catalog().action(action).channels[0], said, at - dt.timedelta(hours=h), "rep"
        )  # type: ignore[union-attr]
        for action, said, h in history["outcomes"]
    ]
    found = run(member, known, at, recent=recent)
    event(f"{len(found.actions)} proposed, {len(found.withheld)} held back")
    event(f"{sum(p.send_at is not None for p in found.actions)} scheduled outreach")
    chosen = catalog()
    zone = member_zone(member.time_zone)
    week = [o for o in recent if at - o.recorded_at < WEEK]

    assert len(found.actions) <= max(0, chosen.max_offers_per_week - len(week))
    for proposal in found.actions:
        action = chosen.action(proposal.action)
        assert action is not None
        when = proposal.send_at or at
        decision = may_reach(member.member_id, proposal.channel, action.purpose, when)
        assert decision.allowed, (proposal, decision)
        assert proposal.channel in action.channels
        if proposal.send_at is not None:
            assert not action.in_contact
            assert at <= proposal.send_at <= at + dt.timedelta(days=8)
            assert proposal.send_at.utcoffset() == proposal.send_at.astimezone(zone).utcoffset()
            if proposal.channel in CALLING_WINDOW_CHANNELS:
                local = proposal.send_at.astimezone(zone).time()
                assert CALLING_WINDOW[0] <= local < CALLING_WINDOW[1]
        mine = [o for o in recent if o.action == action.code]
        assert len([o for o in mine if at - o.recorded_at < WEEK]) < action.max_per_week
        for said, days in (("declined", action.decline_cooloff_days), ("not_now", action.not_now_days)):
            assert not [o for o in mine if o.outcome == said and at - o.recorded_at < dt.timedelta(days=days)]
        if action.grievance_cooloff_days:
            assert not [g for g in known.grievance_days if (today - g).days < action.grievance_cooloff_days]
        assert proposal.message == action.messages[member.language]
