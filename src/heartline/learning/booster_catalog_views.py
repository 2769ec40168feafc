"""The booster catalog's edit pages (trainers): add a booster tied to a behavior, or change one —
its text, its rule (missed in M of the last N audits), its due time, retired or not.

The form is parsed here, field by field (each mistake named beside its field, all at once); the one
write is `learning.services.define_booster`, whose refusals are shown above the form. A page that
cannot be saved answers 400 with the form as typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from heartline.behaviors.selectors import behavior_codes, behavior_titles
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.learning import selectors, services

WHOLE_FIELDS = {
    "minutes": "Minutes",
    "misses_to_assign": "Misses",
    "of_last_audits": "Of the last audits",
    "due_days": "Due in (days)",
}
DEFAULTS = services.BoosterPlan("", "", "", "")


def _behaviors(caller: Caller) -> list[tuple[str, str]]:
    codes = [code for _, code in behavior_codes("front_line")]
    titles = behavior_titles(codes, caller.unit_code)
    return sorted(((code, titles.get(code, code)) for code in codes), key=lambda kv: kv[1])


def _values(booster: Any | None) -> dict[str, Any]:
    source = booster or DEFAULTS
    values = {
        "code": source.code,
        "title": source.title,
        "behavior": source.behavior_code,
        "body": source.body,
        "link": source.link,
        "active": getattr(booster, "active", True),
    }
    values.update({field: getattr(source, field) for field in WHOLE_FIELDS})
    return values


def parse_plan(form: Mapping[str, str], code: str | None) -> tuple[services.BoosterPlan | None, dict[str, str]]:
    """A booster plan from the form, or the errors by field (every one found, not the first only)."""
    errors: dict[str, str] = {}
    whole: dict[str, int] = {}
    for field, label in WHOLE_FIELDS.items():
        raw = str(form.get(field, "")).strip()
        if not raw.isdigit():
            errors[field] = f"{label}: {raw!r} is not a whole number" if raw else f"{label}: required"
        else:
            whole[field] = int(raw)
    for field in ("title", "behavior", "body"):
        if not str(form.get(field, "")).strip():
            errors[field] = f"{field.capitalize()}: required"
    wanted = code if code is not None else str(form.get("code", "")).strip()
    if not wanted:
        errors["code"] = "Code: required (lowercase letters, digits and hyphens, e.g. boost-listen)"
    if errors:
        return None, errors
    plan = services.BoosterPlan(
        code=wanted,
        title=str(form["title"]).strip(),
        behavior_code=str(form["behavior"]).strip(),
        body=str(form["body"]).strip(),
        link=str(form.get("link", "")).strip(),
        active=form.get("active") == "on",
        **whole,
    )
    return plan, {}


def _page(
    request: HttpRequest,
    caller: Caller,
    booster: Any | None,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int,
) -> HttpResponse:
    context = {
        "booster": booster,
        "values": values,
        "errors": errors,
        "behaviors": _behaviors(caller),
        "whole_fields": [
            (field, label, values.get(field, ""), errors.get(field)) for field, label in WHOLE_FIELDS.items()
        ],
    }
    return render(request, "learning/booster_edit.html", context, status=status)


def _save(request: HttpRequest, caller: Caller, booster: Any | None) -> HttpResponse:
    form = {key: str(value) for key, value in request.POST.items()}
    values = {**_values(booster), **form, "active": form.get("active") == "on"}
    plan, errors = parse_plan(form, booster.code if booster is not None else None)
    if plan is not None and booster is None and selectors.boosters().filter(code=plan.code).exists():
        errors["code"] = f"Code: a booster {plan.code!r} exists already; edit it from the catalog"
    if plan is None or errors:
        return _page(request, caller, booster, values, errors, 400)
    try:
        services.define_booster(caller, plan)
    except services.LearningError as refused:
        return _page(request, caller, booster, values, {"form": str(refused)}, 400)
    return redirect("learning:boosters")


@login_required
def new_booster(request: HttpRequest) -> HttpResponse:
    """Add a booster to the catalog (GET: the empty form; POST: save it)."""
    caller = caller_of(request)
    require(caller, Capability.DEFINE_BOOSTERS, "define boosters")
    if request.method == "POST":
        return _save(request, caller, None)
    return _page(request, caller, None, _values(None), {}, 200)


@login_required
def edit_booster(request: HttpRequest, code: str) -> HttpResponse:
    """Change a booster of the catalog (GET: the form as saved; POST: save the changes)."""
    caller = caller_of(request)
    require(caller, Capability.DEFINE_BOOSTERS, "define boosters")
    booster = selectors.boosters().filter(code=code).first()
    if booster is None:
        raise Http404(f"No booster with code {code!r}.")
    if request.method == "POST":
        return _save(request, caller, booster)
    return _page(request, caller, booster, _values(booster), {}, 200)
