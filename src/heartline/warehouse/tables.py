"""The registry of warehouse tables: each with an explicit Arrow schema, natural key and scope columns.

Domain apps declare their tables with `register(TableSpec(...))` at import time; the registry is the
single place the writer, reader and runners learn a table's shape from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from heartline.warehouse.registrations import load_deferred

if TYPE_CHECKING:
    import pyarrow as pa


class UnknownTableError(KeyError):
    """Raised when a table name is not in the registry."""


@dataclass(frozen=True)
class TableSpec:
    """A warehouse table.

    `natural_key` identifies a record across re-deliveries (merge key); `unit_column` and
    `agent_column` are the columns the caller's scope filters on (None: the table is not scoped by
    that dimension, and only unrestricted callers see it unless the other column matches).
    `cluster_by` names the columns rows are kept sorted by in the table's files, so a read of one
    value (one member's history) skips the files and row groups that cannot hold it.
    """

    name: str
    schema: pa.Schema
    natural_key: tuple[str, ...]
    unit_column: str | None = None
    agent_column: str | None = None
    description: str = ""
    required: tuple[str, ...] = field(default=())
    cluster_by: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        names = set(self.schema.names)
        missing = [c for c in (*self.natural_key, *self.required, *self.cluster_by) if c not in names]
        for column in (self.unit_column, self.agent_column):
            if column is not None and column not in names:
                missing.append(column)
        if missing:
            raise ValueError(f"table {self.name!r}: columns {missing} are not in its schema")

    def empty(self) -> pa.Table:
        return self.schema.empty_table()


_REGISTRY: dict[str, TableSpec] = {}


def register(spec: TableSpec) -> TableSpec:
    """Add `spec` to the registry; registering the same spec twice is harmless, a different one is not."""
    existing = _REGISTRY.get(spec.name)
    if existing is not None and existing != spec:
        raise ValueError(f"table {spec.name!r} is already registered with another definition")
    _REGISTRY[spec.name] = spec
    return spec


def get(name: str) -> TableSpec:
    load_deferred()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY)) or "none"
        raise UnknownTableError(f"no warehouse table named {name!r} (known: {known})") from None


def all_tables() -> list[TableSpec]:
    load_deferred()
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]
