"""Drawing a month's audit sample from a page (the queue and the QA home), as `heartline quality
sample` and `POST /api/v1/quality/plans` do."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.quality.selectors.sampling import DEFAULT_PER_AGENT
from heartline.quality.services import QualityError
from heartline.quality.services.sampling import create_sampling_plan


def _month(raw: str) -> dt.date:
    """A month as the form sends it (YYYY-MM), or any day of it."""
    text = raw.strip()
    try:
        return dt.date.fromisoformat(f"{text}-01" if len(text) == 7 else text)
    except ValueError:
        raise QualityError(f"month must be a month as YYYY-MM (e.g. 2026-03), not {raw!r}") from None


def _per_agent(raw: str) -> int:
    text = raw.strip() or str(DEFAULT_PER_AGENT)
    if not text.isdigit():
        raise QualityError(f"contacts per representative must be a whole number from 1 to 50, not {raw!r}")
    return int(text)


@require_POST
@login_required
def draw_sample(request: HttpRequest) -> HttpResponse:
    """Draw a unit's contacts to audit for a month (drawing the same month again changes nothing),
    then show them in the queue."""
    caller = caller_of(request)
    require(caller, Capability.PLAN_AUDIT_SAMPLES, "plan audit samples")  # before the form is read
    form = request.POST
    plan = create_sampling_plan(
        caller,
        unit_code=form.get("unit", "").strip(),
        month=_month(form.get("month", "")),
        per_agent=_per_agent(form.get("per_agent", "")),
        method=form.get("method", "risk").strip(),
        scorecard_code=form.get("scorecard", "").strip(),
    )
    return redirect(f"{reverse('quality:queue')}?drawn={plan.pk}#samples")
