"""The dimensions contact metrics group and filter by, and the shared building blocks of rates."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from heartline.warehouse.runners import Dimension, column, period


def consulted(t: ir.Table) -> ir.Value:
    """'yes' when the representative consulted someone (e.g. the rapid-resolution team), else 'no'."""
    return ibis.ifelse(t.consult_count.fill_null(0) > 0, "yes", "no")


CONTACT_DIMENSIONS: dict[str, Dimension] = {
    "unit": column("unit"),
    "team": column("team"),
    "agent": column("agent_id"),
    "queue": column("queue"),
    "reason": column("reason"),
    "channel": column("channel"),
    "direction": column("direction"),
    "language": column("language"),
    "consulted": consulted,
    "day": period("started_at", "D"),
    "week": period("started_at", "W"),
    "month": period("started_at", "M"),
}


def handoff_count(t: ir.Table) -> ir.IntegerValue:
    """Handoffs in a contact's route: each queue after the first (`a>b>c` has two)."""
    return (t.route.fill_null("").split(">").length() - 1).clip(lower=0).cast("int64")


def has_handoff(t: ir.Table) -> ir.BooleanValue:
    """At least one handoff (`handoff_count(t) > 0`): a `>` in the route, found without splitting it."""
    return t.route.fill_null("").contains(">")


def is_answered(t: ir.Table) -> ir.BooleanValue:
    """Answered: someone picked it up (an answer time, not abandoned)."""
    return t.answered_at.notnull() & ~t.abandoned.fill_null(False)


def handle_seconds(t: ir.Table) -> ir.IntegerValue:
    """Talk + hold + wrap seconds (a missing part counts as none): a whole number of seconds."""
    return (
        t.talk_seconds.fill_null(0).cast("int64")
        + t.hold_seconds.fill_null(0).cast("int64")
        + t.wrap_seconds.fill_null(0).cast("int64")
    )


def ratio(table: ir.Table, keys: dict[str, ir.Value], numerator: ir.IntegerValue, *, with_sd: bool = False) -> ir.Table:
    """value = sum of `numerator` over the group's rows / the group's rows; n is the denominator.
    With `with_sd`, also `sd`: the sample standard deviation of `numerator` (its mean's t interval)."""
    aggregates: dict[str, ir.Scalar] = {
        "numerator": numerator.sum().fill_null(0).cast("int64"),
        "denominator": table.count().cast("int64"),
    }
    if with_sd:
        aggregates["sd"] = numerator.cast("float64").std(how="sample")
    grouped = table.group_by(**keys).aggregate(**aggregates) if keys else table.aggregate(**aggregates)
    return rate_shaped(grouped, tuple(keys), ("sd",) if with_sd else ())


def rate_shaped(grouped: ir.Table, keys: tuple[str, ...], extra: tuple[str, ...] = ()) -> ir.Table:
    """Groups' `numerator` and `denominator` counts as a rate: value = their quotient (none for no
    denominator), n = the denominator; groups with no denominator dropped when grouped."""
    grouped = grouped.filter(grouped.denominator > 0) if keys else grouped
    return grouped.mutate(
        value=ibis.ifelse(
            grouped.denominator > 0,
            grouped.numerator.cast("float64") / grouped.denominator.cast("float64"),
            ibis.null("float64"),
        ),
        n=grouped.denominator,
    ).select(*keys, "value", *extra, "numerator", "denominator", "n")


def rate(table: ir.Table, keys: dict[str, ir.Value], numerator: ir.BooleanValue) -> ir.Table:
    """value = share of `table`'s rows where `numerator` holds, per group; n is the denominator."""
    return ratio(table, keys, numerator.ifelse(1, 0))
