"""`/api/v1/library/…`: where a practice spread and what changed (adoptions with before/after
figures), recording an adoption and a practice's target metric, and a unit's view (docs/library.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from heartline.core.scoping import caller_of
from heartline.library import adoption, selectors, services
from heartline.stats.proportions import Share

router = Router(tags=["library"])


class SpreadFigureOut(Schema):
    hits: int
    n: int
    value: float | None
    ci_low: float | None
    ci_high: float | None


class AdoptionFiguresOut(Schema):
    before: SpreadFigureOut
    after: SpreadFigureOut
    change: float | None
    change_ci_low: float | None
    change_ci_high: float | None


class AdoptionOut(Schema):
    unit: str
    unit_name: str
    site: str
    adopted_on: dt.date
    figures: AdoptionFiguresOut | None
    why_no_figures: str


class ProposalOut(Schema):
    idea: str
    title: str
    adopted_in: str
    adopted_in_name: str
    adopted_on: dt.date
    proposed_to: list[str]


class PracticeSpreadOut(Schema):
    practice: str
    target_metric: str
    target: str
    adopted_units: int
    unit_total: int
    headline: str
    adoptions: list[AdoptionOut]
    proposals: list[ProposalOut]
    caveat: str
    window_days: int


def _num(x: float) -> float | None:
    return None if x != x else x


def _figure(f: Share) -> dict[str, Any]:
    return {"hits": f.hits, "n": f.n, "value": _num(f.value), "ci_low": _num(f.ci_low), "ci_high": _num(f.ci_high)}


def _figures(f: adoption.AdoptionFigures | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "before": _figure(f.before),
        "after": _figure(f.after),
        "change": f.change.change if f.change else None,
        "change_ci_low": f.change.ci_low if f.change else None,
        "change_ci_high": f.change.ci_high if f.change else None,
    }


def _practice(article_id: int) -> Any:
    found = selectors.readable_article(article_id)
    if found is None or found.kind != "practice":
        raise HttpError(404, "no such published practice")
    return found


def _spread_out(caller: Any, found: Any) -> dict[str, Any]:
    spread = adoption.practice_spread(caller, found.group, list(found.live.idea_ids) if found.live else [])
    return {
        "practice": spread.key,
        "target_metric": spread.target_metric,
        "target": spread.target_label,
        "adopted_units": len(spread.adoptions),
        "unit_total": spread.unit_total,
        "headline": spread.headline,
        "adoptions": [
            {
                "unit": a.unit_code,
                "unit_name": a.unit_name,
                "site": a.site,
                "adopted_on": a.adopted_on,
                "figures": _figures(a.figures),
                "why_no_figures": a.why_no_figures,
            }
            for a in spread.adoptions
        ],
        "proposals": [
            {
                "idea": p.idea.reference,
                "title": p.idea.title,
                "adopted_in": p.idea.unit_code,
                "adopted_in_name": p.unit_name,
                "adopted_on": p.idea.adopted_on,
                "proposed_to": list(p.proposed_to),
            }
            for p in spread.proposals
        ],
        "caveat": spread.caveat,
        "window_days": adoption.WINDOW_DAYS,
    }


@router.get(
    "/articles/{article_id}/adoptions",
    response=PracticeSpreadOut,
    summary="Where a practice spread and what changed in each unit (before/after, with intervals)",
)
def get_adoptions(request: HttpRequest, article_id: int) -> dict[str, Any]:
    return _spread_out(caller_of(request), _practice(article_id))


class AdoptionIn(Schema):
    unit: str
    adopted_on: dt.date
    site: str = ""
    note: str = ""


@router.post(
    "/articles/{article_id}/adoptions", response=PracticeSpreadOut, summary="Record that a unit adopted a practice"
)
def post_adoption(request: HttpRequest, article_id: int, body: AdoptionIn) -> dict[str, Any]:
    caller = caller_of(request)
    found = _practice(article_id)
    services.record_adoption(
        caller, found, unit_code=body.unit, adopted_on=body.adopted_on, site=body.site, note=body.note
    )
    return _spread_out(caller, found)


class TargetIn(Schema):
    metric: str
    behavior: str = ""


@router.put("/articles/{article_id}/target", response=PracticeSpreadOut, summary="Set the metric a practice targets")
def put_target(request: HttpRequest, article_id: int, body: TargetIn) -> dict[str, Any]:
    caller = caller_of(request)
    found = _practice(article_id)
    services.set_target_metric(caller, found, body.metric, body.behavior)
    found.group.refresh_from_db()
    return _spread_out(caller, found)


class UnitSpreadingOut(Schema):
    unit: str
    unit_name: str
    unit_total: int
    adopted: list[dict[str, Any]]
    practices: list[dict[str, Any]]
    proposed: list[ProposalOut]


@router.get("/spreading", response=UnitSpreadingOut, summary="What spread to a unit, and ideas proposed to it")
def get_spreading(request: HttpRequest, unit: str) -> dict[str, Any]:
    view = adoption.unit_spreading(caller_of(request), unit)
    if view is None:
        raise HttpError(404, f"no unit {unit!r}")
    return {
        "unit": view.unit_code,
        "unit_name": view.unit_name,
        "unit_total": view.unit_total,
        "adopted": [{"article": pk, "title": t, "adopted_on": on.isoformat()} for pk, t, on in view.adopted],
        "practices": [{"article": pk, "title": t, "units_adopted": n} for pk, t, n in view.practices],
        "proposed": [
            {
                "idea": i.reference,
                "title": i.title,
                "adopted_in": i.unit_code,
                "adopted_in_name": unit_name,
                "adopted_on": i.adopted_on,
                "proposed_to": [view.unit_name],  # unit names, as in an article's proposals
            }
            for i, unit_name in zip(view.proposed, view.proposed_from, strict=True)
        ],
    }
