"""Reading campaigns: the list and each campaign's results (uplift with its CI and n, overall, by
segment and by channel); the send list for the channel system is `campaign_send_list`. For
next-best-action: members' campaign sends (offers, for the weekly limits) and the treated members'
loaded outcomes per action (for the propensity); for the member view, one member's campaign sends
with their outcomes (access-logged).

Results are figures only. A member without an outcome row counts as not converted; excluded members
(held back by the contact policy, or no channel could reach them) are in neither arm.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from heartline.core.analytics import remember, warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.insights.actions.catalog import catalog
from heartline.insights.actions.contracts import CampaignSend, MemberCampaignSend, Tally
from heartline.insights.campaign_outcomes import CAMPAIGN_OUTCOMES
from heartline.insights.campaigns import Uplift, uplift_of
from heartline.insights.models import Campaign, CampaignMember
from heartline.members.reach import member_zone, reach_windows

NO_SUBGROUP = "in no discovered segment"
# Members per query when many are asked at once (SQLite's limit on a statement's parameters).
MEMBERS_PER_QUERY = 500


@dataclass(frozen=True)
class CampaignSummary:
    campaign_id: int
    name: str
    segment: str
    segment_version: int
    segment_as_of: dt.date
    action: str
    channels: list[str]
    holdout_share: float
    seed: int
    starts_at: dt.datetime
    created_by: str
    targeted: int
    treated: int
    holdout: int
    excluded: int
    outcomes: int | None  # outcome rows loaded for the campaign (None in the list: not read there)


@dataclass(frozen=True)
class CampaignResults:
    campaign: CampaignSummary
    overall: Uplift
    by_segment: list[Uplift]
    by_channel: list[Uplift]
    excluded_because: list[tuple[str, int]]  # the commonest reasons, with their n


def campaign_arms(campaign_ids: list[int]) -> dict[int, set[str]]:
    """The members each campaign targeted (any arm), by campaign id (no caller: the ingest's check)."""
    found: dict[int, set[str]] = {
        c: set() for c in Campaign.objects.filter(pk__in=campaign_ids).values_list("pk", flat=True)
    }
    for campaign_id, member_id in CampaignMember.objects.filter(campaign_id__in=list(found)).values_list(
        "campaign_id", "member_id"
    ):
        found[campaign_id].add(member_id)
    return found


def sends_of_members(member_ids: list[str], since: dt.datetime, until: dt.datetime) -> dict[str, list[CampaignSend]]:
    """Each member's campaign sends (treated arm) due in (since, until], by member id, oldest first;
    members with none are left out (no caller: the caller was checked by whoever asks)."""
    found: dict[str, list[CampaignSend]] = defaultdict(list)
    wanted = sorted(set(member_ids))
    for start in range(0, len(wanted), MEMBERS_PER_QUERY):
        rows = CampaignMember.objects.filter(
            member_id__in=wanted[start : start + MEMBERS_PER_QUERY],
            arm=CampaignMember.Arm.TREATED,
            send_at__gt=since,
            send_at__lte=until,
        ).order_by("member_id", "send_at", "campaign_id")
        for member_id, action, channel, send_at, name in rows.values_list(
            "member_id", "campaign__action", "channel", "send_at", "campaign__name"
        ):
            if send_at is not None:  # always, given the filter: for the type checker
                found[member_id].append(CampaignSend(member_id, action, channel, send_at, name))
    return dict(found)


def campaign_tallies() -> dict[str, Tally]:
    """The treated members' loaded outcomes per action, as answers to an offer: converted = accepted,
    not converted = declined (every one counted in `from_campaigns`). Holdout members were sent
    nothing and do not count, nor does a treated member with no outcome row. Kept until a warehouse
    table changes or a campaign is launched or removed."""
    campaigns = list(Campaign.objects.order_by("pk").values_list("pk", "action", "created_at"))
    if not campaigns:
        return {}
    key = ("insights-campaign-tallies", tuple((pk, action, made.isoformat()) for pk, action, made in campaigns))
    return remember(key, lambda: _campaign_tallies({pk: action for pk, action, _ in campaigns}))


def _campaign_tallies(actions: dict[int, str]) -> dict[str, Tally]:
    table = warehouse_source().table(CAMPAIGN_OUTCOMES)
    rows = table.filter(table.converted.notnull()).select("campaign_id", "member_id", "converted").execute()
    if rows.empty:
        return {}
    treated = set(
        CampaignMember.objects.filter(campaign_id__in=list(actions), arm=CampaignMember.Arm.TREATED).values_list(
            "campaign_id", "member_id"
        )
    )
    counts: Counter[tuple[str, bool]] = Counter()
    for campaign, member, converted in zip(rows["campaign_id"], rows["member_id"], rows["converted"], strict=True):
        key = str(campaign).strip()
        if key.isdigit() and (int(key), str(member)) in treated:
            counts[(actions[int(key)], bool(converted))] += 1
    return {
        action: Tally(
            accepted=counts[(action, True)],
            declined=counts[(action, False)],
            from_campaigns=counts[(action, True)] + counts[(action, False)],
        )
        for action in sorted({a for a, _ in counts})
    }


def _outcomes(campaign_id: int) -> dict[str, bool]:
    table = warehouse_source().table(CAMPAIGN_OUTCOMES)
    rows = table.filter(table.campaign_id == str(campaign_id)).select("member_id", "converted").execute()
    return {str(m): bool(c) for m, c in zip(rows["member_id"], rows["converted"], strict=True) if c is not None}


def _summary(campaign: Campaign, arms: Counter[str], outcomes: int | None) -> CampaignSummary:
    version = campaign.segment_version
    return CampaignSummary(
        campaign_id=campaign.pk,
        name=campaign.name,
        segment=campaign.segment.name,
        segment_version=version.number,
        segment_as_of=version.as_of,
        action=campaign.action,
        channels=list(campaign.channels),
        holdout_share=campaign.holdout_share,
        seed=campaign.seed,
        starts_at=campaign.starts_at,
        created_by=campaign.created_by,
        targeted=sum(arms.values()),
        treated=arms.get("treated", 0),
        holdout=arms.get("holdout", 0),
        excluded=arms.get("excluded", 0),
        outcomes=outcomes,
    )


def stored_campaign(campaign_id: int) -> Campaign:
    """The campaign numbered `campaign_id`, with its segment (no caller: whoever asks checked it)."""
    found = Campaign.objects.select_related("segment", "segment_version").filter(pk=campaign_id).first()
    if found is None:
        raise NotFound(f"no campaign {campaign_id}")
    return found


def campaign_list(caller: Caller) -> list[CampaignSummary]:
    """Every campaign, newest first, with its arms' n (no member named)."""
    require(caller, Capability.ANALYZE_INSIGHTS, "see campaigns")
    arms: dict[int, Counter[str]] = defaultdict(Counter)
    for campaign_id, arm in CampaignMember.objects.values_list("campaign_id", "arm"):
        arms[campaign_id][arm] += 1
    return [_summary(c, arms[c.pk], None) for c in Campaign.objects.select_related("segment", "segment_version")]


def campaign_results(caller: Caller, campaign_id: int) -> CampaignResults:
    """The campaign's uplift (treated − holdout conversion) with its 95% CI and n: overall, by
    discovered segment at launch and by scheduled channel."""
    require(caller, Capability.ANALYZE_INSIGHTS, "see campaign results")
    campaign = stored_campaign(campaign_id)
    outcomes = _outcomes(campaign.pk)
    members = list(campaign.members.values_list("member_id", "arm", "channel", "subgroup", "reason"))
    pairs = [(arm, outcomes.get(m, False)) for m, arm, _, _, _ in members]
    by_segment: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    by_channel: dict[str, list[tuple[str, bool]]] = defaultdict(list)
    reasons: Counter[str] = Counter()
    for (_member_id, arm, channel, subgroup, reason), pair in zip(members, pairs, strict=True):
        if arm == CampaignMember.Arm.EXCLUDED:
            reasons[reason] += 1
            continue
        by_segment[subgroup or NO_SUBGROUP].append(pair)
        by_channel[channel].append(pair)
    loaded = sum(1 for m, *_ in members if m in outcomes)
    return CampaignResults(
        campaign=_summary(campaign, Counter(arm for _, arm, *_ in members), loaded),
        overall=uplift_of("all members", pairs),
        by_segment=[uplift_of(label, found) for label, found in sorted(by_segment.items())],
        by_channel=[uplift_of(label, found) for label, found in sorted(by_channel.items())],
        excluded_because=reasons.most_common(5),
    )


def campaign_sends_of_member(caller: Caller, member_id: str, channel: str = "web") -> list[MemberCampaignSend]:
    """The campaign sends scheduled for member `member_id` (treated arm only: a holdout member was
    sent nothing and is shown nothing), newest first, each send time in the member's zone and its
    outcome when loaded. Raises NotAllowed when the caller may not look up members, NotFound when
    there is no such member; the read is access-logged, as the member view's is."""
    require(caller, Capability.LOOK_UP_MEMBERS, "see a member's campaign sends")
    window = reach_windows([member_id]).get(member_id)
    if window is None:
        raise NotFound(f"No member {member_id!r}.")
    zone = member_zone(window.time_zone)
    rows = list(
        CampaignMember.objects.filter(member_id=member_id, arm=CampaignMember.Arm.TREATED, send_at__isnull=False)
        .order_by("-send_at", "-campaign_id")
        .values_list("campaign_id", "campaign__name", "campaign__action", "channel", "send_at")
    )
    outcomes = _outcomes_of_member(member_id, [campaign_id for campaign_id, *_ in rows])
    chosen = catalog()
    found = []
    for campaign_id, name, action, sent_on, send_at in rows:
        if send_at is None:  # never, given the filter: for the type checker
            continue
        known = chosen.action(action)
        found.append(
            MemberCampaignSend(
                campaign_id=campaign_id,
                campaign=name,
                action=action,
                title=known.title if known is not None else action,
                channel=sent_on,
                send_at=send_at.astimezone(zone),
                converted=outcomes.get(campaign_id),
            )
        )
    log_member_access(
        caller,
        member_id,
        "insights.campaign_sends",
        ["campaign sends"],
        channel,
        campaigns=[s.campaign_id for s in found],
    )
    return found


def _outcomes_of_member(member_id: str, campaign_ids: list[int]) -> dict[int, bool]:
    """The member's loaded outcomes (converted or not) of these campaigns, by campaign id."""
    if not campaign_ids:
        return {}
    table = warehouse_source().table(CAMPAIGN_OUTCOMES)
    wanted = table.filter((table.member_id == member_id) & table.campaign_id.isin([str(c) for c in campaign_ids]))
    rows = wanted.select("campaign_id", "converted").execute()
    return {
        int(str(c).strip()): bool(v)
        for c, v in zip(rows["campaign_id"], rows["converted"], strict=True)
        if v is not None
    }


def campaign_arm_list(campaign_id: int) -> list[tuple[str, str]]:
    """(member_id, arm) for every member the campaign targeted, by member id (no caller: the demo's
    planted outcomes and tests)."""
    return list(CampaignMember.objects.filter(campaign_id=campaign_id).values_list("member_id", "arm"))
