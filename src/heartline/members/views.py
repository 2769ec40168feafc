"""The member pages: search (`/members/`, results as an HTMX partial) and one member's view.

Both read through `heartline.members.selectors`, which checks the caller, applies the member policy
and writes the access log; refusals (403, 404) become the app's error pages, logged as denied.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core.scoping import caller_of
from heartline.members.selectors import find_members, member_view

SECTION_TITLES = {
    "header": "Member",
    "contacts": "Contacts",
    "cases": "Cases",
    "surveys": "Surveys",
    "claims": "Claims",
    "encounters": "Encounters",
    "conditions": "Conditions",
    "medications": "Medications",
    "audits": "Audits",
    "coaching": "Coaching",
}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The search form and, with `?q=`, the members found (only the table for an HTMX request)."""
    caller = caller_of(request)
    query = request.GET.get("q", "")
    found = find_members(caller, query)
    template = "members/_results.html" if getattr(request, "htmx", False) else "members/search.html"
    return render(request, template, {"found": found, "query": query})


@login_required
def detail(request: HttpRequest, member_id: str) -> HttpResponse:
    """One member: header, open items, the timeline, and the sections the caller may see."""
    caller = caller_of(request)
    opened_from = "search" if request.GET.get("from") == "search" else ""
    view = member_view(caller, member_id, "web", opened_from=opened_from)
    withheld = [SECTION_TITLES[s] for s in view.withheld]
    return render(
        request,
        "members/member.html",
        {"view": view, "header": view.header, "counts": view.counts, "withheld": withheld},
    )
