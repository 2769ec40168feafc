"""The compliance officer's worklist: regulated cases by time left, per unit and owner, with
timeliness by rule (n and 95% interval). Filters live in the URL so a view can be shared."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.compliance.case_selectors import alerts_for, running_out
from heartline.compliance.selectors import JudgedCase, judged_cases, summary, timeliness
from heartline.contacts.tables import CASE_CATEGORIES, LINES_OF_BUSINESS
from heartline.core.scoping import caller_of
from heartline.core.selectors import employee_names, unit_names

FILTERS = ("line_of_business", "category", "unit")
SHOWN = 200  # rows of the worklist table; the totals above count every case


def time_left(case: JudgedCase) -> str:
    """Time left in words: `3 d 4 h left`, `overdue by 5 h`, or empty for a closed case."""
    if case.hours_left is None:
        return ""
    hours = abs(case.hours_left)
    days, rest = divmod(int(hours), 24)
    span = f"{days} d {rest} h" if days else f"{rest} h {int((hours - int(hours)) * 60)} min"
    return f"overdue by {span}" if case.hours_left < 0 else f"{span} left"


@login_required
def worklist(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    chosen = {name: [request.GET[name]] for name in FILTERS if request.GET.get(name)}
    show_closed = request.GET.get("closed") == "1"
    cases = judged_cases(caller, filters=chosen)
    open_cases = [c for c in cases if c.status in ("overdue", "open")]
    listed = cases if show_closed else open_cases
    units = unit_names(caller)
    people = employee_names(caller)
    load: Counter[tuple[str, str]] = Counter()
    for case in open_cases:
        load[(units.get(case.unit or "", case.unit or "—"), "overdue" if case.status == "overdue" else "open")] += 1
        load[(units.get(case.unit or "", case.unit or "—"), "at_risk")] += case.at_risk
    by_unit = sorted({unit for unit, _ in load})
    owners: Counter[str] = Counter(people.get(c.owner_id or "", c.owner_id or "unassigned") for c in open_cases)
    overall = summary(cases)
    context: dict[str, Any] = {
        "summary": overall,
        "on_time": {"value": overall["on_time_rate"], "ci_low": overall["ci_low"], "ci_high": overall["ci_high"]},
        "rows": [
            {"case": case, "left": time_left(case), "owner": people.get(case.owner_id or "", case.owner_id or "")}
            for case in listed[:SHOWN]
        ],
        "listed_total": len(listed),
        "shown": min(len(listed), SHOWN),
        "show_closed": show_closed,
        "units": [(unit, load[(unit, "overdue")], load[(unit, "open")], load[(unit, "at_risk")]) for unit in by_unit],
        "owners": owners.most_common(15),
        "timeliness": [
            {"group": t.group, "n": t.judged, "value": t.rate, "ci_low": t.ci_low, "ci_high": t.ci_high}
            for t in timeliness(cases, by="rule_name")
        ],
        "filters": {name: request.GET.get(name, "") for name in FILTERS},
        "banner": running_out(caller, open_cases),
        "alerts": list(alerts_for(caller)),
        "lines": LINES_OF_BUSINESS,
        "categories": CASE_CATEGORIES,
        "unit_choices": sorted(units.items(), key=lambda item: item[1]),
    }
    return render(request, "compliance/worklist.html", context)
