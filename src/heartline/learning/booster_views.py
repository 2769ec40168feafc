"""Booster pages: whom to boost (open assignments, why, when due), whether each booster helped
(before/after pass rates on its behavior, n, 95% CI of the difference), the catalog with each
rule; running the rules; a representative marking a booster done (HTMX)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from heartline.behaviors.selectors import behavior_titles
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.learning import booster_rules, selectors, services

ROWS_SHOWN = 100


def boosters_context(caller: Caller) -> dict[str, Any]:
    today = clock.today()
    catalog = list(selectors.boosters())
    titles = behavior_titles({b.behavior_code for b in catalog}, caller.unit_code)
    open_rows = list(selectors.booster_assignments(caller, open_only=True)[:ROWS_SHOWN])
    follows = caller.can(Capability.FOLLOW_BOOSTERS)
    impacts = selectors.booster_impacts(caller, services.boosters.quality_outcomes) if follows else []
    return {
        "today": today,
        "open": [{"a": a, "overdue": a.is_overdue(today)} for a in open_rows] if follows else [],
        "impacts": [
            {"i": i, "behavior": titles.get(i.booster.behavior_code, i.booster.behavior_code)}
            for i in impacts
            if i.assigned
        ],
        "catalog": [
            {
                "b": b,
                "behavior": titles.get(b.behavior_code, b.behavior_code),
                "rule": booster_rules.AssignmentRule(b.misses_to_assign, b.of_last_audits).describe(),
            }
            for b in catalog
        ],
        "window_days": booster_rules.WINDOW_DAYS,
        "may_assign": caller.can(Capability.ASSIGN_BOOSTERS),
        "may_define": caller.can(Capability.DEFINE_BOOSTERS),
        "follows": follows,
    }


@login_required
def boosters(request: HttpRequest) -> HttpResponse:
    """Whom to boost, did it help, and the catalog."""
    return render(request, "learning/boosters.html", boosters_context(caller_of(request)))


@login_required
@require_POST
def assign(request: HttpRequest) -> HttpResponse:
    """Run the booster rules for the caller's people (HTMX: answers with the page's body)."""
    caller = caller_of(request)
    if not caller.can(Capability.ASSIGN_BOOSTERS):
        raise services.NotAllowed(f"a {caller.role or 'person with no role'} may not assign boosters")
    run = services.assign_boosters(caller)
    context = boosters_context(caller)
    context["run"] = run
    return render(request, "learning/_boosters_body.html", context)


def my_boosters(caller: Caller) -> dict[str, Any]:
    today = clock.today()
    mine = list(selectors.booster_assignments(caller, employee_code=caller.employee_code or ""))
    return {"today": today, "boosters": [{"a": a, "overdue": a.is_overdue(today)} for a in mine]}


@login_required
@require_POST
def complete(request: HttpRequest) -> HttpResponse:
    """Mark one of my boosters done today (HTMX: answers with my boosters)."""
    caller = caller_of(request)
    raw = request.POST.get("assignment", "")
    if not raw.isdigit():
        raise services.LearningError(f"assignment {raw!r} is not a booster assignment id")
    services.complete_booster(caller, int(raw))
    return render(request, "learning/_my_boosters.html", my_boosters(caller))
