"""Files read a few rows at a time: problems name the right row whatever batch it came in, an id repeated
in two batches is caught, a re-run stores nothing new, and gzipped files load like plain ones."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from heartline.ingest import IngestOptions, batches, streamed
from heartline.ingest.engine import IngestContext, ingest_files
from heartline.warehouse import staged
from tests.contacts.ingest_fixtures import stored_rows
from tests.ingest.test_calls import TEST_CALLS, TEST_CALLS_FORMAT

HEADER = "call_id,placed_at,rings,outcome,recorded"


def _rows(count: int, start: int = 1) -> list[str]:
    return [f"T{i},2026-03-02T09:{i % 60:02d}:00Z,{i % 9 + 1},answered,true" for i in range(start, start + count)]


def _csv(folder: Path, rows: list[str], name: str = "calls.csv") -> Path:
    path = folder / name
    text = "\n".join([HEADER, *rows]) + "\n"
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def tiny_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of a few rows, so a 40-row file spans many of them."""
    monkeypatch.setattr(batches, "BATCH_ROWS", 4)
    monkeypatch.setattr(batches, "CSV_BATCH_BYTES", 200)
    monkeypatch.setattr(batches, "CSV_BATCH_ROWS", 6)  # a batch groups a few blocks
    monkeypatch.setattr(batches, "JSON_CHUNK_BYTES", 300)


def test_a_bad_value_deep_in_a_csv_names_its_row_and_field(tmp_path: Path, context: IngestContext) -> None:
    rows = _rows(40)
    rows[33] = "T34,2026-03-02T09:00:00Z,0,answered,true"  # row 35 (the header is row 1)

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, rows)], IngestOptions(), context)

    assert not report.accepted
    assert report.problems == ['calls.csv row 35, field rings: "0" is not a whole number from 1 to 10']
    assert report.counts.as_dict() == {"read": 40, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1}
    assert context.warehouse.open(TEST_CALLS) is None


def test_a_row_with_too_many_values_late_in_a_csv_keeps_the_rows_after_it_numbered(
    tmp_path: Path, context: IngestContext
) -> None:
    rows = _rows(30)
    rows[20] = "T21,2026-03-02T09:00:00Z,1,answered,true,extra"  # row 22
    rows[25] = "T26,2026-03-02T09:00:00Z,0,answered,true"  # row 27

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, rows)], IngestOptions(skip_bad=True), context)

    assert report.accepted
    assert [line.split(":")[0] for line in report.problems] == ["calls.csv row 22", "calls.csv row 27, field rings"]
    assert report.counts.as_dict() == {"read": 30, "inserted": 28, "updated": 0, "unchanged": 0, "rejected": 2}


def test_an_id_in_two_batches_is_named_on_both_rows(tmp_path: Path, context: IngestContext) -> None:
    rows = _rows(30)
    rows[28] = rows[2].replace("answered", "busy")  # T3 again, at row 30

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, rows)], IngestOptions(), context)

    assert not report.accepted
    assert report.problems == [
        'calls.csv row 4, field call_id: "T3" appears again at row 30',
        'calls.csv row 30, field call_id: "T3" appears again (first at row 4)',
    ]
    assert context.warehouse.open(TEST_CALLS) is None


@pytest.mark.parametrize("share_rows", [7, 1_000])
def test_repeated_ids_are_found_when_the_keys_hashes_are_sorted_a_share_at_a_time(
    tmp_path: Path, context: IngestContext, monkeypatch: pytest.MonkeyPatch, share_rows: int
) -> None:
    """A file with more keys than sort in memory at once (100M contacts) is checked in shares of the
    hashes: each repeated id is still named on both rows, and no spilled file is left behind."""
    monkeypatch.setattr(streamed, "HASHED_KEYS_MAX_ROWS", share_rows)
    rows = _rows(40)
    rows[30] = rows[1].replace("answered", "busy")  # T2 again, at row 32
    rows[39] = rows[17]  # T18 again, at row 41

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, rows)], IngestOptions(), context)

    assert report.problems == [
        'calls.csv row 3, field call_id: "T2" appears again at row 32',
        'calls.csv row 19, field call_id: "T18" appears again at row 41',
        'calls.csv row 32, field call_id: "T2" appears again (first at row 3)',
        'calls.csv row 41, field call_id: "T18" appears again (first at row 19)',
    ]
    assert list((context.warehouse.root / ".tmp").glob("key-hashes-*")) == []


def test_with_skip_bad_both_rows_of_a_repeated_id_are_left_out(tmp_path: Path, context: IngestContext) -> None:
    rows = _rows(30)
    rows[28] = rows[2]

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, rows)], IngestOptions(skip_bad=True), context)

    stored = [r["call_id"] for r in stored_rows(context.warehouse, TEST_CALLS)]
    assert report.counts.as_dict() == {"read": 30, "inserted": 28, "updated": 0, "unchanged": 0, "rejected": 2}
    assert len(stored) == 28
    assert "T3" not in stored
    rejects = Path(report.rejects_path or "").read_text().splitlines()
    assert [line.split(",")[-3] for line in rejects[1:]] == ["4", "30"]


def test_running_a_many_batch_file_again_changes_nothing(tmp_path: Path, context: IngestContext) -> None:
    path = _csv(tmp_path, _rows(40))

    first = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)
    again = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    assert first.counts.inserted == 40
    assert again.counts.as_dict() == {"read": 40, "inserted": 0, "updated": 0, "unchanged": 40, "rejected": 0}
    assert len(stored_rows(context.warehouse, TEST_CALLS)) == 40


def test_a_later_file_with_new_and_changed_rows_merges_on_the_key(tmp_path: Path, context: IngestContext) -> None:
    ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, _rows(20))], IngestOptions(), context)
    changed = [r.replace("answered", "busy") for r in _rows(5, start=16)] + _rows(10, start=21)

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, changed, "more.csv")], IngestOptions(), context)

    stored = {r["call_id"]: r["outcome"] for r in stored_rows(context.warehouse, TEST_CALLS)}
    assert report.counts.as_dict() == {"read": 15, "inserted": 10, "updated": 5, "unchanged": 0, "rejected": 0}
    assert (len(stored), stored["T16"], stored["T15"]) == (30, "busy", "answered")


def test_a_value_emptied_in_a_later_file_replaces_the_stored_one_among_many_new_rows(
    tmp_path: Path, context: IngestContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    # More new rows than are merged with the changed ones: the new rows are committed first.
    monkeypatch.setattr(staged, "MERGE_NEW_MAX_ROWS", 4)
    ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, _rows(20))], IngestOptions(), context)
    emptied = [r.removesuffix("true") for r in _rows(3, start=18)] + _rows(10, start=21)

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, emptied, "more.csv")], IngestOptions(), context)

    stored = {r["call_id"]: r["recorded"] for r in stored_rows(context.warehouse, TEST_CALLS)}
    assert report.counts.as_dict() == {"read": 13, "inserted": 10, "updated": 3, "unchanged": 0, "rejected": 0}
    assert (len(stored), stored["T18"], stored["T17"], stored["T30"]) == (30, None, True, True)


@pytest.fixture
def small_staged_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """Staged files of one 4-row batch each: a later file spans files all new, mixed and unchanged."""
    monkeypatch.setattr(staged, "STAGED_FILE_ROWS", 4)


@pytest.mark.usefixtures("small_staged_files")
def test_a_rerun_of_many_staged_files_commits_nothing(tmp_path: Path, context: IngestContext) -> None:
    path = _csv(tmp_path, _rows(40))
    ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)
    version = context.warehouse.open(TEST_CALLS).version()  # type: ignore[union-attr]

    again = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    assert again.counts.as_dict() == {"read": 40, "inserted": 0, "updated": 0, "unchanged": 40, "rejected": 0}
    assert context.warehouse.open(TEST_CALLS).version() == version  # type: ignore[union-attr]


@pytest.mark.usefixtures("small_staged_files")
@pytest.mark.parametrize("merged_new_max", [1_000, 4])
def test_new_changed_and_unchanged_rows_across_staged_files_store_exactly_the_new_and_changed(
    tmp_path: Path, context: IngestContext, monkeypatch: pytest.MonkeyPatch, merged_new_max: int
) -> None:
    # New rows merged with the changed ones in one commit, or (past 4) committed first.
    monkeypatch.setattr(staged, "MERGE_NEW_MAX_ROWS", merged_new_max)
    ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, _rows(40))], IngestOptions(), context)
    busy = [r.replace("answered", "busy") for r in _rows(3, start=16)]
    emptied = [r.removesuffix("true") for r in _rows(2, start=33)]
    later = _rows(5) + busy + _rows(2, start=19) + _rows(11, start=41) + emptied + _rows(3, start=60)

    report = ingest_files(TEST_CALLS_FORMAT, [_csv(tmp_path, later, "later.csv")], IngestOptions(), context)

    stored = {r["call_id"]: (r["outcome"], r["recorded"]) for r in stored_rows(context.warehouse, TEST_CALLS)}
    assert report.counts.as_dict() == {"read": 26, "inserted": 14, "updated": 5, "unchanged": 7, "rejected": 0}
    assert len(stored) == 54
    assert [stored[k] for k in ("T15", "T16", "T18", "T19", "T33", "T34", "T35", "T51", "T62")] == [
        ("answered", True),
        ("busy", True),
        ("busy", True),
        ("answered", True),
        ("answered", None),
        ("answered", None),
        ("answered", True),
        ("answered", True),
        ("answered", True),
    ]


def test_an_id_in_two_files_keeps_the_later_files_row(tmp_path: Path, context: IngestContext) -> None:
    first = _csv(tmp_path, _rows(12), "a.csv")
    second = _csv(tmp_path, [r.replace("answered", "voicemail") for r in _rows(3, start=10)], "b.csv")

    report = ingest_files(TEST_CALLS_FORMAT, [first, second], IngestOptions(), context)

    stored = {r["call_id"]: r["outcome"] for r in stored_rows(context.warehouse, TEST_CALLS)}
    assert report.counts.inserted == 12
    assert (len(stored), stored["T11"], stored["T9"]) == (12, "voicemail", "answered")


def test_gzipped_csv_and_json_lines_load_like_plain_ones(tmp_path: Path, context: IngestContext) -> None:
    lines = [
        json.dumps({"call_id": f"J{i}", "placed_at": "2026-03-02T09:00:00Z", "rings": i % 9 + 1, "outcome": "busy"})
        for i in range(30)
    ]
    lines[17] = '{"call_id": "J17", "placed_at": "2026-03-02T09:00:00Z", "rings": 0}'
    jsonl = tmp_path / "calls.jsonl.gz"
    jsonl.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    csv = _csv(tmp_path, _rows(25), "calls.csv.gz")

    report = ingest_files(TEST_CALLS_FORMAT, [csv, jsonl], IngestOptions(skip_bad=True), context)

    assert report.problems == ['calls.jsonl.gz row 18, field rings: "0" is not a whole number from 1 to 10']
    assert report.counts.as_dict() == {"read": 55, "inserted": 54, "updated": 0, "unchanged": 0, "rejected": 1}


def test_a_parquet_file_is_read_in_row_batches_with_row_numbers(tmp_path: Path, context: IngestContext) -> None:
    ids = [f"P{i}" for i in range(1, 31)]
    rings = [3] * 30
    rings[22] = 12  # record 23
    path = tmp_path / "calls.parquet"
    table = pa.table({"call_id": ids, "placed_at": ["2026-03-02T09:00:00Z"] * 30, "rings": rings})
    pq.write_table(table, path, row_group_size=7)

    report = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    assert report.problems == ['calls.parquet row 23, field rings: "12" is larger than 10']
    assert (report.counts.rejected, report.counts.read) == (1, 30)
