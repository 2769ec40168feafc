"""`may_reach`: the one answer to "may we reach this member on this channel for this purpose now?".

A table of cases, each with the rule that decides and its exact reason (docs/members-consent.md).
The organization's zone is America/New_York (the test settings); 2026-06-15 16:00 UTC is noon there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from heartline.core import clock
from heartline.core.errors import ActionRefused
from heartline.core.scoping import OPERATOR
from heartline.members.preferences import record_consent
from heartline.members.reach import may_reach
from tests.members.factories import make_member, utc

pytestmark = pytest.mark.django_db

NOON_NY = utc(2026, 6, 15, 16)


@dataclass(frozen=True)
class Case:
    name: str
    channel: str
    purpose: str
    at: dt.datetime
    allowed: bool
    rule: str
    reason: str
    member: dict[str, object] = field(default_factory=dict)
    consents: tuple[tuple[str, str, bool, bool], ...] = ()  # channel, purpose, granted, express


CASES = [
    Case(
        "service by phone without any consent",
        "phone",
        "service",
        NOON_NY,
        True,
        "no_opt_out",
        "phone call for service is allowed unless the member opts out; no opt-out on record",
    ),
    Case(
        "service by phone after an opt-out",
        "phone",
        "service",
        NOON_NY,
        False,
        "opted_out",
        "the member opted out of phone call for service on {today} (import)",
        consents=(("phone", "service", False, False),),
    ),
    Case(
        "an opt-out of marketing leaves service alone",
        "portal",
        "service",
        NOON_NY,
        True,
        "no_opt_out",
        "portal message for service is allowed unless the member opts out; no opt-out on record",
        consents=(("portal", "marketing", False, False),),
    ),
    Case(
        "care by mail at 3 a.m. (mail has no calling hours)",
        "mail",
        "care",
        utc(2026, 6, 15, 7),
        True,
        "no_opt_out",
        "mail for care is allowed unless the member opts out; no opt-out on record",
    ),
    Case(
        "care by SMS without consent",
        "sms",
        "care",
        NOON_NY,
        False,
        "tcpa_express",
        "sms for care needs the member's express consent (TCPA); none on record",
    ),
    Case(
        "care by SMS with consent that is not express",
        "sms",
        "care",
        NOON_NY,
        False,
        "tcpa_express",
        "sms for care needs the member's express consent (TCPA); the consent on record is not",
        consents=(("sms", "care", True, False),),
    ),
    Case(
        "care by SMS with express consent",
        "sms",
        "care",
        NOON_NY,
        True,
        "consent",
        "the member consented to sms for care",
        consents=(("sms", "care", True, True),),
    ),
    Case(
        "an autodialed service call before 8 a.m.",
        "autodialed",
        "service",
        utc(2026, 6, 15, 11, 30),
        False,
        "tcpa_calling_window",
        "it is 07:30 America/New_York for the member, outside 08:00-21:00 (TCPA)",
        consents=(("autodialed", "service", True, True),),
    ),
    Case(
        "a phone call at 8:00 sharp",
        "phone",
        "service",
        utc(2026, 6, 15, 12),
        True,
        "no_opt_out",
        "phone call for service is allowed unless the member opts out; no opt-out on record",
    ),
    Case(
        "a phone call at 21:00 sharp",
        "phone",
        "service",
        utc(2026, 6, 16, 1),
        False,
        "tcpa_calling_window",
        "it is 21:00 America/New_York for the member, outside 08:00-21:00 (TCPA)",
    ),
    Case(
        "marketing by email without an opt-in",
        "email",
        "marketing",
        NOON_NY,
        False,
        "marketing_opt_in",
        "marketing needs the member's opt-in; none on record for email for marketing",
    ),
    Case(
        "marketing by email with an opt-in",
        "email",
        "marketing",
        NOON_NY,
        True,
        "consent",
        "the member consented to email for marketing",
        consents=(("email", "marketing", True, False),),
    ),
    Case(
        "marketing by SMS with an opt-in that is not written",
        "sms",
        "marketing",
        NOON_NY,
        False,
        "tcpa_express_written",
        "sms for marketing needs express written consent (TCPA); the opt-in on record is not",
        consents=(("sms", "marketing", True, False),),
    ),
    Case(
        "marketing by SMS with express written consent",
        "sms",
        "marketing",
        NOON_NY,
        True,
        "consent",
        "the member consented to sms for marketing",
        consents=(("sms", "marketing", True, True),),
    ),
    Case(
        "care by email without an opt-in",
        "email",
        "care",
        NOON_NY,
        False,
        "opt_in",
        "email for care needs the member's opt-in; none on record",
    ),
    Case(
        "a call in the member's quiet hours",
        "phone",
        "care",
        utc(2026, 6, 15, 16, 30),
        False,
        "quiet_hours",
        "it is 12:30 America/New_York, in the member's quiet hours 12:00-13:00",
        member={"quiet_hours_start": dt.time(12), "quiet_hours_end": dt.time(13)},
    ),
    Case(
        "chat in quiet hours that cross midnight",
        "chat",
        "care",
        utc(2026, 6, 16, 3),
        False,
        "quiet_hours",
        "it is 23:00 America/New_York, in the member's quiet hours 22:00-07:00",
        member={"quiet_hours_start": dt.time(22), "quiet_hours_end": dt.time(7)},
        consents=(("chat", "care", True, False),),
    ),
    Case(
        "email in quiet hours (it does not interrupt)",
        "email",
        "care",
        utc(2026, 6, 16, 3),
        True,
        "consent",
        "the member consented to email for care",
        member={"quiet_hours_start": dt.time(22), "quiet_hours_end": dt.time(7)},
        consents=(("email", "care", True, False),),
    ),
    Case(
        "a member in Los Angeles at 07:30 their time (10:30 in New York)",
        "phone",
        "service",
        utc(2026, 6, 15, 14, 30),
        False,
        "tcpa_calling_window",
        "it is 07:30 America/Los_Angeles for the member, outside 08:00-21:00 (TCPA)",
        member={"time_zone": "America/Los_Angeles"},
    ),
    Case(
        "a member in Los Angeles at 08:30 their time",
        "phone",
        "service",
        utc(2026, 6, 15, 15, 30),
        True,
        "no_opt_out",
        "phone call for service is allowed unless the member opts out; no opt-out on record",
        member={"time_zone": "America/Los_Angeles"},
    ),
    Case(
        "the morning daylight saving time begins: 12:30 UTC is 08:30 EDT",
        "phone",
        "service",
        utc(2026, 3, 8, 12, 30),
        True,
        "no_opt_out",
        "phone call for service is allowed unless the member opts out; no opt-out on record",
    ),
    Case(
        "the morning daylight saving time ends: 12:30 UTC is 07:30 EST",
        "phone",
        "service",
        utc(2026, 11, 1, 12, 30),
        False,
        "tcpa_calling_window",
        "it is 07:30 America/New_York for the member, outside 08:00-21:00 (TCPA)",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_may_reach(case: Case) -> None:
    make_member("M-1", **case.member)
    for channel, purpose, granted, express in case.consents:
        record_consent(OPERATOR, "M-1", channel, purpose, granted, express, "import")

    decision = may_reach("M-1", case.channel, case.purpose, case.at)

    assert (decision.allowed, decision.rule, decision.reason) == (
        case.allowed,
        case.rule,
        case.reason.format(today=clock.today().isoformat()),
    )


def test_the_answer_carries_the_members_local_time() -> None:
    make_member("M-1", time_zone="Asia/Kolkata")

    decision = may_reach("M-1", "mail", "service", utc(2026, 6, 15, 16))

    assert decision.local_time is not None
    assert decision.local_time.isoformat() == "2026-06-15T21:30:00+05:30"


def test_an_unknown_member_may_not_be_reached() -> None:
    decision = may_reach("M-404", "mail", "service", NOON_NY)

    assert (decision.allowed, decision.rule, decision.reason, decision.local_time) == (
        False,
        "unknown_member",
        "no member 'M-404'",
        None,
    )


def test_the_latest_decision_wins() -> None:
    make_member("M-1")
    record_consent(OPERATOR, "M-1", "sms", "care", True, True, "portal")
    record_consent(OPERATOR, "M-1", "sms", "care", False, False, "call")

    assert may_reach("M-1", "sms", "care", NOON_NY).rule == "opted_out"


@pytest.mark.parametrize(
    ("channel", "purpose", "at", "message"),
    [
        ("pager", "care", NOON_NY, "'pager' is not a channel"),
        ("sms", "fundraising", NOON_NY, "'fundraising' is not a purpose"),
        ("sms", "care", dt.datetime(2026, 6, 15, 12), "must carry its time zone"),  # noqa: DTZ001
    ],
)
def test_a_question_heartline_cannot_answer_is_refused(
    channel: str, purpose: str, at: dt.datetime, message: str
) -> None:
    make_member("M-1")

    with pytest.raises(ActionRefused, match=message):
        may_reach("M-1", channel, purpose, at)


def test_a_member_without_a_zone_is_read_in_the_organizations(settings: object) -> None:
    settings.TIME_ZONE = "America/Chicago"  # type: ignore[attr-defined]
    make_member("M-1")

    decision = may_reach("M-1", "phone", "service", utc(2026, 6, 15, 12, 30))  # 08:30 in New York, 07:30 here

    assert decision.reason == "it is 07:30 America/Chicago for the member, outside 08:00-21:00 (TCPA)"
