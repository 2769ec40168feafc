"""The `members` group: the member view's speed goal, beside a baseline measured in the same run.

Goal (issue 14; reported, never asserted): p95 <= 150 ms for the member view at the `large` demo
(1.5M members), on 2 cores; the warehouse read by member must not scan every row.

Until the demo carries members' history, the group generates synthetic history tables of the
`large` demo's shape — per member ~10 claim lines, 2 encounters, 1 condition, 3 medication records
(`HEARTLINE_BENCH_MEMBERS`, default 1,500,000 members: 15M claim lines) — and writes them twice:

- `clustered`: through `write_batch`, i.e. sorted by `member_id` in 16k-row row groups (what
  Heartline does);
- `unsorted` (the baseline): the same rows in arrival order (shuffled by member), written by the
  Delta writer with its default row groups — what the tables looked like before `cluster_by`.

For 200 random members it times the four history reads of the member view (`heartline.members.
history`, clinical detail on) on both layouts, and reports DuckDB's own count of Parquet row groups
read for one member on each. It then times the whole `member_view` (app database, contacts, cases,
surveys, audits, coaching, history, timeline, open items, access-log write) on the clustered layout
for the same members, with a contacts table of the large demo's size (~6.7 contacts per member,
ordered by time as the demo writes it; `HEARTLINE_BENCH_CONTACTS_PER_MEMBER`), twice: first without
the by-member copy of the contacts (`contacts_by_member`; the baseline: the contacts read by a scan
of `contacts`), then with it, built by the same `refresh()` the worker runs after an ingest. Each
timing also gives the process's CPU milliseconds per read, a figure the other work sharing the
cores does not inflate.

The synthetic tables take minutes to write; `HEARTLINE_BENCH_MEMBERS_DATA=DIR` keeps them in DIR
and later runs of the same size reuse them (the by-member copy too, while it is current).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
from harness import load_average, note, percentiles

SAMPLE = 200
SEED = 14
GOAL_P95_MS = 150.0
PER_MEMBER = {"member_claim_lines": 10, "member_encounters": 2, "member_conditions": 1, "member_medications": 3}


def _members() -> int:
    return int(os.environ.get("HEARTLINE_BENCH_MEMBERS", "1500000"))


def _member_ids(n: int) -> np.ndarray:
    return np.array([f"M{i:08d}" for i in range(n)], dtype=object)


def _history(name: str, ids: np.ndarray, rng: np.random.Generator) -> pa.Table:
    """Rows of table `name` for every member, in arrival order (members interleaved)."""
    per = PER_MEMBER[name]
    members = np.repeat(ids, per)
    order = rng.permutation(len(members))
    members = members[order]
    n = len(members)
    serial = np.arange(n)
    keys = np.char.add(np.char.add(members.astype(str), "-"), serial.astype(str)).astype(object)
    # 18 months of days (from 2025-01-01, day 20089 since 1970).
    days = pa.array((20_089 + rng.integers(0, 540, n)).astype("int32"), pa.int32()).cast(pa.date32())
    if name == "member_claim_lines":
        denied = rng.random(n) < 0.08
        return pa.table(
            {
                "claim_line_id": keys,
                "claim_id": keys,
                "line_number": pa.array(np.ones(n, dtype="int32")),
                "member_id": members,
                "claim_type": rng.choice(["professional", "institutional", "pharmacy"], n),
                "status": np.full(n, "active", dtype=object),
                "service_start": days,
                "billed_on": days,
                "provider_name": rng.choice(["Dr. Grey", "Mercy Hospital", "Corner Pharmacy"], n),
                "service_code": rng.choice(["99213", "99214", "860975"], n),
                "diagnosis_codes": rng.choice(["E11.9", "I10", "J45.909"], n),
                "billed_amount": rng.gamma(2.0, 120.0, n),
                "paid_amount": rng.gamma(2.0, 80.0, n),
                "denied": denied,
                "denial_reason": np.where(denied, "Precertification absent", None),
            }
        )
    if name == "member_encounters":
        return pa.table(
            {
                "encounter_id": keys,
                "member_id": members,
                "encounter_class": rng.choice(["AMB", "EMER", "IMP"], n),
                "started_at": pa.array(rng.integers(0, 540 * 86_400, n) * 1_000_000, pa.int64()).cast(
                    pa.timestamp("us", tz="UTC")
                ),
                "reason_display": rng.choice(["Type 2 diabetes", "Hypertension"], n),
            }
        )
    if name == "member_conditions":
        return pa.table(
            {"condition_id": keys, "member_id": members, "code": rng.choice(["E11.9", "I10"], n), "recorded_date": days}
        )
    return pa.table(
        {
            "medication_record_id": keys,
            "kind": rng.choice(["request", "dispense"], n),
            "member_id": members,
            "medication_display": rng.choice(["Metformin 500 mg", "Lisinopril 10 mg"], n),
            "on_date": days,
        }
    )


def _write_both(name: str, rows: pa.Table, clustered: Path, unsorted: Path) -> dict[str, float]:
    from deltalake import write_deltalake

    from heartline.warehouse import tables
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import conform, write_batch

    spec = tables.get(name)
    began = time.perf_counter()
    write_batch(Warehouse(clustered), spec, rows, source="bench")
    sorted_seconds = time.perf_counter() - began
    began = time.perf_counter()
    write_deltalake(str(Warehouse(unsorted).path(spec)), conform(spec, rows), mode="error")
    plain_seconds = time.perf_counter() - began
    return {"clustered_write_s": round(sorted_seconds, 1), "unsorted_write_s": round(plain_seconds, 1)}


def _history_reads(member_id: str) -> int:
    from heartline.members import history

    return (
        len(history.claim_lines(member_id, clinical=True))
        + len(history.encounters(member_id, clinical=True))
        + len(history.conditions(member_id))
        + len(history.medications(member_id))
    )


def _point_app_at(root: Path) -> None:
    from django.conf import settings

    from heartline.core.analytics import warehouse_source

    settings.WAREHOUSE_DIR = root
    warehouse_source.cache_clear()


def _time_each(sample: list[str], read: Any) -> tuple[list[float], int, float]:
    """Wall-clock seconds of each read, rows returned, and the process's CPU milliseconds per read
    (every thread's, DuckDB's included): what the read costs whatever else shares the cores."""
    rows = 0
    for member_id in sample[:5]:  # warm: views created, footers cached
        read(member_id)
    seconds = []
    cpu = time.process_time()
    for member_id in sample:
        began = time.perf_counter()
        rows += read(member_id)
        seconds.append(time.perf_counter() - began)
    return seconds, rows, round((time.process_time() - cpu) * 1000 / len(sample), 1)


def _row_groups(root: Path, member_id: str) -> dict[str, int]:
    from heartline.members.tables import CLAIM_LINES
    from heartline.warehouse.reader import DuckDBSource
    from heartline.warehouse.store import Warehouse

    source = DuckDBSource(Warehouse(root))
    table = source.table(CLAIM_LINES)
    profile = source.scan_profile(table.filter(table.member_id == member_id))
    return {
        "row_groups_read": profile.row_groups_scanned,
        "row_groups_in_table": profile.row_groups_total,
        "rows_scanned": profile.rows_scanned,
    }


def _contacts(ids: np.ndarray, per_member: float, rng: np.random.Generator) -> pa.Table:
    n = int(len(ids) * per_member)
    started = np.sort(rng.integers(0, 540 * 86_400, n)) * 1_000_000
    return pa.table(
        {
            "contact_id": np.char.add("C", np.arange(n).astype(str)).astype(object),
            "member_id": ids[rng.integers(0, len(ids), n)],
            "channel": rng.choice(["phone", "chat", "email"], n),
            "direction": np.full(n, "inbound", dtype=object),
            "unit": rng.choice(["commercial", "medicare"], n),
            "agent_id": rng.choice([f"e-{i}" for i in range(400)], n),
            "reason": rng.choice(["billing", "claims", "benefits"], n),
            "started_at": pa.array(started, pa.int64()).cast(pa.timestamp("us", tz="UTC")),
            "route": np.full(n, "q-1", dtype=object),
            "disposition": rng.choice(["resolved", "unresolved"], n),
        }
    )


def _data_folder(scratch: Path) -> Path:
    """Where the synthetic tables live: `HEARTLINE_BENCH_MEMBERS_DATA` keeps them between runs
    (built once for a given size and seed, then reused), else the run's scratch folder."""
    kept = os.environ.get("HEARTLINE_BENCH_MEMBERS_DATA")
    return Path(kept) if kept else scratch


def _build(data: Path, members: int, per_member: float) -> dict[str, Any]:
    """Write the synthetic tables into `data` unless a run with the same size built them already."""
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.store import Warehouse
    from heartline.warehouse.writer import write_batch

    marker = data / "bench-data.json"
    wanted = {"members": members, "contacts_per_member": per_member, "seed": SEED}
    if marker.exists():
        built = json.loads(marker.read_text())
        if built.get("made_for") == wanted:
            note(f"members: reusing the synthetic tables in {data}")
            return dict(built)
    shutil.rmtree(data / "clustered", ignore_errors=True)
    shutil.rmtree(data / "unsorted", ignore_errors=True)
    rng = np.random.default_rng(SEED)
    ids = _member_ids(members)
    writes: dict[str, Any] = {}
    rows_by_table: dict[str, int] = {}
    for name in PER_MEMBER:
        note(f"members: {members:,} members' {name} ({members * PER_MEMBER[name]:,} rows), written twice …")
        rows = _history(name, ids, rng)
        rows_by_table[name] = rows.num_rows
        writes[name] = _write_both(name, rows, data / "clustered", data / "unsorted")
        del rows
    note(f"members: {int(members * per_member):,} contacts …")
    write_batch(Warehouse(data / "clustered"), CONTACTS, _contacts(ids, per_member, rng), source="bench")
    built = {"made_for": wanted, "rows": rows_by_table, "contacts_rows": int(members * per_member), "writes": writes}
    data.mkdir(parents=True, exist_ok=True)
    marker.write_text(json.dumps(built))
    return built


def _without_by_member_copy(data: Path) -> Path:
    """A warehouse of the same table folders (linked, not copied) minus the by-member copy of the
    contacts: the member view as it was before that table (the baseline)."""
    from heartline.contacts.by_member import CONTACTS_BY_MEMBER as MEMBER_CONTACTS

    clustered, baseline = data / "clustered", data / "no-by-member-copy"
    shutil.rmtree(baseline, ignore_errors=True)
    baseline.mkdir(parents=True)
    for table in clustered.iterdir():
        if table.is_dir() and table.name not in (MEMBER_CONTACTS.spec.name, ".locks"):
            (baseline / table.name).symlink_to(table, target_is_directory=True)
    return baseline


def run(scratch: Path) -> dict[str, Any]:
    """Measure the member view in `scratch`; returns the JSON section."""
    from heartline.contacts.by_member import CONTACTS_BY_MEMBER as MEMBER_CONTACTS
    from heartline.core.scoping import OPERATOR
    from heartline.members.models import Member
    from heartline.members.selectors import member_view
    from heartline.warehouse.derived import is_current, refresh
    from heartline.warehouse.store import Warehouse

    members = _members()
    per_member = float(os.environ.get("HEARTLINE_BENCH_CONTACTS_PER_MEMBER", "6.67"))
    data = _data_folder(scratch)
    built = _build(data, members, per_member)
    clustered, unsorted = data / "clustered", data / "unsorted"
    sample = [str(m) for m in random.Random(SEED).sample(list(_member_ids(members)), SAMPLE)]

    note("members: history reads, clustered and unsorted …")
    _point_app_at(clustered)
    clustered_s, clustered_rows, clustered_cpu = _time_each(sample, _history_reads)
    _point_app_at(unsorted)
    unsorted_s, unsorted_rows, unsorted_cpu = _time_each(sample, _history_reads)

    Member.objects.bulk_create(
        [
            Member(member_id=m, plan="HMO", given_name="Bench", family_name=m, search_name=f"bench {m.lower()}")
            for m in sample
        ],
        ignore_conflicts=True,
    )

    def view(member_id: str) -> int:
        return len(member_view(OPERATOR, member_id, channel="bench").timeline)

    note("members: the whole member view without the by-member copy of the contacts (baseline) …")
    _point_app_at(_without_by_member_copy(data))
    baseline_s, baseline_rows, baseline_cpu = _time_each(sample, view)

    note("members: the by-member copy of the contacts, then the whole member view with it …")
    warehouse = Warehouse(clustered)
    refresh_seconds = None
    if not is_current(warehouse, MEMBER_CONTACTS):
        refresh_seconds = refresh(warehouse, MEMBER_CONTACTS).seconds
    _point_app_at(clustered)
    view_s, view_rows, view_cpu = _time_each(sample, view)
    from heartline.contacts.tables import CONTACTS
    from heartline.warehouse.reader import DuckDBSource

    source = DuckDBSource(warehouse)

    clustered_p = percentiles(clustered_s)
    unsorted_p = percentiles(unsorted_s)
    baseline_p = percentiles(baseline_s)
    view_p = percentiles(view_s)
    return {
        "members": members,
        "rows": built["rows"],
        "contacts_rows": built["contacts_rows"],
        "sample": SAMPLE,
        "writes": built["writes"],
        "history_read_clustered": {**clustered_p, "cpu_ms_per_read": clustered_cpu, "rows_returned": clustered_rows},
        "history_read_unsorted_baseline": {
            **unsorted_p,
            "cpu_ms_per_read": unsorted_cpu,
            "rows_returned": unsorted_rows,
        },
        "history_speedup_p95": round(unsorted_p["p95_ms"] / clustered_p["p95_ms"], 1)
        if clustered_p["p95_ms"]
        else None,
        "claim_lines_one_member_clustered": _row_groups(clustered, sample[0]),
        "claim_lines_one_member_unsorted": _row_groups(unsorted, sample[0]),
        "contacts_one_member_by_time": asdict(source.rows_where_profile(CONTACTS, "member_id", sample[0])),
        "contacts_one_member_by_member_copy": asdict(
            source.rows_where_profile(MEMBER_CONTACTS.spec, "member_id", sample[0])
        ),
        "by_member_copy_refresh_s": refresh_seconds,
        "member_view_baseline_contacts_by_time": {
            **baseline_p,
            "cpu_ms_per_view": baseline_cpu,
            "timeline_entries": baseline_rows,
        },
        "member_view": {**view_p, "cpu_ms_per_view": view_cpu, "timeline_entries": view_rows},
        "load_average_1min_at_end": load_average(),
        "goal_p95_ms": GOAL_P95_MS,
        "meets_goal": view_p["p95_ms"] <= GOAL_P95_MS,
    }
