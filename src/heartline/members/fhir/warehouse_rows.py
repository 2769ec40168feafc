"""Which of a load's warehouse rows change anything, per resource: compare with the stored rows.

A resource (an ExplanationOfBenefit and its lines, an Encounter, …) is `inserted` when none of its
rows is stored, `unchanged` when every row is stored as is or when a stored row was last updated
later (an older version never replaces a newer one), and `updated` otherwise. Only the rows of
inserted and updated resources go to the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import duckdb
import pyarrow as pa

from heartline.members.fhir.inbound import Mapped
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import conform


def stored_rows(warehouse: Warehouse, spec: TableSpec, keys: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The stored rows of `spec` whose (single-column) natural key is one of `keys`, by key."""
    files = warehouse.parquet_files(spec)
    if not files or not keys:
        return {}
    key = spec.natural_key[0]
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("wanted", pa.table({"wanted_key": pa.array(sorted(set(keys)), pa.string())}))
        found = con.sql(
            # The key column is the table spec's own name, never input.
            f'SELECT t.* FROM read_parquet(?, union_by_name = true) t JOIN wanted ON t."{key}" = wanted.wanted_key',  # noqa: S608
            params=[files],
        ).to_arrow_table()
    finally:
        con.close()
    return {row[key]: row for row in conform(spec, found).to_pylist()}


def stored_keys(warehouse: Warehouse, spec: TableSpec, column: str, keys: Sequence[str]) -> set[str]:
    """Which of `keys` appear in `column` of `spec`'s stored rows."""
    files = warehouse.parquet_files(spec)
    if not files or not keys:
        return set()
    con = duckdb.connect()
    try:
        con.register("wanted", pa.table({"wanted_key": pa.array(sorted(set(keys)), pa.string())}))
        found = con.sql(
            # The column is a table spec's own, never input.
            f'SELECT DISTINCT t."{column}" AS k FROM read_parquet(?, union_by_name = true) t '  # noqa: S608
            f'JOIN wanted ON t."{column}" = wanted.wanted_key',
            params=[files],
        ).fetchall()
    finally:
        con.close()
    return {str(row[0]) for row in found}


def changed_rows(warehouse: Warehouse, spec: TableSpec, resources: Sequence[Mapped]) -> tuple[list[str], pa.Table]:
    """Each resource's outcome (inserted/updated/unchanged) and the rows to write."""
    key = spec.natural_key[0]
    offered = conform(spec, pa.Table.from_pylist([row for r in resources for row in r.rows], schema=spec.schema))
    stored = stored_rows(warehouse, spec, offered.column(key).to_pylist())
    if not stored:  # none stored yet (a first load): every resource with rows is inserted, as offered
        return ["inserted" if resource.rows else "unchanged" for resource in resources], offered
    rows = offered.to_pylist()
    outcomes: list[str] = []
    keep: list[dict[str, Any]] = []
    position = 0
    for resource in resources:
        mine = rows[position : position + len(resource.rows)]
        position += len(resource.rows)
        held = [stored[row[key]] for row in mine if row[key] in stored]
        if not mine or any(_newer(old.get("source_updated_at"), resource.updated_at) for old in held):
            outcomes.append("unchanged")
        elif not held:
            outcomes.append("inserted")
            keep.extend(mine)
        elif len(held) == len(mine) and all(stored[row[key]] == row for row in mine):
            outcomes.append("unchanged")
        else:
            outcomes.append("updated")
            keep.extend(mine)
    return outcomes, pa.Table.from_pylist(keep, schema=offered.schema)


def _newer(stored: object, incoming: dt.datetime | None) -> bool:
    return isinstance(stored, dt.datetime) and incoming is not None and stored > incoming


def rows_of_members(
    warehouse: Warehouse, spec: TableSpec, member_ids: Sequence[str] | None, since: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The stored rows of `spec` for `member_ids` (every member when None), updated at or after `since`,
    ordered by member and key. The tables are clustered by member_id, so one member's read is small."""
    files = warehouse.parquet_files(spec)
    if not files or member_ids == []:
        return []
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        sql = "SELECT t.* FROM read_parquet(?, union_by_name = true) t"
        conditions: list[str] = []
        parameters: list[object] = [files]
        if member_ids is not None:
            con.register("members", pa.table({"wanted_member": pa.array(sorted(set(member_ids)), pa.string())}))
            sql += " JOIN members ON t.member_id = members.wanted_member"
        if since is not None:
            conditions.append("t.source_updated_at >= ?")
            parameters.append(since)
        if conditions:
            sql += " WHERE " + " AND ".join(conditions)
        sql += f' ORDER BY t.member_id, t."{spec.natural_key[0]}"'
        found = con.sql(sql, params=parameters).to_arrow_table()
    finally:
        con.close()
    if "wanted_member" in found.column_names:
        found = found.drop_columns(["wanted_member"])
    rows: list[dict[str, Any]] = conform(spec, found).to_pylist()
    return rows
