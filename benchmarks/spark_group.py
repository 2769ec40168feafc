"""The `spark` group: metrics and a derived table on Spark local mode, beside DuckDB in the same run.

Issue 20 asks that an operator can run any metric on Spark and get DuckDB's answer, with a bench at
10M contacts in local mode. The group writes synthetic contacts (`HEARTLINE_BENCH_SPARK_CONTACTS`,
default 10,000,000; a year, ~7 contacts per member, repeats common) into a warehouse of its own, then
on each engine (DuckDB first: the baseline):

- builds the `contact_followups` derived table (`refresh(..., engine=...)`, the worker's step);
- runs contact volume by month, handle time by unit and one and done by unit (using the follow-ups
  table), once cold and `REPEATS` times warm (p50), and checks the answers agree.

Spark runs `local[2]` with the settings an operator would give (HEARTLINE_SPARK_CONF adds more); its
session start is reported apart. `make bench BENCH_ARGS="--sizes small --only spark"`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from harness import load_average, note, percentiles

SEED = 20
REPEATS = 3
QUERIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("contact-volume", ("month",)),
    ("handle-time", ("unit",)),
    ("one-and-done", ("unit",)),
)
SPARK_CONF = {
    "spark.driver.memory": "6g",
    "spark.sql.shuffle.partitions": "8",
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
}


def _contacts_wanted() -> int:
    return int(os.environ.get("HEARTLINE_BENCH_SPARK_CONTACTS", "10000000"))


def synthetic_contacts(n: int, rng: np.random.Generator) -> pa.Table:
    """`n` contacts over 2025 in arrival order: inbound calls and chats from n/7 members."""
    from heartline.contacts.tables import CONTACTS

    year_us = 365 * 86_400 * 1_000_000
    start_us = np.int64(1_735_689_600_000_000)  # 2025-01-01 UTC
    started = np.sort(start_us + rng.integers(0, year_us, n))
    answered_after = rng.integers(5, 300, n) * 1_000_000
    unanswered = rng.random(n) < 0.08
    talk = rng.integers(30, 1200, n)
    members = rng.integers(0, max(n // 7, 1), n)

    def coded(labels: list[str], p: list[float] | None = None) -> pa.Array:
        return pa.array(np.array(labels, dtype=object)[rng.choice(len(labels), n, p=p)], pa.string())

    def instant(us: np.ndarray, missing: np.ndarray | None = None) -> pa.Array:
        return pa.array(us, pa.timestamp("us", tz="UTC"), mask=missing)

    columns: dict[str, pa.Array] = {
        "contact_id": pa.array([f"C{i:010d}" for i in range(n)], pa.string()),
        "member_id": pa.array(np.char.add("M", members.astype(str)).astype(object), pa.string()),
        "channel": coded(["phone", "chat", "portal"], [0.7, 0.2, 0.1]),
        "direction": coded(["inbound", "outbound"], [0.9, 0.1]),
        "queue": coded(["general", "claims", "pharmacy"]),
        "unit": coded(["commercial", "medicare", "medicaid"]),
        "agent_id": pa.array(np.char.add("a-", rng.integers(0, 400, n).astype(str)).astype(object), pa.string()),
        "reason": coded(["claims", "pharmacy", "eligibility", "billing", "id-card"]),
        "started_at": instant(started),
        "answered_at": instant(started + answered_after, unanswered),
        "ended_at": instant(started + answered_after + talk * 1_000_000, unanswered),
        "talk_seconds": pa.array(talk.astype(np.int32), mask=unanswered),
        "hold_seconds": pa.array(rng.integers(0, 120, n).astype(np.int32), mask=unanswered),
        "wrap_seconds": pa.array(rng.integers(0, 90, n).astype(np.int32), mask=unanswered),
        "abandoned": pa.array(unanswered & (rng.random(n) < 0.8)),
        "route": coded(["general", "general>claims"], [0.85, 0.15]),
        "consult_count": pa.array(rng.choice([0, 0, 0, 1], n).astype(np.int16)),
    }
    schema = CONTACTS.schema
    arrays = [columns.get(f.name, pa.nulls(n, f.type)).cast(f.type) for f in schema]
    return pa.Table.from_arrays(arrays, schema=schema)


def _write(root: Path, n: int) -> dict[str, Any]:
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch

    rng = np.random.default_rng(SEED)
    warehouse = Warehouse(root)
    began = time.perf_counter()
    chunk = 2_000_000
    for first in range(0, n, chunk):
        write_batch(warehouse, CONTACTS, synthetic_contacts(min(chunk, n - first), rng), source="bench")
    return {"contacts": n, "write_seconds": round(time.perf_counter() - began, 1)}


def _queries(source: Any) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    from heartline.warehouse.runners import MetricQuery, get_runner
    from heartline.warehouse.scope import Scope

    timings: dict[str, Any] = {}
    answers: dict[str, list[dict[str, Any]]] = {}
    for metric, by in QUERIES:
        label = f"{metric} by {'+'.join(by)}"

        def once(metric: str = metric, by: tuple[str, ...] = by) -> list[dict[str, Any]]:
            return get_runner(metric)(MetricQuery(by=by), Scope.everything(), source).run().rows

        began = time.perf_counter()
        answers[label] = once()
        cold = time.perf_counter() - began
        warm = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            once()
            warm.append(time.perf_counter() - began)
        timings[label] = {"cold_seconds": round(cold, 3), **percentiles(warm), "load_average_1min": load_average()}
    return timings, answers


def _agree(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> bool:
    if len(a) != len(b):
        return False
    for x, y in zip(a, b, strict=True):
        for key, value in x.items():
            other = y.get(key)
            if isinstance(value, float) and isinstance(other, float):
                if abs(value - other) > 1e-9 * max(1.0, abs(value)):
                    return False
            elif value != other:
                return False
    return True


def run(scratch: Path) -> dict[str, Any]:
    import heartline.contacts.metrics  # noqa: F401  (registers the runners)
    from heartline.contacts.followups import CONTACT_FOLLOWUPS
    from heartline.warehouse import spark as spark_engine
    from heartline.warehouse.derived import refresh
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.store import Warehouse

    n = _contacts_wanted()
    root = scratch / "warehouse"
    note(f"spark: writing {n:,} synthetic contacts …")
    report: dict[str, Any] = {"data": _write(root, n), "engines": {}}
    warehouse = Warehouse(root)

    note("spark: DuckDB (baseline) …")
    duck: dict[str, Any] = {"derived": {"contact_followups": _refresh(refresh, warehouse, CONTACT_FOLLOWUPS, "duckdb")}}
    duck["queries"], duck_answers = _queries(DuckDBSource(warehouse))
    report["engines"]["duckdb"] = duck

    note("spark: starting a local Spark session …")
    began = time.perf_counter()
    settings = spark_engine.SparkSettings(
        master="local[2]", conf={**SPARK_CONF, **spark_engine.SparkSettings.from_env().conf}
    )
    session = spark_engine.spark_session(settings)
    session.sparkContext.setLogLevel("ERROR")
    import ibis

    backend = ibis.pyspark.connect(session)
    spark_engine.spark_backend = lambda: backend  # type: ignore[assignment]  (the derived build's session)
    on_spark: dict[str, Any] = {"session_start_seconds": round(time.perf_counter() - began, 1)}
    note("spark: Spark …")
    on_spark["derived"] = {"contact_followups": _refresh(refresh, warehouse, CONTACT_FOLLOWUPS, "spark")}
    on_spark["queries"], spark_answers = _queries(spark_engine.SparkSource(warehouse, backend))
    report["engines"]["spark"] = on_spark
    report["answers_agree"] = {label: _agree(duck_answers[label], spark_answers[label]) for label in duck_answers}
    report["spark_over_duckdb_warm_p50"] = {
        label: round(on_spark["queries"][label]["p50_ms"] / duck["queries"][label]["p50_ms"], 1)
        for label in duck["queries"]
        if duck["queries"][label]["p50_ms"]
    }
    report["spark_over_duckdb_followups_build"] = round(
        on_spark["derived"]["contact_followups"]["seconds"] / duck["derived"]["contact_followups"]["seconds"], 1
    )
    session.stop()
    return report


def _refresh(refresh: Any, warehouse: Any, derived: Any, engine: str) -> dict[str, Any]:
    result = refresh(warehouse, derived, engine=engine)
    return {"rows": result.rows, "seconds": result.seconds, "load_average_1min": load_average()}
