"""`when`: instants in the viewer's zone; a time of day carries the zone's name, a day alone does not."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from heartline.core.templatetags.when import when

INSTANT = dt.datetime(2026, 7, 29, 3, 30, tzinfo=dt.UTC)  # 23:30 the day before in New York


def test_a_time_of_day_is_shown_in_the_viewers_zone_with_its_name() -> None:
    with timezone.override("America/New_York"):
        assert when(INSTANT) == "2026-07-28 23:30 EDT"
        assert when("2026-07-29T03:30:00+00:00", "M j, Y H:i") == "Jul 28, 2026 23:30 EDT"


def test_a_day_alone_is_the_viewers_day_without_a_zone_name() -> None:
    with timezone.override("America/New_York"):
        assert when(INSTANT, "M j, Y") == "Jul 28, 2026"
        assert when(INSTANT, r"M j \a\t Y") == "Jul 28 at 2026"


def test_nothing_shows_nothing_and_a_non_date_is_shown_as_it_is() -> None:
    assert when(None) == ""
    assert when("not a date") == "not a date"
