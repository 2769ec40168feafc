"""`GET /api/v1/metrics/{name}`: any registered metric, limited to the caller's scope."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from heartline.core.analytics import build_query, run_metric
from heartline.core.scoping import caller_of
from heartline.warehouse.runners import MetricQueryError, all_runners, get_runner

router = Router(tags=["metrics"])

OPTIONS = ("window_days", "threshold_seconds", "item")
RESERVED = {"by", "from", "to", *OPTIONS}


class MetricInfo(Schema):
    name: str
    title: str
    description: str
    dimensions: list[str]


class MetricParams(Schema):
    by: list[str] = Field(default_factory=list, description="Dimensions to group by (repeatable or comma-separated)")
    window_days: int | None = Field(None, description="Repeat window in days (one-and-done, repeats); default 7")
    threshold_seconds: int | None = Field(None, description="Answer threshold in seconds (service level); default 30")
    item: str | None = Field(None, description="Survey item (survey-answers), e.g. csat")


class MetricOut(Schema):
    metric: str
    rows: list[dict[str, Any]]


@router.get("", response=list[MetricInfo], summary="The metrics this server computes")
def list_metrics(request: HttpRequest) -> list[MetricInfo]:
    return [
        MetricInfo(name=r.name, title=r.title, description=r.description, dimensions=list(r.dimensions))
        for r in all_runners()
    ]


@router.get(
    "/{name}",
    response=MetricOut,
    summary="One metric, grouped and filtered",
    description="`by` (repeatable or comma-separated) groups by dimensions; `from`/`to` (YYYY-MM-DD, "
    "inclusive) limit the period; any other parameter named after a dimension filters on it "
    "(comma-separated values; `(none)` selects rows with no value). Rows carry value, numerator, "
    "denominator and n.",
)
def metric(request: HttpRequest, name: str, params: Query[MetricParams]) -> dict[str, Any]:
    try:
        runner = get_runner(name)
        filters = {k: request.GET.get(k, "").split(",") for k in request.GET if k not in RESERVED}
        unknown = [k for k in filters if k not in runner.dimensions]
        if unknown:
            raise MetricQueryError(f"unknown parameter(s) {unknown}; dimensions are {list(runner.dimensions)}")
        options = {k: v for k in OPTIONS if (v := getattr(params, k)) is not None}
        query = build_query(name, params.by, request.GET.get("from"), request.GET.get("to"), filters, options)
        result = run_metric(caller_of(request), name, query)
    except (MetricQueryError, ValueError) as exc:
        raise HttpError(400, str(exc)) from exc
    return result.as_dict()
