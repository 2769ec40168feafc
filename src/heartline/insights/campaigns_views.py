"""`/insights/campaigns/`: the campaigns and the form to launch one; `/insights/campaigns/<id>/`: its
results (uplift with its CI, every figure with its n); `…/send-list.csv`: the send list."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.insights.actions.catalog import catalog
from heartline.insights.campaign_send_list import send_list, send_list_csv
from heartline.insights.campaigns import DEFAULT_HOLDOUT, DEFAULT_SEED, Uplift
from heartline.insights.campaigns_selectors import campaign_list, campaign_results
from heartline.insights.campaigns_services import launch_campaign
from heartline.insights.segments_selectors import segment_summaries


def _number(raw: str, field: str, kind: type[int] | type[float], default: float) -> float:
    if not raw.strip():
        return default
    try:
        return kind(raw)
    except ValueError:
        raise ActionRefused(f"field {field}: {raw!r} is not a number") from None


def _starts_at(raw: str) -> dt.datetime | None:
    if not raw.strip():
        return None
    try:
        found = dt.datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        raise ActionRefused(f"field starts_at: {raw!r} is not an ISO time such as 2026-06-15T09:00:00-05:00") from None
    if found.tzinfo is None:
        raise ActionRefused(f"field starts_at: {raw!r} must carry its offset (e.g. -05:00 or Z)")
    return found


def _percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _points(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:+.1f} pts"


def shown(found: Uplift, loaded: bool = True) -> dict[str, object]:
    """One result line as the page shows it: rates in percent, the uplift in points with its CI
    (`loaded`: whether any outcome has been loaded; without one there is no verdict)."""
    verdict = "not measurable yet" if loaded else "no outcomes loaded yet"
    if loaded and found.ci_low is not None and found.ci_high is not None:
        verdict = "worked" if found.ci_low > 0 else "backfired" if found.ci_high < 0 else "no clear effect"
    return {
        "label": found.label,
        "treated": f"{_percent(found.treated_rate)} ({found.treated_converted} of n = {found.treated_n})",
        "holdout": f"{_percent(found.holdout_rate)} ({found.holdout_converted} of n = {found.holdout_n})",
        "uplift": _points(found.uplift),
        "interval": f"{_points(found.ci_low)} to {_points(found.ci_high)}" if found.ci_low is not None else "—",
        "verdict": verdict,
        "n": found.treated_n + found.holdout_n,
    }


def _page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    caller = caller_of(request)
    may_run = caller.can(Capability.RUN_CAMPAIGNS)
    context = {
        "campaigns": campaign_list(caller),
        "may_run": may_run,
        "segments": segment_summaries(caller) if may_run else [],
        "actions": [a for a in catalog().actions if not a.in_contact],
        "default_holdout": DEFAULT_HOLDOUT,
        "default_seed": DEFAULT_SEED,
        "error": error,
        "form": request.POST if request.method == "POST" else {},
    }
    return render(request, "insights/campaigns.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def campaigns(request: HttpRequest) -> HttpResponse:
    """GET: the campaigns. POST (name, segment_id, action, channel, holdout_share, seed, starts_at):
    launch one, then to its results."""
    if request.method == "GET":
        return _page(request)
    caller = caller_of(request)
    require(caller, Capability.RUN_CAMPAIGNS, "launch campaigns")
    post = request.POST
    try:
        campaign = launch_campaign(
            caller,
            post.get("name", ""),
            int(_number(post.get("segment_id", ""), "segment_id", int, -1)),
            post.get("action", ""),
            holdout_share=_number(post.get("holdout_share", ""), "holdout_share", float, DEFAULT_HOLDOUT),
            seed=int(_number(post.get("seed", ""), "seed", int, DEFAULT_SEED)),
            channel=post.get("channel", ""),
            starts_at=_starts_at(post.get("starts_at", "")),
        )
    except ActionRefused as refused:
        return _page(request, str(refused), 400)
    return redirect("insights:campaign", campaign_id=campaign.pk)


@login_required
@require_GET
def campaign(request: HttpRequest, campaign_id: int) -> HttpResponse:
    caller = caller_of(request)
    results = campaign_results(caller, campaign_id)
    context = {
        "results": results,
        "overall": shown(results.overall, loaded=bool(results.campaign.outcomes)),
        "by_segment": [shown(u) for u in results.by_segment],
        "by_channel": [shown(u) for u in results.by_channel],
        "may_run": caller.can(Capability.RUN_CAMPAIGNS),
    }
    return render(request, "insights/campaign.html", context)


@login_required
@require_GET
def campaign_send_list(request: HttpRequest, campaign_id: int) -> HttpResponse:
    found = send_list(caller_of(request), campaign_id, channel="export")
    response = HttpResponse(send_list_csv(found), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign_id}-send-list.csv"'
    response["X-Heartline-Withheld"] = str(len(found.withheld))
    return response
