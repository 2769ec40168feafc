"""Decision clocks on hand-worked cases: day 30 vs 31, 24 hours to the minute across a DST change,
an extension, the rule in force on the day of receipt, and open cases that are due, overdue or at
risk. Every expected time below was worked out by hand from the regulation, not by the code."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from heartline.compliance.clocks import ClockError, due_at, judge
from heartline.compliance.rules import ClockRule, load_ruleset

EASTERN = ZoneInfo("America/New_York")
PACIFIC = ZoneInfo("America/Los_Angeles")
RULES = load_ruleset()


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def eastern(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=EASTERN)


def rule(line: str, category: str, priority: str, request: str, received: dt.datetime) -> ClockRule:
    found = RULES.rule_for(line, category, priority, request, received.astimezone(EASTERN).date())
    assert found is not None
    return found


GRIEVANCE_RECEIVED = eastern(2026, 3, 2, 10, 15)  # a Monday, before the change to daylight time (Mar 8)


def test_a_standard_grievance_is_due_by_the_end_of_the_thirtieth_day_after_receipt() -> None:
    grievance = rule("medicare_part_c", "grievance", "standard", "service", GRIEVANCE_RECEIVED)

    # Day 0 is March 2; day 30 is April 1, which ends at midnight EDT = 04:00 UTC on April 2.
    assert due_at(grievance, GRIEVANCE_RECEIVED, 0, EASTERN) == utc(2026, 4, 2, 3, 59, 59, 999999)


@pytest.mark.parametrize(
    ("notified", "status"),
    [
        (eastern(2026, 4, 1, 23, 59), "on_time"),  # the last minute of day 30
        (eastern(2026, 4, 2, 0, 1), "late"),  # the first minute of day 31
    ],
)
def test_notice_on_day_30_is_on_time_and_on_day_31_late(notified: dt.datetime, status: str) -> None:
    grievance = rule("medicare_part_c", "grievance", "standard", "service", GRIEVANCE_RECEIVED)

    clock = judge(
        grievance,
        received_at=GRIEVANCE_RECEIVED,
        extension_days=0,
        notified_at=notified,
        outcome="favorable",
        as_of=utc(2026, 5, 1),
        zone=EASTERN,
    )

    assert clock.status == status


def test_a_day_clock_counts_the_plans_calendar_days_not_utc_days() -> None:
    grievance = rule("medicare_part_c", "grievance", "standard", "service", GRIEVANCE_RECEIVED)
    received = eastern(2026, 3, 2, 22, 30)  # already March 3 in UTC

    # In Los Angeles the same instant is still March 2 at 19:30: day 30 is April 1 there too,
    # ending at midnight PDT = 07:00 UTC on April 2; in New York it ends at 04:00 UTC.
    assert due_at(grievance, received, 0, PACIFIC) == utc(2026, 4, 2, 6, 59, 59, 999999)
    assert due_at(grievance, received, 0, EASTERN) == utc(2026, 4, 2, 3, 59, 59, 999999)


def test_an_expedited_grievance_runs_24_hours_of_absolute_time_across_the_change_to_daylight_time() -> None:
    received = eastern(2026, 3, 7, 12, 0)  # Saturday noon EST; clocks go forward at 2:00 on Sunday
    expedited = rule("medicare_part_c", "grievance", "expedited", "service", received)

    due = due_at(expedited, received, 0, EASTERN)

    # 24 hours later is Sunday 17:00 UTC, which the wall clock in New York shows as 13:00 EDT.
    assert due == utc(2026, 3, 8, 17, 0)
    assert due.astimezone(EASTERN).strftime("%H:%M %Z") == "13:00 EDT"


@pytest.mark.parametrize(
    ("notified", "status"),
    [(eastern(2026, 3, 8, 12, 59), "on_time"), (eastern(2026, 3, 8, 13, 1), "late")],
)
def test_24_hours_to_the_minute(notified: dt.datetime, status: str) -> None:
    received = eastern(2026, 3, 7, 12, 0)
    expedited = rule("medicare_part_c", "grievance", "expedited", "service", received)

    clock = judge(
        expedited,
        received_at=received,
        extension_days=0,
        notified_at=notified,
        outcome="adverse",
        as_of=utc(2026, 4, 1),
        zone=EASTERN,
    )

    assert clock.status == status


def test_an_hour_clock_across_the_change_back_to_standard_time() -> None:
    received = eastern(2026, 11, 1, 0, 30)  # 04:30 UTC; clocks go back at 2:00 that morning
    determination = rule("medicare_part_d", "initial_determination", "standard", "service", received)

    # 72 hours after 04:30 UTC on November 1 is 04:30 UTC on November 4: 23:30 EST on November 3.
    assert due_at(determination, received, 0, EASTERN) == utc(2026, 11, 4, 4, 30)


def test_an_extension_adds_its_days_to_a_day_clock() -> None:
    received = eastern(2026, 6, 10, 9, 0)
    grievance = rule("medicare_part_c", "grievance", "standard", "service", received)

    # 30 + 14 = 44 days after June 10 is July 24 (20 days to June 30, 24 more), ending at 04:00 UTC July 25.
    assert due_at(grievance, received, 14, EASTERN) == utc(2026, 7, 25, 3, 59, 59, 999999)


def test_an_extension_longer_than_the_regulation_allows_is_refused_with_the_citation() -> None:
    received = eastern(2026, 6, 10, 9, 0)
    redetermination = rule("medicare_part_d", "appeal", "standard", "service", received)

    with pytest.raises(ClockError, match=r"42 CFR 423\.590\(a\)\(1\) allows \(0 days\)"):
        due_at(redetermination, received, 3, EASTERN)


def test_a_case_is_judged_by_the_rule_in_force_on_the_plans_day_of_receipt() -> None:
    # 20:00 EST on New Year's Eve is already 2026 in UTC, but the plan received it in 2025, when a
    # standard organization determination had 14 days, not the 7 of CMS-0057-F.
    late_2025 = eastern(2025, 12, 31, 20, 0)
    early_2026 = eastern(2026, 1, 2, 9, 0)

    old = rule("medicare_part_c", "initial_determination", "standard", "service", late_2025)
    new = rule("medicare_part_c", "initial_determination", "standard", "service", early_2026)

    assert (old.limit, new.limit) == (14, 7)
    assert due_at(old, late_2025, 0, EASTERN) == utc(2026, 1, 15, 4, 59, 59, 999999)
    assert due_at(new, early_2026, 0, EASTERN) == utc(2026, 1, 10, 4, 59, 59, 999999)


def test_an_open_case_is_open_then_at_risk_then_overdue() -> None:
    received = eastern(2026, 11, 2, 9, 0)
    appeal = rule("medicaid", "appeal", "standard", "service", received)  # 30 days: due end of Dec 2
    kwargs = {"received_at": received, "extension_days": 0, "notified_at": None, "outcome": None, "zone": EASTERN}

    early = judge(appeal, as_of=eastern(2026, 11, 10, 9, 0), **kwargs)  # type: ignore[arg-type]
    late_in_clock = judge(appeal, as_of=eastern(2026, 11, 30, 9, 0), **kwargs)  # type: ignore[arg-type]
    past = judge(appeal, as_of=eastern(2026, 12, 3, 0, 5), **kwargs)  # type: ignore[arg-type]

    assert (early.status, early.at_risk) == ("open", False)
    assert (late_in_clock.status, late_in_clock.at_risk) == ("open", True)
    assert past.status == "overdue"
    assert past.time_left == dt.timedelta(minutes=5, microseconds=1) * -1


def test_a_decision_notified_after_the_moment_asked_about_is_still_open_then() -> None:
    received = eastern(2026, 11, 2, 9, 0)
    appeal = rule("medicaid", "appeal", "standard", "service", received)

    clock = judge(
        appeal,
        received_at=received,
        extension_days=0,
        notified_at=eastern(2026, 11, 20, 9, 0),
        outcome="favorable",
        as_of=eastern(2026, 11, 10, 9, 0),
        zone=EASTERN,
    )

    assert clock.status == "open"


def test_a_withdrawn_case_is_not_judged() -> None:
    received = eastern(2026, 11, 2, 9, 0)
    appeal = rule("medicaid", "appeal", "standard", "service", received)

    clock = judge(
        appeal,
        received_at=received,
        extension_days=0,
        notified_at=eastern(2027, 1, 20, 9, 0),
        outcome="withdrawn",
        as_of=eastern(2027, 2, 1),
        zone=EASTERN,
    )

    assert clock.status == "not_judged"


def test_a_notice_before_receipt_is_refused() -> None:
    received = eastern(2026, 11, 2, 9, 0)
    appeal = rule("medicaid", "appeal", "standard", "service", received)

    with pytest.raises(ClockError, match="is before received_at"):
        judge(
            appeal,
            received_at=received,
            extension_days=0,
            notified_at=eastern(2026, 11, 1, 9, 0),
            outcome="favorable",
            as_of=eastern(2026, 12, 1),
            zone=EASTERN,
        )
