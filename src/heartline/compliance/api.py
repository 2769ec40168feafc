"""`/api/v1/compliance/`: regulated cases with their decision clocks, in the caller's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from heartline.compliance.selectors import judged_cases, summary
from heartline.core.errors import ActionRefused
from heartline.core.scoping import caller_of

router = Router(tags=["compliance"])


class CaseFilters(Schema):
    as_of: dt.datetime | None = None
    line_of_business: str | None = None
    category: str | None = None
    unit: str | None = None
    owner: str | None = None


class CasesOut(Schema):
    cases: list[dict[str, Any]]
    summary: dict[str, Any]


@router.get("/cases", response=CasesOut, summary="Regulated cases and their decision clocks")
def cases(request: HttpRequest, filters: Query[CaseFilters]) -> dict[str, Any]:
    """Each grievance, determination and appeal you may see, with the rule that judges it
    (`rule`, `citation`), `due_at`, `status` (overdue, open, late, on_time, not_judged, no_clock,
    invalid) and `at_risk`, most urgent first; `summary` counts them and gives the on-time rate
    with its 95% Wilson interval. `as_of` (ISO time with an offset) judges the clocks at that moment."""
    if filters.as_of is not None and filters.as_of.tzinfo is None:
        raise ActionRefused("as_of needs an offset (Z or ±hh:mm): it could be any time zone")
    chosen = {
        name: [value]
        for name, value in (
            ("line_of_business", filters.line_of_business),
            ("category", filters.category),
            ("unit", filters.unit),
            ("owner", filters.owner),
        )
        if value
    }
    judged = judged_cases(caller_of(request), filters.as_of, filters=chosen)
    return {"cases": [case.as_json() for case in judged], "summary": summary(judged)}
