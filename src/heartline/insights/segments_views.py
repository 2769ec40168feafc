"""`/insights/segments/`: the segments with their live counts, and the form to save a rule segment."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.insights.features import FEATURES
from heartline.insights.segments_selectors import segment_summaries
from heartline.insights.segments_services import save_rule_segment


def _page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    caller = caller_of(request)
    context = {
        "segments": segment_summaries(caller),
        "may_define": caller.can(Capability.DEFINE_SEGMENTS),
        "features": FEATURES,
        "error": error,
        "form": request.POST if request.method == "POST" else {},
    }
    return render(request, "insights/segments.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def segments(request: HttpRequest) -> HttpResponse:
    """GET: the segments. POST (name, rule as JSON): save a rule segment, then back to the list."""
    if request.method == "GET":
        return _page(request)
    caller = caller_of(request)
    require(caller, Capability.DEFINE_SEGMENTS, "define segments")
    try:
        rule = json.loads(request.POST.get("rule", "") or "null")
    except json.JSONDecodeError as exc:
        return _page(request, f"field rule: not JSON ({exc.msg} at character {exc.pos})", 400)
    try:
        save_rule_segment(caller, request.POST.get("name", ""), rule, request.POST.get("description", ""))
    except ActionRefused as refused:
        return _page(request, str(refused), 400)
    return redirect("insights:segments")
