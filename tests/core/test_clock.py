"""The one rule for days (core.clock): instants in UTC, days in the organization's calendar
(America/New_York in the tests). Times are pinned at the hours that used to go wrong — 00:30 UTC is
still yesterday in New York, 23:30 UTC is today — and across both daylight-saving changes of 2026
(8 March: 02:00 EST → 03:00 EDT; 1 November: 02:00 EDT → 01:00 EST)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from heartline.core import clock

UTC = dt.UTC


@pytest.mark.parametrize(
    ("now", "today"),
    [
        (dt.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), dt.date(2026, 12, 5)),
        (dt.datetime(2026, 12, 6, 4, 59, tzinfo=UTC), dt.date(2026, 12, 5)),
        (dt.datetime(2026, 12, 6, 5, 0, tzinfo=UTC), dt.date(2026, 12, 6)),
        (dt.datetime(2026, 12, 6, 23, 30, tzinfo=UTC), dt.date(2026, 12, 6)),
        (dt.datetime(2026, 7, 1, 3, 59, tzinfo=UTC), dt.date(2026, 6, 30)),
        (dt.datetime(2026, 7, 1, 4, 0, tzinfo=UTC), dt.date(2026, 7, 1)),
    ],
)
def test_today_is_the_organizations_calendar_day(now: dt.datetime, today: dt.date) -> None:
    with time_machine.travel(now, tick=False):
        assert clock.today() == today


def test_a_day_begins_at_local_midnight_in_utc() -> None:
    assert clock.start_of_day(dt.date(2026, 12, 6)) == dt.datetime(2026, 12, 6, 5, 0, tzinfo=UTC)
    assert clock.start_of_day(dt.date(2026, 7, 1)) == dt.datetime(2026, 7, 1, 4, 0, tzinfo=UTC)


def test_the_spring_change_day_lasts_23_hours_and_the_autumn_one_25() -> None:
    spring = clock.end_of_day(dt.date(2026, 3, 8)) - clock.start_of_day(dt.date(2026, 3, 8))
    autumn = clock.end_of_day(dt.date(2026, 11, 1)) - clock.start_of_day(dt.date(2026, 11, 1))

    assert spring == dt.timedelta(hours=23)
    assert autumn == dt.timedelta(hours=25)


@pytest.mark.parametrize(
    ("instant", "day"),
    [
        # 01:59 EST, the last minute before the spring change, and 03:00 EDT, the first after it.
        (dt.datetime(2026, 3, 8, 6, 59, tzinfo=UTC), dt.date(2026, 3, 8)),
        (dt.datetime(2026, 3, 8, 7, 0, tzinfo=UTC), dt.date(2026, 3, 8)),
        # 23:59 EDT on 31 October, and 01:30 EST (the second 01:30) on 1 November.
        (dt.datetime(2026, 11, 1, 3, 59, tzinfo=UTC), dt.date(2026, 10, 31)),
        (dt.datetime(2026, 11, 1, 6, 30, tzinfo=UTC), dt.date(2026, 11, 1)),
    ],
)
def test_day_of_an_instant_across_the_daylight_saving_changes(instant: dt.datetime, day: dt.date) -> None:
    assert clock.day_of(instant) == day


def test_month_of_a_late_evening_on_the_last_day_is_that_month() -> None:
    assert clock.month_of(dt.datetime(2026, 2, 1, 2, 0, tzinfo=UTC)) == dt.date(2026, 1, 1)


def test_day_span_bounds_an_inclusive_period_of_days() -> None:
    begins, ends = clock.day_span(dt.date(2026, 1, 1), dt.date(2026, 1, 31))

    assert (begins, ends) == (
        dt.datetime(2026, 1, 1, 5, 0, tzinfo=UTC),
        dt.datetime(2026, 2, 1, 5, 0, tzinfo=UTC),
    )
    assert clock.day_span(None, None) == (None, None)


def test_a_naive_datetime_is_refused_not_guessed() -> None:
    with pytest.raises(ValueError, match="naive datetime 2026-12-06T00:30:00"):
        clock.day_of(dt.datetime(2026, 12, 6, 0, 30))  # noqa: DTZ001 - the mistake under test


def test_instants_read_back_from_storage_are_utc_when_naive() -> None:
    assert clock.instant("2026-12-06T00:30:00") == dt.datetime(2026, 12, 6, 0, 30, tzinfo=UTC)
    assert clock.instant("2026-12-06T00:30:00-05:00") == dt.datetime(2026, 12, 6, 5, 30, tzinfo=UTC)


def test_the_day_does_not_follow_the_viewers_time_zone() -> None:
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    with (
        time_machine.travel(dt.datetime(2026, 12, 6, 0, 30, tzinfo=UTC), tick=False),
        timezone.override(ZoneInfo("Asia/Tokyo")),
    ):
        assert clock.today() == dt.date(2026, 12, 5)


def test_no_module_asks_for_today_outside_the_clock() -> None:
    """`timezone.localdate()` follows the viewer, `date.today()` the server and `now(UTC).date()` Greenwich:
    days come from core.clock."""
    import re
    from pathlib import Path

    import heartline

    source = Path(heartline.__file__).parent
    found = [
        f"{path.relative_to(source)}:{number}"
        for path in sorted(source.rglob("*.py"))
        if path.name != "clock.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "localdate(" in line
        or "date.today(" in line
        or "utcnow(" in line
        or re.search(r"now\([^)]*\)\.date\(\)", line)
    ]

    assert found == []
