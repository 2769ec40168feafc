"""Arbitration: from the catalog to the few actions worth proposing, each with its reasons.

In order (Pega's Customer Decision Hub stages, done in the open):

1. eligibility — the action's rules hold over the member's facts (`eligibility`);
2. applicability — the contact policy: no cool-off running (after a grievance, a "declined", a
   "not now": `cool_off`) and the action's weekly limit not reached (`applicability`, the one
   statement of these rules: campaigns ask it of every member at launch too, through
   `contact_policy`, and their send lists ask `cool_off` again of each send at its time);
3. suitability — `may_reach` allows a channel of the action for its purpose: in contact, now; for
   outreach, at `send_at`, the next instant inside the member's allowed window (the member's zone,
   08:00–21:00 for calls and texts, outside their quiet hours) within a week. Consent always wins:
   no action is proposed on a channel, purpose or time `may_reach` refuses;
4. arbitration — score = propensity × value × lever, highest first, cut to the member's weekly
   offer limit less the offers of the last 7 days (`weekly_offers`).

An offer, for the weekly limits, is a recorded outcome of the last 7 days or a campaign send
(`CampaignSend`) due less than 7 days before or after the moment asked: a message a campaign sent
yesterday, or will send tomorrow, takes the place of an offer today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from heartline.insights.actions.catalog import Action, Catalog
from heartline.insights.actions.contracts import (
    CampaignSend,
    MemberFacts,
    NextBestActions,
    Proposal,
    RecordedOutcome,
    Tally,
    Withheld,
)
from heartline.insights.actions.eligibility import LANGUAGES, ago, eligible, times
from heartline.insights.actions.propensity import Adjuster, propensity
from heartline.members.contracts import ReachDecision

Reach = Callable[[str, str, dt.datetime], ReachDecision]
# may_reach's rules that depend on the clock; any other refusal holds at every time.
CLOCK_RULES = frozenset({"tcpa_calling_window", "quiet_hours"})
WINDOW_OPENS = dt.time(8, 0)
LOOK_AHEAD_DAYS = 7
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Window:
    """Where the member's allowed window may open: their zone and the end of their quiet hours."""

    zone: ZoneInfo
    quiet_end: dt.time | None = None


def _candidates(at: dt.datetime, window: Window) -> list[dt.datetime]:
    """`at`, then each day's 08:00 and quiet-hours end in the member's zone for a week: an allowed
    window can only open at one of these."""
    local = at.astimezone(window.zone)
    found = {at}
    opens = [WINDOW_OPENS] + ([window.quiet_end] if window.quiet_end is not None else [])
    for k in range(LOOK_AHEAD_DAYS + 1):
        day = local.date() + dt.timedelta(days=k)
        for when in opens:
            moment = dt.datetime.combine(day, when, tzinfo=window.zone)
            if moment > at:
                found.add(moment)
    return sorted(found)


def next_allowed(reach: Reach, channel: str, purpose: str, at: dt.datetime, window: Window) -> ReachDecision:
    """The first allowed decision from `at` on within a week; else the refusal at `at`."""
    moments = _candidates(at, window)
    first = reach(channel, purpose, moments[0])
    if first.allowed or first.rule not in CLOCK_RULES:
        return first
    for moment in moments[1:]:
        decision = reach(channel, purpose, moment)
        if decision.allowed or decision.rule not in CLOCK_RULES:
            return decision if decision.allowed else first
    return first


def _sends_this_week(sent: Sequence[CampaignSend], at: dt.datetime, action: str = "") -> list[CampaignSend]:
    """The campaign sends (of `action`, when given) due less than 7 days before or after `at`."""
    return [s for s in sent if (not action or s.action == action) and abs(at - s.sent_at) < WEEK]


def _when_sent(sent_at: dt.datetime, at: dt.datetime) -> str:
    if sent_at <= at:
        return f"sent {ago((at - sent_at).days)}"
    days = (sent_at - at).days
    return "due within a day" if days == 0 else f"due in {days} day{'s' if days > 1 else ''}"


def _within(sends: Sequence[CampaignSend], at: dt.datetime) -> str:
    """The window's words, and the campaign sends in it: ', including the campaign 'X' sent 2 days ago'."""
    window = "in the last 7 days" if all(s.sent_at <= at for s in sends) else "within 7 days of now"
    if not sends:
        return window
    if len(sends) == 1:
        send = sends[0]
        return f"{window}, including the campaign {send.campaign!r} {_when_sent(send.sent_at, at)}"
    names = ", ".join(repr(n) for n in sorted({s.campaign for s in sends}))
    return f"{window}, including {len(sends)} campaign sends ({names})"


def cool_off(action: Action, facts: MemberFacts, recent: Sequence[RecordedOutcome], at: dt.datetime) -> str | None:
    """Why a cool-off holds `action` back from the member at `at` (`facts.today` its day), or None:
    a grievance inside the action's grievance cool-off, or the member's "declined" or "not now" of
    the action inside its cool-off. The part of `applicability` that counts no offers: what a
    campaign's send list asks again of each send at its time."""
    past = [day for day in facts.grievance_days if day <= facts.today]
    if action.grievance_cooloff_days and past:
        days = (facts.today - max(past)).days
        if days < action.grievance_cooloff_days:
            return f"cool-off after a grievance {ago(days)} ({action.grievance_cooloff_days} days)"
    mine = [o for o in recent if o.action == action.code and o.recorded_at <= at]
    for outcome, days in (("declined", action.decline_cooloff_days), ("not_now", action.not_now_days)):
        said = [o for o in mine if o.outcome == outcome and at - o.recorded_at < dt.timedelta(days=days)]
        if said:
            when = ago((at - max(o.recorded_at for o in said)).days)
            return f"the member said {outcome.replace('_', ' ')} {when}; not offered again for {days} days"
    return None


def applicability(
    action: Action,
    facts: MemberFacts,
    recent: Sequence[RecordedOutcome],
    at: dt.datetime,
    sent: Sequence[CampaignSend] = (),
) -> str | None:
    """Why the contact policy holds `action` back from the member now, or None: a grievance cool-off,
    a "declined" or "not now" cool-off (`cool_off`), or the action's weekly limit (recorded offers of
    the last 7 days and campaign sends of the action within 7 days of `at`)."""
    held = cool_off(action, facts, recent, at)
    if held is not None:
        return held
    mine = [o for o in recent if o.action == action.code and o.recorded_at <= at]
    this_week = [o for o in mine if at - o.recorded_at < WEEK]
    sends = _sends_this_week(sent, at, action.code)
    offered = len(this_week) + len(sends)
    if offered >= action.max_per_week:
        return f"offered {times(offered)} {_within(sends, at)} (at most {action.max_per_week} a week)"
    return None


def weekly_offers(recent: Sequence[RecordedOutcome], sent: Sequence[CampaignSend], at: dt.datetime) -> tuple[int, str]:
    """The member's offers counted against `max_offers_per_week` at `at` (recorded outcomes of the
    last 7 days, campaign sends within 7 days), and that count in words."""
    offered = [o for o in recent if o.recorded_at <= at and at - o.recorded_at < WEEK]
    sends = _sends_this_week(sent, at)
    count = len(offered) + len(sends)
    return count, f"{count} offers {_within(sends, at)}"


def contact_policy(
    action: Action,
    catalog: Catalog,
    facts: MemberFacts,
    recent: Sequence[RecordedOutcome],
    at: dt.datetime,
    sent: Sequence[CampaignSend] = (),
) -> str | None:
    """Why the contact policy holds `action` back from the member at `at`, or None: `applicability`,
    then the member's weekly offer limit already reached. What a campaign asks of each member at
    launch; `arbitrate` asks the same, the member's limit after ranking (where it decides which of
    several proposals fit)."""
    held = applicability(action, facts, recent, at, sent)
    if held is not None:
        return held
    count, words = weekly_offers(recent, sent, at)
    if count >= catalog.max_offers_per_week:
        return f"{words} (at most {catalog.max_offers_per_week} a week for a member)"
    return None


def _channels(action: Action, facts: MemberFacts) -> list[str]:
    preferred = [c for c in action.channels if c == facts.preferred_channel]
    return preferred + [c for c in action.channels if c != facts.preferred_channel]


def _suitability(
    action: Action, facts: MemberFacts, reach: Reach, at: dt.datetime, window: Window
) -> tuple[ReachDecision | None, list[str]]:
    """The allowed decision for the first channel that may be used (preferred first), and the
    refusals of those before it."""
    refusals: list[str] = []
    for channel in _channels(action, facts):
        if action.in_contact:
            decision = reach(channel, action.purpose, at)
        else:
            decision = next_allowed(reach, channel, action.purpose, at, window)
        if decision.allowed:
            return decision, refusals
        refusals.append(f"{channel}: {decision.reason}")
    return None, refusals


def _when(decision: ReachDecision, at: dt.datetime) -> str:
    local = decision.local_time
    if local is None:
        return ""
    if local == at:
        return f"can be sent now ({local:%H:%M} their time)"
    return f"sent at {local:%a %H:%M} their time, the next time allowed"


def arbitrate(
    facts: MemberFacts,
    catalog: Catalog,
    at: dt.datetime,
    reach: Reach,
    window: Window,
    recent: Sequence[RecordedOutcome] = (),
    tallies: dict[str, Tally] | None = None,
    adjust: Adjuster | None = None,
    sent: Sequence[CampaignSend] = (),
) -> NextBestActions:
    """The actions to propose to member `facts.member_id` at `at`, best first, and those held back.

    `reach` answers may_reach for this member; `recent` are the member's recorded outcomes (at least
    those of the longest cool-off); `tallies` all members' outcomes per action; `adjust` an optional
    risk-model factor on the propensity; `sent` the member's campaign sends (at least those within 7
    days of `at`), which count as offers for the weekly limits."""
    tallies = tallies or {}
    proposals: list[Proposal] = []
    withheld: list[Withheld] = []
    language = facts.language if facts.language in LANGUAGES else "en"
    for action in catalog.actions:
        because = eligible(facts, action.eligible)
        if because is None:
            continue
        held = applicability(action, facts, recent, at, sent)
        if held is not None:
            withheld.append(Withheld(action.code, action.title, "applicability", held))
            continue
        decision, refusals = _suitability(action, facts, reach, at, window)
        if decision is None:
            withheld.append(Withheld(action.code, action.title, "suitability", "; ".join(refusals)))
            continue
        chance, chance_why = propensity(action, tallies.get(action.code, Tally()), catalog.prior_strength)
        reasons = list(because)
        if adjust is not None and (adjusted := adjust(facts.member_id, action.code)) is not None:
            factor, why = adjusted
            chance = min(1.0, chance * factor)
            reasons.append(why)
        if language != "en":
            reasons.append(f"prefers {LANGUAGES[language]}: message in {LANGUAGES[language]}")
        channel = decision.channel
        if action.in_contact:
            reasons.append(f"offer on the {channel} contact: {decision.reason}")
            send_at = None
        else:
            preferred = ", the member's preferred channel" if channel == facts.preferred_channel else ""
            reasons.append(f"by {channel}{preferred}: {decision.reason}")
            reasons.append(_when(decision, at))
            send_at = decision.local_time
        reasons.append(chance_why)
        proposals.append(
            Proposal(
                action=action.code,
                title=action.title,
                channel=channel,
                send_at=send_at,
                score=round(chance * action.value * action.lever, 4),
                propensity=round(chance, 4),
                value=action.value,
                lever=action.lever,
                message=action.messages[language],
                language=language,
                reasons=tuple(r for r in reasons if r),
            )
        )
    proposals.sort(key=lambda p: (-p.score, p.action))
    offered, words = weekly_offers(recent, sent, at)
    room = max(0, catalog.max_offers_per_week - offered)
    for cut in proposals[room:]:
        why = f"{words} and {room} better ones now (at most {catalog.max_offers_per_week} a week)"
        withheld.append(Withheld(cut.action, cut.title, "arbitration", why))
    return NextBestActions(member_id=facts.member_id, at=at, actions=tuple(proposals[:room]), withheld=tuple(withheld))
