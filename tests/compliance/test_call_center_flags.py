"""Breaches and the trend toward one, worked by hand (the rule: docs/compliance.md).

The trend takes a queue's last three months: rising when each is higher than the one before; the
line through them has slope (last − first) / 2; the projected quarter is the quarter of the next month,
its months already seen as they are and the others on the line; flagged when rising and the
projection is over the standard.
"""

from __future__ import annotations

import datetime as dt

from heartline.compliance.call_center import applies, over, trend


def m(month: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, 1)


def test_three_rising_months_projecting_a_quarter_over_the_standard_are_flagged() -> None:
    # slope (125 − 100) / 2 = 12.5; next month October: Q4 = 137.5, 150, 162.5 → mean 150 > 120
    found = trend([(m(7), 100.0), (m(8), 110.0), (m(9), 125.0)], 120.0)

    assert (found.rising, found.projected_quarter, found.projected, found.toward_breach) == (True, m(10), 150.0, True)


def test_months_already_seen_in_the_projected_quarter_keep_their_figures() -> None:
    # next month December: Q4 = October 100 and November 110 as seen, December 110 + 10 → mean 110 ≤ 120
    found = trend([(m(9), 90.0), (m(10), 100.0), (m(11), 110.0)], 120.0)

    assert (found.rising, found.projected, found.toward_breach) == (True, 110.0, False)


def test_a_projection_over_the_standard_without_a_rise_is_not_flagged() -> None:
    found = trend([(m(7), 130.0), (m(8), 125.0), (m(9), 140.0)], 120.0)

    assert (found.rising, found.toward_breach) == (False, False)


def test_the_three_months_must_follow_one_another() -> None:
    found = trend([(m(7), 100.0), (m(9), 130.0), (m(10), 160.0)], 120.0)

    assert (found.rising, found.projected, found.toward_breach) == (False, None, False)


def test_the_trend_reads_across_a_year_end() -> None:
    # November 0.03, December 0.04, January 0.05: slope 0.01; next month February in Q1:
    # January 0.05 as seen, February 0.06, March 0.07 → 0.06 > 0.05
    found = trend([(m(11, 2025), 0.03), (m(12, 2025), 0.04), (m(1), 0.05)], 0.05)

    assert (found.projected_quarter, round(found.projected or 0, 6), found.toward_breach) == (m(1), 0.06, True)


def test_a_figure_at_the_standard_meets_it() -> None:
    assert (over(120.0, 120.0), over(120.5, 120.0), over(None, 120.0)) == (False, True, False)


def test_the_standards_apply_to_medicare_lines_only() -> None:
    assert [applies(line) for line in ("medicare_part_c", "medicare_part_d", "medicaid", "commercial", None)] == [
        True,
        True,
        False,
        False,
        False,
    ]
