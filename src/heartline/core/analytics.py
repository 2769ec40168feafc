"""Running warehouse metrics for a caller: the one place pages, API and CLI get figures from.

The process keeps one DuckDB-backed table source; the caller's scope is handed to the runner
framework, which applies it to every table the runner reads. Importing this module imports no
engine (Ibis, DuckDB, pyarrow): the source and the runners load on first use, and `kept_answer`
reads an answer another process kept without them (the command line's quick path).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from heartline.core import clock
from heartline.core.bounds import parse_day
from heartline.core.contracts import Caller
from heartline.warehouse.catalog import MetricEntry, metric_entries, recorded_metric
from heartline.warehouse.engines import DUCKDB, check_engine, check_portable, default_engine
from heartline.warehouse.queries import MetricQuery, MetricQueryError, MetricResult, answer_key
from heartline.warehouse.result_cache import Remembered, ResultCache
from heartline.warehouse.store import Warehouse

if TYPE_CHECKING:
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.spark import SparkSource

T = TypeVar("T")


@lru_cache(maxsize=1)
def warehouse_source() -> DuckDBSource:
    from heartline.warehouse.reader import DuckDBSource

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
    from heartline.warehouse.runners import get_runner

    return MetricEntry.of(get_runner(metric)).query(parse_date, by, start, end, filters, options)


def kept_answer(
    caller: Caller,
    metric: str,
    by: Iterable[str] = (),
    start: str | None = None,
    end: str | None = None,
    options: Mapping[str, Any] | None = None,
    engine: str | None = None,
) -> tuple[MetricEntry, MetricResult] | None:
    """`metric`'s answer for `caller` as `run_metric` would give it, when one is kept in the shared result
    cache for the tables as they are now, with what the registry says of the metric; None when none is
    kept, or no process recorded the registry for this code (then `run_metric`). Reads no table and
    loads neither the runners nor an engine: the command line answers from here in well under a second.
    MetricQueryError (or EngineError) for a query `run_metric` would refuse."""
    engine = check_engine(engine or default_engine())
    warehouse = Warehouse.default()
    entry = recorded_metric(warehouse, metric)
    if engine != DUCKDB or entry is None:
        return None
    query = entry.query(parse_date, by, start, end, options=options)
    entry.check(query)
    asked = answer_key(entry.name, query, entry.parse_options(query.options), caller.scope, DUCKDB)
    answer = result_cache(warehouse).kept(asked, clock.calendar())
    return None if answer is None else (entry, answer)


@lru_cache(maxsize=1)
def spark_source() -> SparkSource:
    """The process's Spark source (the session starts on first use, ~7 s; HEARTLINE_SPARK_* settings)."""
    from heartline.warehouse.spark import spark_source as on_spark

    return on_spark(Warehouse.default(), calendar=clock.calendar())


def run_metric(caller: Caller, metric: str, query: MetricQuery, engine: str | None = None) -> MetricResult:
    """`metric`'s answer for `caller` on `engine` (default: the HEARTLINE_ENGINE setting); EngineError
    for an unknown engine or a metric that runs on DuckDB only."""
    from heartline.warehouse.runners import get_runner

    runner = get_runner(metric)
    engine = check_engine(engine or default_engine())
    check_portable(metric, engine)
    if engine == DUCKDB:
        source = warehouse_source()
        _record_catalog(source.warehouse)
        return result_cache(source.warehouse).run(runner(query, caller.scope, source))
    spark = spark_source()
    if spark.warehouse is None:  # tables on object storage: no local versions to key a cache by
        return runner(query, caller.scope, spark).run()
    return result_cache(spark.warehouse).run(runner(query, caller.scope, spark))


@lru_cache(maxsize=4)
def _record_catalog(warehouse: Warehouse) -> None:
    """What the registry says of every metric, kept once per process beside the answers it computes,
    so a command run later can read them (`kept_answer`)."""
    metric_entries(warehouse)
