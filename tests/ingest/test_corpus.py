# ruff: noqa: E501 - the problem lines are quoted whole, as people read them
"""The malformed-file corpus (tests/ingest/corpus/, made by its build.py): each file, loaded with
`heartline ingest KIND` (the folder names the kind), gives exactly the problems listed here — file,
row and field named, no traceback — and stores nothing. The files under `accepted/` look odd but
are right, and load exactly.

A problem line names the file (`FILE row R, field F: REASON`, or `FILE: REASON` for the file as a
whole); article problems name the file's path (`{path}`) and its folder (`{folder}`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from heartline.contacts.tables import CASES, CONTACTS
from heartline.ingest import IngestOptions
from heartline.ingest.kinds import get_kind
from heartline.library.models import Article
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse

CORPUS_FOLDER = Path(__file__).with_name("corpus")
TABLES = {"contacts": CONTACTS, "cases": CASES, "survey-responses": SURVEY_RESPONSES, "transcripts": TRANSCRIPTS}

CORPUS: dict[str, list[str]] = {
    "articles/bad-key.en.md": [
        "{path}: key: must be lower-case letters, digits and hyphens",
    ],
    "articles/bom-unknown-kind.en.md": [
        "{path}: kind: is 'recipe'; one of how_to, practice, tool, video, story",
    ],
    "articles/front-matter-not-fields.en.md": [
        "{path}: line 3: expected 'field: value', got 'just words here'",
    ],
    "articles/latin1.en.md": [
        "{path}: not UTF-8 text (byte 26)",
    ],
    "articles/missing-attachment.en.md": [
        "{path}: attachments: no file {folder}/gone.pdf",
    ],
    "articles/no-closing-front-matter.en.md": [
        "{path}: front matter: no closing '---' line",
    ],
    "articles/no-title.en.md": [
        "{path}: title: missing (front matter `title:` or a `# ` heading)",
    ],
    "articles/plain-text.en.txt": [
        "{path}: not a Markdown (.md) or HTML (.html) file",
    ],
    "articles/unknown-field.en.md": [
        "{path}: password: unknown field (fields: attachments, behaviors, ideas, key, kind, language, owner, source, status, summary, tags, themes, title, tool_type, unit, video_url)",
    ],
    "articles/unknown-kind.en.md": [
        "{path}: kind: is 'recipe'; one of how_to, practice, tool, video, story",
    ],
    "articles/unknown-language.md": [
        "{path}: language: is 'tlh'; one of en, es, zh",
    ],
    "cases/bad_priority.csv": [
        'bad_priority.csv row 2, field priority: "urgent" is not one of standard, expedited',
    ],
    "cases/closed_before_opened.csv": [
        'closed_before_opened.csv row 2, field closed_at: "2026-03-01T08:00:00Z" is before opened_at "2026-03-02T08:00:00Z"',
    ],
    "contacts/bad_choice.csv": [
        'bad_choice.csv row 2, field channel: "fax" is not one of phone, chat, email, portal, sms',
    ],
    "contacts/bad_date.csv": [
        'bad_date.csv row 2, field started_at: "02/30/2026 9am" is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)',
    ],
    "contacts/bad_flag.csv": [
        'bad_flag.csv row 2, field abandoned: "maybe" is not true or false',
    ],
    "contacts/bad_utf8.csv": [
        "bad_utf8.csv: is not UTF-8 text: line 2 holds byte 0xF1, which UTF-8 never has there; save it as UTF-8",
    ],
    "contacts/bad_utf8.jsonl": [
        "bad_utf8.jsonl: is not UTF-8 text: line 1 holds byte 0xF1, which UTF-8 never has there; save it as UTF-8",
    ],
    "contacts/binary.csv": [
        "binary.csv: is not UTF-8 text: line 1 holds byte 0x89, which UTF-8 never has there; save it as UTF-8",
    ],
    "contacts/blank_lines_only.csv": [
        "blank_lines_only.csv: is empty: a CSV file needs a header row",
    ],
    "contacts/broken_line.jsonl": [
        "broken_line.jsonl row 2: is not JSON (cut short?)",
    ],
    "contacts/consult_count_overflow.csv": [
        'consult_count_overflow.csv row 2, field consult_count: "40000" is larger than 32767',
    ],
    "contacts/corrupt_footer.parquet": [
        "corrupt_footer.parquet: cannot be read as Parquet: Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.",
    ],
    "contacts/count_not_a_number.csv": [
        'count_not_a_number.csv row 2, field talk_seconds: "ten" is not a whole number of 0 or more',
    ],
    "contacts/csv_named_parquet.parquet": [
        "csv_named_parquet.parquet: cannot be read as Parquet: Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.",
    ],
    "contacts/date_far_future.csv": [
        'date_far_future.csv row 2, field ended_at: "9999-12-31T23:59:59Z" is outside the years 1900 to 2099',
    ],
    "contacts/date_year_zero.csv": [
        'date_year_zero.csv row 2, field started_at: "0000-01-01T00:00:00Z" is outside the years 1900 to 2099',
    ],
    "contacts/duplicate_header.csv": [
        "duplicate_header.csv: column(s) reason appear more than once in the header",
    ],
    "contacts/duplicate_ids.csv": [
        'duplicate_ids.csv row 2, field contact_id: "c-1" appears again at row 3',
        'duplicate_ids.csv row 3, field contact_id: "c-1" appears again (first at row 2)',
    ],
    "contacts/empty.csv": [
        "empty.csv: is empty: a CSV file needs a header row",
    ],
    "contacts/ended_before_started.csv": [
        'ended_before_started.csv row 2, field ended_at: "2026-02-02T08:07:00Z" is before started_at "2026-02-02T09:00:00Z"',
    ],
    "contacts/extra_values.csv": [
        "extra_values.csv row 3: has 11 values where the header has 10: c-2,chat,commercial,pharmacy,2026-02-02T10:00:00Z,2026-02-02T10:05:00Z,280,1,false,q-commercial,surplus",
    ],
    "contacts/huge_count.csv": [
        'huge_count.csv row 2, field talk_seconds: "9223372036854775808" is larger than 2147483647',
    ],
    "contacts/impossible_date.csv": [
        'impossible_date.csv row 2, field started_at: "2026-02-30T09:00:00Z" is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)',
    ],
    "contacts/missing_header.csv": [
        "missing_header.csv: unknown column(s) c-1, phone, commercial, claims, 2026-02-02T09:00:00Z, 2026-02-02T09:07:00Z, 320, 0, false, q-commercial; the native contacts format has contact_id, member_id, channel, direction, queue, unit, agent_id, reason, language, started_at, answered_at, ended_at, hold_seconds, talk_seconds, wrap_seconds, abandoned, route, consult_count, case_id, disposition, ivr_seconds, disconnected_by",
        "missing_header.csv: missing required column(s) contact_id, started_at",
    ],
    "contacts/missing_required_column.csv": [
        "missing_required_column.csv: missing required column(s) started_at",
    ],
    "contacts/missing_required_value.csv": [
        "missing_required_value.csv row 2, field started_at: is required but empty",
    ],
    "contacts/negative_duration.csv": [
        'negative_duration.csv row 2, field talk_seconds: "-320" is not a whole number of 0 or more',
    ],
    "contacts/nested_value.jsonl": [
        'nested_value.jsonl row 1, field channel: "{"name":"phone"}" is not one of phone, chat, email, portal, sms',
    ],
    "contacts/nested_value.parquet": [
        "nested_value.parquet: field reason: holds struct<code: string> values, not text",
    ],
    "contacts/no_suffix": [
        "no_suffix: unknown file type (none); native files end in .csv, .parquet, .pq, .jsonl, .ndjson, .json (CSV and JSON Lines may be gzipped: .gz)",
    ],
    "contacts/not_objects.jsonl": [
        "not_objects.jsonl row 2: is an array, not a JSON object",
        "not_objects.jsonl row 3: is a number, not a JSON object",
        "not_objects.jsonl row 4: is a string, not a JSON object",
    ],
    "contacts/nul_bytes.csv": [
        "nul_bytes.csv row 2, field reason: holds a NUL character (byte 0), which is never part of text: the file is damaged or not text",
    ],
    "contacts/one_array.json": [
        "one_array.json: is one JSON array; native JSON files hold one object per line (JSON Lines)",
    ],
    "contacts/reason_too_long.csv": [
        "reason_too_long.csv row 2, field reason: is longer than 200 characters",
    ],
    "contacts/route_too_long.csv": [
        "route_too_long.csv row 2, field route: is longer than 1000 characters",
    ],
    "contacts/semicolon_delimiter.csv": [
        "semicolon_delimiter.csv: unknown column(s) contact_id;channel;unit;reason;started_at;ended_at;talk_seconds;consult_count;ab…; the native contacts format has contact_id, member_id, channel, direction, queue, unit, agent_id, reason, language, started_at, answered_at, ended_at, hold_seconds, talk_seconds, wrap_seconds, abandoned, route, consult_count, case_id, disposition, ivr_seconds, disconnected_by (the header looks split by semicolons: native CSV files are split by commas)",
        "semicolon_delimiter.csv: missing required column(s) contact_id, started_at",
    ],
    "contacts/tab_delimiter.csv": [
        "tab_delimiter.csv: unknown column(s) contact_id\\tchannel\\tunit\\treason\\tstarted_at\\tended_at\\ttalk_seconds\\tconsult_c…; the native contacts format has contact_id, member_id, channel, direction, queue, unit, agent_id, reason, language, started_at, answered_at, ended_at, hold_seconds, talk_seconds, wrap_seconds, abandoned, route, consult_count, case_id, disposition, ivr_seconds, disconnected_by (the header looks split by tabs: native CSV files are split by commas)",
        "tab_delimiter.csv: missing required column(s) contact_id, started_at",
    ],
    "contacts/team_column.csv": [
        "team_column.csv: column team is not part of the native contacts format: it is filled from the agent's team in Heartline",
    ],
    "contacts/truncated.parquet": [
        "truncated.parquet: cannot be read as Parquet: Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file.",
    ],
    "contacts/truncated_row.csv": [
        "truncated_row.csv row 3: has 4 values where the header has 10: c-2,chat,commercial,pharmacy",
    ],
    "contacts/unclosed_quote.csv": [
        'unclosed_quote.csv row 3: has 4 values where the header has 10: c-2,chat,commercial,"pharmacy,2026-02-02T10:00:00Z',
    ],
    "contacts/unknown_column.csv": [
        "unknown_column.csv: unknown column(s) ssn; the native contacts format has contact_id, member_id, channel, direction, queue, unit, agent_id, reason, language, started_at, answered_at, ended_at, hold_seconds, talk_seconds, wrap_seconds, abandoned, route, consult_count, case_id, disposition, ivr_seconds, disconnected_by",
    ],
    "contacts/unquoted_formula.csv": [
        'unquoted_formula.csv row 2: has 11 values where the header has 10: =HYPERLINK("http://x.test","c-1"),phone,commercial,claims,2026-02-02T09:00:00Z,2026-02-02T09:07:00Z,320,0,false,q-commercial',
    ],
    "contacts/utf16.csv": [
        "utf16.csv: is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8",
    ],
    "contacts/wide_row.csv": [
        "wide_row.csv: unknown column(s) extra_0, extra_1, extra_2, extra_3, extra_4, extra_5, extra_6, extra_7, extra_8, extra_9, extra_10, extra_11, extra_12, extra_13, extra_14, extra_15, extra_16, extra_17, extra_18, extra_19 … and 9,980 more; the native contacts format has contact_id, member_id, channel, direction, queue, unit, agent_id, reason, language, started_at, answered_at, ended_at, hold_seconds, talk_seconds, wrap_seconds, abandoned, route, consult_count, case_id, disposition, ivr_seconds, disconnected_by",
    ],
    "contacts/wrong_types.parquet": [
        "wrong_types.parquet: field abandoned: holds int64 values, not true or false",
    ],
    "survey-responses/bad_language.csv": [
        'bad_language.csv row 2, field language: "klingon" is not one of en, es, zh',
    ],
    "survey-responses/header_only_wrong_kind.csv": [
        "header_only_wrong_kind.csv: unknown column(s) reason, started_at, ended_at, talk_seconds, consult_count, abandoned, route; the native survey-responses format has response_id, survey, responded_at, language, member_id, contact_id, agent_id, unit, channel, nps, csat, resolved, ease, wait_time, courtesy, knowledge, clarity, cs_info, cs_courtesy, forms_easy, got_needed, plan_rating, verbatim",
        "header_only_wrong_kind.csv: missing required column(s) response_id, survey, responded_at",
    ],
    "survey-responses/nps_out_of_range.csv": [
        'nps_out_of_range.csv row 2, field nps: "11" is larger than 10',
    ],
    "survey-responses/unknown_survey.csv": [
        'unknown_survey.csv row 2, field survey: "exit_poll" is not one of post_contact, cahps_cs',
    ],
    "survey-responses/verbatim_too_long.csv": [
        "verbatim_too_long.csv row 2, field verbatim: is longer than 5000 characters",
    ],
    "transcripts/bad_language.jsonl": [
        'bad_language.jsonl row 1, field language: "klingon" is not one of en, es, zh',
    ],
    "transcripts/bad_speaker.jsonl": [
        'bad_speaker.jsonl row 1, field turns[0].speaker: "caller" is not one of agent, member, system',
    ],
    "transcripts/bad_utf8.jsonl": [
        "bad_utf8.jsonl: is not UTF-8 text: line 1 holds byte 0xF3, which UTF-8 never has there; save it as UTF-8",
    ],
    "transcripts/broken_line.jsonl": [
        "broken_line.jsonl row 2: is not JSON (cut short?)",
    ],
    "transcripts/end_before_start.jsonl": [
        'end_before_start.jsonl row 1, field turns[0].end_ms: "10" is before start_ms "5000"',
    ],
    "transcripts/no_turns.jsonl": [
        "no_turns.jsonl row 1, field turns: has no turns: a transcript holds at least one",
    ],
    "transcripts/one_array.json": [
        "one_array.json: is one JSON array; native transcript files hold one object per line (JSON Lines)",
    ],
    "transcripts/same_contact_twice.jsonl": [
        'same_contact_twice.jsonl row 1, field contact_id: "c-1" appears again at row 2',
        'same_contact_twice.jsonl row 2, field contact_id: "c-1" appears again (first at row 1)',
    ],
    "transcripts/text_too_long.jsonl": [
        "text_too_long.jsonl row 1, field turns[0].text: is longer than 10000 characters",
    ],
    "transcripts/time_as_text.jsonl": [
        'time_as_text.jsonl row 1, field turns[0].start_ms: "0:00" is not a whole number of milliseconds',
    ],
    "transcripts/transcript.csv": [
        "transcript.csv: unknown file type .csv; native transcript files end in .jsonl, .ndjson, .json",
    ],
    "transcripts/unknown_field.jsonl": [
        "unknown_field.jsonl row 1: unknown field(s) ssn; the native transcripts format has contact_id, language, turns",
    ],
}

ACCEPTED = {  # file → (rows read, rows stored)
    "bom.csv": (1, 1),
    "crlf.csv": (2, 2),
    "header_only.csv": (0, 0),
    "formula_in_reason.csv": (1, 1),  # stored as written; exports neutralise formulas
    "quoted_newline.csv": (2, 2),
}


def test_the_corpus_lists_every_file_and_has_at_least_forty() -> None:
    on_disk = {f"{p.parent.name}/{p.name}" for p in CORPUS_FOLDER.glob("*/*") if p.parent.name != "accepted"}
    accepted = {p.name for p in (CORPUS_FOLDER / "accepted").iterdir()}

    assert on_disk == set(CORPUS)
    assert accepted == set(ACCEPTED)
    assert len(CORPUS) >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_malformed_file_gives_its_exact_problems_and_stores_nothing(
    name: str, tmp_path: Path, app_warehouse: Warehouse
) -> None:
    kind, file_name = name.split("/")
    path = tmp_path / "files" / file_name  # a copy: the ingest writes its report beside the file
    path.parent.mkdir()
    shutil.copy(CORPUS_FOLDER / name, path)

    report = get_kind(kind)([path], IngestOptions())

    assert not report.accepted
    expected = [line.replace("{path}", str(path)).replace("{folder}", str(path.parent)) for line in CORPUS[name]]
    assert report.problems == expected
    assert report.counts.inserted + report.counts.updated + report.counts.unchanged == 0
    assert [app_warehouse.open(table) for table in TABLES.values()] == [None] * len(TABLES)
    assert Article.objects.count() == 0
    assert RawTranscript.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("file_name", sorted(ACCEPTED))
def test_an_odd_but_right_file_loads_exactly(file_name: str, tmp_path: Path, app_warehouse: Warehouse) -> None:
    path = tmp_path / file_name
    shutil.copy(CORPUS_FOLDER / "accepted" / file_name, path)

    report = get_kind("contacts")([path], IngestOptions())
    stored = app_warehouse.open(CONTACTS)

    assert report.accepted, report.problems
    assert (report.counts.read, report.counts.inserted) == ACCEPTED[file_name]
    assert (0 if stored is None else stored.to_pyarrow_table().num_rows) == ACCEPTED[file_name][1]
