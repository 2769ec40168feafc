"""The warehouse's disk fills up during an ingest: a clear error, nothing stored before is lost, and
the same command stores the file once there is room again.

The warehouse lives on a small tmpfs mounted for the test (mounting needs root, as on this project's
machines and CI; elsewhere the test is skipped, saying why).
"""

from __future__ import annotations

import contextlib
import json
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.test import Client
from pytest_django.fixtures import Settings

from heartline.core.models import AccessLogEntry
from heartline.warehouse.store import Warehouse
from tests.faults.kinds import CHANGED, KINDS, ROWS
from tests.faults.server import IngestServer
from tests.faults.test_ingest_kills import content

CONTACTS_CSV = KINDS[0]
ROOM_LEFT = 32 * 1024  # bytes left free: less than the second file's data, more than a Delta log entry


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs of this test's own."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], capture_output=True, text=True
    )
    if mounted.returncode:
        pytest.skip(f"cannot mount a small tmpfs to fill (needs root): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


def fill(disk: Path, leave: int) -> Path:
    """A file taking all the room on `disk` but `leave` bytes."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        block = b"\1" * 4096
        with contextlib.suppress(OSError):  # until the disk is full
            while True:
                handle.write(block)
    size = filler.stat().st_size
    with filler.open("r+b") as handle:
        handle.truncate(max(0, size - leave))
    return filler


def test_a_full_disk_refuses_the_ingest_clearly_keeps_what_was_stored_and_a_rerun_stores_it(
    small_disk: Path, tmp_path: Path, ingest_server: IngestServer
) -> None:
    warehouse = small_disk / "warehouse"
    first, second = CONTACTS_CSV.first_file(tmp_path), CONTACTS_CSV.second_file(tmp_path)
    assert ingest_server.run(["ingest", "contacts", str(first)], warehouse).exit == 0
    stored_before = content(warehouse, CONTACTS_CSV.table)
    filler = fill(small_disk, ROOM_LEFT)

    refused = ingest_server.run(["ingest", "contacts", str(second), "--json"], warehouse)

    assert refused.exit == 1
    assert (
        f"the warehouse's disk is full (no space left on the device holding {warehouse}): nothing of this "
        "ingest was stored and what was stored before is intact; free some space there and run it again"
    ) in refused.output
    assert "Traceback" not in refused.output
    assert json.loads(refused.output.strip().splitlines()[-1]) == {
        "read": ROWS,
        "inserted": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert content(warehouse, CONTACTS_CSV.table).equals(stored_before)

    filler.unlink()
    rerun = ingest_server.run(["ingest", "contacts", str(second), "--json"], warehouse)

    assert rerun.exit == 0, rerun.output
    assert json.loads(rerun.output.strip().splitlines()[-1]) == {
        "read": ROWS,
        "inserted": ROWS - CHANGED,
        "updated": CHANGED,
        "unchanged": 0,
        "rejected": 0,
    }
    assert content(warehouse, CONTACTS_CSV.table).num_rows == 2 * ROWS - CHANGED


@pytest.mark.django_db
def test_an_api_batch_on_a_full_disk_answers_507_and_stores_nothing(
    small_disk: Path, client: Client, api_token: Callable[[str], str], settings: Settings
) -> None:
    settings.WAREHOUSE_DIR = small_disk / "warehouse"
    records = [CONTACTS_CSV.row(n, "first") for n in range(ROWS)]
    fill(small_disk, ROOM_LEFT)

    response = client.post(
        "/api/v1/ingest/contacts",
        data={"records": records},
        content_type="application/json",
        headers={"authorization": f"Bearer {api_token('admin')}"},
    )

    assert response.status_code == 507
    assert response.json()["detail"].startswith("the warehouse's disk is full (no space left on the device holding ")
    assert Warehouse(small_disk / "warehouse").open(CONTACTS_CSV.table) is None
    assert AccessLogEntry.objects.get(action="ingest.contacts").detail["failure"] == "disk full"
