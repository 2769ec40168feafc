# ruff: noqa: E501 - the problem lines are quoted whole, as people read them
"""`heartline ingest transcripts`: good files load, every malformed one is refused with its problems
named by file, row and field, nothing of a refused ingest is stored, and a re-run changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from heartline.core.models import AccessLogEntry
from heartline.ingest import IngestOptions
from heartline.ingest.kinds import get_kind
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.store import Warehouse
from tests.transcripts.world import contact_lens, stored_rows, transcript, write_jsonl, write_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(app_warehouse: Warehouse, personas: object) -> Warehouse:
    write_world(app_warehouse)
    return app_warehouse


def load(*paths: Path, file_format: str = "native", skip_bad: bool = False):  # type: ignore[no-untyped-def]
    return get_kind("transcripts")(list(paths), IngestOptions(format=file_format, skip_bad=skip_bad))


def test_a_native_file_loads_each_transcript_with_its_contact_member_and_turns(
    world: Warehouse, tmp_path: Path
) -> None:
    report = load(write_jsonl(tmp_path / "calls.jsonl", transcript("t-1"), transcript("t-2", language="es")))

    rows = stored_rows(world)
    assert report.accepted, report.problems
    assert report.counts.as_dict() == {"read": 2, "inserted": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    assert [(r["contact_id"], r["member_id"], r["unit"], r["agent_id"], r["language"]) for r in rows] == [
        ("t-1", "NBH000012345", "commercial", "e-agent", "en"),
        ("t-2", "NBH000012345", "medicare", "e-other", "es"),
    ]
    assert [(t["speaker"], t["start_ms"], t["end_ms"]) for t in rows[0]["turns"]] == [
        ("agent", 0, 3000), ("member", 3200, 9000), ("member", 9100, 14000), ("agent", 14500, 17000)
    ]  # fmt: skip
    assert (rows[0]["turn_count"], rows[0]["duration_ms"], rows[0]["contact_known"]) == (4, 17000, True)
    assert RawTranscript.objects.count() == 2
    assert AccessLogEntry.objects.filter(action="ingest.transcripts", resource="warehouse:transcripts").count() == 1


def test_a_contact_lens_file_loads_as_the_same_transcript(world: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "t-1_analysis.json"
    path.write_text(json.dumps(contact_lens("t-1", "es-US")), encoding="utf-8")

    report = load(path, file_format="contact-lens")

    (row,) = stored_rows(world)
    assert report.accepted, report.problems
    assert (row["contact_id"], row["language"], row["source"], row["member_id"]) == (
        "t-1",
        "es",
        "contact-lens",
        "NBH000012345",
    )
    assert [(t["speaker"], t["start_ms"], t["end_ms"]) for t in row["turns"]] == [
        ("agent", 0, 2500),
        ("member", 2600, 8000),
    ]
    assert row["turns"][1]["text"] == "Soy [NAME], mi teléfono es [PHONE]."


def test_a_contact_lens_chat_file_reads_roles_and_absolute_times(world: Warehouse, tmp_path: Path) -> None:
    chat = {
        "LanguageCode": "zh-CN",
        "Channel": "CHAT",
        "Participants": [{"ParticipantId": "u-1", "ParticipantRole": "CUSTOMER"}, {"ParticipantId": "u-2", "ParticipantRole": "AGENT"}],
        "Transcript": [
            {"Id": "1", "ParticipantId": "u-2", "Content": "您好", "AbsoluteTime": "2026-03-02T09:00:00.000Z"},
            {"Id": "2", "ParticipantId": "u-1", "Content": "我想问处方", "AbsoluteTime": "2026-03-02T09:00:04.500Z"},
        ],
        "CustomerMetadata": {"ContactId": "t-1"},
    }  # fmt: skip
    path = tmp_path / "chat.json"
    path.write_text(json.dumps(chat, ensure_ascii=False), encoding="utf-8")

    report = load(path, file_format="contact-lens")

    (row,) = stored_rows(world)
    assert report.accepted, report.problems
    assert row["language"] == "zh"
    assert [(t["speaker"], t["start_ms"], t["text"]) for t in row["turns"]] == [
        ("agent", 0, "您好"),
        ("member", 4500, "我想问处方"),
    ]


def test_a_rerun_changes_nothing_and_a_changed_transcript_replaces_the_stored_one_whole(
    world: Warehouse, tmp_path: Path
) -> None:
    first = write_jsonl(tmp_path / "first.jsonl", transcript("t-1"), transcript("t-2"))
    load(first)
    sealed = dict(RawTranscript.objects.values_list("contact_id", "sealed"))

    again = load(first)
    shorter = transcript("t-1")
    shorter["turns"] = shorter["turns"][:1]
    changed = load(write_jsonl(tmp_path / "second.jsonl", shorter))

    rows = stored_rows(world)
    assert again.counts.as_dict() == {"read": 2, "inserted": 0, "updated": 0, "unchanged": 2, "rejected": 0}
    assert changed.counts.as_dict() == {"read": 1, "inserted": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    assert [r["turn_count"] for r in rows] == [1, 4]
    assert len(rows[0]["turns"]) == 1
    raw = dict(RawTranscript.objects.values_list("contact_id", "sealed"))
    assert raw["t-2"] == sealed["t-2"]  # the same transcript is not sealed again
    assert raw["t-1"] != sealed["t-1"]


def test_a_transcript_of_a_contact_not_stored_is_kept_flagged_and_said_so(world: Warehouse, tmp_path: Path) -> None:
    report = load(write_jsonl(tmp_path / "calls.jsonl", transcript("t-404")))

    (row,) = stored_rows(world)
    assert report.accepted
    assert (row["contact_known"], row["member_id"], row["unit"], row["agent_id"]) == (False, None, None, None)
    assert report.problems == [
        "note: 1 transcript(s) name a contact Heartline has not stored (t-404): stored without a member, seen "
        "only by people who see everything; load the contacts, then ingest these transcripts again to link them"
    ]


def _bad_turn(**changes: object) -> dict[str, object]:
    record = transcript("t-1")
    record["turns"][1].update(changes)
    return record


MALFORMED: dict[str, tuple[list[object], list[str]]] = {
    "unknown language": (
        [transcript(language="fr")],
        ['f.jsonl row 1, field language: "fr" is not one of en, es, zh'],
    ),
    "no contact id": (
        [transcript(contact_id="")],
        ["f.jsonl row 1, field contact_id: is required but empty"],
    ),
    "unknown speaker": (
        [_bad_turn(speaker="caller")],
        ['f.jsonl row 1, field turns[1].speaker: "caller" is not one of agent, member, system'],
    ),
    "negative time": (
        [_bad_turn(start_ms=-5)],
        ['f.jsonl row 1, field turns[1].start_ms: "-5" is not a whole number of 0 or more'],
    ),
    "time as text": (
        [_bad_turn(end_ms="9s")],
        ['f.jsonl row 1, field turns[1].end_ms: "9s" is not a whole number of milliseconds'],
    ),
    "end before start": (
        [_bad_turn(end_ms=100)],
        ['f.jsonl row 1, field turns[1].end_ms: "100" is before start_ms "3200"'],
    ),
    "turns out of order": (
        [_bad_turn(start_ms=20_000, end_ms=21_000)],
        [
            'f.jsonl row 1, field turns[2].start_ms: "9100" is before the previous turn\'s start "20000": '
            "turns are listed in the order they were spoken"
        ],
    ),
    "empty text": (
        [_bad_turn(text="")],
        ["f.jsonl row 1, field turns[1].text: is required but empty"],
    ),
    "no turns": (
        [transcript(turns=[])],
        ["f.jsonl row 1, field turns: has no turns: a transcript holds at least one"],
    ),
    "turns not a list": (
        [transcript(turns="hello")],
        ["f.jsonl row 1, field turns: is a string, not an array of turns"],
    ),
    "unknown field": (
        [transcript(ssn="123-45-6789")],
        ["f.jsonl row 1: unknown field(s) ssn; the native transcripts format has contact_id, language, turns"],
    ),
    "not JSON": (
        [transcript("t-1"), '{"contact_id": "t-2", "turns": ['],
        ["f.jsonl row 2: is not JSON (cut short?)"],
    ),
    "not an object": (
        [transcript("t-1"), "[1, 2]", '"t-2"'],
        ["f.jsonl row 2: is an array, not a JSON object", "f.jsonl row 3: is a string, not a JSON object"],
    ),
    "same contact twice": (
        [transcript("t-1"), transcript("t-1")],
        [
            'f.jsonl row 1, field contact_id: "t-1" appears again at row 2',
            'f.jsonl row 2, field contact_id: "t-1" appears again (first at row 1)',
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_a_malformed_transcript_is_refused_with_its_problem_and_nothing_is_stored(
    case: str, world: Warehouse, tmp_path: Path
) -> None:
    records, expected = MALFORMED[case]

    report = load(write_jsonl(tmp_path / "f.jsonl", *records))

    assert not report.accepted
    assert report.problems == expected
    assert report.counts.inserted + report.counts.updated + report.counts.unchanged == 0
    assert report.counts.rejected >= 1
    assert world.open(TRANSCRIPTS) is None
    assert RawTranscript.objects.count() == 0


def test_a_problem_in_one_file_refuses_the_other_files_too(world: Warehouse, tmp_path: Path) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", transcript("t-1"))
    bad = write_jsonl(tmp_path / "bad.jsonl", transcript("t-2", language="fr"))

    report = load(good, bad)

    assert not report.accepted
    assert report.counts.as_dict() == {"read": 2, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 1}
    assert world.open(TRANSCRIPTS) is None


def test_skip_bad_stores_the_good_transcripts_and_lists_the_bad(world: Warehouse, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "f.jsonl", transcript("t-1"), transcript("t-2", language="fr"), "not json")

    report = load(path, skip_bad=True)

    assert report.accepted
    assert report.counts.as_dict() == {"read": 3, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 2}
    assert report.problems == [
        'f.jsonl row 2, field language: "fr" is not one of en, es, zh',
        "f.jsonl row 3: is not JSON (cut short?)",
    ]
    assert [r["contact_id"] for r in stored_rows(world)] == ["t-1"]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("calls.csv", b"contact_id\n", "calls.csv: unknown file type .csv; native transcript files end in .jsonl, .ndjson, .json"),
        ("calls.jsonl", b"\xff\xfe{\x00", "calls.jsonl: is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"),
        ("calls.jsonl", b'{"contact_id": "t-1"}\n{"text": "caf\xe9"}\n',
         "calls.jsonl: is not UTF-8 text: line 2 holds byte 0xE9, which UTF-8 never has there; save it as UTF-8"),
        ("calls.json", b'[{"contact_id": "t-1"}]', "calls.json: is one JSON array; native transcript files hold one object per line (JSON Lines)"),
    ],
)  # fmt: skip
def test_a_file_unreadable_as_a_whole_is_refused_even_with_skip_bad(
    name: str, content: bytes, expected: str, world: Warehouse, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    report = load(path, skip_bad=True)

    assert not report.accepted
    assert report.problems == [expected]
    assert world.open(TRANSCRIPTS) is None


CONTACT_LENS_MALFORMED = {
    "no contact id": (
        lambda d: d.pop("CustomerMetadata"),
        ["a.json: field CustomerMetadata: is missing: it holds the ContactId the transcript belongs to"],
    ),
    "unsupported language": (
        lambda d: d.update(LanguageCode="fr-FR"),
        ['a.json: field LanguageCode: "fr-FR" is not English, Spanish or Chinese (en-*, es-*, zh-*)'],
    ),
    "unknown participant": (
        lambda d: d["Transcript"][0].update(ParticipantId="ROBOT"),
        [
            'a.json: field Transcript[0].ParticipantId: "ROBOT" is not one of AGENT, SUPERVISOR, CUSTOMER, SYSTEM, CUSTOM_BOT'
        ],
    ),
    "offset not a number": (
        lambda d: d["Transcript"][1].update(BeginOffsetMillis="soon"),
        ['a.json: field Transcript[1].BeginOffsetMillis: "soon" is not a whole number of milliseconds'],
    ),
    "end before begin": (
        lambda d: d["Transcript"][1].update(EndOffsetMillis=10),
        ['a.json: field Transcript[1].EndOffsetMillis: "10" is before BeginOffsetMillis "2600"'],
    ),
    "no transcript": (
        lambda d: d.pop("Transcript"),
        ["a.json: field Transcript: is missing: the file holds no transcript"],
    ),
}


@pytest.mark.parametrize("case", sorted(CONTACT_LENS_MALFORMED))
def test_a_malformed_contact_lens_file_names_its_field(case: str, world: Warehouse, tmp_path: Path) -> None:
    change, expected = CONTACT_LENS_MALFORMED[case]
    document = contact_lens()
    change(document)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    report = load(path, file_format="contact-lens")

    assert not report.accepted
    assert report.problems == expected
    assert world.open(TRANSCRIPTS) is None


def test_a_contact_lens_file_that_is_not_json_names_line_and_column(world: Warehouse, tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_text('{\n  "Transcript": [,\n', encoding="utf-8")

    report = load(path, file_format="contact-lens")

    assert report.problems == ["a.json: is not JSON: Expecting value at line 2, column 18"]


def test_an_unknown_format_is_refused(world: Warehouse, tmp_path: Path) -> None:
    report = load(write_jsonl(tmp_path / "f.jsonl", transcript()), file_format="amazon-connect")

    assert report.problems == ["transcripts cannot be read in format 'amazon-connect' (formats: native, contact-lens)"]
