"""core.bounds: typed days and ids within range, and date arithmetic on stored values that never raises."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core.bounds import check_id, days_after, parse_day
from heartline.core.errors import ActionRefused


def test_the_last_day_in_range_is_accepted() -> None:
    assert parse_day("9000-12-31", "to") == dt.date(9000, 12, 31)


def test_a_day_before_1900_is_refused_naming_the_range() -> None:
    with pytest.raises(ActionRefused) as refused:
        parse_day("1899-12-31", "from")

    assert str(refused.value) == "from=1899-12-31 is out of range (1900-01-01 … 9000-12-31)"


def test_an_id_past_64_bits_is_refused() -> None:
    with pytest.raises(ActionRefused) as refused:
        check_id(2**63, "audit")

    assert str(refused.value) == "audit must be between 1 and 9223372036854775807, not 9223372036854775808"


def test_days_after_clamps_at_the_calendars_ends() -> None:
    assert (days_after(dt.date(9990, 1, 1), 7 * 32767), days_after(dt.date(2, 1, 1), -1000)) == (
        dt.date.max,
        dt.date.min,
    )
