"""The columns the audit universes share: one `Column` per CMS question, with what Heartline puts there.

Values follow the layouts' conventions: dates `YYYY/MM/DD` and times `HH:MM:SS` (24-hour) on the
plan's clock (its time zone, `clock.organization_zone()`), `Y`/`N`, `NA` where a question does not
apply; a blank cell is data Heartline does not hold, and `fills` says why.
"""

from __future__ import annotations

import datetime as dt

from heartline.compliance.universes import NOT_APPLICABLE, UNKNOWN, Column, UniverseCase
from heartline.core import clock


def day(instant: dt.datetime | None) -> str:
    """An instant as the plan's calendar day, YYYY/MM/DD; "NA" when it has not happened."""
    if instant is None:
        return NOT_APPLICABLE
    return clock.day_of(instant).strftime("%Y/%m/%d")


def time(instant: dt.datetime | None) -> str:
    """An instant as the plan's wall-clock time, HH:MM:SS; "NA" when it has not happened."""
    if instant is None:
        return NOT_APPLICABLE
    return instant.astimezone(clock.organization_zone()).strftime("%H:%M:%S")


def unknown(_source: UniverseCase) -> str:
    return UNKNOWN


def blank(heading: str, why: str) -> Column:
    return Column(heading, unknown, f"blank: {why}")


def extended(source: UniverseCase) -> bool:
    return source.case.extension_days > 0


# CMS's dispositions: approved or denied. A partly favorable decision denies part of the request,
# so it is reported as denied. Withdrawn, dismissed and undecided cases have no disposition here.
DISPOSITIONS = {"favorable": "APPROVED", "adverse": "DENIED", "partial": "DENIED"}


def disposition(source: UniverseCase) -> str:
    return DISPOSITIONS.get(source.case.outcome or "", UNKNOWN)


def only_if_denied(source: UniverseCase) -> str:
    """Questions about a denial: "NA" for an approval, unknown otherwise (Heartline keeps no reason)."""
    return NOT_APPLICABLE if disposition(source) == "APPROVED" else UNKNOWN


NOT_RECORDED = "not recorded in Heartline"

# -- the member and the case: columns A–F of every Part C table ------------------------------------

FIRST_NAME = Column(
    "Beneficiary First Name",
    lambda s: s.member.given_name if s.member else UNKNOWN,
    "the member's given name from the members app; blank when the member is not there",
)
LAST_NAME = Column(
    "Beneficiary Last Name",
    lambda s: s.member.family_name if s.member else UNKNOWN,
    "the member's family name from the members app; blank when the member is not there",
)
ENROLLEE_ID = Column("Enrollee ID", lambda s: s.case.member_id or UNKNOWN, "the case's `member_id`")
CONTRACT_ID = blank("Contract ID", "Heartline keeps no CMS contract number (H-number) per member or case")
PLAN_ID = blank("Plan ID", "Heartline keeps no plan benefit package (PBP) number; the member's `plan` is a name")
CASE_NUMBER = Column("Authorization or Claim Number", lambda s: s.case.case_id, "the case's `case_id`")
MEMBER_AND_CASE = (FIRST_NAME, LAST_NAME, ENROLLEE_ID, CONTRACT_ID, PLAN_ID, CASE_NUMBER)

# -- the request -----------------------------------------------------------------------------------

REQUESTER = blank("Person who made the request?", "who asked (member, representative, provider) is " + NOT_RECORDED)
PROVIDER_TYPE = blank("Provider Type", "contracted or non-contracted provider is " + NOT_RECORDED)
RECEIVED_DATE = Column(
    "Date the request was received",
    lambda s: day(s.case.received_at),
    "`received_at` (`opened_at` for cases loaded before it existed) as the plan's day",
)
RECEIVED_TIME = Column(
    "Time the request was received", lambda s: time(s.case.received_at), "`received_at` on the plan's clock"
)
CLINICAL = (
    blank("Diagnosis", "clinical detail is not in the cases table"),
    blank("Issue description and type of service", "free text is not in the cases table"),
    blank("Level of service", NOT_RECORDED),
)
EXTENSION_TAKEN = Column(
    "Was a timeframe extension taken?",
    lambda s: "Y" if extended(s) else "N",
    "`Y` when `extension_days` > 0, else `N`",
)
EXTENSION_NOTICE = Column(
    "If an extension was taken, did the sponsor notify the member of the reason(s) for the delay and of "
    "their right to file an expedited grievance?",
    lambda s: UNKNOWN if extended(s) else NOT_APPLICABLE,
    "`NA` without an extension; blank with one (the extension notice is " + NOT_RECORDED + ")",
)

# -- the decision and the notices ------------------------------------------------------------------

DISPOSITION = Column(
    "Request Disposition",
    disposition,
    "`outcome`: favorable → APPROVED; adverse, partial → DENIED; withdrawn, dismissed, undecided → blank",
)
DECISION_DATE = Column("Date of sponsor decision", lambda s: day(s.case.decided_at), "`decided_at` as the plan's day")
DECISION_TIME = Column(
    "Time of sponsor decision", lambda s: time(s.case.decided_at), "`decided_at` on the plan's clock"
)
DENIAL_QUESTIONS = (
    Column(
        "Was the request denied for lack of medical necessity?",
        only_if_denied,
        "`NA` for an approval; blank otherwise (denial reasons are " + NOT_RECORDED + ")",
    ),
    Column(
        "If denied for lack of medical necessity, was the review completed by a physician or other appropriate "
        "health care professional?",
        only_if_denied,
        "`NA` for an approval; blank otherwise (reviewers are " + NOT_RECORDED + ")",
    ),
)
ORAL_NOTICE_DATE = blank("Date oral notification provided to enrollee", "`notified_at` does not say how")
ORAL_NOTICE_TIME = blank("Time oral notification provided to enrollee", "`notified_at` does not say how")
WRITTEN_NOTICE = "`notified_at` (assumed to be the written notice)"
WRITTEN_NOTICE_DATE = Column(
    "Date written notification provided to enrollee", lambda s: day(s.case.notified_at), WRITTEN_NOTICE + ", as a day"
)
WRITTEN_NOTICE_TIME = Column(
    "Time written notification provided to enrollee",
    lambda s: time(s.case.notified_at),
    WRITTEN_NOTICE + ", on the plan's clock",
)
EFFECTUATED_DATE = blank(
    "Date service authorization entered/effectuated in the sponsor's system", "effectuation is " + NOT_RECORDED
)
AOR_RECEIPT = blank("AOR Receipt date", "appointment-of-representative forms are " + NOT_RECORDED)
DELEGATE = blank("First Tier, Downstream, and Related Entity", "delegation is " + NOT_RECORDED)
