"""The demo's FHIR export re-imports into an empty Heartline with nothing lost (the member-view issue's
"Demo" section).

A sample of the small demo's members is exported (every 250th member plus a member with a denied claim
and one with metformin fills: ~50 members; the whole small demo, 12,500 members, would take minutes
to export and load), the app database's members are deleted and the files loaded into an empty
warehouse. Member master data (current preferences included), coverages, every consent decision and
every preference change (who recorded it, from where, when) and every history row must come back as
they were.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pytest

from heartline.core.scoping import OPERATOR
from heartline.members.fhir.export import export_fhir
from heartline.members.fhir.warehouse_rows import rows_of_members
from heartline.members.models import ConsentDecision, Coverage, Member, PreferenceChange, StoredResource
from heartline.members.tables import CLAIM_LINES, HISTORY_TABLES, MEDICATIONS
from heartline.warehouse.store import Warehouse
from tests.members.fhir_support import load
from tests.support.shared_demo import BuiltDemo

pytestmark = pytest.mark.django_db
EVERY = 250
# Member fields that say where a record came from, not what it says: set by the load itself.
PROVENANCE = ("id", "fhir_id", "source_updated_at")


def one_member(warehouse: Warehouse, sql: str) -> str:
    con = duckdb.connect()
    for spec in (CLAIM_LINES, MEDICATIONS):
        con.read_parquet(warehouse.parquet_files(spec)).create_view(spec.name)
    found = con.execute(sql).fetchone()
    assert found is not None
    return str(found[0])


def sample_members(warehouse: Warehouse) -> list[str]:
    every = list(Member.objects.order_by("member_id").values_list("member_id", flat=True))[::EVERY]
    denied = one_member(warehouse, "SELECT min(member_id) FROM member_claim_lines WHERE denied")
    metformin = one_member(
        warehouse, "SELECT min(member_id) FROM member_medications WHERE lower(medication_display) LIKE '%metformin%'"
    )
    return sorted({*every, denied, metformin})


def snapshot(warehouse: Warehouse, member_ids: list[str]) -> dict[str, Any]:
    members = list(Member.objects.filter(member_id__in=member_ids).order_by("member_id").values())
    for row in members:
        for name in PROVENANCE:
            row.pop(name)
    coverages = list(
        Coverage.objects.filter(member__member_id__in=member_ids)
        .order_by("coverage_id")
        .values(
            "member__member_id",
            "coverage_id",
            "status",
            "payer",
            "plan",
            "product",
            "subscriber_id",
            "relationship",
            "starts_on",
            "ends_on",
        )
    )
    consents = list(
        ConsentDecision.objects.filter(member__member_id__in=member_ids).values(
            "member__member_id",
            "channel",
            "purpose",
            "granted",
            "express",
            "source",
            "recorded_at",
            "recorded_by",
            "reference",
        )
    )
    preference_changes = list(
        PreferenceChange.objects.filter(member__member_id__in=member_ids).values(
            "member__member_id", "field", "old_value", "new_value", "source", "recorded_at", "recorded_by"
        )
    )
    history = {spec.name: rows_of_members(warehouse, spec, member_ids) for spec in HISTORY_TABLES}
    return {
        "members": members,
        "coverages": coverages,
        "consents": consents,
        "preference_changes": preference_changes,
        **history,
    }


def test_the_demo_export_reimports_into_an_empty_heartline_with_nothing_lost(
    small_demo: BuiltDemo, tmp_path: Path, settings: Any
) -> None:
    from heartline.core.analytics import warehouse_source

    settings.WAREHOUSE_DIR = small_demo.warehouse.root
    warehouse_source.cache_clear()
    sample = sample_members(small_demo.warehouse)
    before = snapshot(small_demo.warehouse, sample)
    written = export_fhir(OPERATOR, tmp_path / "out", member_ids=sample, warehouse=small_demo.warehouse)
    Member.objects.all().delete()
    StoredResource.objects.all().delete()
    empty = Warehouse(tmp_path / "empty")
    settings.WAREHOUSE_DIR = empty.root
    warehouse_source.cache_clear()

    report = load(sorted((tmp_path / "out").iterdir()), empty)

    assert report.accepted is True, report.problems[:5]
    assert {kind: counts.inserted for kind, counts in report.by_type.items()} == written
    after = snapshot(empty, sample)
    assert len(before["members"]) == len(sample) > 40
    assert all(before[name] for name in before), [name for name in before if not before[name]]
    lost = {name: [row for row in rows if row not in after[name]] for name, rows in before.items()}
    assert {name: len(rows) for name, rows in lost.items() if rows} == {}, json.dumps(
        {name: rows[:2] for name, rows in lost.items() if rows}, default=str
    )
    assert {name: len(rows) for name, rows in after.items()} == {name: len(rows) for name, rows in before.items()}
