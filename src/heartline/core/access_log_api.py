"""`GET /api/v1/access-log`: the access log for compliance officers and admins, newest first."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema

from heartline.core.access_log import MAX_PAGE_SIZE, PAGE_SIZE, AccessLogFilters, access_log
from heartline.core.scoping import caller_of

router = Router(tags=["access log"])


class AccessLogQuery(Schema):
    member_id: str = ""
    username: str = ""
    since: dt.date | None = None  # first organization day, inclusive
    until: dt.date | None = None  # last organization day, inclusive
    outcome: str = ""  # shown or denied
    page: int = 1
    per_page: int = PAGE_SIZE


class AccessLogEntryOut(Schema):
    at: dt.datetime
    username: str
    action: str
    resource: str
    member_id: str
    channel: str
    outcome: str
    shown: list[str]


@router.get(
    "/access-log",
    response=list[AccessLogEntryOut],
    summary="The access log (compliance, admins): who saw which member's data, when, through what",
    description=f"Newest first, `per_page` (1 to {MAX_PAGE_SIZE}) entries of page `page`; the total is in "
    "the X-Total-Count header. Reading the log is itself logged.",
)
def read_access_log(
    request: HttpRequest, response: HttpResponse, query: Query[AccessLogQuery]
) -> list[AccessLogEntryOut]:
    filters = AccessLogFilters(
        member_id=query.member_id.strip(),
        username=query.username.strip(),
        since=query.since,
        until=query.until,
        outcome=query.outcome.strip(),
    )
    found = access_log(caller_of(request), filters, page=query.page, per_page=query.per_page, channel="api")
    response["X-Total-Count"] = str(found.total)
    return [
        AccessLogEntryOut(
            at=row.at,
            username=row.username,
            action=row.action,
            resource=row.resource,
            member_id=row.member_id,
            channel=row.channel,
            outcome=row.outcome,
            shown=list(row.shown),
        )
        for row in found.rows
    ]
