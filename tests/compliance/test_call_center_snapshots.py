"""SQL snapshots of the call-center runners for a unit-scoped quarterly query, so a change to what they
compile to shows in review; if it is intended, rerun with UPDATE_SNAPSHOTS=1 and review the diff of
tests/compliance/snapshots/."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import heartline.compliance.call_center_metrics  # noqa: F401  (registers the runners)
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from tests.contacts.metric_fixtures import warehouse_with

SNAPSHOTS = Path(__file__).parent / "snapshots"


def assert_matches_snapshot(name: str, sql: str) -> None:
    path = SNAPSHOTS / f"{name}.sql"
    text = sql.strip() + "\n"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text)
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review the file"
    assert text == path.read_text(), f"SQL differs from {path.name} (UPDATE_SNAPSHOTS=1 rewrites it)"


@pytest.mark.parametrize("metric", ["cms-hold-time", "cms-disconnect-rate", "interpreter-tty-availability"])
def test_call_center_runners_sql_for_a_unit_scoped_quarterly_query(tmp_path: Path, metric: str) -> None:
    query = MetricQuery(by=("unit", "quarter"), start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
    runner = get_runner(metric)(query, Scope.of_units("medicare"), DuckDBSource(warehouse_with(tmp_path)))

    assert_matches_snapshot(f"{metric.replace('-', '_')}_by_unit_and_quarter", runner.sql())
