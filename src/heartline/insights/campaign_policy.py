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

Grievances are read as the caller (who launches or exports) may see contacts and cases (a CX
analyst: their division), only those inside the action's grievance cool-off. The action's
eligibility rules are not asked: the segment is the analyst's choice of whom to target, and the facts
several rules rest on (claims, fills) are read one member at a time through the member view
(docs/insights.md, Limits).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from heartline.contacts.contracts import MemberContacts
from heartline.contacts.member_records import contacts_of_members
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.insights.actions.arbitration import WEEK, contact_policy, cool_off
from heartline.insights.actions.catalog import Action, catalog
from heartline.insights.actions.contracts import RecordedOutcome
from heartline.insights.actions.facts import policy_facts
from heartline.insights.actions.selectors import outcomes_of_members, policy_lookback
from heartline.insights.campaigns_selectors import sends_of_members


def _policy_reads(
    caller: Caller, action: Action, wanted: list[str], first: dt.datetime, last: dt.datetime
) -> tuple[dict[str, list[RecordedOutcome]], dict[str, MemberContacts]]:
    """The members' recorded outcomes and their contacts and cases (the grievances), as far back as
    the policy may look from any moment in [first, last], in bulk."""
    recent = outcomes_of_members(wanted, first - policy_lookback(catalog()), last)
    contacts: dict[str, MemberContacts] = {}
    if action.grievance_cooloff_days:
        since = clock.start_of_day(clock.day_of(first) - dt.timedelta(days=action.grievance_cooloff_days))
        contacts = contacts_of_members(caller, wanted, since=since)
    return recent, contacts


def held_back(caller: Caller, action: Action, member_ids: Sequence[str], at: dt.datetime) -> dict[str, str]:
    """The members of `member_ids` the contact policy holds `action` back from at `at`, with the reason
    in words (as next-best-action words it); the others are left out."""
    wanted = sorted(set(member_ids))
    if not wanted:
        return {}
    chosen = catalog()
    today = clock.day_of(at)
    recent, contacts = _policy_reads(caller, action, wanted, at, at)
    sent = sends_of_members(wanted, at - WEEK, at + WEEK)
    found: dict[str, str] = {}
    for member_id in wanted:
        facts = policy_facts(member_id, contacts.get(member_id), today)
        why = contact_policy(action, chosen, facts, recent.get(member_id, ()), at, sent.get(member_id, ()))
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
    recent, contacts = _policy_reads(caller, action, wanted, min(times), max(times))
    found: dict[str, str] = {}
    for member_id in wanted:
        at = send_times[member_id]
        facts = policy_facts(member_id, contacts.get(member_id), clock.day_of(at))
        why = cool_off(action, facts, recent.get(member_id, ()), at)
        if why is not None:
            found[member_id] = why
    return found
