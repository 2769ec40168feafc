"""Clustered tables: rows sorted by `cluster_by` in small row groups, so reading one member's rows
skips the row groups that cannot hold them — after a first load, after merges and after compaction.

The observable is DuckDB's own profile of the scan (row groups read), never a timing.
"""

from __future__ import annotations

import random

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from heartline.members.tables import CLAIM_LINES
from heartline.warehouse.maintenance import compact
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import CLUSTERED_ROW_GROUP_ROWS, write_batch

MEMBERS = 12_000
LINES_PER_MEMBER = 4  # 48,000 rows: three row groups or more


def claim_lines(member_ids: list[str], claim_prefix: str = "C") -> pa.Table:
    rows = [
        {"claim_line_id": f"{claim_prefix}{m}-{k}#1", "claim_id": f"{claim_prefix}{m}-{k}", "member_id": m}
        for m in member_ids
        for k in range(LINES_PER_MEMBER)
    ]
    return pa.Table.from_pylist(rows)


def shuffled_members(seed: int = 7) -> list[str]:
    ids = [f"M{i:06d}" for i in range(MEMBERS)]
    random.Random(seed).shuffle(ids)  # noqa: S311 - a test layout, not a secret
    return ids


def one_member(source: DuckDBSource, member_id: str) -> tuple[int, int, int]:
    """(rows found, row groups read, row groups in the table) for `member_id = ?`."""
    table = source.table(CLAIM_LINES)
    expr = table.filter(table.member_id == member_id)
    found = len(source.execute(expr))
    profile = source.scan_profile(expr)
    return found, profile.row_groups_scanned, profile.row_groups_total


def test_a_first_load_is_written_sorted_by_member_in_small_row_groups(wh: Warehouse) -> None:
    write_batch(wh, CLAIM_LINES, claim_lines(shuffled_members()))

    [path] = [f.removeprefix("file://") for f in wh.parquet_files(CLAIM_LINES)]
    stored = pq.read_table(path, columns=["member_id"]).column("member_id").to_pylist()
    assert stored == sorted(stored)
    assert pq.ParquetFile(path).metadata.row_group(0).num_rows == CLUSTERED_ROW_GROUP_ROWS


def test_reading_one_member_reads_one_row_group_of_the_table(wh: Warehouse) -> None:
    write_batch(wh, CLAIM_LINES, claim_lines(shuffled_members()))

    found, read, total = one_member(DuckDBSource(wh), "M004321")

    assert (found, read) == (LINES_PER_MEMBER, 1)
    assert total == -(-MEMBERS * LINES_PER_MEMBER // CLUSTERED_ROW_GROUP_ROWS)


def test_after_merges_and_compaction_one_member_is_still_one_row_group(wh: Warehouse) -> None:
    ids = shuffled_members()
    for part in range(4):  # four deliveries, each of every member's new claims in random order
        write_batch(wh, CLAIM_LINES, claim_lines(ids[part::4], claim_prefix=f"P{part}-"))
        write_batch(wh, CLAIM_LINES, claim_lines(ids[part::4][:1000], claim_prefix="C"))
    source = DuckDBSource(wh)
    before = one_member(source, ids[0])

    result = compact(wh, CLAIM_LINES)
    found, read, total = one_member(source, ids[0])

    assert result.files_after == 1
    assert found == before[0]
    assert read == 1
    assert total >= 3


def test_the_member_views_point_read_returns_the_members_rows_in_order_from_one_row_group(wh: Warehouse) -> None:
    write_batch(wh, CLAIM_LINES, claim_lines(shuffled_members()))
    source = DuckDBSource(wh)

    rows = source.rows_where(CLAIM_LINES, "member_id", "M000042", [("claim_id", True)], 100)
    profile = source.rows_where_profile(CLAIM_LINES, "member_id", "M000042")

    assert [r["claim_id"] for r in rows] == [f"CM000042-{k}" for k in (3, 2, 1, 0)]
    assert (profile.row_groups_scanned, profile.rows_scanned) == (1, LINES_PER_MEMBER)


def test_a_point_read_on_a_column_the_table_lacks_is_refused(wh: Warehouse) -> None:
    with pytest.raises(ValueError, match="no column"):
        DuckDBSource(wh).rows_where(CLAIM_LINES, "member_id; DROP", "x", [], 1)
