"""The demo's call-center story: the Medicare enrollment line breaks CMS's hold-time standard in the
open-enrollment surge, the other Medicare lines keep it, and a test-call log measures interpreters."""

from __future__ import annotations

import datetime as dt

import heartline.compliance.call_center_metrics  # noqa: F401  (registers the runners)
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from tests.support.shared_demo import BuiltDemo

SURGE_QUARTER = (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def run(demo: BuiltDemo, metric: str, by: tuple[str, ...], start: dt.date, end: dt.date) -> list[dict[str, object]]:
    query = MetricQuery(by=by, start=start, end=end)
    return get_runner(metric)(query, Scope.everything(), demo.source()).run().rows


def test_only_the_medicare_enrollment_line_is_over_two_minutes_in_the_surge_quarter(
    small_demo: BuiltDemo, db: None
) -> None:
    rows = run(small_demo, "cms-hold-time", ("line_of_business", "queue"), *SURGE_QUARTER)

    over = {r["queue"] for r in rows if r["line_of_business"] == "medicare_part_c" and float(r["ci_low"]) > 120}
    assert over == {"mcr-enrollment"}


def test_the_enrollment_line_keeps_the_standard_outside_the_surge(small_demo: BuiltDemo, db: None) -> None:
    rows = run(small_demo, "cms-hold-time", ("queue",), dt.date(2026, 4, 1), dt.date(2026, 6, 30))

    enrollment = next(r for r in rows if r["queue"] == "mcr-enrollment")
    assert float(enrollment["value"]) < 60


def test_every_medicare_queue_keeps_the_disconnect_standard_over_the_year(small_demo: BuiltDemo, db: None) -> None:
    rows = run(small_demo, "cms-disconnect-rate", ("line_of_business",), dt.date(2025, 11, 1), dt.date(2026, 10, 31))

    medicare = next(r for r in rows if r["line_of_business"] == "medicare_part_c")
    assert float(medicare["value"]) < 0.05


def test_the_test_call_log_measures_interpreters_and_tty(small_demo: BuiltDemo) -> None:
    rows = run(small_demo, "interpreter-tty-availability", ("test",), dt.date(2025, 5, 1), dt.date(2026, 10, 31))

    assert [r["test"] for r in rows] == ["interpreter", "tty"]
    assert all(0.6 < float(r["value"]) < 0.95 and int(r["n"]) > 50 for r in rows)
