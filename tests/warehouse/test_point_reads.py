"""Point reads (`MetricRunner.rows_of`): one member's rows as parameterized SQL on DuckDB, with the
same scope rule as every Ibis query — the same rows as through Ibis, for every kind of scope."""

from __future__ import annotations

import ibis
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from heartline.contacts.metrics import ContactVolume
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.reader import DuckDBSource, ParquetSource, TableSource
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import write_batch
from tests.warehouse.hand_facts import CONTACTS_BY_HAND

SCOPES = {
    "everything": Scope.everything(),
    "nothing": Scope.nothing(),
    "unit u1": Scope.of_units("u1"),
    "agent a1": Scope.of_agent("a1"),
    "unit u2 or agent a9": Scope(unit_codes=frozenset({"u2"}), agent_ids=frozenset({"a9"})),
}


@pytest.fixture
def member_contacts(wh: Warehouse) -> Warehouse:
    """The hand contacts, all but c7 by member M1 (c7 by M2)."""
    rows = [{**row, "member_id": "M2" if row["contact_id"] == "c7" else "M1"} for row in CONTACTS_BY_HAND]
    write_batch(wh, CONTACTS, pa.Table.from_pylist(rows))
    return wh


def read(source: TableSource, scope: Scope, **options: object) -> list[object]:
    runner = ContactVolume(MetricQuery(), scope, source)
    order = [("started_at", True), ("contact_id", False)]
    rows = runner.rows_of(CONTACTS, "member_id", "M1", ("contact_id", "started_at"), order, **options)  # type: ignore[arg-type]
    return [(r["contact_id"], r["started_at"]) for r in rows]


@pytest.mark.parametrize("scope", SCOPES.values(), ids=SCOPES.keys())
def test_sql_and_ibis_give_the_same_rows_for_every_scope(member_contacts: Warehouse, scope: Scope) -> None:
    through_ibis = ParquetSource(member_contacts, ibis.duckdb.connect())

    assert read(DuckDBSource(member_contacts), scope) == read(through_ibis, scope)


def test_a_unit_scope_reads_that_units_rows_of_the_member_newest_first(member_contacts: Warehouse) -> None:
    found = read(DuckDBSource(member_contacts), Scope.of_units("u1"))

    assert [contact_id for contact_id, _ in found] == ["c5", "c2", "c1"]


def test_a_reference_read_ignores_the_scope_and_among_keeps_the_named_rows(member_contacts: Warehouse) -> None:
    for source in (DuckDBSource(member_contacts), ParquetSource(member_contacts, ibis.duckdb.connect())):
        found = read(source, Scope.nothing(), reference=True, among={"contact_id": ["c3", "c6", "c7"]}, limit=5)

        assert [contact_id for contact_id, _ in found] == ["c6", "c3"]


def test_a_column_not_in_the_table_is_refused_before_any_sql(member_contacts: Warehouse) -> None:
    with pytest.raises(ValueError, match="no column"):
        DuckDBSource(member_contacts).rows_where(CONTACTS, "member_id", "M1", [], 1, columns=['x" FROM y --'])


# -- which files a point read opens ----------------------------------------------------------------

POINTS = TableSpec(
    name="points",
    schema=pa.schema([pa.field("point_id", pa.string(), nullable=False), pa.field("member_id", pa.string())]),
    natural_key=("point_id",),
    cluster_by=("member_id",),
)
POINTS_GROWN = TableSpec(
    name="points",
    schema=pa.schema([*POINTS.schema, pa.field("note", pa.string())]),
    natural_key=("point_id",),
    cluster_by=("member_id",),
)


def points(spec: TableSpec, members: range, **extra: str) -> pa.Table:
    rows = [{"point_id": f"p{m}-{k}", "member_id": f"M{m:04d}", **extra} for m in members for k in range(3)]
    return pa.Table.from_pylist(rows, schema=spec.schema)


def test_a_point_read_on_the_cluster_column_opens_only_the_file_that_can_hold_the_member(wh: Warehouse) -> None:
    write_batch(wh, POINTS, points(POINTS, range(5_000)))
    write_batch(wh, POINTS, points(POINTS, range(5_000, 10_000)))  # a second file, members after the first's
    source = DuckDBSource(wh)
    files = source.warehouse.parquet_files(POINTS)

    found = source.rows_where(POINTS, "member_id", "M7000", [("point_id", False)], 10)
    profile = source.rows_where_profile(POINTS, "member_id", "M7000")
    nowhere = source.rows_where(POINTS, "member_id", "M99999", [], 10)

    groups = sorted(pq.ParquetFile(f.removeprefix("file://")).metadata.num_row_groups for f in files)
    assert len(files) == 2
    assert [r["point_id"] for r in found] == ["p7000-0", "p7000-1", "p7000-2"]
    assert profile.row_groups_scanned == 1
    assert profile.row_groups_total in groups  # the row groups of one file, not of both
    assert nowhere == []


def test_files_of_different_columns_are_read_whole_with_the_missing_column_as_null(wh: Warehouse) -> None:
    write_batch(wh, POINTS, points(POINTS, range(100)))
    write_batch(wh, POINTS_GROWN, points(POINTS_GROWN, range(100, 200), note="later"))

    source = DuckDBSource(wh)
    early = source.rows_where(POINTS_GROWN, "member_id", "M0050", [("point_id", False)], 10)
    later = source.rows_where(POINTS_GROWN, "member_id", "M0150", [("point_id", False)], 10)

    assert [(r["point_id"], r["note"]) for r in early] == [("p50-0", None), ("p50-1", None), ("p50-2", None)]
    assert [r["note"] for r in later] == ["later"] * 3
