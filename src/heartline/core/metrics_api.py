"""`GET /api/v1/metrics` and `GET /api/v1/metrics/{name}`: any registered metric, limited to the caller's scope.

Generic over the runner framework: dimensions, options and the interval come from what each runner
declares, so a new metric needs no change here.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from heartline.core.analytics import build_query, run_metric
from heartline.core.scoping import caller_of
from heartline.warehouse.runners import RESERVED_PARAMETERS, MetricQueryError, all_runners, get_runner

router = Router(tags=["metrics"])


class OptionInfo(Schema):
    name: str
    type: str = Field(description="int, float or str")
    help: str
    default: int | float | str | None = Field(description="null: the option must be given")
    minimum: float | None
    maximum: float | None
    choices: list[str]


class MetricInfo(Schema):
    name: str
    title: str
    description: str
    dimensions: list[str]
    estimate: str | None = Field(
        description="What value estimates, so how ci_low/ci_high are built: proportion (Wilson), mean "
        "(Student's t), nps (normal, multinomial variance), or null for a count (no interval)"
    )
    options: list[OptionInfo]


class MetricParams(Schema):
    by: list[str] = Field(default_factory=list, description="Dimensions to group by (repeatable or comma-separated)")


class MetricOut(Schema):
    metric: str
    rows: list[dict[str, Any]]


@router.get("", response=list[MetricInfo], summary="The metrics this server computes, with their options")
def list_metrics(request: HttpRequest) -> list[MetricInfo]:
    return [
        MetricInfo(
            name=r.name,
            title=r.title,
            description=r.description,
            dimensions=list(r.dimensions),
            estimate=None if r.estimate is None else r.estimate.name,
            options=[OptionInfo(**o.describe()) for o in r.options],
        )
        for r in all_runners()
    ]


@router.get(
    "/{name}",
    response=MetricOut,
    summary="One metric, grouped and filtered",
    description="`by` (repeatable or comma-separated) groups by dimensions; `from`/`to` (YYYY-MM-DD, "
    "inclusive) limit the period; a parameter named after a dimension filters on it (comma-separated "
    "values; `(none)` selects rows with no value); a parameter named after one of the metric's options "
    "sets it (`window_days`, `threshold_seconds`, `item`…: each metric's are listed by `GET /api/v1/metrics`). "
    "Any other parameter is a 400. Rows carry value, ci_low and ci_high (its 95% interval; null for "
    "counts), numerator, denominator and n.",
)
def metric(request: HttpRequest, name: str, params: Query[MetricParams]) -> dict[str, Any]:
    try:
        runner = get_runner(name)
        option_names = {o.name for o in runner.options}
        given = [k for k in request.GET if k not in RESERVED_PARAMETERS]
        unknown = [k for k in given if k not in runner.dimensions and k not in option_names]
        if unknown:
            raise MetricQueryError(
                f"unknown parameter(s) {unknown}; dimensions are {list(runner.dimensions)}, "
                f"options are {sorted(option_names)}"
            )
        filters = {k: request.GET[k].split(",") for k in given if k in runner.dimensions}
        options = {k: request.GET[k] for k in given if k in option_names}
        query = build_query(name, params.by, request.GET.get("from"), request.GET.get("to"), filters, options)
        result = run_metric(caller_of(request), name, query)
    except (MetricQueryError, ValueError) as exc:
        raise HttpError(400, str(exc)) from exc
    return result.as_dict()
