"""Pages of the core app: each role's home page, contact volume, the health check and the chart bundle."""

from __future__ import annotations

import json
import logging
from functools import lru_cache
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from heartline.core import charts
from heartline.core.analytics import build_query, run_metric, warehouse_source
from heartline.core.home import home_page_for
from heartline.core.scoping import caller_of
from heartline.core.selectors import unit_names
from heartline.warehouse import tables

logger = logging.getLogger(__name__)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own page: how they (or their team, units, division) are doing and what
    to do next, by role (`heartline.core.home`)."""
    caller = caller_of(request)
    page = home_page_for(caller)
    return render(request, page.template, page.build(request, caller))


@login_required
def contact_volume(request: HttpRequest) -> HttpResponse:
    """What the signed-in person may see of contact volume: trend, channels, units, each with n."""
    caller = caller_of(request)
    monthly = run_metric(caller, "contact-volume", build_query("contact-volume", ["month"])).rows
    total = sum(int(r["n"]) for r in monthly)
    context: dict[str, Any] = {"total": total, "scope_is_empty": caller.scope.is_empty}
    if total:
        names = unit_names(caller)
        by_channel = run_metric(caller, "contact-volume", build_query("contact-volume", ["channel"])).rows
        by_unit = run_metric(caller, "contact-volume", build_query("contact-volume", ["unit"])).rows
        for row in by_unit:
            row["unit_name"] = names.get(str(row["unit"]), row["unit"] or "(no unit)")
        by_unit.sort(key=lambda r: -int(r["n"]))
        by_channel.sort(key=lambda r: -int(r["n"]))
        context.update(
            first_month=monthly[0]["month"],
            last_month=monthly[-1]["month"],
            months=len(monthly),
            peak=max(monthly, key=lambda r: int(r["n"])),
            by_channel=by_channel,
            by_unit=by_unit,
            trend_spec=json.dumps(charts.volume_trend(monthly)),
            channel_spec=json.dumps(charts.share_bars(by_channel, "channel", "Channel")),
            unit_spec=json.dumps(
                charts.share_bars([{"unit": r["unit_name"], "n": r["n"]} for r in by_unit], "unit", "Unit")
            ),
        )
    return render(request, "core/contact_volume.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app database and the warehouse both answer, 503 with the failing part otherwise."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # a health check reports any failure, without its details
        logger.exception("health check: the database does not answer")
        checks["database"] = "error"
    try:
        source = warehouse_source()
        contacts = tables.get("contacts")
        source.execute(source.table(contacts).count().as_table())
        checks["warehouse"] = "ok"
    except Exception:
        logger.exception("health check: the warehouse does not answer")
        checks["warehouse"] = "error"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)


@lru_cache(maxsize=1)
def _bundle() -> str:
    import vl_convert

    # vl-convert's stub marks `snippet` required; without it the bundle exposes vegaEmbed globally.
    return str(vl_convert.javascript_bundle())  # type: ignore[call-arg]


@require_GET
@cache_control(public=True, max_age=86400)
def vega_bundle(request: HttpRequest) -> HttpResponse:
    """vega, vega-lite and vega-embed as one script, built from the vl-convert package (no CDN)."""
    return HttpResponse(_bundle(), content_type="text/javascript; charset=utf-8")
