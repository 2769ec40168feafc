"""May we reach this member on this channel for this purpose at this time? The one place that says.

Next-best-action, campaigns and outreach lists ask `may_reach`; it reads the member's latest consent
for the channel and purpose, their time zone and quiet hours, and applies the rules in
docs/members-consent.md in order, first the consent rules (HIPAA marketing, TCPA express consent),
then the clock (the TCPA calling window, the member's quiet hours). The answer names the rule that
decided, so a refusal can be explained to a person. It reads, without a caller: whoever shows the
answer to a person logs that read.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from heartline.core import clock
from heartline.core.errors import ActionRefused
from heartline.members.contracts import ReachDecision, ReachWindow
from heartline.members.models import Channel, ConsentDecision, Member, Purpose

# TCPA (47 U.S.C. 227, 47 CFR 64.1200): calls and texts need express consent when autodialed or
# prerecorded — SMS counts as a call — and prior express *written* consent for marketing.
EXPRESS_CONSENT_CHANNELS = frozenset({Channel.SMS, Channel.AUTODIALED})
# 47 CFR 64.1200(c)(1): no telephone solicitation before 8 a.m. or after 9 p.m. at the called party's location.
CALLING_WINDOW_CHANNELS = frozenset({Channel.PHONE, Channel.AUTODIALED, Channel.SMS})
CALLING_WINDOW = (dt.time(8, 0), dt.time(21, 0))
# Service and care may use these unless the member said no (HIPAA treatment/health-care operations).
OPT_OUT_CHANNELS = frozenset({Channel.PHONE, Channel.MAIL, Channel.PORTAL})
# Channels that interrupt the member, so their quiet hours apply.
INTERRUPTING_CHANNELS = frozenset({Channel.PHONE, Channel.AUTODIALED, Channel.SMS, Channel.CHAT})

CHANNEL_NAMES = {str(value): str(label).lower() for value, label in Channel.choices}


def _latest(member: Member, channel: str, purpose: str) -> ConsentDecision | None:
    return (
        ConsentDecision.objects.filter(member=member, channel=channel, purpose=purpose)
        .order_by("-recorded_at", "-id")
        .first()
    )


def member_zone(time_zone: str) -> ZoneInfo:
    """The member's zone; blank (or a name this machine does not know) is the organization's."""
    if time_zone:
        try:
            return ZoneInfo(time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return clock.organization_zone()


def in_quiet_hours(moment: dt.time, start: dt.time, end: dt.time) -> bool:
    """Whether local time `moment` falls in [start, end), which may cross midnight."""
    if start < end:
        return start <= moment < end
    return moment >= start or moment < end


def _consent_rule(member: Member, channel: str, purpose: str) -> tuple[bool, str, str] | None:
    """The consent rules: (allowed, rule, reason) when one decides against reaching, else None, with
    the reason consent allows it in `_allowed_reason`."""
    decision = _latest(member, channel, purpose)
    what = f"{CHANNEL_NAMES[channel]} for {purpose}"
    if decision is not None and not decision.granted:
        day = clock.day_of(decision.recorded_at).isoformat()
        return False, "opted_out", f"the member opted out of {what} on {day} ({decision.source})"
    if purpose == Purpose.MARKETING:
        if decision is None:
            return False, "marketing_opt_in", f"marketing needs the member's opt-in; none on record for {what}"
        if channel in EXPRESS_CONSENT_CHANNELS and not decision.express:
            return (
                False,
                "tcpa_express_written",
                f"{what} needs express written consent (TCPA); the opt-in on record is not",
            )
        return None
    if channel in EXPRESS_CONSENT_CHANNELS:
        if decision is None:
            return False, "tcpa_express", f"{what} needs the member's express consent (TCPA); none on record"
        if not decision.express:
            return (
                False,
                "tcpa_express",
                f"{what} needs the member's express consent (TCPA); the consent on record is not",
            )
        return None
    if channel not in OPT_OUT_CHANNELS and decision is None:
        return False, "opt_in", f"{what} needs the member's opt-in; none on record"
    return None


def _clock_rule(member: Member, channel: str, local: dt.datetime) -> tuple[bool, str, str] | None:
    moment = local.time()
    zone = local.tzinfo
    where = f"{local:%H:%M} {zone}"
    if channel in CALLING_WINDOW_CHANNELS and not CALLING_WINDOW[0] <= moment < CALLING_WINDOW[1]:
        return False, "tcpa_calling_window", f"it is {where} for the member, outside 08:00-21:00 (TCPA)"
    start, end = member.quiet_hours_start, member.quiet_hours_end
    quiet = start is not None and end is not None and in_quiet_hours(moment, start, end)
    if channel in INTERRUPTING_CHANNELS and quiet:
        return False, "quiet_hours", f"it is {where}, in the member's quiet hours {start:%H:%M}-{end:%H:%M}"
    return None


def may_reach(member_id: str, channel: str, purpose: str, at: dt.datetime) -> ReachDecision:
    """Whether Heartline may reach member `member_id` on `channel` for `purpose` at instant `at`.

    An unknown member is not allowed (rule `unknown_member`). Raises ActionRefused for a channel or
    purpose Heartline does not know, or a naive `at`."""
    if channel not in Channel.values:
        raise ActionRefused(f"{channel!r} is not a channel; choose one of: {', '.join(Channel.values)}")
    if purpose not in Purpose.values:
        raise ActionRefused(f"{purpose!r} is not a purpose; choose one of: {', '.join(Purpose.values)}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ActionRefused(f"the time {at.isoformat()} must carry its time zone")
    member = Member.objects.filter(member_id=member_id).first()
    if member is None:
        return ReachDecision(False, f"no member {member_id!r}", "unknown_member", member_id, channel, purpose)
    local = at.astimezone(member_zone(member.time_zone))

    def decided(allowed: bool, rule: str, reason: str) -> ReachDecision:
        return ReachDecision(allowed, reason, rule, member_id, channel, purpose, local)

    refusal = _consent_rule(member, channel, purpose) or _clock_rule(member, channel, local)
    if refusal is not None:
        return decided(*refusal)
    what = f"{CHANNEL_NAMES[channel]} for {purpose}"
    if _latest(member, channel, purpose) is None:
        return decided(True, "no_opt_out", f"{what} is allowed unless the member opts out; no opt-out on record")
    return decided(True, "consent", f"the member consented to {what}")


def reach_windows(member_ids: list[str]) -> dict[str, ReachWindow]:
    """Each known member's zone, quiet-hours end, preferred channel and language, by member id (no
    caller: whoever schedules with it asks `may_reach` for every send and logs what it shows)."""
    found: dict[str, ReachWindow] = {}
    fields = ("member_id", "time_zone", "quiet_hours_end", "preferred_channel", "language")
    for start in range(0, len(member_ids), 900):
        rows = Member.objects.filter(member_id__in=member_ids[start : start + 900]).values_list(*fields)
        for member_id, zone, quiet_end, channel, language in rows:
            found[member_id] = ReachWindow(member_id, zone, quiet_end, channel, language)
    return found
