"""The contact policy for a campaign: at launch, which members the action may not be sent to; at
export, which scheduled sends a cool-off begun since now holds back; each with the reason in words.

The rules are next-best-action's own (`arbitration.contact_policy` at launch, the function
arbitration asks too; its cool-off part `arbitration.cool_off` at export): a grievance cool-off, a
recent "declined" or "not now" of the action, the action's weekly limit and the member's weekly offer
limit (`max_offers_per_week`), where an offer is a recorded outcome of the last 7 days or another
campaign's send due within 7 days of the start. They are asked of every member at once: recorded
outcomes, campaign sends and the recent contacts and cases that hold grievances are each read in bulk
(a few queries, not some per member).

At export only the cool-offs are asked again, each at the member's own send time: the weekly limits
were judged at launch, and asked again they would count the campaign's own send (the one being
exported) against itself.

Grievances are read across the whole plan, whoever launches or exports (a CX analyst of one division
would otherwise send to a member who complained to another division yesterday), only those inside the
action's grievance cool-off. The reason a person is shown is worded from what they may see: when only a
grievance outside their scope holds a member back, it says so without saying what or when
(`OUTSIDE_YOUR_VIEW`). The action's
eligibility rules are not asked: the segment is the analyst's choice of whom to target, and the facts
several rules rest on (claims, fills) are read one member at a time through the member view
(docs/insights.md, Limits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial

from heartline.contacts.contracts import MemberContacts
from heartline.contacts.member_records import contacts_of_members
from heartline.core import clock
from heartline.core.contracts import Caller, Scope
from heartline.insights.actions.arbitration import WEEK, contact_policy, cool_off
from heartline.insights.actions.catalog import Action, Catalog, catalog
from heartline.insights.actions.contracts import CampaignSend, MemberFacts, RecordedOutcome
from heartline.insights.actions.facts import policy_facts
from heartline.insights.actions.selectors import outcomes_of_members, policy_lookback
from heartline.insights.campaigns_selectors import sends_of_members

OUTSIDE_YOUR_VIEW = "held back by the contact policy (a record outside your view)"


@dataclass(frozen=True)
class _Reads:
    """What the policy reads of the members, in bulk: recorded outcomes, and their contacts and cases
    (the grievances) across the plan and as the caller may see them."""

    recent: dict[str, list[RecordedOutcome]]
    everywhere: dict[str, MemberContacts]
    visible: dict[str, MemberContacts]

    def explained(self, member_id: str, today: dt.date, why: Callable[[MemberFacts], str | None]) -> str | None:
        """`why` asked of the member's facts from the whole plan; worded from what the caller sees, or
        `OUTSIDE_YOUR_VIEW` when what holds the member back is out of their sight."""
        held = why(policy_facts(member_id, self.everywhere.get(member_id), today))
        if held is None:
            return None
        seen = why(policy_facts(member_id, self.visible.get(member_id), today))
        return seen if seen == held else OUTSIDE_YOUR_VIEW


def _policy_reads(caller: Caller, action: Action, wanted: list[str], first: dt.datetime, last: dt.datetime) -> _Reads:
    """The members' recorded outcomes and their contacts and cases, as far back as the policy may look
    from any moment in [first, last], in bulk (grievances only when the action has a cool-off)."""
    recent = outcomes_of_members(wanted, first - policy_lookback(catalog()), last)
    if not action.grievance_cooloff_days:
        return _Reads(recent, {}, {})
    since = clock.start_of_day(clock.day_of(first) - dt.timedelta(days=action.grievance_cooloff_days))
    everywhere = contacts_of_members(replace(caller, scope=Scope.everything()), wanted, since=since)
    visible = everywhere if caller.scope.unrestricted else contacts_of_members(caller, wanted, since=since)
    return _Reads(recent, everywhere, visible)


def _at_launch(
    action: Action,
    chosen: Catalog,
    outcomes: Sequence[RecordedOutcome],
    at: dt.datetime,
    sends: Sequence[CampaignSend],
    facts: MemberFacts,
) -> str | None:
    return contact_policy(action, chosen, facts, outcomes, at, sends)


def _at_send(action: Action, outcomes: Sequence[RecordedOutcome], at: dt.datetime, facts: MemberFacts) -> str | None:
    return cool_off(action, facts, outcomes, at)


def held_back(caller: Caller, action: Action, member_ids: Sequence[str], at: dt.datetime) -> dict[str, str]:
    """The members of `member_ids` the contact policy holds `action` back from at `at`, with the reason
    in words (as next-best-action words it); the others are left out."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    chosen = catalog()
    today = clock.day_of(at)
    reads = _policy_reads(caller, action, wanted, at, at)
    sent = sends_of_members(wanted, at - WEEK, at + WEEK)
    found: dict[str, str] = {}
    for member_id in wanted:
        why = reads.explained(
            member_id,
            today,
            partial(_at_launch, action, chosen, reads.recent.get(member_id, ()), at, sent.get(member_id, ())),
        )
        if why is not None:
            found[member_id] = why
    return found


def cooling_off(caller: Caller, action: Action, send_times: Mapping[str, dt.datetime]) -> dict[str, str]:
    """The members of `send_times` (member id → their send time) a cool-off holds `action` back from
    at their send time — a grievance, a "declined" or a "not now" recorded so far — with the reason in
    words (as next-best-action words it); the others are left out. The weekly limits are not asked
    (see the module's docstring)."""
    wanted = sorted(send_times)
    if not wanted:
        return {}
    times = [send_times[m] for m in wanted]
    reads = _policy_reads(caller, action, wanted, min(times), max(times))
    found: dict[str, str] = {}
    for member_id in wanted:
        at = send_times[member_id]
        why = reads.explained(
            member_id, clock.day_of(at), partial(_at_send, action, reads.recent.get(member_id, ()), at)
        )
        if why is not None:
            found[member_id] = why
    return found
