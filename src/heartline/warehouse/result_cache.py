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
from typing import TYPE_CHECKING, Any, TypeVar

from heartline.warehouse.calendar import Calendar
from heartline.warehouse.catalog import table_names
from heartline.warehouse.queries import MetricResult
from heartline.warehouse.shared_cache import SharedCache
from heartline.warehouse.store import CACHE_FOLDER as CACHE_FOLDER
from heartline.warehouse.store import Warehouse

if TYPE_CHECKING:
    from heartline.warehouse.runners import MetricRunner

T = TypeVar("T")

# Larger results (fine groupings by representative and day) are cheap to recompute relative to their size.
MAX_ROWS_KEPT = 20_000


def table_versions(warehouse: Warehouse) -> tuple[tuple[str, str, int], ...]:
    """(name, id, version) of every registered warehouse table that exists: changes with any committed
    write. Read from the tables' log folders and the memos beside them (`Warehouse.version`,
    `catalog.table_names`), so a process that has not loaded the registries or delta-rs can read it."""
    found = []
    for name in table_names(warehouse):
        version = warehouse.version_of(name)
        if version is not None:
            found.append((name, *version))
    return tuple(found)


def cache_folder(warehouse: Warehouse, kind: str) -> Path:
    """Where `kind` answers over `warehouse` are kept (`<warehouse>/.cache/<kind>`)."""
    return warehouse.cache_folder(kind)


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
        return self.answer_key(runner.cache_key(), runner.calendar)

    def answer_key(self, asked: tuple[Any, ...], calendar: Calendar) -> Hashable:
        """The key of the answer to `asked` (`queries.answer_key`) in `calendar`, over the tables now."""
        return (asked, calendar, self.versions())

    def kept(self, asked: tuple[Any, ...], calendar: Calendar) -> MetricResult | None:
        """The answer kept for `asked` over the tables as they are now, None when there is none: read
        without the runner (the command line's quick path, `core.analytics.kept_answer`)."""
        found, answer = self.shared.lookup(self.answer_key(asked, calendar))
        return answer if found and isinstance(answer, MetricResult) else None

    def run(self, runner: MetricRunner) -> MetricResult:
        return self.shared.get(self.key(runner), runner.run, keep=lambda r: len(r.rows) <= MAX_ROWS_KEPT)
