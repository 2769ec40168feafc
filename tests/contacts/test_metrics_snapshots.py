"""SQL snapshots of every contact runner, so a change to what a metric compiles to shows in review:
one-and-done (the repeat lookup outside the caller's scope), handoff-flow (routes split into steps),
and each other runner for a unit-scoped monthly query (the scope filter is visible in each).

A change to the compiled SQL fails here; if it is intended, rerun with UPDATE_SNAPSHOTS=1 and review
the diff of tests/contacts/snapshots/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import MARCH_1, MARCH_31, warehouse_with

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_matches_snapshot(name: str, sql: str) -> None:
    path = SNAPSHOTS / f"{name}.sql"
    text = sql.strip() + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review the file"
    assert text == path.read_text(), f"SQL differs from {path.name} (UPDATE_SNAPSHOTS=1 rewrites it)"


@pytest.fixture
def source(tmp_path: Path) -> DuckDBSource:
    return DuckDBSource(warehouse_with(tmp_path))


def test_one_and_done_sql(source: DuckDBSource) -> None:
    query = MetricQuery(
        by=("unit", "month"),
        start=MARCH_1,
        end=MARCH_31,
        filters={"channel": ("phone", "chat")},
        options={"window_days": 7},
    )
    runner = get_runner("one-and-done")(query, Scope.of_units("commercial"), source)

    assert_matches_snapshot("one_and_done", runner.sql())


def test_handoff_flow_sql(source: DuckDBSource) -> None:
    query = MetricQuery(by=("unit",), start=MARCH_1, end=MARCH_31)
    runner = get_runner("handoff-flow")(query, Scope.of_units("commercial"), source)

    assert_matches_snapshot("handoff_flow", runner.sql())


@pytest.mark.parametrize(
    "metric",
    [
        "contact-volume",
        "repeat-contact-rate",
        "handoff-rate",
        "consult-rate",
        "handoffs-per-contact",
        "handle-time",
        "average-speed-of-answer",
        "abandonment-rate",
        "service-level",
        "case-processing-time",
    ],
)
def test_every_runners_sql_for_a_unit_scoped_monthly_query(source: DuckDBSource, metric: str) -> None:
    """Each runner, grouped by unit and month over March for a caller who sees one unit."""
    query = MetricQuery(by=("unit", "month"), start=MARCH_1, end=MARCH_31)
    runner = get_runner(metric)(query, Scope.of_units("commercial"), source)

    assert_matches_snapshot(f"{metric.replace('-', '_')}_by_unit_and_month", runner.sql())
