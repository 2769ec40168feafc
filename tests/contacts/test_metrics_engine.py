"""`heartline metrics NAME --engine spark|duckdb` and the HEARTLINE_ENGINE setting: the same rows on
either engine, a clear refusal for an engine Heartline lacks or a metric one engine cannot run.

The plan is the one of test_metrics_cli_api (one and done by unit: commercial 1/3, medicare 2/3). The
tests that start Spark are marked `spark` and use the test run's shared session.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_django.fixtures import Settings

from heartline.core.analytics import run_metric
from heartline.core.scoping import OPERATOR
from heartline.warehouse.engines import DUCKDB_ONLY, EngineError
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.store import Warehouse
from tests.contacts.test_metrics_cli_api import ONE_AND_DONE_BY_UNIT, heartline, plan, printed

pytestmark = pytest.mark.django_db
__all__ = ["plan"]  # the fixture, used by name


def test_engine_duckdb_prints_the_default_engines_rows(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--by", "unit", "--engine", "duckdb", "--json")

    assert printed(result) == {"metric": "one-and-done", "rows": ONE_AND_DONE_BY_UNIT}


def test_an_unknown_engine_exits_2_naming_the_engines(plan: Warehouse) -> None:
    result = heartline("metrics", "one-and-done", "--engine", "trino", "--json")

    assert result.exit_code == 2
    assert "unknown engine 'trino' (choose from duckdb, spark)" in " ".join(result.output.split())


def test_a_duckdb_only_metric_is_refused_on_spark_before_spark_starts(
    plan: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(DUCKDB_ONLY, "one-and-done", "it reads a DuckDB function")
    monkeypatch.setattr("heartline.core.analytics.spark_source", lambda: pytest.fail("Spark started"))

    result = heartline("metrics", "one-and-done", "--engine", "spark", "--json")

    assert result.exit_code == 2
    message = " ".join(result.output.split())  # the console wraps long lines
    assert "'one-and-done' runs on DuckDB only (it reads a DuckDB function); use --engine duckdb" in message


@pytest.mark.spark
def test_engine_spark_prints_duckdbs_rows(plan: Warehouse, spark_session: Any) -> None:
    result = heartline("metrics", "one-and-done", "--by", "unit", "--engine", "spark", "--json")

    assert printed(result) == {"metric": "one-and-done", "rows": ONE_AND_DONE_BY_UNIT}


@pytest.mark.spark
def test_the_setting_puts_the_apps_metrics_on_spark(plan: Warehouse, spark_session: Any, settings: Settings) -> None:
    settings.HEARTLINE_ENGINE = "spark"

    result = run_metric(OPERATOR, "one-and-done", MetricQuery(by=("unit",), options={"window_days": 7}))

    assert result.rows == ONE_AND_DONE_BY_UNIT
    with pytest.raises(EngineError):
        run_metric(OPERATOR, "one-and-done", MetricQuery(), engine="presto")
