"""Sampling plans: N contacts per representative of a unit for a month, random or weighted to risk.

Candidates are the answered inbound contacts with a member that the one-and-done figures count
(the contacts app's `ContactRecords`), each with its handoffs and whether the member came back about
the same thing within 7 days, and whether the member's survey about it was low (NPS 0–6 or CSAT 1–2,
from voice's `low_survey_contacts`, read with the planner's scope; no surveys, no change). Risk
weight = 1 + 2 × handoffs + 3 × repeated + 3 × low survey; a risk-weighted plan draws each
representative's contacts with probability proportional to it, without replacement, so no contact
is drawn twice, and the queue lists the riskiest first; contacts already audited are left out. The
draw is fixed by the plan's seed, and asking again for the same scorecard, unit and month returns
the plan already made.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np
from django.db import transaction

from heartline.contacts.records import ContactRecords
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.bounds import check_day, check_whole
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import visible_employees
from heartline.core.services import log_access
from heartline.quality.models import Audit, AuditPurpose, SampledContact, SamplingMethod, SamplingPlan
from heartline.quality.services import (
    QualityError,
    caller_employee_id,
    require_unit,
    unit_id,
)
from heartline.quality.services.audits import latest_version
from heartline.voice.selectors import low_survey_contacts
from heartline.warehouse.runners import MetricQuery

HANDOFF_WEIGHT = 2.0
REPEAT_WEIGHT = 3.0
LOW_SURVEY_WEIGHT = 3.0
MAX_CANDIDATES = 500_000


def risk_weight(handoffs: int, repeated: bool, low_survey: bool = False) -> float:
    return 1.0 + HANDOFF_WEIGHT * handoffs + REPEAT_WEIGHT * float(repeated) + LOW_SURVEY_WEIGHT * float(low_survey)


def _weight_of(row: dict[str, Any]) -> float:
    return risk_weight(int(row["handoffs"] or 0), bool(row["repeated"]), bool(row.get("low_survey")))


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def draw(candidates: Sequence[dict[str, Any]], per_agent: int, method: str, seed: int) -> list[dict[str, Any]]:
    """Up to `per_agent` distinct contacts per agent from `candidates` (each with contact_id,
    agent_id, handoffs, repeated and optionally low_survey), in a fixed order for a given seed."""
    by_agent: dict[str, list[dict[str, Any]]] = defaultdict(list)
    seen: set[str] = set()
    for row in sorted(candidates, key=lambda r: str(r["contact_id"])):
        if row["contact_id"] in seen or not row.get("agent_id"):
            continue
        seen.add(str(row["contact_id"]))
        by_agent[str(row["agent_id"])].append(row)
    chosen: list[dict[str, Any]] = []
    for agent in sorted(by_agent):
        rows = by_agent[agent]
        rng = np.random.default_rng([seed, zlib.crc32(agent.encode())])
        take = min(per_agent, len(rows))
        if method == SamplingMethod.RISK:
            weights = np.array([_weight_of(r) for r in rows])
            picks = rng.choice(len(rows), size=take, replace=False, p=weights / weights.sum())
        else:
            picks = rng.choice(len(rows), size=take, replace=False)
        chosen.extend(rows[int(i)] for i in sorted(picks))
    return chosen


def _known_unit(code: str) -> int:
    found = unit_id(code)
    if found is None:
        raise QualityError(f"no unit {code!r}")
    return found


def create_sampling_plan(
    caller: Caller,
    *,
    unit_code: str,
    month: dt.date,
    per_agent: int,
    method: str = SamplingMethod.RANDOM,
    scorecard_code: str,
    channels: Sequence[str] = (),
    seed: int | None = None,
) -> SamplingPlan:
    """Draw a unit's contacts to audit for `month` (returns the existing plan if already drawn)."""
    require(caller, Capability.PLAN_AUDIT_SAMPLES, "plan audit samples")
    require_unit(caller, unit_code)
    if method not in SamplingMethod.values:
        raise QualityError(f"method must be one of {', '.join(SamplingMethod.values)}, not {method!r}")
    check_whole(per_agent, "per_agent", 1, 50, QualityError)
    check_day(month, "month", QualityError)
    if seed is not None:
        check_whole(seed, "seed", 0, 2**32 - 1, QualityError)  # the range of the default (CRC-32) seeds
    version = latest_version(scorecard_code)
    first, last = month_bounds(month)
    existing = SamplingPlan.objects.filter(scorecard_version=version, unit__code=unit_code, month=first).first()
    if existing is not None:
        return existing
    filters: dict[str, tuple[str, ...]] = {"unit": (unit_code,)}
    if channels:
        filters["channel"] = tuple(channels)
    records = ContactRecords(MetricQuery(start=first, end=last, filters=filters), caller.scope, warehouse_source())
    candidates = records.counted(MAX_CANDIDATES, 0)
    audited = set(
        Audit.objects.filter(
            purpose=AuditPurpose.PRODUCTION, contact_id__in=[c["contact_id"] for c in candidates]
        ).values_list("contact_id", flat=True)
    )
    candidates = [c for c in candidates if c["contact_id"] not in audited]
    low = low_survey_contacts(caller, (str(c["contact_id"]) for c in candidates), since=first)
    candidates = [{**c, "low_survey": str(c["contact_id"]) in low} for c in candidates]
    plan_seed = seed if seed is not None else zlib.crc32(f"{unit_code}:{first}:{scorecard_code}".encode())
    chosen = draw(candidates, per_agent, method, plan_seed)
    agents = dict(
        visible_employees(OPERATOR).filter(code__in={str(c["agent_id"]) for c in chosen}).values_list("code", "pk")
    )
    with transaction.atomic():
        plan = SamplingPlan.objects.create(
            scorecard_version=version,
            unit_id=_known_unit(unit_code),
            month=first,
            per_agent=per_agent,
            method=method,
            channels=list(channels),
            seed=plan_seed,
            created_by_id=caller_employee_id(caller) if caller.employee_code else None,
        )
        SampledContact.objects.bulk_create(
            SampledContact(
                plan=plan,
                contact_id=str(c["contact_id"]),
                agent_id=agents[str(c["agent_id"])],
                contact_started_at=clock.instant(c["started_at"]),
                handoffs=int(c["handoffs"] or 0),
                repeated=bool(c["repeated"]),
                risk_weight=_weight_of(c),
            )
            for c in chosen
            if str(c["agent_id"]) in agents
        )
        log_access(caller, "quality.sample", f"unit:{unit_code}", month=first.isoformat(), drawn=len(chosen))
    return plan
