"""The sampling plans of the caller's units, and what the form that draws one offers them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.core.selectors import visible_units
from heartline.quality.models import AuditStatus, SamplingMethod, SamplingPlan
from heartline.quality.selectors.scorecards import scorecard_names

PLANS_SHOWN = 12
DEFAULT_PER_AGENT = 4


@dataclass(frozen=True)
class DrawnPlan:
    """A month's sample of a unit: how many contacts it drew and how many are audited."""

    plan_id: int
    unit_name: str
    month: dt.date
    scorecard: str
    method: str
    per_agent: int
    drawn: int
    audited: int


@dataclass(frozen=True)
class SampleChoices:
    """What the form that draws a sample offers: the caller's units and the scorecards, by name."""

    units: tuple[tuple[str, str], ...]  # (code, name)
    scorecards: tuple[tuple[str, str], ...]  # (code, name)
    methods: tuple[tuple[str, str], ...]  # (value, label)
    month: str  # this month, as YYYY-MM
    per_agent: int = DEFAULT_PER_AGENT


def recent_plans(caller: Caller, limit: int = PLANS_SHOWN) -> list[DrawnPlan]:
    """The latest plans of the caller's units, newest month first."""
    plans = (
        SamplingPlan.objects.filter(unit__in=visible_units(caller))
        .select_related("unit", "scorecard_version__scorecard")
        .annotate(
            drawn=Count("contacts", distinct=True),
            audited=Count("contacts", filter=Q(contacts__audit__status=AuditStatus.COMPLETED), distinct=True),
        )
        .order_by("-month", "unit__name", "pk")[:limit]
    )
    return [
        DrawnPlan(
            p.pk,
            p.unit.name,
            p.month,
            p.scorecard_version.scorecard.name,
            p.get_method_display(),
            p.per_agent,
            p.drawn,
            p.audited,
        )
        for p in plans
    ]


def sample_choices(caller: Caller) -> SampleChoices | None:
    """The form's choices for someone who may draw samples (None for anyone else)."""
    if not caller.can(Capability.PLAN_AUDIT_SAMPLES):
        return None
    units = tuple((u.code, u.name) for u in visible_units(caller).order_by("name"))
    scorecards = tuple(sorted(scorecard_names().items(), key=lambda item: item[1]))
    methods = tuple((str(value), str(label)) for value, label in SamplingMethod.choices)
    return SampleChoices(units, scorecards, methods, f"{clock.today():%Y-%m}")
