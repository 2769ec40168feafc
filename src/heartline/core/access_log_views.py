"""The compliance officer's pages on the access log: who looked at what, and a member's accounting of
disclosures (with its CSV). Mounted at /compliance/access-log/ until the compliance app has its own
pages; reads go through `heartline.core.access_log`, which checks READ_ACCESS_LOG and logs the read."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from heartline.core.access_log import (
    OUTCOMES,
    AccessLogFilters,
    access_log,
    disclosures,
    disclosures_csv,
    parse_day,
)
from heartline.core.errors import ActionRefused
from heartline.core.scoping import caller_of


def _filters(request: HttpRequest) -> AccessLogFilters:
    return AccessLogFilters(
        member_id=request.GET.get("member_id", "").strip(),
        username=request.GET.get("username", "").strip(),
        since=parse_day(request.GET.get("since"), "from"),
        until=parse_day(request.GET.get("until"), "to"),
        outcome=request.GET.get("outcome", "").strip(),
    )


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit():
        raise ActionRefused(f"page {raw!r} is not a page number")
    return int(raw)


@login_required
@require_GET
def log_list(request: HttpRequest) -> HttpResponse:
    """The access log, newest first, filtered by member, username, date range and outcome, 50 a page."""
    filters = _filters(request)
    found = access_log(caller_of(request), filters, page=_page_number(request))
    kept = {
        name: value
        for name, value in (
            ("member_id", filters.member_id),
            ("username", filters.username),
            ("since", request.GET.get("since", "")),
            ("until", request.GET.get("until", "")),
            ("outcome", filters.outcome),
        )
        if value
    }

    def link(page: int) -> str:
        return "?" + urlencode({**kept, "page": page})

    context = {
        "found": found,
        "kept": kept,
        "outcomes": OUTCOMES,
        "newer": link(found.page - 1) if found.page > 1 else "",
        "older": link(found.page + 1) if found.page < found.pages else "",
    }
    return render(request, "core/access_log.html", context)


@login_required
@require_GET
def member_disclosures(request: HttpRequest, member_id: str) -> HttpResponse:
    """A member's accounting of disclosures (HIPAA §164.528), oldest first, from `?since=` on."""
    since = parse_day(request.GET.get("since"), "from")
    rows = disclosures(caller_of(request), member_id, since=since)
    context = {"member_id": member_id, "rows": rows, "since": since, "query": urlencode({"since": since or ""})}
    return render(request, "core/access_log_disclosures.html", context)


@login_required
@require_GET
def member_disclosures_csv(request: HttpRequest, member_id: str) -> HttpResponse:
    """The accounting of disclosures as CSV, safe to open in a spreadsheet."""
    since = parse_day(request.GET.get("since"), "from")
    rows = disclosures(caller_of(request), member_id, since=since, channel="export")
    response = HttpResponse(disclosures_csv(rows), content_type="text/csv; charset=utf-8")
    safe_id = "".join(c for c in member_id if c.isalnum() or c in "-_") or "member"
    response["Content-Disposition"] = f'attachment; filename="disclosures-{safe_id}.csv"'
    return response
