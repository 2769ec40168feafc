"""The result cache is shared on disk: a restart or a second process starts warm, a write still makes
the next answer fresh, and the folder stays within its bound (ADR 0008)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from heartline.contacts.metrics import ContactVolume
from heartline.contacts.tables import CONTACTS
from heartline.warehouse.calendar import Calendar
from heartline.warehouse.result_cache import Remembered, ResultCache
from heartline.warehouse.runners import MetricQuery
from heartline.warehouse.scope import Scope
from heartline.warehouse.shared_cache import SUFFIX, TEMP_PREFIX, SharedCache, stable_key
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.warehouse.test_result_cache import CountingSource, contacts


def volume(source: CountingSource, scope: Scope) -> ContactVolume:
    return ContactVolume(MetricQuery(by=("unit",)), scope, source)


def test_a_new_cache_over_the_same_warehouse_answers_without_a_query(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1", "c2"))
    first = ResultCache(wh).run(volume(CountingSource(wh), Scope.of_units("u1", "u2")))

    # a restarted server, or a second worker: a fresh cache object and a fresh source
    source = CountingSource(wh)
    again = ResultCache(wh).run(volume(source, Scope.of_units("u2", "u1")))

    assert again.rows == first.rows
    assert source.executed == 0


def test_a_write_makes_the_shared_answer_fresh_for_every_process(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1", "c2"))
    ResultCache(wh).run(volume(CountingSource(wh), Scope.everything()))

    write_batch(wh, CONTACTS, contacts("c3"))  # an ingest, by any process
    source = CountingSource(wh)

    assert ResultCache(wh).run(volume(source, Scope.everything())).rows[0]["n"] == 3
    assert source.executed == 1


def test_another_calendar_is_another_answer(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1"))
    ResultCache(wh).run(volume(CountingSource(wh), Scope.everything()))
    source = CountingSource(wh, calendar=Calendar("America/New_York"))

    ResultCache(wh).run(volume(source, Scope.everything()))

    assert source.executed == 1


def test_remembered_answers_are_shared_too(wh: Warehouse) -> None:
    write_batch(wh, CONTACTS, contacts("c1"))
    Remembered(wh).get(("page", "u1"), lambda: {"answer": 1})

    assert Remembered(wh).get(("page", "u1"), lambda: {"answer": 2}) == {"answer": 1}
    write_batch(wh, CONTACTS, contacts("c2"))
    assert Remembered(wh).get(("page", "u1"), lambda: {"answer": 3}) == {"answer": 3}


def test_the_folder_keeps_within_its_bound_evicting_the_least_recently_used(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path / "cache", max_bytes=30_000, memory_entries=2)
    for i in range(20):
        cache.put(("answer", i), b"x" * 5_000)
        cache.forget_memory()
        assert cache.lookup(("answer", 0))[0]  # read from disk on every round: recently used, it stays

    assert cache.disk_bytes() <= 30_000
    fresh = SharedCache(tmp_path / "cache", max_bytes=30_000)
    assert fresh.lookup(("answer", 0)) == (True, b"x" * 5_000)  # kept: used all along
    assert fresh.lookup(("answer", 19)) == (True, b"x" * 5_000)  # kept: the newest
    assert fresh.lookup(("answer", 1)) == (False, None)  # evicted


def test_an_answer_larger_than_the_bound_is_not_written(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path / "cache", max_bytes=1_000)
    cache.put("big", b"x" * 5_000)

    assert cache.disk_bytes() == 0


def test_writes_leave_no_temporary_files_and_a_torn_file_is_a_miss(tmp_path: Path) -> None:
    cache = SharedCache(tmp_path / "cache")
    cache.put("k", [1, 2, 3])
    assert not list(cache.folder.glob(f"{TEMP_PREFIX}*"))

    (answer,) = cache.folder.glob(f"*{SUFFIX}")
    answer.write_bytes(answer.read_bytes()[:5])  # torn
    fresh = SharedCache(tmp_path / "cache")

    assert fresh.get("k", lambda: [4]) == [4]


def test_a_key_without_a_stable_spelling_stays_in_this_process(tmp_path: Path) -> None:
    class Opaque:
        pass

    key = ("k", Opaque())
    cache = SharedCache(tmp_path / "cache")
    cache.put(key, 1)

    assert cache.lookup(key) == (True, 1)
    assert cache.disk_bytes() == 0


def test_sets_in_a_key_are_spelled_the_same_in_every_process() -> None:
    key = (Scope.of_units("claims", "pharmacy", "medicare", "commercial"), {"b": 1, "a": (1, 2)})
    code = (
        "from heartline.warehouse.scope import Scope; from heartline.warehouse.shared_cache import stable_key;"
        "print(stable_key((Scope.of_units('claims', 'pharmacy', 'medicare', 'commercial'), {'b': 1, 'a': (1, 2)})))"
    )
    spellings = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }

    assert spellings == {stable_key(key)}
