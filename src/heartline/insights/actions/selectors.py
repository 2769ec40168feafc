"""Reads of next-best-actions, scoped to the caller and written to the access log.

`next_best_actions` reads the member as the member view does (`member_view`, which checks the
caller, applies the member policy and logs the read), their contacts and survey answers as the
caller may see them, the recorded outcomes and campaign sends (offers, for the contact policy), every
member's outcomes and treated campaign members' loaded outcomes (for the propensity), and asks
`may_reach` for every channel it proposes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import replace

from django.db.models import Count

from heartline.contacts.member_records import contacts_of_member
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.insights.actions.arbitration import WEEK, Window, arbitrate
from heartline.insights.actions.catalog import Catalog, catalog
from heartline.insights.actions.contracts import NextBestActions, RecordedOutcome, Tally
from heartline.insights.actions.facts import facts_of
from heartline.insights.actions.propensity import Adjuster
from heartline.insights.campaigns_selectors import MEMBERS_PER_QUERY, campaign_tallies, sends_of_members
from heartline.insights.models import ActionOutcome
from heartline.members.contracts import ReachDecision
from heartline.members.reach import may_reach, member_zone
from heartline.members.selectors import member_view
from heartline.voice.member_records import surveys_of_member

# How far back the member's outcomes matter: the longest cool-off of the catalog, at least 30 days.
SHOWN_RECENT_DAYS = 30


def _row(o: ActionOutcome) -> RecordedOutcome:
    return RecordedOutcome(o.member_id, o.action, o.channel, o.outcome, o.recorded_at, o.recorded_by)


def member_outcomes(member_id: str, since: dt.datetime, until: dt.datetime) -> list[RecordedOutcome]:
    """The member's recorded outcomes in (since, until], newest first (no caller: the caller was
    checked by whoever asks)."""
    rows = ActionOutcome.objects.filter(member_id=member_id, recorded_at__gt=since, recorded_at__lte=until)
    return [_row(o) for o in rows.order_by("-recorded_at", "-id")]


def outcomes_of_members(
    member_ids: list[str], since: dt.datetime, until: dt.datetime
) -> dict[str, list[RecordedOutcome]]:
    """Each member's recorded outcomes in (since, until], newest first, by member id; members with
    none are left out (no caller: the caller was checked by whoever asks)."""
    found: dict[str, list[RecordedOutcome]] = defaultdict(list)
    wanted = sorted(set(member_ids))
    for start in range(0, len(wanted), MEMBERS_PER_QUERY):
        rows = ActionOutcome.objects.filter(
            member_id__in=wanted[start : start + MEMBERS_PER_QUERY], recorded_at__gt=since, recorded_at__lte=until
        )
        for o in rows.order_by("member_id", "-recorded_at", "-id"):
            found[o.member_id].append(_row(o))
    return dict(found)


def policy_lookback(chosen: Catalog) -> dt.timedelta:
    """How far back a member's outcomes matter to the contact policy: the catalog's longest decline or
    not-now cool-off, at least the week of the weekly limits (and the 30 days the page shows)."""
    longest = max([SHOWN_RECENT_DAYS] + [max(a.decline_cooloff_days, a.not_now_days, 7) for a in chosen.actions])
    return dt.timedelta(days=longest)


def recorded_tallies() -> dict[str, Tally]:
    """All members' recorded outcomes per action."""
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for row in ActionOutcome.objects.values("action", "outcome").annotate(n=Count("id")):
        counts[row["action"]][row["outcome"]] = row["n"]
    return {
        action: Tally(accepted=c.get("accepted", 0), declined=c.get("declined", 0), not_now=c.get("not_now", 0))
        for action, c in counts.items()
    }


def outcome_tallies() -> dict[str, Tally]:
    """What each action's propensity learns from: all members' recorded outcomes, and the treated
    campaign members' loaded outcomes (converted = accepted, not converted = declined)."""
    recorded, sent = recorded_tallies(), campaign_tallies()
    return {action: recorded.get(action, Tally()) + sent.get(action, Tally()) for action in sorted({*recorded, *sent})}


def parse_at(raw: str | None) -> dt.datetime | None:
    """`--at`/`?at=`: an ISO instant with its offset (or Z); blank is now."""
    if not raw:
        return None
    try:
        at = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ActionRefused(f"{raw!r} is not an ISO time such as 2026-06-15T16:00:00+00:00") from exc
    if at.tzinfo is None or at.utcoffset() is None:
        raise ActionRefused(f"the time {raw!r} must carry its offset (e.g. +00:00 or Z)")
    return at


def next_best_actions(
    caller: Caller,
    member_id: str,
    at: dt.datetime | None = None,
    channel: str = "web",
    adjust: Adjuster | None = None,
) -> NextBestActions:
    """The actions to propose to member `member_id` at `at` (now when None), best first, with
    their reasons, and the eligible ones held back and why. Raises NotAllowed when the caller may
    not look up members, NotFound when there is no such member; the read is access-logged."""
    require(caller, Capability.LOOK_UP_MEMBERS, "see a member's next best actions")
    when = at or clock.now()
    if when.tzinfo is None or when.utcoffset() is None:
        raise ActionRefused(f"the time {when.isoformat()} must carry its time zone")
    view = member_view(caller, member_id, channel, opened_from="insights.next_best_actions")
    facts = facts_of(
        view, contacts_of_member(caller, member_id), surveys_of_member(caller, member_id), clock.day_of(when)
    )
    chosen = catalog()
    recent = member_outcomes(member_id, when - policy_lookback(chosen), when)
    sent = sends_of_members([member_id], when - WEEK, when + WEEK).get(member_id, [])

    def reach(channel_: str, purpose: str, moment: dt.datetime) -> ReachDecision:
        return may_reach(member_id, channel_, purpose, moment)

    window = Window(member_zone(view.header.time_zone), view.header.quiet_hours_end)
    found = arbitrate(facts, chosen, when, reach, window, recent, outcome_tallies(), adjust, sent)
    shown = tuple(o for o in recent if when - o.recorded_at < dt.timedelta(days=SHOWN_RECENT_DAYS))
    return replace(found, recent=shown)
