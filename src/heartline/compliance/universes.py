"""CMS program-audit universes: the regulated cases of an audit period in CMS's record layouts, as CSV.

A universe is data: its name, the CMS table it answers, which cases it holds (line of business,
category, priorities, request kinds) and its ordered columns, each a function from a `UniverseCase`
(the judged case and its member's identity) to the text CMS asks for, with what Heartline puts
there (`fills`). The tables themselves are in `universe_layouts`; docs/compliance.md ("Audit
universes") gives their source and lists every column. Reads go through `judged_cases`, so the
caller's scope applies; every export is written to the access log, and so is each member it names.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from heartline.compliance.selectors import JudgedCase, judged_cases
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.ingest.spreadsheet import spreadsheet_safe
from heartline.members.contracts import MemberIdentity
from heartline.members.identity_selectors import identities_of

NOT_APPLICABLE = "NA"
UNKNOWN = ""  # Heartline does not hold this (docs/compliance.md, "Audit universes")
MEMBER_ACTION = "compliance.universe.export"


@dataclass(frozen=True)
class UniverseCase:
    """One row's sources: the judged case, and its member's identity (None: not in the members app)."""

    case: JudgedCase
    member: MemberIdentity | None


Cell = Callable[[UniverseCase], str]


@dataclass(frozen=True)
class Column:
    heading: str
    cell: Cell
    fills: str  # what Heartline puts there, or why it is blank (shown by the API and the page)


@dataclass(frozen=True)
class Universe:
    """One CMS universe: which regulated cases it holds and its columns in CMS's order."""

    name: str
    title: str
    cms_table: str
    line_of_business: str
    category: str
    priorities: tuple[str, ...]
    requests: tuple[str, ...]
    columns: tuple[Column, ...]
    # Why this layout is not the one CMS asks for now (the page, API and CLI say so); "" when no
    # newer layout is known. A superseded layout stays exportable: it is the only complete one
    # Heartline could read (docs/adr/0010-superseded-universe-layouts-kept-and-labelled.md).
    superseded_by: str = ""

    @property
    def in_force(self) -> bool:
        return not self.superseded_by

    @property
    def header(self) -> list[str]:
        return [column.heading for column in self.columns]

    def holds(self, case: JudgedCase) -> bool:
        return (
            case.line_of_business == self.line_of_business
            and case.category == self.category
            and case.priority in self.priorities
            and case.request in self.requests
        )

    def row(self, source: UniverseCase) -> list[str]:
        return [column.cell(source) for column in self.columns]


def column_letter(index: int) -> str:
    """The spreadsheet column of the 0-based `index`: A…Z, AA, AB… (how CMS's layouts number columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def universe_rows(
    caller: Caller, universe: Universe, period_start: dt.date, period_end: dt.date, *, channel: str = "web"
) -> list[list[str]]:
    """The rows of `universe` for the cases `caller` may see that were received from `period_start`
    to `period_end` (days in the plan's time zone, both included), oldest first."""
    require(caller, Capability.FOLLOW_DECISION_CLOCKS, "export audit universes")
    if period_start > period_end:
        raise ActionRefused(f"the audit period starts {period_start} after it ends {period_end}")
    # Priority and request are matched on the judged case, where an empty one reads as standard/service.
    filters = {"line_of_business": [universe.line_of_business], "category": [universe.category]}
    held = [
        case
        for case in judged_cases(caller, filters=filters)
        if universe.holds(case) and period_start <= clock.day_of(case.received_at) <= period_end
    ]
    held.sort(key=lambda case: (case.received_at, case.case_id))
    log_access(
        caller,
        "export audit universe",
        f"compliance/universes/{universe.name}",
        channel=channel,
        period_start=period_start.isoformat(),
        period_end=period_end.isoformat(),
        cases=len(held),
    )
    # Names only for those who may look members up (minimum necessary): an executive who follows the
    # clocks gets the universe with its member ids and the name columns blank.
    members = (
        identities_of(caller, (case.member_id or "" for case in held), action=MEMBER_ACTION, channel=channel)
        if caller.is_operator or caller.can(Capability.LOOK_UP_MEMBERS)
        else {}
    )
    return [universe.row(UniverseCase(case, members.get(case.member_id or ""))) for case in held]


def universe_csv(universe: Universe, rows: Sequence[Sequence[str]]) -> str:
    """The universe as CSV text: CMS's header, then one line per case; a cell a spreadsheet would
    run as a formula is written with a leading `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(universe.header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()
