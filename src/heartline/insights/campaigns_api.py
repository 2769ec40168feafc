"""`/api/v1/insights/campaigns`: list and launch campaigns, read one's results (uplift with its CI
and n, overall, by segment and by channel) and export its send list as CSV for the channel system."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from heartline.core.scoping import caller_of
from heartline.insights.campaign_send_list import send_list, send_list_csv
from heartline.insights.campaigns import DEFAULT_HOLDOUT, DEFAULT_SEED
from heartline.insights.campaigns_selectors import campaign_list, campaign_results
from heartline.insights.campaigns_services import launch_campaign

router = Router(tags=["insights"])


class CampaignSummaryOut(Schema):
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
    outcomes: int | None


class CampaignListOut(Schema):
    campaigns: list[CampaignSummaryOut]


class CampaignUpliftOut(Schema):
    label: str
    treated_n: int
    treated_converted: int
    holdout_n: int
    holdout_converted: int
    treated_rate: float | None
    holdout_rate: float | None
    uplift: float | None
    ci_low: float | None
    ci_high: float | None


class CampaignExclusionOut(Schema):
    reason: str
    n: int


class CampaignResultsOut(Schema):
    campaign: CampaignSummaryOut
    overall: CampaignUpliftOut
    by_segment: list[CampaignUpliftOut]
    by_channel: list[CampaignUpliftOut]
    excluded_because: list[CampaignExclusionOut]


class CampaignLaunchIn(Schema):
    name: str
    segment_id: int
    action: str
    channel: str = ""
    holdout_share: float = DEFAULT_HOLDOUT
    seed: int = DEFAULT_SEED
    starts_at: dt.datetime | None = None


def _results(caller_request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    found = campaign_results(caller_of(caller_request), campaign_id)
    answer = asdict(found)
    answer["excluded_because"] = [{"reason": r, "n": n} for r, n in found.excluded_because]
    return answer


@router.get("/campaigns", response=CampaignListOut, summary="Campaigns, newest first, with each arm's n")
def campaigns(request: HttpRequest) -> dict[str, Any]:
    return {"campaigns": [asdict(c) for c in campaign_list(caller_of(request))]}


@router.post("/campaigns", response={201: CampaignResultsOut}, summary="Launch a campaign on a segment")
def launch(request: HttpRequest, payload: CampaignLaunchIn) -> tuple[int, dict[str, Any]]:
    """Schedule every member of the segment's latest version within consent, draw the seeded holdout
    and store each member's place; the same name and settings again return the stored campaign."""
    campaign = launch_campaign(
        caller_of(request),
        payload.name,
        payload.segment_id,
        payload.action,
        holdout_share=payload.holdout_share,
        seed=payload.seed,
        channel=payload.channel,
        starts_at=payload.starts_at,
    )
    return 201, _results(request, campaign.pk)


@router.get("/campaigns/{campaign_id}", response=CampaignResultsOut, summary="A campaign's uplift with its CI and n")
def results(request: HttpRequest, campaign_id: int) -> dict[str, Any]:
    return _results(request, campaign_id)


@router.get("/campaigns/{campaign_id}/send-list", summary="The send list as CSV (treated members; access-logged)")
def campaign_send_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    """Columns: campaign_id, member_id, action, channel, purpose, send_at (ISO with the member's
    offset), language, message. Sends `may_reach` now refuses at their time, or a cool-off (grievance,
    declined, not now) holds back, are left out (header X-Heartline-Withheld)."""
    found = send_list(caller_of(request), campaign_id, channel="api")
    response = HttpResponse(send_list_csv(found), content_type="text/csv; charset=utf-8")
    response["X-Heartline-Withheld"] = str(len(found.withheld))
    return response
