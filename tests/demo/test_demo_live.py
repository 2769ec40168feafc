"""A demo that is live today (issue 19): built on the fixed calendar, then moved in whole weeks to end by a day.

`forced` (tests/demo/conftest.py) is a whole small build made live to end in the week before
FORCED_ENDS; the unit tests below pin the move itself on tables and rows made by hand.
"""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from heartline.core.models import AccessLogEntry, Employee
from heartline.demo.live import move_demo, moved_table, weeks_to_move
from heartline.demo.timeline import FIRST_DAY, LAST_DAY
from tests.demo.second_builds import FORCED_ENDS, SecondBuild

# FORCED_ENDS (Wed 2027-03-10) is 130 days after LAST_DAY (Sat 2026-10-31): 18 whole weeks, 126 days.
MOVED_DAYS = 126


def test_the_move_is_whole_weeks_ending_on_or_before_the_day() -> None:
    assert weeks_to_move(FORCED_ENDS) == MOVED_DAYS // 7
    assert weeks_to_move(LAST_DAY) == 0
    assert weeks_to_move(LAST_DAY + dt.timedelta(days=6)) == 0  # not yet a whole week
    assert weeks_to_move(LAST_DAY + dt.timedelta(days=7)) == 1
    assert weeks_to_move(LAST_DAY - dt.timedelta(days=1)) == -1  # back in time, still ending on or before


def test_a_live_build_ends_in_the_week_before_its_day_on_the_same_weekdays(forced: SecondBuild) -> None:
    summary = forced.summary
    assert summary.last_day == LAST_DAY + dt.timedelta(days=MOVED_DAYS)
    assert summary.first_day == FIRST_DAY + dt.timedelta(days=MOVED_DAYS)
    assert summary.first_day is not None
    assert summary.first_day.weekday() == FIRST_DAY.weekday()
    assert FORCED_ENDS - dt.timedelta(days=6) <= summary.last_day <= FORCED_ENDS
    first_contact, last_contact = forced.contact_days
    # contacts are drawn in New York time and stored in UTC: a late call is on the next UTC day
    assert summary.first_day <= first_contact <= summary.first_day + dt.timedelta(days=1)
    assert summary.last_day <= last_contact <= summary.last_day + dt.timedelta(days=1)


def test_a_live_build_moves_the_app_databases_dates_with_the_contacts(forced: SecondBuild) -> None:
    last_day = forced.summary.last_day
    assert last_day is not None
    # audits are of recent contacts, coaching follow-ups run on past the fixed calendar's end
    assert last_day - dt.timedelta(days=31) <= forced.last_audit_day <= last_day + dt.timedelta(days=1)
    assert forced.last_follow_up_day > LAST_DAY + dt.timedelta(days=MOVED_DAYS - 30)
    # a sampling plan's month is still a month: moved by whole months, still the first day of one
    assert forced.sampled_months
    assert all(month.day == 1 for month in forced.sampled_months)
    assert forced.sampled_months[-1] >= dt.date(2027, 1, 1)


def test_a_fixed_build_keeps_the_calendar(rebuilt: SecondBuild) -> None:
    assert (rebuilt.summary.first_day, rebuilt.summary.last_day) == (FIRST_DAY, LAST_DAY)


def test_a_table_moves_its_timestamps_and_dates_and_keeps_the_rest() -> None:
    started = dt.datetime(2026, 10, 30, 23, 59, 58, 123456, tzinfo=dt.UTC)
    table = pa.table(
        {
            "contact_id": ["c-1", "c-2"],
            "started_at": pa.array([started, None], pa.timestamp("us", tz="UTC")),
            "service_day": pa.array([dt.date(2026, 10, 31), dt.date(2024, 2, 29)], pa.date32()),
            "seconds": [61, 62],
        }
    )

    built = started + dt.timedelta(days=30)
    stamped = table.set_column(1, "started_at", pa.array([started, built], pa.timestamp("us", tz="UTC")))

    moved = moved_table(table, 14, since=built)

    assert moved.schema == table.schema
    assert moved["started_at"].to_pylist() == [started + dt.timedelta(days=14), None]
    # a time at or after the build began was stamped by the build itself: it stays
    assert moved_table(stamped, 14, since=built)["started_at"].to_pylist() == [started + dt.timedelta(days=14), built]
    assert moved["service_day"].to_pylist() == [dt.date(2026, 11, 14), dt.date(2024, 3, 14)]
    assert moved["contact_id"].to_pylist() == ["c-1", "c-2"]
    assert moved["seconds"].to_pylist() == [61, 62]


@pytest.mark.django_db
def test_rows_move_to_the_microsecond_and_security_records_stay() -> None:
    from django.contrib.auth import get_user_model

    from heartline.core.models import Division, Role
    from heartline.demo.sizes import size_named
    from heartline.demo.steps import DemoContext
    from heartline.demo.timeline import Timeline
    from heartline.learning.models import Notification
    from heartline.warehouse.store import Warehouse

    division = Division.objects.create(code="live-test", name="Live test")
    user = get_user_model().objects.create(username="ana-live")
    ana = Employee.objects.create(
        user=user, code="ana-live", role=Role.AGENT, division=division, hire_date=dt.date(2020, 2, 29)
    )
    read_at = dt.datetime(2026, 10, 31, 23, 59, 59, 654321, tzinfo=dt.UTC)
    note = Notification.objects.create(recipient=ana, message="Your credential renews soon", read_at=read_at)
    logged = AccessLogEntry.objects.create(action="view", resource="contact c-1")
    logged_at = AccessLogEntry.objects.get(pk=logged.pk).at
    ctx = DemoContext(
        seed=0, size=size_named("small"), warehouse=Warehouse.default(), timeline=Timeline(), password_hash=""
    )

    stamped = Notification.objects.create(recipient=ana, message="Scored", read_at=read_at + dt.timedelta(days=40))

    move_demo(ctx, 2, since=read_at + dt.timedelta(days=30))

    assert Employee.objects.get(pk=ana.pk).hire_date == dt.date(2020, 3, 14)
    assert Notification.objects.get(pk=note.pk).read_at == read_at + dt.timedelta(days=14)
    assert Notification.objects.get(pk=stamped.pk).read_at == read_at + dt.timedelta(days=40)  # after `since`
    assert AccessLogEntry.objects.get(pk=logged.pk).at == logged_at
    assert ctx.counts["moved_days"] == 14
