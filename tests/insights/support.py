"""Helpers for next-best-action tests: facts about a member, and arbitration against the real
`may_reach` for a member of the app database."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from heartline.insights.actions.arbitration import Window, arbitrate
from heartline.insights.actions.catalog import Catalog, catalog
from heartline.insights.actions.contracts import (
    CampaignSend,
    ContactFact,
    DeniedClaim,
    MemberFacts,
    NextBestActions,
    RecordedOutcome,
    Tally,
)
from heartline.members.contracts import ReachDecision
from heartline.members.models import Member
from heartline.members.reach import may_reach, member_zone


def facts(member_id: str, today: dt.date, **fields: Any) -> MemberFacts:
    fields.setdefault("sees", frozenset({"claims", "medications"}))
    return MemberFacts(member_id=member_id, today=today, **fields)


def denied(today: dt.date, days: int = 6, claim_id: str = "CLM-9") -> tuple[DeniedClaim, ...]:
    return (DeniedClaim(claim_id, today - dt.timedelta(days=days), "Precertification absent"),)


def calls(today: dt.date, *days: int, reason: str = "claims", **fields: Any) -> tuple[ContactFact, ...]:
    defaults: dict[str, Any] = {"channel": "phone", "disposition": "resolved", "abandoned": False}
    defaults.update(fields)
    return tuple(ContactFact(day=today - dt.timedelta(days=d), reason=reason, **defaults) for d in days)


def window_of(member: Member) -> Window:
    return Window(member_zone(member.time_zone), member.quiet_hours_end)


def run(
    member: Member,
    known: MemberFacts,
    at: dt.datetime,
    recent: Sequence[RecordedOutcome] = (),
    tallies: dict[str, Tally] | None = None,
    chosen: Catalog | None = None,
    sent: Sequence[CampaignSend] = (),
) -> NextBestActions:
    def reach(channel: str, purpose: str, moment: dt.datetime) -> ReachDecision:
        return may_reach(member.member_id, channel, purpose, moment)

    return arbitrate(known, chosen or catalog(), at, reach, window_of(member), recent, tallies, sent=sent)


def outcome(member_id: str, action: str, said: str, at: dt.datetime, channel: str = "phone") -> RecordedOutcome:
    return RecordedOutcome(member_id, action, channel, said, at, "agent")
