"""The metric runner framework: one metric = one runner class.

A runner declares the dimensions it can group and filter by, builds an Ibis expression in `to_expr()`
from tables it gets through `self.table(...)`, and `run()` executes it. The caller's scope is applied
by `self.table()` itself, so a runner cannot forget it; the compiled SQL (`sql()`) is what the
snapshot tests pin. Every result row carries `value`, `ci_low`, `ci_high`, `numerator`, `denominator`
and `n`: the interval is built by the framework from what the runner declares it estimates
(`estimate`, see `heartline.warehouse.estimates`). A runner declares its options (`options`, each a
`MetricOption`); the framework parses and checks them, so the API and command line take them generically.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import ibis
import ibis.expr.types as ir

from heartline.warehouse.calendar import Calendar
from heartline.warehouse.derived import DerivedTable, is_current
from heartline.warehouse.estimates import Estimate, with_interval

# The query types live in `queries` (no Ibis there); runner modules import them from here as before.
from heartline.warehouse.queries import NO_VALUE as NO_VALUE
from heartline.warehouse.queries import MetricOption as MetricOption
from heartline.warehouse.queries import MetricQuery as MetricQuery
from heartline.warehouse.queries import MetricQueryError as MetricQueryError
from heartline.warehouse.queries import MetricResult as MetricResult
from heartline.warehouse.queries import OptionType as OptionType
from heartline.warehouse.queries import OptionValue as OptionValue
from heartline.warehouse.queries import answer_key, check_dimensions, parse_options
from heartline.warehouse.reader import DuckDBSource, TableSource
from heartline.warehouse.registrations import load_deferred
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

Dimension = Callable[[ir.Table], ir.Value]


def column(name: str) -> Dimension:
    """A dimension that is a column of the runner's base table."""
    return lambda t: t[name]


class PeriodDimension:
    """A calendar dimension (day, week starting Monday, month) of a UTC timestamp column, counted in
    the reading source's calendar (the organization's time zone); its values are the periods' first
    days, and filter values must be dates."""

    def __init__(self, time_column: str, unit: str) -> None:
        self.time_column = time_column
        self.unit = unit

    def __call__(self, t: ir.Table, calendar: Calendar | None = None, engine: str = "duckdb") -> ir.Value:
        wall_clock = (calendar or Calendar()).wall_clock(t[self.time_column], engine)
        return wall_clock.truncate(self.unit).date()


def matches(expr: ir.Value, values: Sequence[Any], *, period: bool = False) -> ir.BooleanValue:
    """A filter's condition: `expr` is one of `values` (dates for a period), `(none)` matching no value."""
    wanted: list[Any] = [v for v in values if v != NO_VALUE]
    if period:
        wanted = [dt.date.fromisoformat(str(v)) for v in wanted]
    condition = expr.isin(wanted)
    if NO_VALUE in values:
        condition = expr.isnull() | condition if wanted else expr.isnull()
    return condition


def period(time_column: str, unit: str) -> Dimension:
    return PeriodDimension(time_column, unit)


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class MetricRunner(ABC):
    """Base class of every metric. Subclasses set the class attributes and implement `to_expr`.

    `estimate` has no default: a registered runner must say what its value estimates (`PROPORTION`,
    `MEAN`, an `Estimate` of its own, or None for a count), and the framework attaches the interval.
    """

    name: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str] = ""
    base_table: ClassVar[TableSpec]
    time_column: ClassVar[str]
    dimensions: ClassVar[dict[str, Dimension]]
    estimate: ClassVar[Estimate | None]
    options: ClassVar[tuple[MetricOption, ...]] = ()

    @classmethod
    def parse_options(cls, raw: Mapping[str, Any]) -> dict[str, OptionValue]:
        """Every declared option's value: parsed from `raw` (by option name), else its default.
        MetricQueryError for an option the metric does not have, a bad value, or a missing required one."""
        return parse_options(cls.name, cls.options, raw)

    @classmethod
    def period_dimensions(cls) -> tuple[str, ...]:
        """The dimensions that are calendar periods (their filter values are dates)."""
        return tuple(name for name, dim in cls.dimensions.items() if isinstance(dim, PeriodDimension))

    def __init__(self, query: MetricQuery, scope: Scope, source: TableSource) -> None:
        check_dimensions(self.name, tuple(self.dimensions), self.period_dimensions(), query)
        self.query = query
        self.option_values = self.parse_options(query.options)
        self._scope = scope
        self._source = source

    def option(self, name: str) -> Any:
        """The value of declared option `name` for this query (the caller's, else the default)."""
        return self.option_values[name]

    # -- what runners build on -------------------------------------------------------------

    def table(self, spec: TableSpec) -> ir.Table:
        """`spec`'s table limited to the caller's scope. The only way a runner reads data."""
        table = self._source.table(spec)
        scope = self._scope
        if scope.unrestricted:
            return table
        conditions: list[ir.BooleanValue] = []
        if scope.unit_codes and spec.unit_column:
            conditions.append(table[spec.unit_column].isin(sorted(scope.unit_codes)))
        if scope.agent_ids and spec.agent_column:
            conditions.append(table[spec.agent_column].isin(sorted(scope.agent_ids)))
        if not conditions:
            return table.filter(ibis.literal(False))
        visible = conditions[0]
        for condition in conditions[1:]:
            visible = visible | condition
        return table.filter(visible)

    def reference_table(self, spec: TableSpec) -> ir.Table:
        """`spec`'s whole table, outside the caller's scope: for existence checks, and for the one
        record a visible row links to.

        Some definitions ask a question about a visible row that other rows answer — did the member
        contact us again, anywhere, within 7 days? The answer is a property of the visible row; a
        runner must never aggregate or return columns of those rows. The one exception is a record a
        visible row names by key (a contact's case). Every use is named in docs/metrics.md.
        """
        return self._source.table(spec)

    def rows_of(
        self,
        spec: TableSpec,
        column: str,
        value: object,
        columns: Sequence[str],
        order_by: Sequence[tuple[str, bool]] = (),
        limit: int | None = None,
        *,
        reference: bool = False,
        among: Mapping[str, Sequence[object]] | None = None,
    ) -> list[dict[str, Any]]:
        """`columns` of the rows of `spec` whose `column` equals `value` (one member's records),
        ordered by `(column, descending)` pairs, at most `limit`; scoped like `table()`, or whole
        like `reference_table()` when `reference`; `among` keeps rows whose column is one of the
        given values. On DuckDB a parameterized point read with no Ibis expression to compile
        (`DuckDBSource.rows_where`, the same scope rule); through Ibis on any other source."""
        source = self._source
        if isinstance(source, DuckDBSource):
            scope = None if reference else self._scope
            rows = source.rows_where(spec, column, value, order_by, limit, columns=columns, scope=scope, among=among)
            return [{k: _plain(v) for k, v in row.items()} for row in rows]
        table = self.reference_table(spec) if reference else self.table(spec)
        condition = table[column] == value
        for name, values in (among or {}).items():
            condition &= table[name].isin(list(values))
        expr = table.filter(condition).select(*columns)
        if order_by:
            expr = expr.order_by([ibis.desc(c) if descending else ibis.asc(c) for c, descending in order_by])
        return self.fetch(expr, limit)

    def derived_is_current(self, derived: DerivedTable) -> bool:
        """Whether `derived` was built from its sources as they are now (then it may stand in for them)."""
        warehouse = getattr(self._source, "warehouse", None)
        return isinstance(warehouse, Warehouse) and is_current(warehouse, derived)

    def filtered(self, spec: TableSpec | None = None, time_column: str | None = None) -> ir.Table:
        """The scoped base table with the query's period and dimension filters applied."""
        spec = spec or self.base_table
        time_column = time_column or self.time_column
        table = self.table(spec)
        q = self.query
        calendar = self.calendar
        if q.start is not None:
            table = table.filter(table[time_column] >= calendar.day_start(q.start))
        if q.end is not None:
            table = table.filter(table[time_column] < calendar.day_end(q.end))
        for dim, values in q.filters.items():
            period = isinstance(self.dimensions[dim], PeriodDimension)
            table = table.filter(matches(self.dimension_value(dim, table), values, period=period))
        return table

    @property
    def calendar(self) -> Calendar:
        """The calendar the query's days are counted in (the source's: the organization's time zone)."""
        return getattr(self._source, "calendar", None) or Calendar()

    def dimension_value(self, dim: str, table: ir.Table) -> ir.Value:
        """The value of dimension `dim` for each row of `table` (periods in the source's calendar)."""
        dimension = self.dimensions[dim]
        if isinstance(dimension, PeriodDimension):
            return dimension(table, self.calendar, getattr(self._source, "engine", "duckdb"))
        return dimension(table)

    def group_keys(self, table: ir.Table) -> dict[str, ir.Value]:
        return {dim: self.dimension_value(dim, table) for dim in self.query.by}

    def aggregate(self, table: ir.Table, **aggregates: ir.Scalar) -> ir.Table:
        """`aggregates` per group of the query's `by` dimensions (one row when there are none)."""
        keys = self.group_keys(table)
        return table.group_by(**keys).aggregate(**aggregates) if keys else table.aggregate(**aggregates)

    def shaped(self, grouped: ir.Table, *extra: str, groups: tuple[str, ...] = ()) -> ir.Table:
        """`grouped` in the shape every metric returns: the `by` columns and any further `groups`,
        value, any `extra` columns, numerator, denominator and n (numerator and denominator null for
        figures that are no rate)."""
        missing = {c: ibis.null("int64") for c in ("numerator", "denominator") if c not in grouped.columns}
        columns = (*self.query.by, *groups, "value", *extra, "numerator", "denominator", "n")
        return grouped.mutate(**missing).select(*columns)

    @abstractmethod
    def to_expr(self) -> ir.Table:
        """The metric as an Ibis expression with the `by` columns, value, numerator, denominator, n."""

    # -- what callers use ------------------------------------------------------------------

    def fetch(self, expr: ir.Table, limit: int | None = None) -> list[dict[str, Any]]:
        """Rows of an expression built from `self.table()` (record lists behind a figure)."""
        if limit is not None:
            expr = expr.limit(limit)
        return [{k: _plain(v) for k, v in row.items()} for row in self._source.execute(expr)]

    def cache_key(self) -> tuple[Any, ...]:
        """What makes this runner's result what it is, apart from the data (`queries.answer_key`)."""
        engine = getattr(self._source, "engine", "duckdb")
        return answer_key(self.name, self.query, self.option_values, self._scope, engine)

    def sql(self) -> str:
        return str(ibis.to_sql(self.to_expr(), dialect="duckdb"))

    def run(self) -> MetricResult:
        """The metric's rows, ordered by the `by` dimensions, each with the interval its estimate gives."""
        expr = self.to_expr()
        estimate = self.estimate
        if estimate is not None:
            missing = [c for c in estimate.columns if c not in expr.columns]
            if missing:
                raise TypeError(f"{self.name} estimates a {estimate.name} but its rows have no {', '.join(missing)}")
        if self.query.by:
            expr = expr.order_by(list(self.query.by))
        rows = [with_interval({k: _plain(v) for k, v in row.items()}, estimate) for row in self._source.execute(expr)]
        return MetricResult(metric=self.name, rows=rows)


_RUNNERS: dict[str, type[MetricRunner]] = {}


RESERVED_PARAMETERS = frozenset({"by", "from", "to"})


def register_runner(cls: type[MetricRunner]) -> type[MetricRunner]:
    """Class decorator: make a runner available by its `name` to the API, CLI and pages.

    TypeError when the runner does not declare its `estimate`, or names an option like a dimension or
    like a parameter every metric takes (both are query parameters in the API).
    """
    if not hasattr(cls, "estimate"):
        raise TypeError(f"runner {cls.name!r} must declare estimate (PROPORTION, MEAN, an Estimate, or None)")
    for option in cls.options:
        if option.name in cls.dimensions or option.name in RESERVED_PARAMETERS:
            raise TypeError(f"runner {cls.name!r}: option {option.name!r} clashes with a dimension or parameter")
    _RUNNERS[cls.name] = cls
    return cls


def get_runner(name: str) -> type[MetricRunner]:
    load_deferred()
    try:
        return _RUNNERS[name]
    except KeyError:
        known = ", ".join(sorted(_RUNNERS)) or "none"
        raise MetricQueryError(f"no metric named {name!r} (known: {known})") from None


def all_runners() -> list[type[MetricRunner]]:
    load_deferred()
    return [_RUNNERS[name] for name in sorted(_RUNNERS)]
