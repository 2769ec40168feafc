"""Writes the malformed-file corpus next to this script: `python tests/ingest/corpus/build.py`.

The files are committed; this script is how the ones that are awkward to type (bad bytes, UTF-16,
a 10,000-column row, broken Parquet) were made, so they can be made again. Each folder is an ingest
kind; tests/ingest/test_corpus.py says what each file must give.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).parent
HEADER = "contact_id,channel,unit,reason,started_at,ended_at,talk_seconds,consult_count,abandoned,route"
GOOD = "c-1,phone,commercial,claims,2026-02-02T09:00:00Z,2026-02-02T09:07:00Z,320,0,false,q-commercial"
GOOD2 = "c-2,chat,commercial,pharmacy,2026-02-02T10:00:00Z,2026-02-02T10:05:00Z,280,1,false,q-commercial"
SURVEY_HEADER = "response_id,survey,responded_at,language,unit,nps,csat,verbatim"
SURVEY_GOOD = "r-1,post_contact,2026-06-01T10:00:00Z,en,commercial,9,5,quick and kind"
CASE_HEADER = "case_id,member_id,unit,type,priority,opened_at,closed_at,status"
CASE_GOOD = "k-1,M0001,medicare,appeal,standard,2026-03-02T08:00:00Z,2026-03-05T08:00:00Z,closed"


def text(kind: str, name: str, content: str, encoding: str = "utf-8") -> None:
    write(kind, name, content.encode(encoding))


def write(kind: str, name: str, data: bytes) -> None:
    folder = HERE / kind
    folder.mkdir(exist_ok=True)
    (folder / name).write_bytes(data)


def rows(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def contacts_csv() -> None:
    text("contacts", "semicolon_delimiter.csv", rows(HEADER.replace(",", ";"), GOOD.replace(",", ";")))
    text("contacts", "tab_delimiter.csv", rows(HEADER.replace(",", "\t"), GOOD.replace(",", "\t")))
    text("contacts", "missing_header.csv", rows(GOOD, GOOD2))
    text("contacts", "duplicate_header.csv", rows(HEADER + ",reason", GOOD + ",claims"))
    text("contacts", "missing_required_column.csv", rows("contact_id,channel", "c-1,phone"))
    text("contacts", "unknown_column.csv", rows(HEADER + ",ssn", GOOD + ",123-45-6789"))
    text("contacts", "team_column.csv", rows(HEADER + ",team", GOOD + ",t-1"))
    text("contacts", "truncated_row.csv", rows(HEADER, GOOD, "c-2,chat,commercial,pharmacy"))
    text("contacts", "extra_values.csv", rows(HEADER, GOOD, GOOD2 + ",surplus"))
    text("contacts", "unclosed_quote.csv", rows(HEADER, GOOD, 'c-2,chat,commercial,"pharmacy,2026-02-02T10:00:00Z'))
    write(
        "contacts",
        "bad_utf8.csv",
        rows(HEADER, GOOD.replace("claims", "Mu\udcf1oz")).encode("utf-8", "surrogateescape"),
    )
    text("contacts", "utf16.csv", rows(HEADER, GOOD), encoding="utf-16")
    text("contacts", "nul_bytes.csv", rows(HEADER, GOOD.replace("claims", "cla\0ims")))
    text("contacts", "unquoted_formula.csv", rows(HEADER, GOOD.replace("c-1", '=HYPERLINK("http://x.test","c-1")', 1)))
    text("contacts", "wide_row.csv", rows(HEADER + "".join(f",extra_{n}" for n in range(10_000)), GOOD + "," * 10_000))
    text("contacts", "route_too_long.csv", rows(HEADER, GOOD.replace("q-commercial", ">".join(["q-commercial"] * 100))))
    text("contacts", "reason_too_long.csv", rows(HEADER, GOOD.replace("claims", "x" * 100_000)))
    text("contacts", "bad_date.csv", rows(HEADER, GOOD.replace("2026-02-02T09:00:00Z", "02/30/2026 9am")))
    text("contacts", "impossible_date.csv", rows(HEADER, GOOD.replace("2026-02-02T09:00:00Z", "2026-02-30T09:00:00Z")))
    text("contacts", "date_far_future.csv", rows(HEADER, GOOD.replace("2026-02-02T09:07:00Z", "9999-12-31T23:59:59Z")))
    text("contacts", "date_year_zero.csv", rows(HEADER, GOOD.replace("2026-02-02T09:00:00Z", "0000-01-01T00:00:00Z")))
    text("contacts", "negative_duration.csv", rows(HEADER, GOOD.replace(",320,", ",-320,")))
    text(
        "contacts",
        "ended_before_started.csv",
        rows(HEADER, GOOD.replace("2026-02-02T09:07:00Z", "2026-02-02T08:07:00Z")),
    )
    text("contacts", "huge_count.csv", rows(HEADER, GOOD.replace(",320,", ",9223372036854775808,")))
    text("contacts", "consult_count_overflow.csv", rows(HEADER, GOOD.replace(",0,false", ",40000,false")))
    text("contacts", "count_not_a_number.csv", rows(HEADER, GOOD.replace(",320,", ",ten,")))
    text("contacts", "bad_choice.csv", rows(HEADER, GOOD.replace("phone", "fax")))
    text("contacts", "bad_flag.csv", rows(HEADER, GOOD.replace("false", "maybe")))
    text("contacts", "missing_required_value.csv", rows(HEADER, GOOD.replace("2026-02-02T09:00:00Z", "")))
    text("contacts", "empty.csv", "")
    text("contacts", "blank_lines_only.csv", "\n\n\n")
    text("contacts", "duplicate_ids.csv", rows(HEADER, GOOD, GOOD.replace("claims", "pharmacy")))
    write("contacts", "binary.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89")
    text("contacts", "no_suffix", rows(HEADER, GOOD))


def contacts_parquet() -> None:
    good = pa.table(
        {
            "contact_id": ["c-1", "c-2"],
            "channel": ["phone", "chat"],
            "started_at": ["2026-02-02T09:00:00Z", "2026-02-02T10:00:00Z"],
        }
    )
    buffer = io.BytesIO()
    pq.write_table(good, buffer)
    data = buffer.getvalue()
    write("contacts", "truncated.parquet", data[: len(data) // 2])
    write("contacts", "corrupt_footer.parquet", data[:-8] + b"\0\0\0\0XXXX")
    write("contacts", "csv_named_parquet.parquet", rows(HEADER, GOOD).encode())
    wrong_types = good.append_column("talk_seconds", pa.array(["ten", "12"])).append_column(
        "abandoned", pa.array([3, 4])
    )
    buffer = io.BytesIO()
    pq.write_table(wrong_types, buffer)
    write("contacts", "wrong_types.parquet", buffer.getvalue())
    nested = good.append_column("reason", pa.array([{"code": "claims"}, {"code": "pharmacy"}]))
    buffer = io.BytesIO()
    pq.write_table(nested, buffer)
    write("contacts", "nested_value.parquet", buffer.getvalue())


def contacts_jsonl() -> None:
    good = '{"contact_id": "c-1", "channel": "phone", "started_at": "2026-02-02T09:00:00Z"}'
    good2 = '{"contact_id": "c-2", "channel": "chat", "started_at": "2026-02-02T10:00:00Z"}'
    text(
        "contacts",
        "broken_line.jsonl",
        rows(good, '{"contact_id": "c-2", "channel": "chat", "started_at": ', good2.replace("c-2", "c-3")),
    )
    text("contacts", "not_objects.jsonl", rows(good, '["c-2", "chat"]', "42", '"c-4"'))
    text("contacts", "one_array.json", "[" + good + ", " + good2 + "]\n")
    write("contacts", "bad_utf8.jsonl", rows(good.replace("phone", "ph\udcf1one")).encode("utf-8", "surrogateescape"))
    text("contacts", "nested_value.jsonl", rows(good.replace('"channel": "phone"', '"channel": {"name": "phone"}')))


def surveys() -> None:
    text("survey-responses", "nps_out_of_range.csv", rows(SURVEY_HEADER, SURVEY_GOOD.replace(",9,5,", ",11,5,")))
    text(
        "survey-responses", "unknown_survey.csv", rows(SURVEY_HEADER, SURVEY_GOOD.replace("post_contact", "exit_poll"))
    )
    text(
        "survey-responses",
        "verbatim_too_long.csv",
        rows(SURVEY_HEADER, SURVEY_GOOD.replace("quick and kind", "y" * 5_001)),
    )
    text("survey-responses", "bad_language.csv", rows(SURVEY_HEADER, SURVEY_GOOD.replace(",en,", ",klingon,")))
    text("survey-responses", "header_only_wrong_kind.csv", rows(HEADER))


def cases() -> None:
    text("cases", "closed_before_opened.csv", rows(CASE_HEADER, CASE_GOOD.replace("2026-03-05", "2026-03-01")))
    text("cases", "bad_priority.csv", rows(CASE_HEADER, CASE_GOOD.replace("standard", "urgent")))


def articles() -> None:
    body = "# Warm transfer\n\nStay on the line until the next person has the member.\n"
    text("articles", "no-closing-front-matter.en.md", "---\nkind: how_to\ntitle: Warm transfer\n" + body)
    text("articles", "front-matter-not-fields.en.md", "---\nkind: how_to\njust words here\n---\n" + body)
    text("articles", "unknown-kind.en.md", "---\nkind: recipe\n---\n" + body)
    text("articles", "unknown-field.en.md", "---\nkind: how_to\npassword: hunter2\n---\n" + body)
    text("articles", "bad-key.en.md", "---\nkind: how_to\nkey: Warm Transfer!\n---\n" + body)
    text("articles", "bom-unknown-kind.en.md", "\ufeff---\nkind: recipe\n---\n" + body)
    text("articles", "latin1.en.md", "---\nkind: how_to\ntitle: Muñoz\n---\n" + body, encoding="latin-1")
    text("articles", "no-title.en.md", "---\nkind: how_to\n---\nNo heading at all.\n")
    text("articles", "unknown-language.md", "---\nkind: how_to\nlanguage: tlh\n---\n" + body)
    text(
        "articles",
        "missing-attachment.en.md",
        "---\nkind: tool\ntool_type: checklist\nattachments: [gone.pdf]\n---\n" + body,
    )
    text("articles", "plain-text.en.txt", body)


def transcripts() -> None:
    """Native transcript files (JSON Lines, one transcript per line, turns nested)."""

    def line(**changes: object) -> str:
        record: dict[str, object] = {
            "contact_id": "c-1",
            "language": "en",
            "turns": [
                {"speaker": "agent", "start_ms": 0, "end_ms": 2000, "text": "Thanks for calling."},
                {"speaker": "member", "start_ms": 2100, "end_ms": 5000, "text": "I have a question about a claim."},
            ],
        }
        record.update(changes)
        return json.dumps(record, ensure_ascii=False)

    def turn(**changes: object) -> list[dict[str, object]]:
        return [{"speaker": "agent", "start_ms": 0, "end_ms": 2000, "text": "Thanks for calling."} | changes]

    text("transcripts", "bad_language.jsonl", rows(line(language="klingon")))
    text("transcripts", "bad_speaker.jsonl", rows(line(turns=turn(speaker="caller"))))
    text("transcripts", "end_before_start.jsonl", rows(line(turns=turn(start_ms=5000, end_ms=10))))
    text("transcripts", "time_as_text.jsonl", rows(line(turns=turn(start_ms="0:00"))))
    text("transcripts", "no_turns.jsonl", rows(line(turns=[])))
    text("transcripts", "text_too_long.jsonl", rows(line(turns=turn(text="word " * 2001))))
    text("transcripts", "unknown_field.jsonl", rows(line(ssn="123-45-6789")))
    text("transcripts", "broken_line.jsonl", rows(line(), line(contact_id="c-2")[:40]))
    text("transcripts", "one_array.json", "[" + line() + "]\n")
    write("transcripts", "bad_utf8.jsonl", line().encode().replace(b"claim", b"reclamaci\xf3n") + b"\n")
    text("transcripts", "transcript.csv", "contact_id,language,turns\nc-1,en,hello\n")
    text("transcripts", "same_contact_twice.jsonl", rows(line(), line()))


def accepted() -> None:
    """Files that look odd but are right: they must load, exactly."""
    text("accepted", "bom.csv", "\ufeff" + rows(HEADER, GOOD))
    text("accepted", "crlf.csv", rows(HEADER, GOOD, GOOD2).replace("\n", "\r\n"))
    text("accepted", "header_only.csv", rows(HEADER))
    text(
        "accepted",
        "formula_in_reason.csv",
        rows(HEADER, GOOD.replace("claims", '"=HYPERLINK(""http://x.test"",""claims"")"')),
    )
    text("accepted", "quoted_newline.csv", rows(HEADER, GOOD.replace("claims", '"claims\nand more"'), GOOD2))


if __name__ == "__main__":
    contacts_csv()
    contacts_parquet()
    contacts_jsonl()
    surveys()
    cases()
    articles()
    transcripts()
    accepted()
