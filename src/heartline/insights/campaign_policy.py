"""The contact policy at a campaign's launch: which members the action may not be sent to, and why.

The rules are next-best-action's own (`arbitration.contact_policy`, the function arbitration asks
too): a grievance cool-off, a recent "declined" or "not now" of the action, the action's weekly limit
and the member's weekly offer limit (`max_offers_per_week`), where an offer is a recorded outcome of
the last 7 days or another campaign's send due within 7 days of the start. They are asked at the
campaign's start, of every member at once: recorded outcomes, campaign sends and the recent contacts
and cases that hold grievances are each read in bulk (a few queries, not some per member).

Grievances are read as the launching caller may see contacts and cases (a CX analyst: their
division), only those inside the action's grievance cool-off. The action's eligibility rules are not
asked: the segment is the analyst's choice of whom to target, and the facts several rules rest on
(claims, fills) are read one member at a time through the member view (docs/insights.md, Limits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from heartline.contacts.contracts import MemberContacts
from heartline.contacts.member_records import contacts_of_members
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.insights.actions.arbitration import WEEK, contact_policy
from heartline.insights.actions.catalog import Action, catalog
from heartline.insights.actions.facts import policy_facts
from heartline.insights.actions.selectors import outcomes_of_members, policy_lookback
from heartline.insights.campaigns_selectors import sends_of_members


def held_back(caller: Caller, action: Action, member_ids: Sequence[str], at: dt.datetime) -> dict[str, str]:
    """The members of `member_ids` the contact policy holds `action` back from at `at`, with the reason
    in words (as next-best-action words it); the others are left out."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    chosen = catalog()
    today = clock.day_of(at)
    recent = outcomes_of_members(wanted, at - policy_lookback(chosen), at)
    sent = sends_of_members(wanted, at - WEEK, at + WEEK)
    contacts: dict[str, MemberContacts] = {}
    if action.grievance_cooloff_days:
        since = clock.start_of_day(today - dt.timedelta(days=action.grievance_cooloff_days))
        contacts = contacts_of_members(caller, wanted, since=since)
    found: dict[str, str] = {}
    for member_id in wanted:
        facts = policy_facts(member_id, contacts.get(member_id), today)
        why = contact_policy(action, chosen, facts, recent.get(member_id, ()), at, sent.get(member_id, ()))
        if why is not None:
            found[member_id] = why
    return found
