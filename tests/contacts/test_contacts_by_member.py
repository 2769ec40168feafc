"""`contacts_by_member`, the member view's copy of the contacts sorted by member: the worker rebuilds
it after each contacts ingest, a re-ingest of the same file changes nothing, and until the worker
has run the member view reads `contacts` itself — never an older state.

What a member's read touches is DuckDB's own profile of the scan (row groups read), never a timing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django_tasks_db.models import DBTaskResult

from heartline.contacts.by_member import BY_MEMBER, COLUMNS, CONTACTS_BY_MEMBER
from heartline.contacts.ingest.formats import load_contacts
from heartline.contacts.member_records import contacts_of_member
from heartline.contacts.tables import CONTACTS
from heartline.core.scoping import OPERATOR
from heartline.core.tasks import refresh_derived_tables
from heartline.warehouse.derived import is_current, refresh
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import CLUSTERED_ROW_GROUP_ROWS, write_batch
from tests.contacts.ingest_fixtures import options, sample, stored

pytestmark = pytest.mark.django_db

TASK = "heartline.core.tasks.refresh_derived_tables"


def ingest(file: Path, capture: Any) -> list[tuple[object, ...]]:
    """Load `file` as the command does; the refreshes it queued for the worker (their arguments)."""
    before = set(DBTaskResult.objects.values_list("id", flat=True))
    with capture(execute=True):
        load_contacts([file], options())
    queued = DBTaskResult.objects.exclude(id__in=before).filter(task_path=TASK)
    return [tuple(r.args_kwargs["args"]) for r in queued]


def the_worker_runs(queued: list[tuple[object, ...]]) -> None:
    for args in queued:
        refresh_derived_tables.call(*args)


def copied(warehouse: Warehouse) -> pa.Table:
    """What the by-member copy should hold: every contact with a member, the member view's columns."""
    contacts = stored(warehouse, CONTACTS)
    with_member = contacts.filter(pc.is_valid(contacts.column("member_id")))
    return with_member.select(list(COLUMNS)).cast(BY_MEMBER.schema).sort_by("contact_id")


def version(warehouse: Warehouse) -> int:
    table = warehouse.open(BY_MEMBER)
    assert table is not None
    return table.version()


def test_after_an_ingest_the_worker_copies_every_contact_with_a_member_sorted_by_member(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    queued = ingest(sample("contacts.csv", tmp_path), django_capture_on_commit_callbacks)

    assert queued == [("contacts",)]
    assert not is_current(app_warehouse, CONTACTS_BY_MEMBER)
    the_worker_runs(queued)

    assert is_current(app_warehouse, CONTACTS_BY_MEMBER)
    held = stored(app_warehouse, BY_MEMBER)
    assert held.equals(copied(app_warehouse))
    [path] = [f.removeprefix("file://") for f in app_warehouse.parquet_files(BY_MEMBER)]
    in_file = pq.read_table(path, columns=["member_id"]).column("member_id").to_pylist()
    assert in_file == sorted(in_file)


def test_a_reingest_of_the_same_file_changes_nothing(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    file = sample("contacts.csv", tmp_path)
    the_worker_runs(ingest(file, django_capture_on_commit_callbacks))
    before = (version(app_warehouse), stored(app_warehouse, BY_MEMBER))

    queued = ingest(file, django_capture_on_commit_callbacks)

    assert queued == []
    assert is_current(app_warehouse, CONTACTS_BY_MEMBER)
    assert version(app_warehouse) == before[0]
    assert stored(app_warehouse, BY_MEMBER).equals(before[1])


def test_a_changed_contact_shows_in_the_member_view_before_and_after_the_worker_runs(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    file = sample("contacts.csv", tmp_path)
    the_worker_runs(ingest(file, django_capture_on_commit_callbacks))
    newer = tmp_path / "later" / "contacts.csv"
    newer.parent.mkdir()
    newer.write_text(
        file.read_text().replace("q-commercial>q-pharmacy,0,,resolved", "q-commercial>q-pharmacy,0,,escalated")
    )

    def disposition() -> str:
        [seen] = [c for c in contacts_of_member(OPERATOR, "M0002").contacts if c.contact_id == "c-1002"]
        return seen.disposition

    queued = ingest(newer, django_capture_on_commit_callbacks)
    before_the_worker = (is_current(app_warehouse, CONTACTS_BY_MEMBER), disposition())
    the_worker_runs(queued)

    # The ingest itself brought the copy up to date for the member it touched (warehouse.increments).
    assert before_the_worker == (True, "escalated")
    assert (is_current(app_warehouse, CONTACTS_BY_MEMBER), disposition()) == (True, "escalated")
    assert stored(app_warehouse, BY_MEMBER).equals(copied(app_warehouse))


MEMBERS = 6_000
CONTACTS_PER_MEMBER = 8  # 48,000 contacts: three row groups or more in the copy


def contacts_in_time_order() -> pa.Table:
    """Every member's contacts interleaved in time, as the contacts table holds them."""
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    n = MEMBERS * CONTACTS_PER_MEMBER
    return pa.Table.from_pylist(
        [
            {
                "contact_id": f"c-{i:06d}",
                "member_id": f"M{(i * 7_919) % MEMBERS:05d}",
                "started_at": start + dt.timedelta(minutes=i),
                "unit": "commercial",
            }
            for i in range(n)
        ]
    )


def test_one_members_contacts_are_one_row_group_of_the_copy_and_every_row_group_of_contacts(
    tmp_path: Path,
) -> None:
    warehouse = Warehouse(tmp_path / "warehouse")
    write_batch(warehouse, CONTACTS, contacts_in_time_order())
    refresh(warehouse, CONTACTS_BY_MEMBER)
    source = DuckDBSource(warehouse)

    by_time = source.rows_where_profile(CONTACTS, "member_id", "M01234")
    by_member = source.rows_where_profile(BY_MEMBER, "member_id", "M01234")
    found = source.rows_where(BY_MEMBER, "member_id", "M01234", [("started_at", True)], 100)

    assert len(found) == CONTACTS_PER_MEMBER
    assert by_time.row_groups_scanned == by_time.row_groups_total
    assert by_member.row_groups_scanned == 1
    assert by_member.row_groups_total == -(-MEMBERS * CONTACTS_PER_MEMBER // CLUSTERED_ROW_GROUP_ROWS)
