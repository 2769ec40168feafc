"""Running warehouse metrics for a caller: the one place pages, API and CLI get figures from.

The process keeps one DuckDB-backed table source; the caller's scope is handed to the runner
framework, which applies it to every table the runner reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from heartline.core import clock
from heartline.core.bounds import parse_day
from heartline.core.contracts import Caller
from heartline.warehouse.engines import DUCKDB, check_engine, check_portable, default_engine
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.result_cache import Remembered, ResultCache
from heartline.warehouse.runners import MetricQuery, MetricQueryError, MetricResult, get_runner
from heartline.warehouse.store import Warehouse

if TYPE_CHECKING:
    from heartline.warehouse.spark import SparkSource

T = TypeVar("T")


@lru_cache(maxsize=1)
def warehouse_source() -> DuckDBSource:
    # Days, weeks and months in every figure are the organization's calendar periods (core.clock).
    return DuckDBSource(Warehouse.default(), calendar=clock.calendar())


@lru_cache(maxsize=4)
def result_cache(warehouse: Warehouse) -> ResultCache:
    return ResultCache(warehouse)


@lru_cache(maxsize=4)
def _remembered(warehouse: Warehouse) -> Remembered:
    return Remembered(warehouse)


def remember(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its answer for `key` kept since no warehouse table has changed. The key must
    hold everything the answer depends on apart from warehouse data (the caller's scope, the period…),
    and be spelled the same in every process (`warehouse.shared_cache.stable_key`) to be shared by them;
    the organization's calendar is added here."""
    source = warehouse_source()
    return _remembered(source.warehouse).get((key, source.calendar), compute)


def parse_date(value: str | None, field: str) -> dt.date | None:
    """`value` (YYYY-MM-DD) as a day within core.bounds' range, None when empty; MetricQueryError
    saying what to send otherwise (a day near the calendar's end would overflow its period's bounds)."""
    return parse_day(value, field, MetricQueryError)


def build_query(
    metric: str,
    by: Iterable[str] = (),
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    filters: Mapping[str, Iterable[str]] | None = None,
    options: Mapping[str, Any] | None = None,
) -> MetricQuery:
    """A validated query for `metric`; raises MetricQueryError with a message a person can act on.

    `options` are the metric's declared options by name, as values or text (from a URL or the command
    line): each is parsed to its type and checked against its bounds, a missing one takes its default,
    and an option the metric does not declare is refused.
    """
    runner = get_runner(metric)
    dims = tuple(d for part in by for d in str(part).split(",") if d)
    clean_filters = {k: tuple(v) for k, v in (filters or {}).items() if k in runner.dimensions}
    return MetricQuery(
        by=dims,
        # typed text is checked against core.bounds' range; days given by code (a previous period) are not
        start=start if isinstance(start, dt.date) else parse_date(start, "from"),
        end=end if isinstance(end, dt.date) else parse_date(end, "to"),
        filters=clean_filters,
        options=runner.parse_options(options or {}),
    )


@lru_cache(maxsize=1)
def spark_source() -> SparkSource:
    """The process's Spark source (the session starts on first use, ~7 s; HEARTLINE_SPARK_* settings)."""
    from heartline.warehouse.spark import spark_source as on_spark

    return on_spark(Warehouse.default(), calendar=clock.calendar())


def run_metric(caller: Caller, metric: str, query: MetricQuery, engine: str | None = None) -> MetricResult:
    """`metric`'s answer for `caller` on `engine` (default: the HEARTLINE_ENGINE setting); EngineError
    for an unknown engine or a metric that runs on DuckDB only."""
    runner = get_runner(metric)
    engine = check_engine(engine or default_engine())
    check_portable(metric, engine)
    if engine == DUCKDB:
        source = warehouse_source()
        return result_cache(source.warehouse).run(runner(query, caller.scope, source))
    spark = spark_source()
    if spark.warehouse is None:  # tables on object storage: no local versions to key a cache by
        return runner(query, caller.scope, spark).run()
    return result_cache(spark.warehouse).run(runner(query, caller.scope, spark))
