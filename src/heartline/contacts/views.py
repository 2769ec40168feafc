"""The One and Done pages: dashboard, the contacts behind a figure, one contact.

Filters live in the URL (`?from=&to=&unit=&reason=&channel=&window_days=&view=team`), so any view can
be shared; every figure shows its n and its 95% Wilson interval (attached by the metric framework and
by `roll_up`), and links to the contacts behind it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.contacts import charts
from heartline.contacts.records import PAGE_SIZE, ContactRecords
from heartline.contacts.tables import CHANNELS, REASONS
from heartline.contacts.warming import DEFAULT_VIEW, finest_grouping
from heartline.core import clock
from heartline.core.analytics import build_query, remember, run_metric, warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.scoping import caller_of
from heartline.core.selectors import employee_names, team_names, unit_names
from heartline.core.services import log_access
from heartline.warehouse.rollup import roll_up
from heartline.warehouse.runners import NO_VALUE, MetricQuery, MetricQueryError, get_runner

FILTER_DIMENSIONS = ("unit", "team", "agent", "queue", "reason", "channel", "language", "consulted", "month")
# Filters the form has a field for; the others (from a drill-down link) ride along as hidden fields.
FORM_FIELDS = ("unit", "reason", "channel")
VIEWS = {"unit": "Unit", "team": "Team", "agent": "Representative"}


def _refused(exc: MetricQueryError) -> ActionRefused:
    """The warehouse's refusal as the app's: the error page shows it (escaped: it may repeat the URL)."""
    return ActionRefused(str(exc))


def _filters(request: HttpRequest) -> dict[str, list[str]]:
    return {d: request.GET[d].split(",") for d in FILTER_DIMENSIONS if request.GET.get(d)}


def _options(request: HttpRequest) -> dict[str, int]:
    raw = request.GET.get("window_days", "")
    if raw and not raw.isdigit():
        raise MetricQueryError(f"window_days={raw!r} is not a whole number of days")
    return {"window_days": int(raw)} if raw else {}


def _query(request: HttpRequest, metric: str, by: list[str], extra: dict[str, list[str]] | None = None) -> MetricQuery:
    filters = {**_filters(request), **(extra or {})}
    # The page's options (the repeat window) apply to the metrics that have them.
    takes = {option.name for option in get_runner(metric).options}
    options = {k: v for k, v in _options(request).items() if k in takes}
    return build_query(metric, by, request.GET.get("from"), request.GET.get("to"), filters, options)


def _drill_link(request: HttpRequest, **filters: Any) -> str:
    params = {k: v for k, v in request.GET.items() if k in (*FILTER_DIMENSIONS, "from", "to", "window_days")}
    # Rows with no value (contacts with no reason, say) are selected by the NO_VALUE filter.
    params.update({k: NO_VALUE if v is None else str(v) for k, v in filters.items()})
    return "/contacts/list/?" + urlencode(params)


def _rows(caller: Caller, request: HttpRequest, metric: str, by: list[str]) -> list[dict[str, Any]]:
    return run_metric(caller, metric, _query(request, metric, by)).rows


@login_required
def one_and_done(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    view = request.GET.get("view", DEFAULT_VIEW)
    if view not in VIEWS:
        raise ActionRefused(f"view must be one of {', '.join(VIEWS)}")
    try:
        # One warehouse query at the finest grouping; every view of the rate is an exact roll-up of it.
        finest = _rows(caller, request, "one-and-done", finest_grouping(view))
        overall = roll_up(finest, [])[0]
        monthly = roll_up(finest, ["month"])
        by_group = roll_up(finest, [view])
        by_reason = roll_up(finest, ["reason"])
        consults = roll_up(finest, ["consulted"])
        handoff = _rows(caller, request, "handoff-rate", [])[0]
        flow = sorted(_rows(caller, request, "handoff-flow", []), key=lambda r: -int(r["n"]))
    except MetricQueryError as exc:
        raise _refused(exc) from exc
    names = unit_names(caller)
    group_names = names if view == "unit" else {"team": team_names, "agent": employee_names}[view](caller)
    for row in by_group:
        key = row[view]
        row["label"] = group_names.get(str(key), key or "(none)")
        row["link"] = _drill_link(request, **{view: key})
    for row in by_reason:
        row["link"] = _drill_link(request, reason=row["reason"])
    for row in consults:
        row["link"] = _drill_link(request, consulted=row["consulted"])
    for row in monthly:
        row["link"] = _drill_link(request, month=row["month"])
    by_group.sort(key=lambda r: (r["value"] is None, r["value"] or 0))
    context = {
        "overall": overall,
        "handoff": handoff,
        "monthly": monthly,
        "by_group": by_group,
        "by_reason": sorted(by_reason, key=lambda r: r["value"] or 0),
        "consults": consults,
        "flow": flow[:15],
        "flow_pairs": len(flow),
        "flow_total": sum(int(r["n"]) for r in flow),
        "view": view,
        "view_label": VIEWS[view],
        "views": VIEWS,
        "filters": {k: ",".join(v) for k, v in _filters(request).items()},
        "hidden_filters": _hidden_filters(request),
        "period": {"from": request.GET.get("from", ""), "to": request.GET.get("to", "")},
        "window_days": _options(request).get("window_days", 7),
        "choice_fields": _choice_fields(request, names),
        "drill_all": _drill_link(request),
        "trend_spec": json.dumps(charts.resolution_trend(monthly)),
        "group_spec": json.dumps(
            charts.rate_bars(  # the lowest 25 in the chart; the table lists them all
                [{"group": r["label"], "value": r["value"], "n": r["n"]} for r in by_group[:25]], "group", VIEWS[view]
            )
        ),
        "flow_spec": json.dumps(charts.handoff_matrix(flow[:40])),
    }
    return render(request, "contacts/one_and_done.html", context)


def _choice_fields(request: HttpRequest, units: dict[str, str]) -> list[dict[str, Any]]:
    """The form's select fields; a value from the URL that is no single option (`billing,claims`)
    becomes a selected option of its own, so Apply keeps it."""
    options = {
        "unit": ("Unit", "All I may see", list(units.items())),
        "reason": ("Reason", "All", [(r, r) for r in REASONS]),
        "channel": ("Channel", "All", [(c, c) for c in CHANNELS]),
    }
    fields = []
    for name, (label, all_label, values) in options.items():
        current = request.GET.get(name, "")
        choices = [{"value": v, "label": text, "selected": v == current} for v, text in values]
        if current and current not in dict(values):
            choices.insert(0, {"value": current, "label": current.replace(",", ", "), "selected": True})
        fields.append({"name": name, "label": label, "all_label": all_label, "choices": choices})
    return fields


def _hidden_filters(request: HttpRequest) -> list[dict[str, str]]:
    """Filters from the URL with no field in the form: kept as hidden fields, each removable."""
    hidden = []
    for name, values in _filters(request).items():
        if name in FORM_FIELDS:
            continue
        rest = request.GET.copy()
        rest.pop(name)
        hidden.append({"name": name, "value": ",".join(values), "remove": "?" + rest.urlencode()})
    return hidden


def _page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return "?" + params.urlencode()


def _named(caller: Caller, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with their unit's, team's and representative's names beside the codes (`unit_name`,
    `team_name`, `agent_name`; the code itself when the caller may not see the name)."""
    units, teams, people = unit_names(caller), team_names(caller), employee_names(caller)
    return [
        {
            **row,
            "unit_name": units.get(str(row.get("unit") or ""), row.get("unit") or ""),
            "team_name": teams.get(str(row.get("team") or ""), row.get("team") or ""),
            "agent_name": people.get(str(row.get("agent_id") or ""), row.get("agent_id") or ""),
        }
        for row in rows
    ]


def _records(request: HttpRequest, caller: Caller) -> ContactRecords:
    return ContactRecords(_query(request, "one-and-done", []), caller.scope, warehouse_source())


@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    """The answered inbound contacts with a member behind a one-and-done figure, with each one's fate."""
    caller = caller_of(request)
    try:
        records = _records(request, caller)
        # Kept until the warehouse changes (`remember`), as the figure the list drills into is.
        span = remember(("contact-list-span", records.cache_key()), records.span)
        total = span.total
        raw_page = request.GET.get("page", "1")
        last_page = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        page = min(max(int(raw_page), 1), last_page) if raw_page.isdigit() else 1
        offset = (page - 1) * PAGE_SIZE
        rows = remember(
            ("contact-list-page", records.cache_key(), span, PAGE_SIZE, offset),
            lambda: records.counted(PAGE_SIZE, offset, span),
        )
    except MetricQueryError as exc:
        raise _refused(exc) from exc
    log_access(caller, "contacts.list", "warehouse:contacts", filters=dict(request.GET.items()), shown=len(rows))
    return render(
        request,
        "contacts/contact_list.html",
        {
            "rows": _named(caller, rows),
            "total": total,
            "first_row": (page - 1) * PAGE_SIZE + 1,
            "last_row": (page - 1) * PAGE_SIZE + len(rows),
            "newer": _page_link(request, page - 1) if page > 1 else None,
            "older": _page_link(request, page + 1) if page * PAGE_SIZE < total else None,
            "filters": {k: ",".join(v) for k, v in _filters(request).items()},
            "back": "/contacts/one-and-done/?" + request.GET.urlencode(),
        },
    )


@login_required
def contact_detail(request: HttpRequest, contact_id: str) -> HttpResponse:
    """One contact: its route, consults, case, and the member's other contacts that week."""
    caller = caller_of(request)
    records = ContactRecords(MetricQuery(), caller.scope, warehouse_source())
    contact = records.one(contact_id)
    if contact is None:
        raise Http404("No such contact, or not one you may see.")
    log_access(caller, "contacts.view", f"contact:{contact_id}", member_id=contact.get("member_id"))
    around: list[dict[str, Any]] = []
    if contact.get("member_id"):
        started = clock.instant(contact["started_at"])
        around = [
            r
            for r in records.member_contacts_around(str(contact["member_id"]), started)
            if r["contact_id"] != contact_id
        ]
    case = records.linked_case(contact)
    route = [q for q in str(contact.get("route") or "").split(">") if q]
    return render(
        request,
        "contacts/contact_detail.html",
        {
            "contact": _named(caller, [contact])[0],
            "route": route,
            "handoffs": max(len(route) - 1, 0),
            "case": case,
            "around": _named(caller, around),
        },
    )
