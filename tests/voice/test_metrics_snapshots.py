"""SQL snapshots of the survey runners, so a change to what a survey metric compiles to shows in review:
survey-nps and survey-answers (for one item), each for a unit-scoped monthly query over March 2026 (the
scope filter and the period are visible in each).

A change to the compiled SQL fails here; if it is intended, rerun with UPDATE_SNAPSHOTS=1 and review
the diff of tests/voice/snapshots/.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

import heartline.voice.metrics  # noqa: F401  (registers the survey runners and their table)
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.runners import MetricQuery, get_runner
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse

SNAPSHOTS = Path(__file__).parent / "snapshots"
MARCH = MetricQuery(by=("unit", "month"), start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))


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
    # The survey table is never written: an unwritten table reads as empty, and the SQL is the same.
    return DuckDBSource(Warehouse(tmp_path / "warehouse"))


def test_survey_nps_sql(source: DuckDBSource) -> None:
    runner = get_runner("survey-nps")(MARCH, Scope.of_units("commercial"), source)

    assert_matches_snapshot("survey_nps_by_unit_and_month", runner.sql())


def test_survey_answers_sql_for_the_csat_item(source: DuckDBSource) -> None:
    query = MetricQuery(by=MARCH.by, start=MARCH.start, end=MARCH.end, options={"item": "csat"})
    runner = get_runner("survey-answers")(query, Scope.of_units("commercial"), source)

    assert_matches_snapshot("survey_answers_csat_by_unit_and_month", runner.sql())
