"""Launching a campaign: the one write path for Campaign and CampaignMember rows.

An analyst targets a saved segment (its latest membership version) with an outreach action of the
catalog. Each member is first asked of next-best-action's contact policy at the start
(`campaign_policy.held_back`: grievance cool-off, a recent "declined" or "not now" of the action, the
action's and the member's weekly limits): a member it holds the action back from is *excluded*, with
the reason. The others are scheduled: on the action's channels, the member's preferred one first, at
the first instant from the start that `heartline.members.reach.may_reach` allows (the same search
next-best-action uses, `arbitration.next_allowed`); a member no channel may reach within the week is
excluded, with the refusals. Only then is the holdout drawn, among the members that may be reached
(so treated and holdout are alike in everything but the message), and every member's place is stored:
launching again with the same settings finds the campaign and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.insights.actions.arbitration import Window, next_allowed
from heartline.insights.actions.catalog import Action, catalog
from heartline.insights.campaign_policy import held_back
from heartline.insights.campaigns import DEFAULT_HOLDOUT, DEFAULT_SEED, HOLDOUT_RANGE, holdout_members
from heartline.insights.models import Campaign, CampaignMember, Segment, SegmentMember, SegmentVersion
from heartline.members.contracts import ReachDecision, ReachWindow
from heartline.members.reach import may_reach, member_zone, reach_windows

NAME_LENGTH = 120
NOT_A_MEMBER = "no such member"


@dataclass(frozen=True)
class Placement:
    """Where scheduling put one member: a channel and instant, or the refusals."""

    member_id: str
    decision: ReachDecision | None
    language: str
    reason: str


def _outreach_action(code: str, channel: str) -> tuple[Action, tuple[str, ...]]:
    found = catalog().action(code)
    if found is None:
        codes = ", ".join(a.code for a in catalog().actions if not a.in_contact)
        raise ActionRefused(f"field action: no action {code!r}; choose one of: {codes}")
    if found.in_contact:
        raise ActionRefused(f"field action: {code!r} is offered during a contact, not sent; choose an outreach action")
    if not channel:
        return found, found.channels
    if channel not in found.channels:
        raise ActionRefused(f"field channel: {code!r} is sent by {', '.join(found.channels)}, not {channel!r}")
    return found, (channel,)


def place_member(
    member_id: str, window: ReachWindow | None, channels: tuple[str, ...], purpose: str, starts_at: dt.datetime
) -> Placement:
    """The member's channel and send time: the first of `channels` (their preferred one first) that
    `may_reach` allows at some instant in the week from `starts_at`, at the first such instant."""
    if window is None:
        return Placement(member_id, None, "", NOT_A_MEMBER)
    ordered = sorted(channels, key=lambda c: c != window.preferred_channel)
    zone = Window(member_zone(window.time_zone), window.quiet_hours_end)

    def reach(channel: str, purpose_: str, moment: dt.datetime) -> ReachDecision:
        return may_reach(member_id, channel, purpose_, moment)

    refusals = []
    for channel in ordered:
        decision = next_allowed(reach, channel, purpose, starts_at, zone)
        if decision.allowed:
            return Placement(member_id, decision, window.language, "")
        refusals.append(f"{channel}: {decision.reason}")
    return Placement(member_id, None, window.language, "; ".join(refusals))


def discovered_subgroups(member_ids: list[str]) -> dict[str, str]:
    """Each member's current discovered segment (latest version of each), by member id."""
    latest: dict[int, SegmentVersion] = {}
    for version in SegmentVersion.objects.filter(
        segment__kind=Segment.Kind.DISCOVERED, segment__retired=False
    ).select_related("segment"):
        if version.segment_id not in latest or version.number > latest[version.segment_id].number:
            latest[version.segment_id] = version
    found: dict[str, str] = {}
    for version in latest.values():
        for member_id in SegmentMember.objects.filter(version=version).values_list("member_id", flat=True):
            found[member_id] = version.segment.name
    wanted = set(member_ids)
    return {m: name for m, name in found.items() if m in wanted}


def _assign(caller: Caller, campaign: Campaign, action: Action, member_ids: list[str]) -> None:
    """Hold back whom the contact policy says, schedule the others, then draw the holdout among the
    members that may be reached; members that already have a place keep it."""
    placed = set(campaign.members.values_list("member_id", flat=True))
    todo = sorted(set(member_ids) - placed)
    if not todo:
        return
    windows = reach_windows(todo)
    held = held_back(caller, action, [m for m in todo if m in windows], campaign.starts_at)
    placements = [
        Placement(m, None, windows[m].language, held[m])
        if m in held
        else place_member(m, windows.get(m), tuple(campaign.channels), campaign.purpose, campaign.starts_at)
        for m in todo
    ]
    reachable = [p.member_id for p in placements if p.decision is not None]
    holdout = holdout_members(reachable, campaign.holdout_share, campaign.seed)
    subgroups = discovered_subgroups(todo)
    rows = []
    for p in placements:
        arm = CampaignMember.Arm.EXCLUDED
        if p.decision is not None:
            arm = CampaignMember.Arm.HOLDOUT if p.member_id in holdout else CampaignMember.Arm.TREATED
        local = p.decision.local_time if p.decision is not None else None
        rows.append(
            CampaignMember(
                campaign=campaign,
                member_id=p.member_id,
                arm=arm,
                channel=p.decision.channel if p.decision is not None else "",
                send_at=local,
                language=p.language,
                subgroup=subgroups.get(p.member_id, ""),
                reason=p.reason,
            )
        )
    CampaignMember.objects.bulk_create(rows, batch_size=2000)


def _check(name: str, holdout_share: float, seed: int, starts_at: dt.datetime) -> str:
    name = name.strip()
    if not name or len(name) > NAME_LENGTH:
        raise ActionRefused(f"field name: give the campaign a name of 1 to {NAME_LENGTH} characters")
    low, high = HOLDOUT_RANGE
    if not low <= holdout_share <= high:
        raise ActionRefused(f"field holdout_share: {holdout_share} is outside {low}-{high} (0.1 holds out 10%)")
    if seed < 0:
        raise ActionRefused(f"field seed: {seed} is negative; give a whole number from 0")
    if starts_at.tzinfo is None or starts_at.utcoffset() is None:
        raise ActionRefused(f"field starts_at: {starts_at.isoformat()} must carry its offset")
    return name


def launch_campaign(
    caller: Caller,
    name: str,
    segment_id: int,
    action: str,
    *,
    holdout_share: float = DEFAULT_HOLDOUT,
    seed: int = DEFAULT_SEED,
    channel: str = "",
    starts_at: dt.datetime | None = None,
) -> Campaign:
    """Launch `action` on the latest version of segment `segment_id` with a seeded holdout.

    Launching again under the same name with the same segment version, action, channels, holdout and
    seed returns the stored campaign unchanged; the same name with other settings is refused."""
    require(caller, Capability.RUN_CAMPAIGNS, "launch campaigns")
    starts = starts_at or clock.now()
    name = _check(name, holdout_share, seed, starts)
    chosen, channels = _outreach_action(action, channel)
    segment = Segment.objects.filter(pk=segment_id, retired=False).first()
    if segment is None:
        raise NotFound(f"field segment_id: no current segment {segment_id}")
    version = segment.versions.order_by("-number").first()
    if version is None:
        raise ActionRefused(f"field segment_id: segment {segment_id} has no saved membership; refresh it first")
    existing = Campaign.objects.filter(name=name).first()
    if existing is not None:
        same = (
            existing.segment_version_id,
            existing.action,
            tuple(existing.channels),
            existing.holdout_share,
            existing.seed,
        )
        if same != (version.pk, chosen.code, channels, holdout_share, seed):
            raise ActionRefused(
                f"field name: a campaign named {name!r} exists (number {existing.pk}) with other settings"
            )
        return existing
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=name,
            segment=segment,
            segment_version=version,
            action=chosen.code,
            purpose=chosen.purpose,
            channels=list(channels),
            holdout_share=holdout_share,
            seed=seed,
            starts_at=starts,
            created_at=clock.now(),
            created_by=caller.username,
        )
        members = list(SegmentMember.objects.filter(version=version).values_list("member_id", flat=True))
        _assign(caller, campaign, chosen, members)
    return campaign


def remove_campaign_named(name: str) -> None:
    """Delete the campaign `name` and its members' places (the demo's wipe; no page does this)."""
    Campaign.objects.filter(name=name).delete()
