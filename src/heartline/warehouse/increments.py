"""Derived tables brought up to date by the parts a write touched, as part of the write (not only by the worker).

A derived table that declares an `Increment` is split into parts of its source — the contacts of one
member, the contacts of one UTC day — such that each part's derived rows depend on that part's source
rows alone. After a write that kept the keys it touched (`BatchResult.touched`), `update_after_write`
finds the parts those rows were in before the write and are in after it (a contact moved from one
member to another touches both), rebuilds the derived rows of those parts with the table's own
builder over the source restricted to them, and replaces the rows the parts held, in one merge.

It does so only when the derived table matched the source's version just before the write; otherwise
(or for a first load, or a write that touched more keys than it kept) the whole table is rebuilt by
`refresh` as before, by the worker. The result is the same rows a full rebuild gives (tested).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa
import pyarrow.compute as pc
from deltalake import DeltaTable, WriterProperties, write_deltalake

from heartline.warehouse.derived import DerivedTable, derived_from, read_stamp, write_stamp
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import BatchResult, conform, writer_properties

logger = logging.getLogger(__name__)
PART = "part"
DELETE = "__delete"


@dataclass(frozen=True)
class Increment:
    """How a derived table is rebuilt a part at a time.

    `part` names a source row's part (an expression over the source table). The stored rows of the
    parts are said one of two ways: `stale` picks the keys of the derived rows that belong to the
    parts in `parts` (a table with one column, `part`), or to the touched source keys in `touched`
    (the source's key columns), and the rebuilt rows are merged; or `rows_of_parts` gives a predicate
    selecting them, and they are deleted and the rebuilt rows appended. `applies`, when given, says
    whether the stored table may be updated by parts at all (e.g. it was built with the settings in
    force now); when it says no, the table is rebuilt whole."""

    part: Callable[[ir.Table], ir.Value]
    # (derived, source, parts, touched) -> the stale rows' keys.
    stale: Callable[[ir.Table, ir.Table, ir.Table, ir.Table], ir.Table] | None = None
    applies: Callable[[Warehouse], bool] | None = None
    # When given: a Delta predicate selecting exactly the stored rows of the parts given (their values).
    # Those rows are then deleted and the rebuilt ones appended, which rewrites only the files whose
    # statistics admit the parts, instead of a merge that reads the whole table: at 100M contacts the
    # merge of one day into the 93M-row handle-time histogram took 50 s and 19 GB.
    rows_of_parts: Callable[[list[Any]], str] | None = None
    # True when each derived row is built from one source row alone (a copy of some columns). After a
    # write that only inserted rows (none updated or unchanged), the new rows' derived rows are then
    # appended — no part rebuilt, nothing merged: at 100M contacts, the by-member copy's upkeep after
    # one more day of contacts took 106-119 s by merge (every row of the copy read).
    per_source_row: bool = False
    # When given: a cheap condition on the source every row of the given parts (their values) meets,
    # applied before `part` so the parts' source rows are found without working out every row's part
    # (a time range the Parquet statistics prune by, not a local day per row of 100M contacts).
    within: Callable[[ir.Table, list[Any]], ir.BooleanValue] | None = None

    def __post_init__(self) -> None:
        if (self.stale is None) == (self.rows_of_parts is None):
            raise ValueError("an Increment says its stale rows one way: `stale` (a merge) or `rows_of_parts`")


_INCREMENTS: dict[str, Increment] = {}


def by_member_of_contact(derived: ir.Table, contacts: ir.Table, parts: ir.Table, touched: ir.Table) -> ir.Table:
    """The stale rows of a table keyed by `contact_id` and split by member: the rows of the parts'
    members' contacts, and of the touched contacts (one that lost its member is in no part now)."""
    of_parts = contacts.filter(contacts.member_id.isin(parts[PART])).contact_id
    stale = derived.filter(derived.contact_id.isin(of_parts) | derived.contact_id.isin(touched.contact_id))
    return stale.select("contact_id").distinct()


def register_increment(derived: DerivedTable, increment: Increment) -> Increment:
    _INCREMENTS[derived.spec.name] = increment
    return increment


class RowsSource(DuckDBSource):
    """The warehouse as `DuckDBSource` reads it, but one table holds only the given rows."""

    def __init__(self, warehouse: Warehouse, source: TableSpec, rows: pa.Table) -> None:
        super().__init__(warehouse)
        self.source = source
        self.rows = rows

    def table(self, spec: TableSpec) -> ibis.Table:
        if spec.name != self.source.name:
            return super().table(spec)
        return ibis.memtable(conform(spec, self.rows))


class PartsSource(DuckDBSource):
    """The warehouse as `DuckDBSource` reads it, but one table holds only the rows of some parts."""

    def __init__(self, warehouse: Warehouse, source: TableSpec, increment: Increment, parts: pa.Table) -> None:
        super().__init__(warehouse)
        self.source = source
        self.increment = increment
        self.parts = ibis.memtable(parts)
        self.values = parts.column(PART).to_pylist()

    def table(self, spec: TableSpec) -> ibis.Table:
        table = super().table(spec)
        if spec.name != self.source.name:
            return table
        if self.increment.within is not None:
            table = table.filter(self.increment.within(table, self.values))
        return table.filter(self.increment.part(table).isin(self.parts[PART]))


def _rows_of_keys(warehouse: Warehouse, spec: TableSpec, version: int | None, keys: pa.Table) -> pa.Table:
    """The rows of `spec` at `version` (None: now) whose natural key is in `keys`."""
    import duckdb

    table = DeltaTable(str(warehouse.path(spec)), version=version) if version is not None else warehouse.open(spec)
    files = [] if table is None else list(table.file_uris())
    if not files or not keys.num_rows:
        return spec.schema.empty_table()
    listing = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
    names = ", ".join(f'"{k}"' for k in spec.natural_key)
    with duckdb.connect() as con:
        con.execute("SET TimeZone = 'UTC'")
        con.register("touched_keys", keys)
        found = con.sql(
            f"SELECT * FROM read_parquet([{listing}], union_by_name = true) SEMI JOIN touched_keys USING ({names})"  # noqa: S608
        ).to_arrow_table()
    return found.select([n for n in spec.schema.names if n in found.column_names])


def _parts(source: DuckDBSource, increment: Increment, rows: pa.Table) -> pa.Table:
    if rows.num_rows == 0:
        return pa.table({PART: pa.array([], pa.null())})
    table = ibis.memtable(rows)
    expr = table.select(**{PART: increment.part(table)}).distinct()
    backend = source._backend()[0]
    found = backend.to_pyarrow(expr)
    return found.filter(pc.is_valid(found.column(PART)))


def touched_rows(warehouse: Warehouse, source: TableSpec, result: BatchResult, touched: pa.Table) -> pa.Table:
    """The source rows the write touched, as they were before it and as they are now. A write that
    updated no row had none of them before (its other keys were new, or unchanged: the same rows now),
    so only the table as it is now is searched — each search reads every key of the source."""
    now = _rows_of_keys(warehouse, source, None, touched)
    if not result.updated:
        return now
    before = _rows_of_keys(warehouse, source, result.previous_version, touched)
    return pa.concat_tables([before, now], promote_options="permissive")


def update_incrementally(
    warehouse: Warehouse,
    derived: DerivedTable,
    source: TableSpec,
    result: BatchResult,
    touched_source_rows: Callable[[pa.Table], pa.Table] | None = None,
) -> bool:
    """Bring `derived` up to date with the write `result` describes, part by part; False when it
    cannot be (not current before the write, no touched keys, no increment): refresh it whole then.
    `touched_source_rows` gives `touched_rows` (read once for all the source's derived tables)."""
    increment = _INCREMENTS.get(derived.spec.name)
    if increment is None or result.touched is None or result.previous_version is None:
        return False
    if increment.applies is not None and not increment.applies(warehouse):
        return False
    stamp = read_stamp(warehouse, derived.spec)
    now = warehouse.version(source)
    before = warehouse.version(derived.spec)
    if stamp is None or now is None or before is None or now[1] != result.table_version:
        return False
    if stamp.get("table") != list(before) or stamp.get("sources") != {source.name: [now[0], result.previous_version]}:
        return False
    reader = DuckDBSource(warehouse)
    touched = result.touched
    rows = (touched_source_rows or (lambda keys: touched_rows(warehouse, source, result, keys)))(touched)
    sources = {source.name: [now[0], result.table_version]}
    if increment.per_source_row and result.updated == 0 and result.unchanged == 0:
        # Every touched row is new: none of them has a derived row yet, and none is needed but theirs.
        own = RowsSource(warehouse, source, rows)
        built = own._backend()[0].to_pyarrow(derived.build(own))
        _replace_parts(warehouse, derived, _in_order(derived, built), None, sources)
        return True
    parts = _parts(reader, increment, rows)
    if parts.num_rows == 0:  # the write changed no row this table is built from
        _replace(
            warehouse,
            derived,
            derived.spec.empty(),
            derived.spec.empty(),
            sources,
        )
        return True
    restricted = PartsSource(warehouse, source, increment, parts)
    backend = restricted._backend()[0]
    rebuilt = _in_order(derived, backend.to_pyarrow(derived.build(restricted)))
    if increment.stale is None:  # the parts' rows are said by `rows_of_parts` (checked by Increment)
        predicate = increment.rows_of_parts(restricted.values) if increment.rows_of_parts else None
        _replace_parts(warehouse, derived, rebuilt, predicate, sources)
        return True
    stale = backend.to_pyarrow(
        increment.stale(
            restricted.table(derived.spec),
            DuckDBSource.table(restricted, source),
            ibis.memtable(parts),
            ibis.memtable(touched),
        )
    )
    _replace(warehouse, derived, rebuilt, stale, sources)
    return True


def _replace(
    warehouse: Warehouse, derived: DerivedTable, rebuilt: pa.Table, stale: pa.Table, sources: dict[str, list[object]]
) -> None:
    """Upsert `rebuilt` and delete the `stale` keys it does not hold, in one merge; stamp the table."""
    spec = derived.spec
    keys = list(spec.natural_key)
    gone = stale.select(keys).cast(pa.schema([spec.schema.field(k) for k in keys]))
    if rebuilt.num_rows:
        gone = _without_keys_of(gone, rebuilt.select(keys))
    nullable = pa.schema([f.with_nullable(True) for f in spec.schema])
    deletions = pa.Table.from_arrays(
        [
            gone.column(c) if c in keys else pa.nulls(gone.num_rows, spec.schema.field(c).type)
            for c in spec.schema.names
        ],
        schema=nullable,
    )
    changes = pa.concat_tables([rebuilt.cast(nullable), deletions])
    flags = pa.array([False] * rebuilt.num_rows + [True] * deletions.num_rows, pa.bool_())
    changes = changes.append_column(DELETE, flags)
    with warehouse.writing(spec):
        table = warehouse.open(spec)
        if table is None:
            return
        if changes.num_rows:
            # A key column may be empty (a contact with no unit): an empty value matches an empty one.
            on = " AND ".join(
                f"(t.`{k}` IS NOT DISTINCT FROM s.`{k}`)" if spec.schema.field(k).nullable else f"t.`{k}` = s.`{k}`"
                for k in keys
            )
            values = {c: f"s.`{c}`" for c in spec.schema.names}
            (
                table.merge(changes, predicate=on, source_alias="s", target_alias="t")
                .when_matched_delete(predicate=f"s.`{DELETE}`")
                .when_matched_update(updates=values, predicate=f"NOT s.`{DELETE}`")
                .when_not_matched_insert(updates=values, predicate=f"NOT s.`{DELETE}`")
                .execute()
            )
        write_stamp(warehouse, spec, sources)


def _in_order(derived: DerivedTable, built: pa.Table) -> pa.Table:
    """Built rows in the table's schema, sorted as the table is (the new files in its order too)."""
    built = built.select(derived.spec.schema.names).cast(derived.spec.schema)
    if not derived.sort_columns or built.num_rows < 2:
        return built
    return built.sort_by([(column, "ascending") for column in derived.sort_columns])


def _replace_parts(
    warehouse: Warehouse,
    derived: DerivedTable,
    rebuilt: pa.Table,
    predicate: str | None,
    sources: dict[str, list[object]],
) -> None:
    """Delete the rows `predicate` selects (the parts' rows; None: none) and append `rebuilt`; stamp
    the table. Two commits: between them the stamp no longer matches the table, so no reader uses it."""
    spec = derived.spec
    with warehouse.writing(spec):
        table = warehouse.open(spec)
        if table is None:
            return
        if predicate is not None:
            table.delete(predicate)
        if rebuilt.num_rows:
            write_deltalake(
                str(warehouse.path(spec)),
                rebuilt,
                mode="append",
                writer_properties=writer_properties(spec) or WriterProperties(),
            )
        write_stamp(warehouse, spec, sources)


def _without_keys_of(keys: pa.Table, held: pa.Table) -> pa.Table:
    """The rows of `keys` whose key `held` does not hold, an empty value equal to an empty one
    (Arrow's joins never match an empty key, so a key with an empty part would stay in both)."""
    import duckdb

    names = keys.column_names
    same = " AND ".join(f'k."{n}" IS NOT DISTINCT FROM h."{n}"' for n in names)
    with duckdb.connect() as con:
        con.register("stale_keys", keys)
        con.register("held_keys", held)
        return (
            con.sql(
                f"SELECT k.* FROM stale_keys k WHERE NOT EXISTS (SELECT 1 FROM held_keys h WHERE {same})"  # noqa: S608
            )
            .to_arrow_table()
            .cast(keys.schema)
        )


def update_after_write(warehouse: Warehouse, source: TableSpec, result: BatchResult) -> list[str]:
    """Bring every derived table of `source` up to date after the write `result`; returns the names
    of those that need a whole rebuild (the worker's `refresh`)."""
    left = []
    read: list[pa.Table] = []

    def once(touched: pa.Table) -> pa.Table:
        if not read:
            read.append(touched_rows(warehouse, source, result, touched))
        return read[0]

    for derived in derived_from(source):
        try:
            done = update_incrementally(warehouse, derived, source, result, once)
        except Exception:  # the rebuild by the worker is always there to fall back on
            logger.exception("incremental update of %s failed; it will be rebuilt whole", derived.spec.name)
            done = False
        if not done:
            left.append(derived.spec.name)
    return left
