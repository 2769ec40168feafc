"""CMS program-audit universes: the regulated cases of an audit period in CMS's record layouts, as CSV.

A universe is data: its name, the CMS table it answers, which cases it holds (line of business,
category, priority, request kind) and its ordered columns, each a function from a `JudgedCase` to
the text CMS asks for (dates YYYY/MM/DD in the plan's time zone, "Y"/"N", "NA" where a question does
not apply). A column Heartline has no data for is left blank; docs/compliance.md ("Audit
universes") lists them with the reason. Reads go through `judged_cases`, so the caller's scope
applies, and every export is written to the access log.
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
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.ingest.spreadsheet import spreadsheet_safe

NOT_APPLICABLE = "NA"
UNKNOWN = ""  # Heartline does not hold this yet (docs/compliance.md, "Audit universes")

Cell = Callable[[JudgedCase], str]


def _day(instant: dt.datetime | None) -> str:
    """An instant as the plan's calendar day, YYYY/MM/DD; "NA" when it has not happened."""
    if instant is None:
        return NOT_APPLICABLE
    return clock.day_of(instant).strftime("%Y/%m/%d")


def _unknown(_case: JudgedCase) -> str:
    return UNKNOWN


def _extended(case: JudgedCase) -> bool:
    return case.extension_days > 0


# CMS's dispositions: approved or denied. A partly favorable decision denies part of the request,
# so it is reported as denied. Withdrawn, dismissed and undecided cases have no disposition here.
DISPOSITIONS = {"favorable": "APPROVED", "adverse": "DENIED", "partial": "DENIED"}


def _disposition(case: JudgedCase) -> str:
    return DISPOSITIONS.get(case.outcome or "", UNKNOWN)


def _only_if_denied(case: JudgedCase) -> str:
    """Questions about a denial: "NA" for an approval, unknown otherwise (Heartline keeps no reason)."""
    return NOT_APPLICABLE if _disposition(case) == "APPROVED" else UNKNOWN


@dataclass(frozen=True)
class Column:
    heading: str
    cell: Cell


@dataclass(frozen=True)
class Universe:
    """One CMS universe: which regulated cases it holds and its columns in CMS's order."""

    name: str
    title: str
    cms_table: str
    line_of_business: str
    category: str
    priority: str
    requests: tuple[str, ...]
    columns: tuple[Column, ...]

    @property
    def header(self) -> list[str]:
        return [column.heading for column in self.columns]

    def holds(self, case: JudgedCase) -> bool:
        return (
            case.line_of_business == self.line_of_business
            and case.category == self.category
            and case.priority == self.priority
            and case.request in self.requests
        )

    def row(self, case: JudgedCase) -> list[str]:
        return [column.cell(case) for column in self.columns]


PART_C_STANDARD_PRE_SERVICE_ORGANIZATION_DETERMINATIONS = Universe(
    name="part-c-sod",
    title="Part C standard pre-service organization determinations",
    # The CMS-10191 layout (2017 ODAG data request); CMS-10717 (2020 on) merged SOD and EOD into one
    # "OD" table whose columns are not researched yet (docs/compliance.md, "Audit universes").
    cms_table="ODAG Appendix A Table 1: Standard Pre-service Organization Determinations (SOD), CMS-10191",
    line_of_business="medicare_part_c",
    category="initial_determination",
    priority="standard",
    requests=("service", "part_b_drug"),
    columns=(
        Column("Beneficiary First Name", _unknown),
        Column("Beneficiary Last Name", _unknown),
        Column("Enrollee ID", lambda case: case.member_id or UNKNOWN),
        Column("Contract ID", _unknown),
        Column("Plan ID", _unknown),
        Column("Authorization or Claim Number", lambda case: case.case_id),
        Column("Person who made the request?", _unknown),
        Column("Provider Type", _unknown),
        Column("Date the request was received", lambda case: _day(case.received_at)),
        Column("Diagnosis", _unknown),
        Column("Issue description and type of service", _unknown),
        Column("Level of service", _unknown),
        Column(
            "Was request made under the expedited timeframe but processed by the plan under the standard timeframe?",
            _unknown,
        ),
        Column("Request for expedited timeframe", _unknown),
        Column("Was a timeframe extension taken?", lambda case: "Y" if _extended(case) else "N"),
        Column(
            "If an extension was taken, did the sponsor notify the member of the reason(s) for the delay "
            "and of their right to file an expedited grievance?",
            lambda case: UNKNOWN if _extended(case) else NOT_APPLICABLE,
        ),
        Column("Request Disposition", _disposition),
        Column("Date of sponsor decision", lambda case: _day(case.decided_at)),
        Column("Was the request denied for lack of medical necessity?", _only_if_denied),
        Column(
            "If denied for lack of medical necessity, was the review completed by a physician or other "
            "appropriate health care professional?",
            _only_if_denied,
        ),
        Column("Date oral notification provided to enrollee", _unknown),
        Column("Date written notification provided to enrollee", lambda case: _day(case.notified_at)),
        Column("Date service authorization entered/effectuated in the sponsor's system", _unknown),
        Column("AOR Receipt date", _unknown),
        Column("First Tier, Downstream, and Related Entity", _unknown),
    ),
)

UNIVERSES: dict[str, Universe] = {
    universe.name: universe for universe in (PART_C_STANDARD_PRE_SERVICE_ORGANIZATION_DETERMINATIONS,)
}


def universe_named(name: str) -> Universe:
    """The universe called `name`; NotFound names the ones there are."""
    try:
        return UNIVERSES[name]
    except KeyError:
        known = ", ".join(sorted(UNIVERSES))
        raise NotFound(f"no universe {name!r}; there are: {known}") from None


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
    return [universe.row(case) for case in held]


def universe_csv(universe: Universe, rows: Sequence[Sequence[str]]) -> str:
    """The universe as CSV text: CMS's header, then one line per case; a cell a spreadsheet would
    run as a formula is written with a leading `'`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(universe.header)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in rows)
    return buffer.getvalue()
