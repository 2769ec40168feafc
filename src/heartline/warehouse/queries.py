"""What a caller asks of a metric and what it answers, apart from the engine that computes it.

A query (`MetricQuery`), a metric's options (`MetricOption`) and its answer (`MetricResult`), and the
rules every runner applies to a query before it computes: the dimensions it names exist, period
filters are dates, options are parsed and checked, and the key its answer is kept under. Nothing here
imports Ibis, DuckDB or pyarrow, so a command that reads a kept answer (`heartline metrics …` from the
shared result cache) needs none of them; `heartline.warehouse.runners` builds on this module.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from heartline.warehouse.scope import Scope

# A filter value that selects the rows with no value in that dimension (contacts with no reason, say).
NO_VALUE = "(none)"


class MetricQueryError(ValueError):
    """A query the metric cannot answer (unknown dimension, bad period); the message says why."""


OptionValue = int | float | str
OptionType = Literal["int", "float", "str"]


@dataclass(frozen=True)
class MetricOption:
    """A setting of a metric (the repeat window, an answer threshold, a survey item): typed, with a
    default (None: the caller must give it), bounds or choices, and help for the API and docs."""

    name: str
    type: OptionType
    help: str
    default: OptionValue | None = None
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def parse(self, raw: object) -> OptionValue:
        """`raw` (text from a URL or command line, or a value) as this option's type, within its
        bounds; MetricQueryError saying what to send otherwise."""
        value: OptionValue
        if self.type == "str":
            value = str(raw)
        else:
            text = str(raw).strip()
            try:
                value = int(text) if self.type == "int" else float(text)
                if not math.isfinite(value):
                    raise ValueError(text)
            except ValueError:
                kind = "a whole number" if self.type == "int" else "a number"
                raise MetricQueryError(f"{self.name}={raw!r} is not {kind}") from None
            low, high = self.minimum, self.maximum
            if low is not None and high is not None and not low <= value <= high:
                raise MetricQueryError(f"{self.name} must be between {_num(low)} and {_num(high)}, not {raw}")
            if low is not None and value < low:
                raise MetricQueryError(f"{self.name} must be at least {_num(low)}, not {raw}")
            if high is not None and value > high:
                raise MetricQueryError(f"{self.name} must be at most {_num(high)}, not {raw}")
            if self.type == "int" and not -(2**63) <= value < 2**63:
                # undeclared bounds still stop at what the warehouse engine's integers hold
                raise MetricQueryError(f"{self.name}={raw} is out of range (a 64-bit whole number)")
        if self.choices and value not in self.choices:
            raise MetricQueryError(f"{self.name} must be one of {', '.join(self.choices)}; got {raw!r}")
        return value

    def describe(self) -> dict[str, Any]:
        """The option as the API's metric list shows it."""
        return {
            "name": self.name,
            "type": self.type,
            "help": self.help,
            "default": self.default,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "choices": list(self.choices),
        }


def _num(bound: float) -> str:
    return str(int(bound)) if float(bound).is_integer() else str(bound)


@dataclass(frozen=True)
class MetricQuery:
    """What a caller asks of a metric: grouping, an inclusive date period, dimension filters, options."""

    by: tuple[str, ...] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    options: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.start and self.end and self.start > self.end:
            raise MetricQueryError(f"period starts {self.start} after it ends {self.end}")


@dataclass(frozen=True)
class MetricResult:
    """A metric's rows, each with its dimensions, value, ci_low, ci_high, numerator, denominator and n."""

    metric: str
    rows: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return {"metric": self.metric, "rows": self.rows}


def parse_options(metric: str, declared: Sequence[MetricOption], raw: Mapping[str, Any]) -> dict[str, OptionValue]:
    """Every option of `declared` (metric `metric`'s): parsed from `raw` (by option name), else its
    default. MetricQueryError for an option the metric does not have, a bad value, or a missing required one."""
    by_name = {option.name: option for option in declared}
    unknown = [k for k in raw if k not in by_name]
    if unknown:
        takes = f"options: {', '.join(by_name)}" if by_name else "it takes no options"
        raise MetricQueryError(f"metric {metric!r} has no option {unknown[0]!r} ({takes})")
    values: dict[str, OptionValue] = {}
    for name, option in by_name.items():
        given = raw.get(name)
        if given is None or given == "":
            if option.default is None:
                choices = f", one of {', '.join(option.choices)}" if option.choices else ""
                raise MetricQueryError(f"{metric} needs option {name}{choices}")
            values[name] = option.default
        else:
            values[name] = option.parse(given)
    return values


def check_dimensions(
    metric: str, dimensions: Sequence[str], period_dimensions: Collection[str], query: MetricQuery
) -> None:
    """MetricQueryError when `query` groups or filters by a dimension metric `metric` does not have,
    or filters a period dimension (day, week, month) by something that is not a date."""
    for dim in (*query.by, *query.filters):
        if dim not in dimensions:
            known = ", ".join(dimensions)
            raise MetricQueryError(f"metric {metric!r} has no dimension {dim!r} (choose from {known})")
    for dim, values in query.filters.items():
        if dim in period_dimensions:
            for value in values:
                try:
                    dt.date.fromisoformat(str(value))
                except ValueError:
                    raise MetricQueryError(f"{dim}={value!r} is not a date (use YYYY-MM-DD)") from None


def answer_key(
    metric: str, query: MetricQuery, option_values: Mapping[str, OptionValue], scope: Scope, engine: str
) -> tuple[Any, ...]:
    """What makes a metric's answer what it is, apart from the data: metric, query, scope, and the
    engine (answers agree, but an operator asking Spark wants Spark's, not a remembered one)."""
    filters = tuple(sorted((k, tuple(v)) for k, v in query.filters.items()))
    options = tuple(sorted(option_values.items()))
    return (metric, query.by, query.start, query.end, filters, options, scope, engine)
