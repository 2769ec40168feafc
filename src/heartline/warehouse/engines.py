"""Which engine runs the metrics: DuckDB in this process (the default) or Spark.

The engine is the `HEARTLINE_ENGINE` setting (`duckdb` or `spark`) for the server and the worker, and
`heartline metrics NAME --engine spark` for one command. Both run the same runners (their Ibis
`to_expr()`) over the same Delta tables; Spark reads each table's current version as its Parquet
files (`warehouse.spark`). Runners that need a DuckDB-only feature are named in `DUCKDB_ONLY` and
refused on Spark with a message saying so.
"""

from __future__ import annotations

import os

DUCKDB = "duckdb"
SPARK = "spark"
ENGINES = (DUCKDB, SPARK)

# Metric name → why it cannot run on Spark. Empty: every registered runner is portable (CI checks
# each one against DuckDB, tests/warehouse/test_engine_parity.py).
DUCKDB_ONLY: dict[str, str] = {}


class EngineError(ValueError):
    """An engine Heartline does not have, or a metric the chosen engine cannot run."""


def check_engine(name: str) -> str:
    """`name` as an engine name; EngineError naming the choices otherwise."""
    engine = name.strip().lower()
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {name!r} (choose from {', '.join(ENGINES)})")
    return engine


def default_engine() -> str:
    """The HEARTLINE_ENGINE setting (Django's when settings are loaded, else the environment)."""
    try:
        from django.conf import settings

        if settings.configured:
            return check_engine(str(getattr(settings, "HEARTLINE_ENGINE", DUCKDB)))
    except ImportError:  # pragma: no cover - Django is a dependency, but the warehouse works without it
        pass
    return check_engine(os.environ.get("HEARTLINE_ENGINE", DUCKDB) or DUCKDB)


def check_portable(metric: str, engine: str) -> None:
    """EngineError when `metric` uses a feature only DuckDB has and `engine` is not DuckDB."""
    reason = DUCKDB_ONLY.get(metric)
    if reason and engine != DUCKDB:
        raise EngineError(f"metric {metric!r} runs on DuckDB only ({reason}); use --engine duckdb")
