"""The "Next best actions" section of the member view (an HTMX partial the member page loads): the
proposals, those held back, the member's recent answers and the campaign sends scheduled for them;
and the representative's record of the member's answer (accepted, declined, not now)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.insights.actions.contracts import OUTCOMES
from heartline.insights.actions.selectors import next_best_actions
from heartline.insights.actions.services import record_action_outcome
from heartline.insights.campaigns_selectors import campaign_sends_of_member

PARTIAL = "insights/actions_partial_base.html"
PAGE = "core/base.html"
OUTCOME_LABELS = {"accepted": "Accepted", "declined": "Declined", "not_now": "Not now"}


def _section(request: HttpRequest, member_id: str, status: int = 200, error: str = "") -> HttpResponse:
    caller = caller_of(request)
    found = next_best_actions(caller, member_id, channel="web")
    context = {
        "found": found,
        "campaign_sends": campaign_sends_of_member(caller, member_id, channel="web"),
        "member_id": member_id,
        "outcomes": [(o, OUTCOME_LABELS[o]) for o in OUTCOMES],
        "may_record": caller.can(Capability.RECORD_MEMBER_PREFERENCES),
        "error": error,
        "base_template": PARTIAL if getattr(request, "htmx", False) else PAGE,
    }
    return render(request, "insights/actions_member.html", context, status=status)


@login_required
def member_actions(request: HttpRequest, member_id: str) -> HttpResponse:
    """The member's next best actions with their reasons, those held back and why, and their
    campaign sends (treated arm only) with the outcome once loaded."""
    return _section(request, member_id)


@login_required
@require_POST
def record_outcome(request: HttpRequest, member_id: str) -> HttpResponse:
    """Record the member's answer, then show the section again (HTMX) or the member page."""
    record_action_outcome(
        caller_of(request),
        member_id,
        request.POST.get("action", ""),
        request.POST.get("outcome", ""),
        request.POST.get("channel", ""),
        request.POST.get("contact_id", ""),
    )
    if getattr(request, "htmx", False):
        return _section(request, member_id)
    return redirect("members:detail", member_id=member_id)
