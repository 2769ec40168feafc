"""Practices spreading: the adoption panel of a practice (HTMX, loaded with the page), recording an
adoption and the practice's target metric, and a unit's page of what spread to it and what is
proposed to it."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from heartline.core import clock
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.scoping import OPERATOR, caller_of
from heartline.core.selectors import unit_names
from heartline.library import adoption, selectors, services
from heartline.library.models import Article


def _practice(article_id: int) -> Article:
    found = selectors.readable_article(article_id)
    if found is None or found.kind != "practice":
        raise Http404("No such published practice")
    return found


@login_required
@require_safe
def spread(request: HttpRequest, article_id: int) -> HttpResponse:
    """The adoption panel: "adopted by 4 of 7 units", each unit's before/after, ideas proposed."""
    caller = caller_of(request)
    found = _practice(article_id)
    live = found.live
    refs = list(live.idea_ids) if live is not None else []
    return render(
        request,
        "library/_spread.html",
        {
            "article": found,
            "spread": adoption.practice_spread(caller, found.group, refs),
            "can_record": caller.can(Capability.RECORD_PRACTICE_ADOPTION),
            "my_units": sorted(unit_names(caller).items()),
            "metrics": sorted(adoption.proportion_metrics().items()),
            "behavior_pass_rate": adoption.BEHAVIOR_PASS_RATE,
            "window_days": adoption.WINDOW_DAYS,
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def adopt(request: HttpRequest, article_id: int) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.RECORD_PRACTICE_ADOPTION, "record that a unit adopted a practice")
    found = _practice(article_id)
    try:
        adopted_on = dt.date.fromisoformat(request.POST.get("adopted_on", ""))
    except ValueError:
        raise ActionRefused("adopted_on must be a date (YYYY-MM-DD)") from None
    services.record_adoption(
        caller,
        found,
        unit_code=request.POST.get("unit", ""),
        adopted_on=adopted_on,
        site=request.POST.get("site", ""),
        note=request.POST.get("note", ""),
    )
    return redirect("library:article", article_id=found.pk)


@login_required
@require_POST
def target(request: HttpRequest, article_id: int) -> HttpResponse:
    caller = caller_of(request)
    require(caller, Capability.RECORD_PRACTICE_ADOPTION, "set what a practice targets")
    found = _practice(article_id)
    services.set_target_metric(caller, found, request.POST.get("metric", ""), request.POST.get("behavior", ""))
    return redirect("library:article", article_id=found.pk)


@login_required
@require_safe
def spreading(request: HttpRequest) -> HttpResponse:
    """A unit's page: the practices it adopted, how far each spread, and ideas proposed to it."""
    caller = caller_of(request)
    mine = sorted(unit_names(caller).items())
    every = sorted(unit_names(OPERATOR).items())
    unit = request.GET.get("unit") or (mine[0][0] if mine else every[0][0] if every else "")
    if unit and unit not in dict(every):
        raise Http404("No such unit")
    view = adoption.unit_spreading(caller, unit) if unit else None
    proposed = list(zip(view.proposed, view.proposed_from, strict=True)) if view else []
    return render(request, "library/spreading.html", {"units": every, "unit": unit, "view": view, "proposed": proposed})
