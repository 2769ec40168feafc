"""A campaign's send list for the channel system: its treated members with their channel, send time
and message, each send checked again when the list is made (members named: access-logged).

A send is asked again, at its own send time, of `may_reach` (consent may have been withdrawn since
launch) and then of the contact policy's cool-offs (`campaign_policy.cooling_off`: a grievance, a
"declined" or a "not now" of the action recorded since launch). A send either refuses is left out
and listed in `withheld` with the reason in words. The weekly limits are judged at launch only:
asked again, they would count the campaign's own send against itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.ingest.spreadsheet import spreadsheet_safe
from heartline.insights.actions.catalog import Action, catalog
from heartline.insights.campaign_policy import cooling_off
from heartline.insights.campaigns_selectors import stored_campaign
from heartline.insights.models import CampaignMember
from heartline.members.reach import may_reach, member_zone, reach_windows

SEND_LIST_COLUMNS = ("campaign_id", "member_id", "action", "channel", "purpose", "send_at", "language", "message")


@dataclass(frozen=True)
class SendListRow:
    campaign_id: int
    member_id: str
    action: str
    channel: str
    purpose: str
    send_at: str  # ISO with the member's UTC offset
    language: str
    message: str


@dataclass(frozen=True)
class SendList:
    rows: list[SendListRow]
    # Treated members left out, in send order, and why: `may_reach` now refuses the send at its
    # time, or a cool-off (grievance, declined, not now) holds the action back at it.
    withheld: list[tuple[str, str]]


def _refused_now(
    caller: Caller, purpose: str, action: Action | None, due: list[tuple[CampaignMember, dt.datetime]]
) -> dict[str, str]:
    """The sends refused at their time, by member id, with the reason: `may_reach` first (consent),
    then the action's cool-offs, read for all the members at once."""
    refused: dict[str, str] = {}
    for member, send_at in due:
        decision = may_reach(member.member_id, member.channel, purpose, send_at)
        if not decision.allowed:
            refused[member.member_id] = decision.reason
    if action is not None:
        asked = {member.member_id: send_at for member, send_at in due if member.member_id not in refused}
        refused |= cooling_off(caller, action, asked)
    return refused


def send_list(caller: Caller, campaign_id: int, channel: str = "web") -> SendList:
    """The treated members with their channel and send time, for the channel system. Each send is
    asked of `may_reach` again (consent may have changed since launch), then of the contact policy's
    cool-offs at its send time (a grievance, a "declined" or a "not now" since launch; the weekly
    limits are left to launch, where the campaign's own send is not yet counted): a refused one is
    left out and listed in `withheld` with the reason. Every member listed, and only they, is
    written to the access log."""
    require(caller, Capability.RUN_CAMPAIGNS, "export a campaign's send list")
    campaign = stored_campaign(campaign_id)
    action = catalog().action(campaign.action)
    treated = list(campaign.members.filter(arm=CampaignMember.Arm.TREATED).order_by("send_at", "member_id"))
    windows = reach_windows([m.member_id for m in treated])
    due = [(m, m.send_at) for m in treated if m.send_at is not None and m.member_id in windows]
    refused = _refused_now(caller, campaign.purpose, action, due)
    rows, withheld = [], []
    for member, send_at in due:
        why = refused.get(member.member_id)
        if why is not None:
            withheld.append((member.member_id, why))
            continue
        language = member.language if action is not None and member.language in action.messages else "en"
        rows.append(
            SendListRow(
                campaign_id=campaign.pk,
                member_id=member.member_id,
                action=campaign.action,
                channel=member.channel,
                purpose=campaign.purpose,
                send_at=send_at.astimezone(member_zone(windows[member.member_id].time_zone)).isoformat(),
                language=language,
                message=action.messages[language] if action is not None else "",
            )
        )
        log_member_access(
            caller, member.member_id, "insights.campaign.send_list", ["campaign send"], channel, campaign=campaign.pk
        )
    return SendList(rows, withheld)


def send_list_csv(found: SendList) -> str:
    """The send list as CSV (a header row, then one row per send)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(SEND_LIST_COLUMNS)
    for row in found.rows:
        writer.writerow([spreadsheet_safe(str(getattr(row, column))) for column in SEND_LIST_COLUMNS])
    return out.getvalue()
