"""What every contact metric shares: the contacts table, its time column and its dimensions."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import ibis.expr.types as ir

from heartline.contacts.metrics.dimensions import CONTACT_DIMENSIONS, is_answered, rate_shaped
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.runners import Dimension, MetricRunner, PeriodDimension, matches
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

if TYPE_CHECKING:
    from heartline.warehouse.derived import DerivedTable


class ContactsRunner(MetricRunner):
    """A metric over contacts started in the period (`started_at`), by the contact dimensions."""

    base_table: ClassVar[TableSpec] = CONTACTS
    time_column: ClassVar[str] = "started_at"
    dimensions: ClassVar[dict[str, Dimension]] = CONTACT_DIMENSIONS

    def answered(self) -> ir.Table:
        """Contacts in scope, period and filters that someone picked up."""
        contacts = self.filtered()
        return contacts.filter(is_answered(contacts))

    def offered(self) -> ir.Table:
        """Inbound contacts in scope, period and filters, abandoned ones included."""
        contacts = self.filtered()
        return contacts.filter(contacts.direction == "inbound")

    def period_unit(self, dim: str) -> str | None:
        """The calendar unit of dimension `dim` ("D", "W", "M") when it is a period, else None."""
        dimension = self.dimensions.get(dim)
        return dimension.unit if isinstance(dimension, PeriodDimension) else None

    def grouped_by_day_periods(self, table: ir.Table) -> tuple[ir.Table, dict[str, ir.Value]]:
        """`table` and the query's group keys, the calendar periods (day, week, month) among them
        (weeks and months) worked out once per UTC day on DuckDB (`local_periods`: the same values as `group_keys`,
        for a fraction of the time at millions of contacts); else `table` and `group_keys`."""
        # A UTC day always holds two local days (outside UTC): days are converted per contact as before.
        periods = {
            dim: period
            for dim in self.query.by
            if isinstance(period := self.dimensions[dim], PeriodDimension) and period.unit != "D"
        }
        if not periods or getattr(self._source, "engine", "duckdb") != "duckdb" or self.calendar.is_utc:
            return table, self.group_keys(table)
        from heartline.contacts.metrics.local_periods import with_local_periods

        table, columns = with_local_periods(table, self.time_column, periods, self.calendar)
        keys = {
            dim: table[columns[dim]] if dim in columns else self.dimension_value(dim, table) for dim in self.query.by
        }
        return table, keys

    # -- the daily counts (`contact_days`), when they may answer the query -------------------------

    def days(self, derived: DerivedTable | None = None) -> ir.Table | None:
        """A day table (`contact_days`, or another of its days and dimensions such as
        `contact_handle_days`) in scope, period and filters when it can answer this query exactly: it
        matches the contacts, was built in the calendar's zone, and the query and scope use only the
        dimensions it keeps. None: count from `contacts`."""
        from heartline.contacts.daily import CONTACT_DAYS, KEPT, built_in_zone

        derived = derived or CONTACT_DAYS

        q = self.query
        if not all(dim in KEPT or self.period_unit(dim) for dim in (*q.by, *q.filters)):
            return None
        if not self._scope.unrestricted and self._scope.agent_ids:
            return None  # agents are not kept: an agent-scoped caller's rows are counted from contacts
        warehouse = getattr(self._source, "warehouse", None)
        if not isinstance(warehouse, Warehouse) or not self.derived_is_current(derived):
            return None
        if not built_in_zone(warehouse, self.calendar.zone, derived.spec):
            return None
        table = self.table(derived.spec)
        if q.start is not None:
            table = table.filter(table.day >= q.start)
        if q.end is not None:
            table = table.filter(table.day <= q.end)
        for dim, values in q.filters.items():
            table = table.filter(matches(self.day_value(dim, table), values, period=self.period_unit(dim) is not None))
        return table

    def day_value(self, dim: str, days: ir.Table) -> ir.Value:
        """Dimension `dim` of each `contact_days` row (a period is its day's week or month)."""
        unit = self.period_unit(dim)
        if unit is None:
            return days[dim]
        return days.day if unit == "D" else days.day.truncate(unit)

    def aggregate_days(self, days: ir.Table, **aggregates: ir.Scalar) -> ir.Table:
        """`aggregates` of `contact_days` rows per group of the query's `by` dimensions."""
        keys = {dim: self.day_value(dim, days) for dim in self.query.by}
        return days.group_by(**keys).aggregate(**aggregates) if keys else days.aggregate(**aggregates)

    def day_rate(self, days: ir.Table, numerator: str, denominator: str) -> ir.Table:
        """A rate from `contact_days` counts, in the shape `dimensions.rate` gives from contacts."""
        grouped = self.aggregate_days(
            days,
            numerator=days[numerator].sum().fill_null(0).cast("int64"),
            denominator=days[denominator].sum().fill_null(0).cast("int64"),
        )
        return rate_shaped(grouped, tuple(self.query.by))
