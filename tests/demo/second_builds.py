"""Builds the demo tests make over the shared demo, inside a transaction rolled back afterwards.

Each runs once per test process (fixtures in tests/demo/conftest.py), with the library's on-disk
index in a folder of its own, so the shared demo is unchanged when it ends. `rebuilt` is the
suite's one true rebuild: the same seed over a copy-on-write copy of the shared demo's warehouse.
`forced` uses another seed and `force=True` over a warehouse holding a contact the demo did not write,
and is made live: moved to end in the week before FORCED_ENDS (demo/live.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker

from heartline.coaching.models import CoachingSession
from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.models import Employee
from heartline.demo import blueprint
from heartline.demo.build import DEMO_MARKER, DemoSummary, build_demo
from heartline.demo.fingerprint import members_digest, org_digest, table_digest
from heartline.members.models import Member
from heartline.members.tables import HISTORY_TABLES
from heartline.quality.models import Audit, SamplingPlan
from heartline.warehouse.store import Warehouse
from tests.warehouse.hand_facts import utc


@dataclass(frozen=True)
class SecondBuild:
    """A build made over the shared demo, as it stood before its transaction was rolled back."""

    summary: DemoSummary
    contacts_digest: str
    cases_digest: str
    org_digest: str
    members_digest: str
    history_digests: dict[str, str]
    # Demo employees, their logins, demo members and contact rows in the warehouse, after the build.
    rows: tuple[int, int, int, int]
    marked_as_demo: bool
    # Calendar days of the first and last contact start (UTC), and of app-database dates the build made.
    contact_days: tuple[dt.date, dt.date]
    last_audit_day: dt.date
    last_follow_up_day: dt.date
    sampled_months: tuple[dt.date, ...]


# A Wednesday: the forced build's data end on a day of the week before it.
FORCED_ENDS = dt.date(2027, 3, 10)


def one_contact() -> pa.Table:
    """One contact the demo did not write."""
    return pa.Table.from_pylist([{"contact_id": "real-1", "started_at": utc(2026, 1, 5, 9, 0)}])


def build_and_roll_back(
    blocker: DjangoDbBlocker,
    warehouse: Warehouse,
    index: Path,
    *,
    seed: int,
    force: bool,
    ends: dt.date | None = None,
) -> SecondBuild:
    """Build the demo over the shared one, record what a caller checks, and roll the database back."""
    # The library index is a folder on disk, which the rollback would not restore.
    with blocker.unblock(), override_settings(LIBRARY_INDEX_DIR=index), transaction.atomic():
        summary = build_demo(size="small", seed=seed, warehouse=warehouse, force=force, ends=ends)
        delta = warehouse.open(CONTACTS)
        assert delta is not None
        contacts = delta.to_pyarrow_table(columns=["contact_id", "started_at"])
        ids, started = contacts["contact_id"].to_pylist(), contacts["started_at"].to_pylist()
        starts = [start for contact, start in zip(ids, started, strict=True) if contact != "real-1"]
        audited = (
            Audit.objects.exclude(completed_at=None).order_by("-completed_at").values_list("completed_at", flat=True)
        )
        follow_ups = CoachingSession.objects.exclude(follow_up_on=None).order_by("-follow_up_on")
        built = SecondBuild(
            summary=summary,
            contacts_digest=table_digest(warehouse, CONTACTS),
            cases_digest=table_digest(warehouse, CASES),
            org_digest=org_digest(blueprint.DIVISION_CODE),
            members_digest=members_digest(blueprint.MEMBER_ID_PREFIX),
            history_digests={spec.name: table_digest(warehouse, spec) for spec in HISTORY_TABLES},
            rows=(
                Employee.objects.filter(division__code=blueprint.DIVISION_CODE).count(),
                get_user_model().objects.filter(employee__division__code=blueprint.DIVISION_CODE).count(),
                Member.objects.filter(member_id__startswith=blueprint.MEMBER_ID_PREFIX).count(),
                delta.to_pyarrow_table().num_rows,
            ),
            marked_as_demo=(warehouse.root / DEMO_MARKER).exists(),
            contact_days=(min(starts).astimezone(dt.UTC).date(), max(starts).astimezone(dt.UTC).date()),
            last_audit_day=audited[0].astimezone(dt.UTC).date(),
            last_follow_up_day=follow_ups.values_list("follow_up_on", flat=True)[0],
            sampled_months=tuple(SamplingPlan.objects.order_by("month").values_list("month", flat=True).distinct()),
        )
        transaction.set_rollback(True)
    return built
