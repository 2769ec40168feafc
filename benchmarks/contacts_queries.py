"""The `contacts` group's query figures: the One and Done page's queries, and one and done over everything.

Each query goes through the runner as the page runs it (`get_runner(name)(MetricQuery(by=...), scope,
DuckDBSource(warehouse)).run()`), timed warm: a first run is discarded (DuckDB views, page cache),
then `repeats` runs give p50/p95. Beside each, the same definition in plain pandas on the same rows
already in memory (`contacts_pandas`), and whether both give the same groups and counts. Before any
timing, `definition_check` shows the pandas version agrees with the runner on the small demo and on
hand-made edge cases, so the ratio compares two answers to one question.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import contacts_pandas
from contacts_edge_cases import EDGE_CASES, UNIT, edge_contacts, expected_totals
from harness import LoadWatch, every_run, note, percentiles, ratio, warm

DASHBOARD_GOAL_P50_MS = 300.0
ONE_AND_DONE_GOAL_SECONDS = 3.0
# (metric, by): the One and Done page's queries as the contacts issue lists them, one per view of
# the rate (its unit view)...
PAGE_QUERIES = (
    ("one-and-done", ()),
    ("one-and-done", ("month",)),
    ("one-and-done", ("unit",)),
    ("one-and-done", ("reason",)),
    ("one-and-done", ("consulted",)),
    ("handoff-rate", ()),
    ("handoff-flow", ()),
)
# ... and the page now (ADR 3): one one-and-done query at the finest grouping, every view rolled up
# from it, then handoff-rate and handoff-flow; later views are answered by the result cache.
FINEST_ONE_AND_DONE = ("one-and-done", ("month", "unit", "reason", "consulted"))
PAGE_NOW = (FINEST_ONE_AND_DONE, ("handoff-rate", ()), ("handoff-flow", ()))
VOLUME_QUERIES = (("contact-volume", ("month",)), ("contact-volume", ("unit",)), ("contact-volume", ("channel",)))
# (runner repeats after the discarded first run, pandas repeats): fewer at large, where a pandas
# one-and-done takes seconds and there are 11 queries in 2 scopes.
REPEATS = {"small": (20, 10), "standard": (20, 5), "large": (10, 3)}


def _label(metric: str, by: tuple[str, ...]) -> str:
    return "/".join((metric, *by)) if by else metric


def _answer_keys(metric: str, by: tuple[str, ...]) -> tuple[str, ...]:
    return ("from_queue", "to_queue") if metric == "handoff-flow" else by


def _scopes(unit: str) -> dict[str, tuple[Any, list[str] | None]]:
    from heartline.warehouse.scope import Scope

    return {"executive": (Scope.everything(), None), "one_unit": (Scope.of_units(unit), [unit])}


def _runner_rows(source: Any, metric: str, by: tuple[str, ...], scope: Any) -> list[dict[str, Any]]:
    from heartline.warehouse.runners import MetricQuery, get_runner

    return get_runner(metric)(MetricQuery(by=by), scope, source).run().rows


def _measure(
    source: Any,
    frame: Any,
    metric: str,
    by: tuple[str, ...],
    scope: Any,
    units: list[str] | None,
    repeats: tuple[int, int],
) -> dict[str, Any]:
    runner_repeats, pandas_repeats = repeats
    with LoadWatch(every_seconds=2.0) as load:
        runner_rows, runner_seconds = warm(lambda: _runner_rows(source, metric, by, scope), runner_repeats)
    pandas_rows, pandas_seconds = every_run(
        lambda: contacts_pandas.PANDAS_METRICS[metric](frame, units, by), pandas_repeats
    )
    heartline, plain = percentiles(runner_seconds), percentiles(pandas_seconds)
    return {
        "heartline_runner": heartline,
        "pandas_in_memory": plain,
        "ratio_p50_heartline_to_pandas": ratio(heartline["p50_ms"], plain["p50_ms"]),
        "rows": len(runner_rows),
        "same_result": contacts_pandas.same_answer(runner_rows, pandas_rows, _answer_keys(metric, by)),
        "load_average_1min_during_runner": load.summary(),
    }


def _cache_hits(source: Any, metric: str, by: tuple[str, ...], scope: Any, repeats: int) -> dict[str, float]:
    """p50/p95 of a later view answered by the result cache (the first run fills it)."""
    from heartline.warehouse.result_cache import ResultCache
    from heartline.warehouse.runners import MetricQuery, get_runner

    cache = ResultCache(source.warehouse)
    _, seconds = warm(lambda: cache.run(get_runner(metric)(MetricQuery(by=by), scope, source)).rows, repeats)
    return percentiles(seconds)


def _sum_p50(queries: dict[str, Any], listed: tuple[tuple[str, tuple[str, ...]], ...], figure: str) -> float:
    return round(sum(float(queries[_label(m, b)][figure]["p50_ms"]) for m, b in listed), 1)


def busiest_unit(frame: Any) -> str:
    """The unit with the most contacts: the slowest one-unit view."""
    return str(frame["unit"].value_counts().idxmax())


def bench_dashboard(source: Any, frame: Any, size: str) -> dict[str, Any]:
    """Every One and Done page query and the volume charts, warm, for an executive and for one unit.

    `source` is the DuckDBSource over the demo's warehouse, `frame` its contacts in pandas (`load_frame`).
    """
    unit = busiest_unit(frame)
    repeats = REPEATS.get(size, REPEATS["large"])
    result: dict[str, Any] = {
        "size": size,
        "contacts": len(frame),
        "one_unit_scope": unit,
        "repeats": {"heartline_runner": repeats[0], "pandas_in_memory": repeats[1]},
    }
    with LoadWatch() as watch:
        for scope_name, (scope, units) in _scopes(unit).items():
            queries: dict[str, Any] = {}
            for metric, by in (*PAGE_QUERIES, FINEST_ONE_AND_DONE, *VOLUME_QUERIES):
                note(f"{size}, {scope_name}: {_label(metric, by)} …")
                figure = _measure(source, frame, metric, by, scope, units, repeats)
                figure["goal_p50_ms"] = DASHBOARD_GOAL_P50_MS
                figure["goal_met"] = figure["heartline_runner"]["p50_ms"] <= DASHBOARD_GOAL_P50_MS
                if (metric, by) == FINEST_ONE_AND_DONE:
                    figure["result_cache_hit"] = _cache_hits(source, metric, by, scope, repeats[0])
                queries[_label(metric, by)] = figure
            result[scope_name] = {
                "queries": queries,
                "page_one_query_per_view_p50_sum_ms": _sum_p50(queries, PAGE_QUERIES, "heartline_runner"),
                "pandas_page_one_query_per_view_p50_sum_ms": _sum_p50(queries, PAGE_QUERIES, "pandas_in_memory"),
                "page_now_p50_sum_ms": _sum_p50(queries, PAGE_NOW, "heartline_runner"),
                "pandas_page_now_p50_sum_ms": _sum_p50(queries, PAGE_NOW, "pandas_in_memory"),
                "goals_met": sum(q["goal_met"] for q in queries.values()),
                "goals": len(queries),
            }
    result["load_average_1min"] = watch.summary()
    result["note"] = (
        "runner: warm, through DuckDB over the current Delta version's Parquet files on disk, no result "
        "cache; pandas: the same definition on the same rows already in memory (no file reading); "
        "page_now: the page's queries since ADR 3 (finest one-and-done grouping + handoff rate + flow); "
        "result_cache_hit: a later view with the same scope and filters, until the next write"
    )
    return result


def bench_one_and_done(source: Any, frame: Any, size: str) -> dict[str, Any]:
    """`OneAndDone(MetricQuery(), Scope.everything(), source).run()` warm, beside pandas.

    Measured as the app runs it (the demo built the contact follow-ups table, so the runner joins on
    it), then with the follow-ups table treated as stale (the range join the runner falls back to
    before the worker has refreshed it), and the refresh itself, timed once."""
    from heartline.contacts.followups import CONTACT_FOLLOWUPS
    from heartline.contacts.metrics import OneAndDone
    from heartline.warehouse.derived import is_current, refresh
    from heartline.warehouse.runners import MetricQuery
    from heartline.warehouse.scope import Scope

    class RangeJoinOnly(OneAndDone):
        def derived_is_current(self, derived: Any) -> bool:
            return False

    runner_repeats, pandas_repeats = REPEATS.get(size, REPEATS["large"])
    note(f"{size}: one and done over all {len(frame):,} contacts …")
    if not is_current(source.warehouse, CONTACT_FOLLOWUPS):
        refresh(source.warehouse, CONTACT_FOLLOWUPS)
    began = time.perf_counter()
    refreshed = refresh(source.warehouse, CONTACT_FOLLOWUPS)
    refresh_seconds = time.perf_counter() - began
    with LoadWatch() as load:
        runner_rows, runner_seconds = warm(
            lambda: OneAndDone(MetricQuery(), Scope.everything(), source).run().rows, runner_repeats
        )
    with LoadWatch() as fallback_load:
        fallback_rows, fallback_seconds = warm(
            lambda: RangeJoinOnly(MetricQuery(), Scope.everything(), source).run().rows, runner_repeats
        )
    pandas_rows, pandas_seconds = every_run(lambda: contacts_pandas.one_and_done(frame, None), pandas_repeats)
    heartline, plain, fallback = percentiles(runner_seconds), percentiles(pandas_seconds), percentiles(fallback_seconds)
    p50_seconds = heartline["p50_ms"] / 1000
    return {
        "size": size,
        "contacts": len(frame),
        "load_average_1min_during_runner": load.summary(),
        "repeats": {"heartline_runner": runner_repeats, "pandas_in_memory": pandas_repeats},
        "heartline_runner": heartline,
        "pandas_in_memory": plain,
        "ratio_p50_heartline_to_pandas": ratio(heartline["p50_ms"], plain["p50_ms"]),
        "goal_p50_seconds": ONE_AND_DONE_GOAL_SECONDS,
        "goal_met": p50_seconds <= ONE_AND_DONE_GOAL_SECONDS,
        "runner": {k: runner_rows[0][k] for k in ("numerator", "denominator")},
        "pandas": {k: pandas_rows[0][k] for k in ("numerator", "denominator")},
        "same_result": contacts_pandas.same_answer(runner_rows, pandas_rows, ()),
        "before_the_worker_refreshes": {
            "heartline_runner_range_join": fallback,
            "ratio_p50_to_pandas": ratio(fallback["p50_ms"], plain["p50_ms"]),
            "same_result": contacts_pandas.same_answer(fallback_rows, pandas_rows, ()),
            "load_average_1min": fallback_load.summary(),
        },
        "followups_refresh": {"seconds": round(refresh_seconds, 2), "rows": refreshed.rows},
    }


# -- the pandas definition, checked ----------------------------------------------------------------


def _compare(source: Any, frame: Any, scope: Any, units: list[str] | None) -> dict[str, Any]:
    checks: dict[str, Any] = {}
    for metric, by in (*PAGE_QUERIES, FINEST_ONE_AND_DONE):
        runner_rows = _runner_rows(source, metric, by, scope)
        pandas_rows = contacts_pandas.PANDAS_METRICS[metric](frame, units, by)
        same = contacts_pandas.same_answer(runner_rows, pandas_rows, _answer_keys(metric, by))
        entry: dict[str, Any] = {"same_result": same}
        if not by and metric != "handoff-flow":
            entry["runner"] = {k: runner_rows[0][k] for k in ("numerator", "denominator")}
            entry["pandas"] = {k: pandas_rows[0][k] for k in ("numerator", "denominator")}
        checks[_label(metric, by)] = entry
    return checks


def definition_check(small_warehouse_root: Path, scratch: Path) -> dict[str, Any]:
    """The pandas definitions against the runners on the small demo, then on the edge cases."""
    import pyarrow as pa

    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch

    note("checking the pandas definitions against the runners (small demo, edge cases) …")
    warehouse = Warehouse(small_warehouse_root)
    frame = contacts_pandas.load_frame(warehouse.open(CONTACTS))
    unit = busiest_unit(frame)
    source = DuckDBSource(warehouse)
    demo = {name: _compare(source, frame, scope, units) for name, (scope, units) in _scopes(unit).items()}

    edges = Warehouse(scratch / "edge-cases")
    write_batch(edges, CONTACTS, pa.Table.from_pylist(edge_contacts(), schema=CONTACTS.schema), source="bench")
    edge_frame = contacts_pandas.load_frame(edges.open(CONTACTS))
    edge_source = DuckDBSource(edges)
    edge_scopes = _scopes(UNIT)
    expected = {"executive": expected_totals(in_unit=False), "one_unit": expected_totals(in_unit=True)}
    edge_checks: dict[str, Any] = {}
    for name, (scope, units) in edge_scopes.items():
        checks = _compare(edge_source, edge_frame, scope, units)
        numerator, denominator = expected[name]
        overall = checks["one-and-done"]
        overall["expected"] = {"numerator": numerator, "denominator": denominator}
        overall["runner_as_expected"] = overall["runner"] == overall["expected"]
        overall["pandas_as_expected"] = overall["pandas"] == overall["expected"]
        edge_checks[name] = checks
    all_same = [c["same_result"] for scope in (*demo.values(), *edge_checks.values()) for c in scope.values()]
    as_expected = [
        scope["one-and-done"][k] for scope in edge_checks.values() for k in ("runner_as_expected", "pandas_as_expected")
    ]
    return {
        "same_result": all(all_same) and all(as_expected),
        "small_demo": {"contacts": len(frame), "one_unit_scope": unit, **demo},
        "edge_cases": {
            "cases": [case.name for case in EDGE_CASES],
            "contacts": len(edge_frame),
            "one_unit_scope": UNIT,
            **edge_checks,
        },
    }
