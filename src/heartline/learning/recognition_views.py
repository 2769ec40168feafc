"""Recognition pages: a unit's recognitions (the feed, and counts by behavior with the suppression
rule of `learning.selectors.recognition`), the form to recognise someone, and members' praise a
coach may pass on. HTMX posts answer with the fragment they change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from heartline.behaviors.selectors import behavior_codes, behavior_titles
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.selectors import full_name, visible_units
from heartline.core.services import log_access
from heartline.learning import selectors, services

PERIOD_DAYS = 365  # counts cover the year up to the unit's latest recognition
FEED_SHOWN = 20
PRAISE_SHOWN = 10  # the newest members' praise not yet passed on


def _unit_code(request: HttpRequest, caller: Caller) -> str | None:
    wanted = request.GET.get("unit") or request.POST.get("unit") or caller.unit_code
    units = {u.code for u in visible_units(caller)} | ({caller.unit_code} if caller.unit_code else set())
    if wanted in units:
        return wanted
    return sorted(units)[0] if units else None


def _front_line_titles(unit_code: str | None) -> dict[str, str]:
    codes = [code for _, code in behavior_codes("front_line")]
    titles = behavior_titles(codes, unit_code)
    return {code: titles.get(code, code) for code in codes}


def recognition_context(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    today = clock.today()
    unit_code = _unit_code(request, caller)
    titles = _front_line_titles(unit_code)
    feed = list(selectors.recognitions(caller, unit_code=unit_code)[:FEED_SHOWN]) if unit_code else []
    since = (feed[0].given_on if feed else today) - dt.timedelta(days=PERIOD_DAYS)
    counts = selectors.counts_by_behavior(caller, unit_code, since) if unit_code else []
    praise: list[Any] = []
    names: dict[str, str] = {}
    if caller.can(Capability.PASS_ON_MEMBER_PRAISE) and unit_code:
        names = {
            p.code: full_name(p) for p in selectors.recognisable_people(caller) if p.unit and p.unit.code == unit_code
        }
        praise = selectors.praise_to_pass_on(caller, list(names), limit=PRAISE_SHOWN)
        if praise:  # members' words, redacted: logged like the unit's quotes
            log_access(caller, "learning.praise", f"unit:{unit_code}", responses=[p.response_id for p in praise])
    return {
        "today": today,
        "unit_code": unit_code,
        "units": sorted({u.code: u.name for u in visible_units(caller)}.items()),
        "since": since,
        "feed": [{"r": r, "behavior": titles.get(r.behavior_code, r.behavior_code)} for r in feed],
        "counts": [{"c": c, "behavior": titles.get(c.behavior_code, c.behavior_code)} for c in counts],
        "min_people": selectors.MIN_PEOPLE_SHOWN,
        "behaviors": sorted(titles.items(), key=lambda kv: kv[1]),
        "people": selectors.recognisable_people(caller) if caller.can(Capability.GIVE_RECOGNITION) else [],
        "praise": [(p, names.get(p.agent_code, p.agent_code)) for p in praise],
        "may_recognise": caller.can(Capability.GIVE_RECOGNITION),
    }


@login_required
def recognition(request: HttpRequest) -> HttpResponse:
    """A unit's recognitions: the latest, counts by behavior, the form, and praise to pass on."""
    caller = caller_of(request)
    return render(request, "learning/recognition.html", recognition_context(request, caller))


@login_required
@require_POST
def recognise(request: HttpRequest) -> HttpResponse:
    """Recognise a representative (HTMX: answers with the form and the unit's feed)."""
    caller = caller_of(request)
    audit = request.POST.get("audit_id", "").strip()
    if audit and not audit.isdigit():
        raise services.LearningError(f"audit_id {audit!r} is not a whole number")
    services.give_recognition(
        caller,
        request.POST.get("recipient", ""),
        request.POST.get("behavior", ""),
        request.POST.get("message", ""),
        contact_id=request.POST.get("contact_id", ""),
        audit_id=int(audit) if audit else None,
    )
    context = recognition_context(request, caller)
    context["thanks"] = True
    return render(request, "learning/_recognition_body.html", context)


@login_required
@require_POST
def pass_on(request: HttpRequest) -> HttpResponse:
    """Pass a member's praise on to the representative of the contact (HTMX: answers with the body)."""
    caller = caller_of(request)
    services.pass_on_praise(caller, request.POST.get("response_id", ""), request.POST.get("behavior", ""))
    context = recognition_context(request, caller)
    context["passed_on"] = True
    return render(request, "learning/_recognition_body.html", context)
