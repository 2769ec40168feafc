"""Content digests of what the demo built, so "same seed, same plan" can be checked.

`table_digest` hashes a warehouse table's rows in natural-key order (independent of how the rows
were split into files); `org_digest` hashes the division's units, teams, queues and staff by their
codes and attributes (never database ids, which change on every rebuild).
"""

from __future__ import annotations

import hashlib
import json

import pyarrow as pa

from heartline.core.models import Employee, Queue, Team, Unit
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec


def arrow_digest(table: pa.Table, sort_by: tuple[str, ...]) -> str:
    """SHA-256 of `table`'s schema and rows, sorted by `sort_by`."""
    ordered = table.sort_by([(name, "ascending") for name in sort_by]).combine_chunks()
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, ordered.schema) as writer:
        writer.write_table(ordered)
    return hashlib.sha256(sink.getvalue().to_pybytes()).hexdigest()


def table_digest(warehouse: Warehouse, spec: TableSpec) -> str:
    """Digest of the current version of `spec`'s table ("" when it was never written)."""
    delta = warehouse.open(spec)
    if delta is None:
        return ""
    return arrow_digest(delta.to_pyarrow_table(), spec.natural_key)


def org_digest(division_code: str) -> str:
    """Digest of a division's organization: units, teams, queues, employees and their logins."""
    units = list(Unit.objects.filter(division__code=division_code).values_list("code", "name", "legacy_company"))
    teams = list(Team.objects.filter(unit__division__code=division_code).values_list("code", "name", "unit__code"))
    queues = list(Queue.objects.filter(unit__division__code=division_code).values_list("code", "name", "unit__code"))
    staff = []
    employees = Employee.objects.filter(division__code=division_code).select_related("user", "unit", "team")
    for e in employees.prefetch_related("scope_units").order_by("code"):
        staff.append(
            [
                e.code,
                e.role,
                e.unit.code if e.unit else None,
                e.team.code if e.team else None,
                e.user.username,
                e.user.first_name,
                e.user.last_name,
                e.user.is_staff,
                e.user.is_superuser,
                e.hire_date.isoformat() if e.hire_date else None,
                e.languages,
                sorted(u.code for u in e.scope_units.all()),
            ]
        )
    payload = json.dumps([sorted(units), sorted(teams), sorted(queues), staff], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


def members_digest(member_id_prefix: str) -> str:
    """Digest of the members whose id starts with `member_id_prefix`: their master data, coverage
    periods, consent decisions and preference changes (by member id, never database ids)."""
    from heartline.members.models import ConsentDecision, Coverage, Member, PreferenceChange

    mine = {"member__member_id__startswith": member_id_prefix}
    skip = {"id"}
    member_fields = [f.attname for f in Member._meta.concrete_fields if f.attname not in skip]
    parts = [
        list(
            Member.objects.filter(member_id__startswith=member_id_prefix)
            .order_by("member_id")
            .values_list(*member_fields)
        ),
        list(
            Coverage.objects.filter(**mine)
            .order_by("coverage_id")
            .values_list(
                "member__member_id",
                "coverage_id",
                "status",
                "plan",
                "product",
                "subscriber_id",
                "relationship",
                "starts_on",
                "ends_on",
            )
        ),
        sorted(
            ConsentDecision.objects.filter(**mine).values_list(
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
        ),
        sorted(
            PreferenceChange.objects.filter(**mine).values_list(
                "member__member_id", "field", "old_value", "new_value", "source", "recorded_at", "recorded_by"
            )
        ),
    ]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
