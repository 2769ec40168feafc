"""Remembering metric results until the warehouse changes, shared by every process (ADR 0008).

A result is kept under the metric, the query, the caller's scope, the calendar and the version of every
warehouse table; any committed write makes a new version, so a remembered result is always the one a
fresh query would give. Results live in the warehouse's `.cache` folder (`shared_cache.SharedCache`),
so a restarted server, a second worker process and the CLI all start warm, and pages that many people
open (the One and Done dashboard at 10M contacts) are computed once per change instead of once per view.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from heartline.warehouse import tables
from heartline.warehouse.runners import MetricResult, MetricRunner
from heartline.warehouse.shared_cache import SharedCache
from heartline.warehouse.store import Warehouse

T = TypeVar("T")

# Larger results (fine groupings by representative and day) are cheap to recompute relative to their size.
MAX_ROWS_KEPT = 20_000
CACHE_FOLDER = ".cache"


def table_versions(warehouse: Warehouse) -> tuple[tuple[str, str, int], ...]:
    """(name, id, version) of every warehouse table that exists: changes with any committed write."""
    found = []
    for spec in tables.all_tables():
        version = warehouse.version(spec)
        if version is not None:
            found.append((spec.name, *version))
    return tuple(found)


def cache_folder(warehouse: Warehouse, kind: str) -> Path:
    """Where `kind` answers over `warehouse` are kept (`<warehouse>/.cache/<kind>`)."""
    return warehouse.root / CACHE_FOLDER / kind


class Remembered:
    """Any computed answer over warehouse data, kept until a table changes (pages that compute more
    than one metric: survey results with bootstrapped drivers and themes, say)."""

    def __init__(self, warehouse: Warehouse, size: int = 64, max_bytes: int | None = None) -> None:
        self.warehouse = warehouse
        self.shared = SharedCache(cache_folder(warehouse, "answers"), max_bytes=max_bytes, memory_entries=size)

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        return self.shared.get((key, table_versions(self.warehouse)), compute)


class ResultCache:
    """Metric results keyed by query, scope, calendar and table versions; on disk, shared by processes."""

    def __init__(self, warehouse: Warehouse, size: int = 256, max_bytes: int | None = None) -> None:
        self.warehouse = warehouse
        self.shared = SharedCache(cache_folder(warehouse, "results"), max_bytes=max_bytes, memory_entries=size)

    def versions(self) -> tuple[tuple[str, str, int], ...]:
        return table_versions(self.warehouse)

    def key(self, runner: MetricRunner) -> Hashable:
        return (runner.cache_key(), runner.calendar, self.versions())

    def run(self, runner: MetricRunner) -> MetricResult:
        return self.shared.get(self.key(runner), runner.run, keep=lambda r: len(r.rows) <= MAX_ROWS_KEPT)
