"""SIGKILL `heartline worker` in the middle of a task: the next worker runs it again, and its effect
happens once.

The task is the one every contacts ingest queues: rebuilding the follow-ups table derived from the
contacts (`heartline.core.tasks.refresh_derived_tables`). The test stops the worker at two exact
points by holding what the worker needs next: the derived table's write lock (so the task is killed
before writing anything) and the app database's write lock (so it is killed after writing the
table but before the task is marked done). Either way the task is left RUNNING; `heartline worker
--batch` puts it back, runs it, and the follow-ups table ends up written exactly once.

Each `heartline` command runs in a fork of the fault suite's server (tests/faults/ingest_server.py),
on this test's own app database and warehouse, with DEBUG off as in production.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import json
import os
import shutil
import signal
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest
from deltalake import DeltaTable

from heartline.contacts.by_member import BY_MEMBER
from heartline.contacts.daily import DAYS
from heartline.contacts.followups import CONTACT_FOLLOWUPS
from heartline.contacts.handle_days import HANDLE_DAYS
from heartline.warehouse.derived import STAMP_FILE, refresh
from heartline.warehouse.store import Warehouse
from heartline.workforce.intervals import INTERVALS
from tests.faults.server import IngestServer, Run

TASK = "heartline.core.tasks.refresh_derived_tables"
WAIT_SECONDS = 120.0
FOLLOWUPS = CONTACT_FOLLOWUPS.spec


def heartline(server: IngestServer, home: Path, *args: str) -> Run:
    """`heartline ARGS` on `home` (its app database and warehouse), run to its end."""
    return server.run(list(args), home / "warehouse", database=home / "heartline.sqlite3")


@dataclass(frozen=True)
class TaskRow:
    status: str
    worker_ids: list[str]
    return_value: object


def task_row(home: Path) -> TaskRow:
    with sqlite3.connect(home / "heartline.sqlite3", timeout=30) as db:
        rows = db.execute(
            "SELECT status, worker_ids, return_value FROM django_tasks_database_dbtaskresult WHERE task_path = ?",
            (TASK,),
        ).fetchall()
    assert len(rows) == 1, rows
    status, worker_ids, return_value = rows[0]
    return TaskRow(status, json.loads(worker_ids), json.loads(return_value) if return_value else None)


def wait_for(what: str, done: object) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not done():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"waited {WAIT_SECONDS} s for {what}"
        time.sleep(0.01)


@pytest.fixture(scope="module")
def queued_home(tmp_path_factory: pytest.TempPathFactory, ingest_server: IngestServer) -> Path:
    """A HEARTLINE_HOME after `heartline ingest contacts`: the contacts stored, the refresh queued."""
    home = tmp_path_factory.mktemp("queued-home")
    path = home.parent / f"{home.name}-contacts.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["contact_id", "member_id", "channel", "direction", "unit", "reason", "started_at"])
        for n in range(3_000):  # 300 members, ten contacts each about the same thing
            day, hour = 1 + n // 300 % 27, 8 + n % 10
            writer.writerow(
                [
                    f"c-{n}",
                    f"M{n % 300:04d}",
                    "phone",
                    "inbound",
                    "commercial",
                    "claims",
                    f"2026-02-{day:02d}T{hour:02d}:00:00Z",
                ]
            )
    ingest = heartline(ingest_server, home, "ingest", "contacts", str(path))
    assert ingest.exit == 0, ingest.output
    assert task_row(home).status == "READY"
    return home


@pytest.fixture
def home(queued_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(queued_home, copy)
    return copy


@pytest.fixture
def expected(home: Path, tmp_path: Path) -> pa.Table:
    """The follow-ups table a clean refresh builds from the stored contacts."""
    elsewhere = Warehouse(tmp_path / "elsewhere")
    shutil.copytree(home / "warehouse" / "contacts", elsewhere.root / "contacts")
    refresh(elsewhere, CONTACT_FOLLOWUPS)
    return followups(elsewhere.root)


def followups(warehouse: Path) -> pa.Table:
    return DeltaTable(str(warehouse / FOLLOWUPS.name)).to_pyarrow_table().sort_by("contact_id")


@contextmanager
def holding_table_lock(home: Path) -> Iterator[None]:
    """The derived table's write lock, as `Warehouse.writing` takes it: the worker waits for it."""
    locks = home / "warehouse" / ".locks"
    locks.mkdir(parents=True, exist_ok=True)
    with (locks / f"{FOLLOWUPS.name}.lock").open("a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


@contextmanager
def worker(server: IngestServer, home: Path) -> Iterator[None]:
    """`heartline worker` on `home`, running until killed."""
    started = server.start(["worker"], home / "warehouse", database=home / "heartline.sqlite3")
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(started.pid, signal.SIGKILL)
        server.finish(started)


def kill_the_worker_running_it(home: Path) -> None:
    """SIGKILL the process that claimed the task (the worker's id is `host:pid`)."""
    pid = int(task_row(home).worker_ids[-1].rpartition(":")[2])
    os.kill(pid, signal.SIGKILL)
    wait_for("the killed worker to go", lambda: not Path(f"/proc/{pid}").exists() or _zombie(pid))


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")
    except OSError:  # reaped meanwhile
        return True


def test_a_task_killed_before_its_effect_runs_again_once(
    home: Path, expected: pa.Table, ingest_server: IngestServer
) -> None:
    with holding_table_lock(home), worker(ingest_server, home):
        wait_for("the worker to claim the task", lambda: task_row(home).status == "RUNNING")
        kill_the_worker_running_it(home)

    assert task_row(home).status == "RUNNING"  # what django-tasks alone leaves behind
    assert not (home / "warehouse" / FOLLOWUPS.name).exists()

    rerun = heartline(ingest_server, home, "worker", "--batch")
    task = task_row(home)

    assert rerun.exit == 0, rerun.output
    assert "Running again refresh_derived_tables('contacts',)" in rerun.output
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2
    # every table derived from the contacts: the follow-ups, the member view's by-member copy, the
    # dashboard's daily counts and handle-time histogram, and the workforce interval table
    refreshed = sorted(r["table_name"] for r in task.return_value)  # type: ignore[attr-defined]
    assert refreshed == sorted([FOLLOWUPS.name, BY_MEMBER.name, DAYS.name, HANDLE_DAYS.name, INTERVALS.name])
    assert DeltaTable(str(home / "warehouse" / FOLLOWUPS.name)).version() == 0  # written once
    assert followups(home / "warehouse").equals(expected)
    assert expected.num_rows == 2_700  # every contact but each member's last has a follow-up


def test_a_task_killed_after_its_effect_runs_again_without_repeating_it(
    home: Path, expected: pa.Table, ingest_server: IngestServer
) -> None:
    database = sqlite3.connect(home / "heartline.sqlite3", timeout=30, isolation_level=None)
    with worker(ingest_server, home):
        with holding_table_lock(home):
            wait_for("the worker to claim the task", lambda: task_row(home).status == "RUNNING")
            database.execute("BEGIN IMMEDIATE")  # the worker cannot mark the task done
        stamp = home / "warehouse" / FOLLOWUPS.name / STAMP_FILE
        wait_for("the worker to write the follow-ups", stamp.exists)
        kill_the_worker_running_it(home)
    database.execute("ROLLBACK")
    database.close()

    assert task_row(home).status == "RUNNING"
    assert DeltaTable(str(home / "warehouse" / FOLLOWUPS.name)).version() == 0

    rerun = heartline(ingest_server, home, "worker", "--batch")
    task = task_row(home)

    assert rerun.exit == 0, rerun.output
    assert task.status == "SUCCESSFUL"
    assert len(task.worker_ids) == 2
    # the follow-ups were current: not rebuilt (the interval table, built after them, may have been cut short)
    assert FOLLOWUPS.name not in [r["table_name"] for r in task.return_value]  # type: ignore[attr-defined]
    assert DeltaTable(str(home / "warehouse" / FOLLOWUPS.name)).version() == 0  # written once
    assert followups(home / "warehouse").equals(expected)
