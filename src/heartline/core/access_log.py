"""Reads of the access log for compliance: who looked at what, and a member's accounting of disclosures.

Only roles holding READ_ACCESS_LOG (compliance, admins) read it, and every read is itself written to
the log, with the filters used. A member's *accounting of disclosures* (HIPAA 45 CFR 164.528) lists,
from the same log, each time their data was shown: when, to whom, what, through which channel and
why (the action).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db.models import QuerySet

from heartline.core import clock
from heartline.core.bounds import check_day, check_whole
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.models import AccessLogEntry, AccessOutcome
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.ingest.spreadsheet import spreadsheet_safe

PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
# The furthest page one may ask for: beyond it the rows skipped would overflow the database's 64-bit
# OFFSET (a 500, issue 13); a billion pages of 1,000 is more than any log holds.
LAST_PAGE = 1_000_000_000
OUTCOMES = tuple(AccessOutcome.values)


@dataclass(frozen=True)
class AccessLogFilters:
    """What to narrow the log to; every field optional. `since`/`until` are organization days, inclusive."""

    member_id: str = ""
    username: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    outcome: str = ""

    def as_detail(self) -> dict[str, str]:
        """The filters set, as the access log records them."""
        values = {
            "member_id": self.member_id,
            "username": self.username,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "outcome": self.outcome,
        }
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class AccessLogRow:
    at: dt.datetime
    username: str
    action: str
    resource: str
    member_id: str
    channel: str
    outcome: str
    shown: tuple[str, ...]


@dataclass(frozen=True)
class AccessLogPage:
    rows: list[AccessLogRow]
    total: int  # entries matching the filters, on every page
    page: int
    pages: int
    filters: AccessLogFilters = field(default_factory=AccessLogFilters)


@dataclass(frozen=True)
class Disclosure:
    """One line of a member's accounting of disclosures."""

    at: dt.datetime
    recipient: str  # the username the data was shown to
    disclosed: tuple[str, ...]  # which parts were shown ("header", "claims", "preferences"…)
    purpose: str  # the action that showed it ("member.view", "fhir.export"…)
    channel: str  # web, api, fhir, export, cli


def _shown(detail: object) -> tuple[str, ...]:
    shown = detail.get("shown") if isinstance(detail, dict) else None
    return tuple(str(part) for part in shown) if isinstance(shown, list) else ()


def _filtered(caller: Caller, filters: AccessLogFilters) -> QuerySet[AccessLogEntry]:
    if filters.outcome and filters.outcome not in OUTCOMES:
        raise ActionRefused(f"outcome {filters.outcome!r} is not one of: {', '.join(OUTCOMES)}")
    for name, day in (("since", filters.since), ("until", filters.until)):
        if day is not None:
            check_day(day, name)  # the day after `until` is computed: it must not overflow
    if filters.since and filters.until and filters.since > filters.until:
        raise ActionRefused(f"the date range starts ({filters.since}) after it ends ({filters.until})")
    entries = AccessLogEntry.objects.visible_to(caller)
    if filters.member_id:
        entries = entries.filter(member_id=filters.member_id)
    if filters.username:
        entries = entries.filter(username=filters.username)
    begins, ends = clock.day_span(filters.since, filters.until)
    if begins is not None:
        entries = entries.filter(at__gte=begins)
    if ends is not None:
        entries = entries.filter(at__lt=ends)
    if filters.outcome:
        entries = entries.filter(outcome=filters.outcome)
    return entries.order_by("-at", "-id")


def access_log(
    caller: Caller, filters: AccessLogFilters, page: int = 1, per_page: int = PAGE_SIZE, channel: str = "web"
) -> AccessLogPage:
    """Page `page` of the access log entries matching `filters`, newest first, with how many match;
    the read is logged (through `channel`). NotAllowed without READ_ACCESS_LOG."""
    require(caller, Capability.READ_ACCESS_LOG, "read the access log")
    if not 1 <= per_page <= MAX_PAGE_SIZE:
        raise ActionRefused(f"a page holds 1 to {MAX_PAGE_SIZE:,} entries, not {per_page}")
    check_whole(page, "page", 1, LAST_PAGE)
    entries = _filtered(caller, filters)
    total = entries.count()
    pages = max(1, -(-total // per_page))
    chosen = list(entries[(page - 1) * per_page : page * per_page])
    rows = [
        AccessLogRow(
            at=entry.at,
            username=entry.username,
            action=entry.action,
            resource=entry.resource,
            member_id=entry.member_id,
            channel=entry.channel,
            outcome=entry.outcome,
            shown=_shown(entry.detail),
        )
        for entry in chosen
    ]
    log_access(caller, "access_log.read", "access-log", channel, page=page, matched=total, filters=filters.as_detail())
    return AccessLogPage(rows=rows, total=total, page=page, pages=pages, filters=filters)


def disclosures(caller: Caller, member_id: str, since: dt.date | None = None, channel: str = "web") -> list[Disclosure]:
    """Member `member_id`'s accounting of disclosures: every time their data was shown (oldest first),
    from organization day `since` on. The read is logged. NotAllowed without READ_ACCESS_LOG."""
    require(caller, Capability.READ_ACCESS_LOG, "produce a member's accounting of disclosures")
    if not member_id.strip():
        raise ActionRefused("name the member whose disclosures to account for")
    filters = AccessLogFilters(member_id=member_id, since=since, outcome=AccessOutcome.SHOWN)
    entries = _filtered(caller, filters).order_by("at", "id")
    found = [
        Disclosure(
            at=entry.at,
            recipient=entry.username,
            disclosed=_shown(entry.detail),
            purpose=entry.action,
            channel=entry.channel,
        )
        for entry in entries
    ]
    # Logged after the read: the next accounting lists this look at the member's record too.
    log_access(
        caller,
        "access_log.disclosures",
        f"member:{member_id}",
        channel,
        member_id=member_id,
        shown=["access log"],
        since=since.isoformat() if since else "",
        listed=len(found),
    )
    return found


DISCLOSURE_COLUMNS = ("date", "recipient", "disclosed", "purpose", "channel")


def disclosures_csv(rows: list[Disclosure]) -> str:
    """The accounting as CSV (UTC instants), every cell safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(DISCLOSURE_COLUMNS)
    for row in rows:
        cells = (
            row.at.astimezone(dt.UTC).isoformat(),
            row.recipient,
            "; ".join(row.disclosed),
            row.purpose,
            row.channel,
        )
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()


def parse_day(value: str | None, what: str) -> dt.date | None:
    """An ISO day from a form or the command line (blank: none); ActionRefused if it is not one."""
    if value is None or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise ActionRefused(f"{what} {value!r} is not a date (YYYY-MM-DD)") from exc
