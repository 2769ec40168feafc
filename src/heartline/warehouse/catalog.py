"""What the registries hold, kept beside the answers: read a kept answer without loading the runners.

The runner and table registries fill when their modules are imported, and those modules build on
Ibis, pyarrow and pandas (over a second of imports). A command that only reads an answer another
process kept (`heartline metrics contact-volume` after the server computed it) needs from them just
what makes the answer's key: a metric's dimensions and options (`MetricEntry`) and the names of the
warehouse tables. Every process that loads the registries records both in `<warehouse>/.cache/catalog`
(a `SharedCache`, so under the fingerprint of Heartline's code, and here under the modules the apps
defer), and a process that has not loaded them reads them from there. What is recorded is what the
same code with the same apps would load: a key built from it is the key the runner would build.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

from heartline.warehouse import registrations
from heartline.warehouse.queries import (
    MetricOption,
    MetricQuery,
    OptionValue,
    check_dimensions,
    parse_options,
)
from heartline.warehouse.shared_cache import SharedCache
from heartline.warehouse.store import Warehouse

if TYPE_CHECKING:
    from heartline.warehouse.runners import MetricRunner

T = TypeVar("T")

# A catalog holds a few kilobytes per code version; older versions' entries are evicted past this.
CATALOG_BYTES = 1024 * 1024

DayParser = Callable[[str | None, str], dt.date | None]


@dataclass(frozen=True)
class MetricEntry:
    """What the registry says of a metric, apart from how it is computed: enough to check a query,
    parse its options, build its answer's key, and title a table of the answer."""

    name: str
    title: str
    estimate: str | None  # the estimate's name ("proportion", "mean", …), None for a count
    dimensions: tuple[str, ...]
    period_dimensions: tuple[str, ...]
    options: tuple[MetricOption, ...]

    @classmethod
    def of(cls, runner: type[MetricRunner]) -> MetricEntry:
        return cls(
            name=runner.name,
            title=runner.title,
            estimate=None if runner.estimate is None else runner.estimate.name,
            dimensions=tuple(runner.dimensions),
            period_dimensions=runner.period_dimensions(),
            options=tuple(runner.options),
        )

    def query(
        self,
        parse_day: DayParser,
        by: Iterable[str] = (),
        start: str | dt.date | None = None,
        end: str | dt.date | None = None,
        filters: Mapping[str, Iterable[str]] | None = None,
        options: Mapping[str, Any] | None = None,
    ) -> MetricQuery:
        """A query of this metric, its days (`parse_day(text, field)` reads a typed one) and options
        parsed and checked; MetricQueryError with a message a person can act on otherwise. Filters on
        dimensions the metric lacks are dropped; its dimensions are checked by `check` (and the runner)."""
        dims = tuple(d for part in by for d in str(part).split(",") if d)
        clean_filters = {k: tuple(v) for k, v in (filters or {}).items() if k in self.dimensions}
        return MetricQuery(
            by=dims,
            # typed text is checked by `parse_day`; days given by code (a previous period) are not
            start=start if isinstance(start, dt.date) else parse_day(start, "from"),
            end=end if isinstance(end, dt.date) else parse_day(end, "to"),
            filters=clean_filters,
            options=self.parse_options(options or {}),
        )

    def check(self, query: MetricQuery) -> None:
        """MetricQueryError when `query` names a dimension this metric lacks, as its runner would raise."""
        check_dimensions(self.name, self.dimensions, self.period_dimensions, query)

    def parse_options(self, raw: Mapping[str, Any]) -> dict[str, OptionValue]:
        return parse_options(self.name, self.options, raw)


@lru_cache(maxsize=8)
def _catalog(warehouse: Warehouse) -> SharedCache:
    return SharedCache(warehouse.cache_folder("catalog"), max_bytes=CATALOG_BYTES, memory_entries=8)


def _recorded(warehouse: Warehouse, what: str, load: Callable[[], T]) -> T:
    """`load()` (from the registries) when they are loaded in this process, recorded for the others
    if they do not hold it yet; else what a process with the same code and apps recorded, else `load()`
    (which loads the registries here) and recorded."""
    key = (what, registrations.deferred_modules())
    catalog = _catalog(warehouse)
    if not registrations.all_loaded():
        found, recorded = catalog.lookup(key)
        if found:
            return recorded  # type: ignore[return-value]
    value = load()
    found, recorded = catalog.lookup(key)
    if not found or recorded != value:
        with contextlib.suppress(OSError):  # a warehouse this process may not write to
            catalog.put(key, value)
    return value


def table_names(warehouse: Warehouse) -> tuple[str, ...]:
    """The names of every registered warehouse table, sorted."""
    return _recorded(warehouse, "table-names", _load_table_names)


def metric_entries(warehouse: Warehouse) -> dict[str, MetricEntry]:
    """What the registry says of every metric, by name."""
    return _recorded(warehouse, "metrics", _load_entries)


def recorded_metric(warehouse: Warehouse, name: str) -> MetricEntry | None:
    """What the registry says of metric `name`: from the registry when it is loaded here, else as a
    process that loaded it recorded it; None when none did or there is no such metric (then load the
    registry: `runners.get_runner` says which metrics there are)."""
    if registrations.all_loaded():
        return metric_entries(warehouse).get(name)
    found, recorded = _catalog(warehouse).lookup(("metrics", registrations.deferred_modules()))
    entry = recorded.get(name) if found and isinstance(recorded, dict) else None
    return entry if isinstance(entry, MetricEntry) else None


def _load_table_names() -> tuple[str, ...]:
    from heartline.warehouse import tables

    return tuple(spec.name for spec in tables.all_tables())


def _load_entries() -> dict[str, MetricEntry]:
    from heartline.warehouse.runners import all_runners

    return {runner.name: MetricEntry.of(runner) for runner in all_runners()}
