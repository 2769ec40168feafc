"""SIGKILL `heartline ingest` at seeded random moments: the warehouse holds all of the file or none of it.

For every kind (tests.faults.kinds) and two starting points — an empty warehouse (the first-load
path) and one already holding an earlier file that the new file partly changes (the merge path) —
the ingest is killed at moments drawn from a seeded generator over the time a clean run takes.
After each kill the table is exactly as before the ingest or exactly as after a clean one; readers
(Delta and the app's DuckDB reader) open it and agree; the batch log opens; and running the same
command again stores exactly the file. HEARTLINE_FAULT_SEED picks other moments.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import BATCH_LOG
from tests.faults.kinds import CHANGED, KINDS, ROWS, FaultKind
from tests.faults.server import IngestServer, heartline_env

SEED = int(os.environ.get("HEARTLINE_FAULT_SEED", "13"))
KILLS_PER_START = 3  # × 2 starting points × 6 kinds = 36 kills
STARTS = ("empty", "holding-first-file")
ROWS_AFTER = {"empty": ROWS, "holding-first-file": 2 * ROWS - CHANGED}  # the first file's, changed or not


def content(warehouse: Path, spec: TableSpec) -> pa.Table:
    """The table's committed rows in key order (none when it was never written)."""
    delta = Warehouse(warehouse).open(spec)
    if delta is None:
        return spec.empty()
    return delta.to_pyarrow_table().select(spec.schema.names).sort_by(spec.natural_key[0])


def same(table: pa.Table, other: pa.Table) -> bool:
    """The same rows (an empty table equals no table, whatever schema the reader gave it)."""
    return table.num_rows == other.num_rows and (table.num_rows == 0 or table.equals(other))


@dataclass(frozen=True)
class Baseline:
    """One kind's files, the warehouse holding its first file, and the tables clean runs leave."""

    second_file: Path
    holding_first: Path  # a warehouse after a clean ingest of the first file
    before: dict[str, pa.Table]  # by start
    after: dict[str, pa.Table]  # by start: after a clean ingest of the second file
    clean_seconds: dict[str, float]  # by start: how long a clean ingest of the second file takes
    storing_from: dict[str, float]  # by start: when it began to write the table


_baselines: dict[str, Baseline] = {}


def baseline(kind: FaultKind, server: IngestServer, folder: Path) -> Baseline:
    """Built once per kind and test process: the files, and the tables clean ingests leave."""
    if kind.name in _baselines:
        return _baselines[kind.name]
    if kind.prepare is not None:  # into the server's one app database, which every run shares
        prepared = server.run(["ingest", kind.kind, str(kind.prepare(folder / "files"))], folder / "prepared")
        assert prepared.exit == 0, prepared.output
    first, second = kind.first_file(folder / "files"), kind.second_file(folder / "files")
    holding_first = folder / "holding-first-file"
    assert server.run(["ingest", kind.kind, str(first)], holding_first).exit == 0
    before, after, seconds, storing_from = {}, {}, {}, {}
    for start in STARTS:
        warehouse = folder / f"clean-{start}"
        if start != "empty":
            shutil.copytree(holding_first, warehouse, ignore=shutil.ignore_patterns(".locks"))
        before[start] = content(warehouse, kind.table)
        run = server.run(["ingest", kind.kind, str(second)], warehouse)
        assert run.exit == 0, run.output
        after[start] = content(warehouse, kind.table)
        seconds[start] = run.seconds
        # The table's lock file is made when the writer takes the lock, just before it writes.
        lock = warehouse / ".locks" / f"{kind.table.name}.lock"
        storing_from[start] = min(max(0.0, lock.stat().st_mtime - run.started_at), run.seconds)
    _baselines[kind.name] = Baseline(second, holding_first, before, after, seconds, storing_from)
    return _baselines[kind.name]


@pytest.mark.parametrize("kill", range(KILLS_PER_START))
@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_a_killed_ingest_leaves_all_of_the_file_or_none_and_a_rerun_stores_it(
    kind: FaultKind, start: str, kill: int, ingest_server: IngestServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    base = baseline(kind, ingest_server, tmp_path_factory.mktemp(kind.name))
    warehouse = tmp_path_factory.mktemp("killed") / "warehouse"
    if start != "empty":
        shutil.copytree(base.holding_first, warehouse)
    # The first kill of each start lands anywhere in the run, the others while it stores.
    earliest = 0.0 if kill == 0 else base.storing_from[start]
    moment = random.Random(f"{SEED}:{kind.name}:{start}:{kill}").uniform(earliest, base.clean_seconds[start])  # noqa: S311
    command = ["ingest", kind.kind, str(base.second_file), "--json"]

    started = ingest_server.start(command, warehouse)
    killed = ingest_server.finish(started, kill_after=moment)
    stored = content(warehouse, kind.table)

    assert killed.killed or killed.exit == 0, killed.output
    assert _left_behind(started.output) == [], "processes of the killed ingest (e.g. its workers) live on"
    assert same(stored, base.before[start]) or same(stored, base.after[start]), (
        f"partial table after a kill at {moment:.3f} s: {stored.num_rows} rows"
    )
    reader = DuckDBSource(Warehouse(warehouse))
    table = reader.table(kind.table)
    assert reader.execute(table.aggregate(rows=table.count(), keys=table[kind.key].nunique())) == [
        {"rows": stored.num_rows, "keys": stored.num_rows}
    ]
    content(warehouse, BATCH_LOG)  # the batch log opens too

    rerun = ingest_server.run(command, warehouse)
    counts = json.loads(rerun.output.strip().splitlines()[-1])

    assert rerun.exit == 0, rerun.output
    assert same(content(warehouse, kind.table), base.after[start])
    assert counts["read"] == ROWS
    assert counts["inserted"] + counts["updated"] + counts["unchanged"] == ROWS
    assert base.after[start].num_rows == ROWS_AFTER[start]


def _left_behind(output: Path, seconds: float = 5.0) -> list[int]:
    """Processes still holding a killed run's output file open `seconds` after it ended (its worker
    processes inherit it): none, once each noticed the kill."""
    deadline = time.monotonic() + seconds
    while True:
        holders = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _holds(int(p.name), output)]
        if not holders or time.monotonic() > deadline:
            return holders
        time.sleep(0.1)


def _holds(pid: int, path: Path) -> bool:
    """True when process `pid` has `path` open."""
    try:
        return any(os.readlink(fd) == str(path) for fd in Path(f"/proc/{pid}/fd").iterdir())
    except OSError:  # it ended, or an fd closed while we looked
        return False


def test_a_heartline_process_killed_while_holding_the_write_lock_leaves_all_or_none(
    ingest_server: IngestServer, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The same, once, for a whole `heartline ingest` process (not a fork of the server), killed
    the moment it takes the table's write lock, just before it writes."""
    kind = KINDS[0]
    base = baseline(kind, ingest_server, tmp_path_factory.mktemp(kind.name))
    home = tmp_path_factory.mktemp("real-home")
    warehouse = home / "warehouse"
    shutil.copytree(base.holding_first, warehouse)
    lock = warehouse / ".locks" / f"{kind.table.name}.lock"
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("heartline")), "ingest", kind.kind, str(base.second_file)],
        env=heartline_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while process.poll() is None and not _holds(process.pid, lock):
            time.sleep(0.001)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=120)
    stored = content(warehouse, kind.table)

    assert same(stored, base.before["holding-first-file"]) or same(stored, base.after["holding-first-file"])

    rerun = ingest_server.run(["ingest", kind.kind, str(base.second_file)], warehouse)

    assert rerun.exit == 0, rerun.output
    assert same(content(warehouse, kind.table), base.after["holding-first-file"])
