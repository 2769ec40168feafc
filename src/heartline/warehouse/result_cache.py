"""Remembering metric results until the warehouse changes.

A result is kept under the metric, the query, the caller's scope and the version of every warehouse
table; any committed write makes a new version, so a remembered result is always the one a fresh
query would give. Pages that many people open (the One and Done dashboard at 10M contacts) are
computed once per change instead of once per view.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from heartline.warehouse import tables
from heartline.warehouse.runners import MetricResult, MetricRunner
from heartline.warehouse.store import Warehouse

T = TypeVar("T")

# Larger results (fine groupings by representative and day) are cheap to recompute relative to their size.
MAX_ROWS_KEPT = 20_000


def table_versions(warehouse: Warehouse) -> tuple[tuple[str, str, int], ...]:
    """(name, id, version) of every warehouse table that exists: changes with any committed write."""
    found = []
    for spec in tables.all_tables():
        version = warehouse.version(spec)
        if version is not None:
            found.append((spec.name, *version))
    return tuple(found)


class Remembered:
    """Any computed answer over warehouse data, kept until a table changes (pages that compute more
    than one metric: survey results with bootstrapped drivers and themes, say)."""

    def __init__(self, warehouse: Warehouse, size: int = 64) -> None:
        self.warehouse = warehouse
        self.size = size
        self._answers: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        full = (key, table_versions(self.warehouse))
        with self._lock:
            if full in self._answers:
                self._answers.move_to_end(full)
                return cast(T, self._answers[full])
        answer = compute()
        with self._lock:
            self._answers[full] = answer
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer


class ResultCache:
    """An in-process LRU of metric results, keyed by query, scope and table versions."""

    def __init__(self, warehouse: Warehouse, size: int = 256) -> None:
        self.warehouse = warehouse
        self.size = size
        self._results: OrderedDict[Hashable, MetricResult] = OrderedDict()
        self._lock = threading.Lock()

    def versions(self) -> tuple[tuple[str, str, int], ...]:
        return table_versions(self.warehouse)

    def run(self, runner: MetricRunner) -> MetricResult:
        key = (runner.cache_key(), self.versions())
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return self._results[key]
        result = runner.run()
        if len(result.rows) <= MAX_ROWS_KEPT:
            with self._lock:
                self._results[key] = result
                while len(self._results) > self.size:
                    self._results.popitem(last=False)
        return result
