"""After a contacts ingest the follow-ups and by-member tables are brought up to date by the members the
ingest touched, as part of the ingest — and hold exactly what a whole rebuild gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from heartline.contacts.by_member import BY_MEMBER, CONTACTS_BY_MEMBER
from heartline.contacts.followups import CONTACT_FOLLOWUPS, FOLLOWUPS
from heartline.contacts.ingest.formats import load_contacts
from heartline.warehouse.derived import DerivedTable, is_current, refresh
from heartline.warehouse.store import Warehouse
from tests.contacts.ingest_fixtures import options, stored

pytestmark = pytest.mark.django_db

HEADER = "contact_id,member_id,channel,direction,reason,started_at,ended_at"
START = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)
REASONS = ("billing", "claims", "pharmacy")


def contact(i: int, member: str, reason: str, hours: int, direction: str = "inbound") -> str:
    began = START + dt.timedelta(hours=hours)
    ended = began + dt.timedelta(minutes=10)
    return f"c-{i:03d},{member},phone,{direction},{reason},{began:%Y-%m-%dT%H:%M:%SZ},{ended:%Y-%m-%dT%H:%M:%SZ}"


FIRST = [
    contact(i, f"M{i % 7}", REASONS[i % 3], hours=i * 5, direction="outbound" if i % 11 == 0 else "inbound")
    for i in range(80)
]


def write(folder: Path, name: str, rows: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def rows_of(warehouse: Warehouse, derived: DerivedTable) -> pa.Table:
    return stored(warehouse, derived.spec)


def rebuilt(warehouse: Warehouse, derived: DerivedTable, scratch: Path) -> pa.Table:
    """What a whole rebuild gives, in a copy of the warehouse (the one under test is left as it is)."""
    import shutil

    copy = Warehouse(scratch / "copy")
    shutil.copytree(warehouse.root, copy.root)
    refresh(copy, derived)
    return stored(copy, derived.spec)


def test_an_ingest_updates_followups_and_by_member_by_the_members_it_touched(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    load_contacts([write(tmp_path / "a", "contacts.csv", FIRST)], options())
    for derived in (CONTACT_FOLLOWUPS, CONTACTS_BY_MEMBER):
        refresh(app_warehouse, derived)  # the worker, after the first load
    later = [
        contact(200, "M1", "claims", hours=3),  # a new follow-up for M1's earlier claims contacts
        contact(5, "M3", REASONS[5 % 3], hours=25),  # c-005 moves from M5 to M3
        contact(12, "", REASONS[12 % 3], hours=60),  # c-012 loses its member
        contact(20, "M6", "billing", hours=100),  # c-020 changes its reason
        *FIRST[30:40],  # unchanged
    ]

    with django_capture_on_commit_callbacks(execute=False):
        report = load_contacts([write(tmp_path / "b", "contacts.csv", later)], options())

    assert report.counts.as_dict() == {"read": 14, "inserted": 1, "updated": 3, "unchanged": 10, "rejected": 0}
    for derived in (CONTACT_FOLLOWUPS, CONTACTS_BY_MEMBER):
        assert is_current(app_warehouse, derived), derived.spec.name
        assert rows_of(app_warehouse, derived).equals(rebuilt(app_warehouse, derived, tmp_path / derived.spec.name))
    followups = {r["contact_id"] for r in stored(app_warehouse, FOLLOWUPS).to_pylist()}
    members = {r["contact_id"]: r["member_id"] for r in stored(app_warehouse, BY_MEMBER).to_pylist()}
    assert "c-012" not in members
    assert members["c-005"] == "M3"
    assert "c-012" not in followups


def test_an_ingest_of_new_contacts_only_appends_their_rows_to_the_by_member_copy(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    load_contacts([write(tmp_path / "a", "contacts.csv", FIRST)], options())
    refresh(app_warehouse, CONTACTS_BY_MEMBER)
    before = app_warehouse.open(BY_MEMBER).version()  # type: ignore[union-attr]
    new = [contact(400 + i, f"M{i % 3}", "claims", hours=200 + i) for i in range(5)]
    new.append(contact(499, "", "claims", hours=210))  # no member: not in the by-member copy

    with django_capture_on_commit_callbacks(execute=False):
        report = load_contacts([write(tmp_path / "b", "contacts.csv", new)], options())

    assert report.counts.as_dict()["inserted"] == 6
    assert is_current(app_warehouse, CONTACTS_BY_MEMBER)
    assert rows_of(app_warehouse, CONTACTS_BY_MEMBER).equals(
        rebuilt(app_warehouse, CONTACTS_BY_MEMBER, tmp_path / "copy")
    )
    commits = [c for c in app_warehouse.open(BY_MEMBER).history() if c["version"] > before]  # type: ignore[union-attr]
    assert [c["operation"] for c in commits] == ["WRITE"]  # appended: no stored row read, rewritten or merged
    assert commits[0]["operationMetrics"]["num_added_rows"] == 5


def test_a_derived_table_that_was_stale_before_the_ingest_is_left_to_the_worker(
    app_warehouse: Warehouse, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    load_contacts([write(tmp_path / "a", "contacts.csv", FIRST)], options())  # never refreshed

    with django_capture_on_commit_callbacks(execute=False):
        load_contacts([write(tmp_path / "b", "contacts.csv", [contact(300, "M1", "claims", hours=2)])], options())

    assert not is_current(app_warehouse, CONTACT_FOLLOWUPS)
