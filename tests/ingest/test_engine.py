"""The ingest engine with a format of the tests' own: every problem named, counts that agree with what
was refused, re-runs that change nothing, and a kind's own check, fill and vendor layout plugged in."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.ingest import IngestOptions, NativeFormat, VendorReader
from heartline.ingest.engine import IngestContext, ingest_files, ingest_records
from heartline.ingest.readers import RawRecords
from heartline.ingest.validation import Checked, flag_rows
from tests.contacts.ingest_fixtures import stored_rows
from tests.ingest.conftest import Events
from tests.ingest.test_calls import TEST_CALLS, TEST_CALLS_FORMAT

HEADER = "call_id,placed_at,rings,outcome,recorded"
GOOD = [
    "T1,2026-03-02T09:00:00Z,3,answered,true",
    "T2,2026-03-02T09:05:00-05:00,1,voicemail,false",
    "T3,2026-03-02T09:10:00Z,,busy,",
]
BAD = [
    "T4,2026-13-02T09:00:00Z,0,hung up,maybe",
    ",2026-03-02T09:00:00Z,11,answered,true",
]
TIME_REASON = "is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)"
EVERY_PROBLEM = [
    f'calls.csv row 5, field placed_at: "2026-13-02T09:00:00Z" {TIME_REASON}',
    'calls.csv row 5, field rings: "0" is not a whole number from 1 to 10',
    'calls.csv row 5, field outcome: "hung up" is not one of answered, voicemail, busy',
    'calls.csv row 5, field recorded: "maybe" is not true or false',
    "calls.csv row 6, field call_id: is required but empty",
    'calls.csv row 6, field rings: "11" is larger than 10',
]


def calls_file(folder: Path, rows: list[str], name: str = "calls.csv") -> Path:
    path = folder / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_format_of_its_own_loads_a_file(tmp_path: Path, context: IngestContext) -> None:
    report = ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD)], IngestOptions(), context)

    assert (report.accepted, report.counts.as_dict()) == (
        True,
        {"read": 3, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 0},
    )
    assert [(r["call_id"], r["rings"], r["recorded"]) for r in stored_rows(context.warehouse, TEST_CALLS)] == [
        ("T1", 3, True),
        ("T2", 1, False),
        ("T3", None, None),
    ]


def test_every_problem_in_a_file_is_reported_by_row_and_field(tmp_path: Path, context: IngestContext) -> None:
    report = ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD + BAD)], IngestOptions(), context)

    assert report.problems == EVERY_PROBLEM


def test_the_report_file_lists_every_problem(tmp_path: Path, context: IngestContext) -> None:
    ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD + BAD)], IngestOptions(), context)

    lines = (tmp_path / "calls.csv.report.txt").read_text(encoding="utf-8").splitlines()
    assert lines[-len(EVERY_PROBLEM) :] == EVERY_PROBLEM


def test_a_refused_file_counts_its_bad_rows_as_rejected_and_stores_nothing(
    tmp_path: Path, context: IngestContext
) -> None:
    report = ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD + BAD)], IngestOptions(), context)

    assert (report.accepted, report.counts.as_dict()) == (
        False,
        {"read": 5, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 2},
    )
    assert stored_rows(context.warehouse, TEST_CALLS) == []


def test_a_file_refused_as_a_whole_counts_every_row_as_rejected(tmp_path: Path, context: IngestContext) -> None:
    path = tmp_path / "calls.csv"
    path.write_text("call_id,placed_at,colour\nT1,2026-03-02T09:00:00Z,red\nT2,2026-03-02T09:00:00Z,blue\n")

    report = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    assert (report.counts.as_dict(), report.problems) == (
        {"read": 2, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 2},
        [
            "calls.csv: unknown column(s) colour; the native test-calls format has "
            "call_id, placed_at, rings, outcome, recorded"
        ],
    )


def test_skip_bad_stores_the_good_rows_and_counts_the_bad(tmp_path: Path, context: IngestContext) -> None:
    options = IngestOptions(skip_bad=True)

    report = ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD + BAD)], options, context)

    assert report.counts.as_dict() == {"read": 5, "inserted": 3, "updated": 0, "unchanged": 0, "rejected": 2}
    assert [r["call_id"] for r in stored_rows(context.warehouse, TEST_CALLS)] == ["T1", "T2", "T3"]


def test_running_a_file_again_changes_nothing(tmp_path: Path, context: IngestContext) -> None:
    path = calls_file(tmp_path, GOOD)
    ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    again = ingest_files(TEST_CALLS_FORMAT, [path], IngestOptions(), context)

    assert again.counts.as_dict() == {"read": 3, "inserted": 0, "updated": 0, "unchanged": 3, "rejected": 0}
    assert len(stored_rows(context.warehouse, TEST_CALLS)) == 3


def test_a_batch_of_records_is_checked_like_a_file(context: IngestContext) -> None:
    records = [
        {"call_id": "T1", "placed_at": "2026-03-02T09:00:00Z", "rings": 3},
        {"call_id": "T2", "placed_at": "2026-03-02T09:00:00Z", "rings": 0, "recorded": "maybe"},
    ]

    result = ingest_records(TEST_CALLS_FORMAT, records, context)

    assert (result.accepted, result.counts.as_dict(), result.problems) == (
        False,
        {"read": 2, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1},
        [
            {"row": 2, "field": "rings", "reason": '"0" is not a whole number from 1 to 10'},
            {"row": 2, "field": "recorded", "reason": '"maybe" is not true or false'},
        ],
    )


def test_an_id_repeated_in_a_batch_refuses_both_records(context: IngestContext) -> None:
    records = [
        {"call_id": "T1", "placed_at": "2026-03-02T09:00:00Z"},
        {"call_id": "T2", "placed_at": "2026-03-02T09:00:00Z"},
        {"call_id": "T1", "placed_at": "2026-03-02T10:00:00Z"},
    ]

    result = ingest_records(TEST_CALLS_FORMAT, records, context)

    assert (result.accepted, result.counts.rejected, result.problems) == (
        False,
        2,
        [
            {"row": 1, "field": "call_id", "reason": '"T1" appears again at row 3'},
            {"row": 3, "field": "call_id", "reason": '"T1" appears again (first at row 1)'},
        ],
    )


def test_rows_without_an_id_are_not_repeats_of_each_other(context: IngestContext) -> None:
    records = [{"placed_at": "2026-03-02T09:00:00Z"}, {"call_id": "T1", "placed_at": "2026-03-02T09:00:00Z"}]
    records.append({"placed_at": "2026-03-02T10:00:00Z"})

    result = ingest_records(TEST_CALLS_FORMAT, records, context)

    assert result.problems == [
        {"row": 1, "field": "call_id", "reason": "is required but empty"},
        {"row": 3, "field": "call_id", "reason": "is required but empty"},
    ]


def test_an_id_in_two_files_of_one_ingest_is_stored_from_the_later_file(tmp_path: Path, context: IngestContext) -> None:
    files = [calls_file(tmp_path, GOOD[:1]), calls_file(tmp_path, [GOOD[0].replace(",3,", ",4,")], "more.csv")]

    report = ingest_files(TEST_CALLS_FORMAT, files, IngestOptions(), context)

    assert report.problems == []
    assert [(r["call_id"], r["rings"]) for r in stored_rows(context.warehouse, TEST_CALLS)] == [("T1", 4)]


def test_each_ingest_is_recorded_with_its_counts(tmp_path: Path, context: IngestContext, events: Events) -> None:
    ingest_files(TEST_CALLS_FORMAT, [calls_file(tmp_path, GOOD + BAD)], IngestOptions(), context)

    assert [(e.kind, e.table, e.accepted, e.counts.rejected) for e in events] == [
        ("test-calls", "engine_test_calls", False, 2)
    ]


def _voicemail_rings_four_times(checked: Checked) -> Checked:
    rings = checked.table.column("rings")
    outcome = checked.table.column("outcome")
    short = pc.fill_null(pc.and_(pc.equal(outcome, "voicemail"), pc.less(rings, 4)), False)
    reasons = pa.repeat(pa.scalar("a voicemail answers after 4 rings or more", pa.string()), len(rings))
    return flag_rows(checked, TEST_CALLS_FORMAT, "rings", short, reasons)


def test_a_check_of_the_kinds_own_joins_the_shared_problems(tmp_path: Path, context: IngestContext) -> None:
    fmt = replace(TEST_CALLS_FORMAT, extra_check=_voicemail_rings_four_times)

    report = ingest_files(fmt, [calls_file(tmp_path, [*GOOD, BAD[0]])], IngestOptions(), context)

    assert report.problems == [
        "calls.csv row 3, field rings: a voicemail answers after 4 rings or more",
        *EVERY_PROBLEM[:4],
    ]


def test_columns_heartline_fills_are_filled_before_storing(tmp_path: Path, context: IngestContext) -> None:
    fmt = replace(
        TEST_CALLS_FORMAT,
        fields=TEST_CALLS_FORMAT.fields[:4],
        filled_by_heartline=(("recorded", "every test call is recorded"),),
        fill=lambda calls: calls.append_column("recorded", pa.repeat(pa.scalar(True), calls.num_rows)),
    )
    path = tmp_path / "calls.csv"
    path.write_text("call_id,placed_at\nT1,2026-03-02T09:00:00Z\n", encoding="utf-8")

    ingest_files(fmt, [path], IngestOptions(), context)

    assert [r["recorded"] for r in stored_rows(context.warehouse, TEST_CALLS)] == [True]


def _read_pipes(fmt: NativeFormat, paths: Sequence[Path], options: IngestOptions, home: Path) -> list[RawRecords]:
    path = paths[0]
    rows = [line.split("|") for line in path.read_text(encoding="utf-8").splitlines()]
    table = pa.table({"call_id": [r[0] for r in rows], "placed_at": [r[1] for r in rows]})
    return [RawRecords(path.name, path, table, np.arange(1, len(rows) + 1, dtype=np.int64))]


PIPES = VendorReader(read=_read_pipes, row_numbers="row numbers are line numbers")


def test_a_vendor_layout_plugs_in_by_name(tmp_path: Path, context: IngestContext) -> None:
    fmt = replace(TEST_CALLS_FORMAT, vendor_readers={"pipes": PIPES})
    path = tmp_path / "calls.txt"
    path.write_text("T1|2026-03-02T09:00:00Z\nT2|yesterday\n", encoding="utf-8")

    report = ingest_files(fmt, [path], IngestOptions(format="pipes"), context)

    assert report.problems == [f'calls.txt row 2, field placed_at: "yesterday" {TIME_REASON}']


def test_a_layout_the_kind_does_not_have_is_refused_naming_those_it_has(tmp_path: Path, context: IngestContext) -> None:
    fmt = replace(TEST_CALLS_FORMAT, vendor_readers={"pipes": PIPES})

    report = ingest_files(fmt, [calls_file(tmp_path, GOOD)], IngestOptions(format="xml"), context)

    assert (report.accepted, report.problems) == (
        False,
        ["test-calls cannot be read in format 'xml' (formats: native, pipes)"],
    )
