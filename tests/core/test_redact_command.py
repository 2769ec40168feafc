"""`heartline redact FILE [--language] [--json]`: the redacted text, or the spans as offsets into the
input, never the PHI itself; a clear error for a file that is missing or not text."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from heartline.cli import app

TRANSCRIPT = "Hi, my name is Maria Lopez.\nMy phone is five five five, one two one two.\n我叫王芳。\n"


def test_redact_prints_the_text_with_typed_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "Hi, my name is [NAME].\nMy phone is [PHONE].\n我叫[NAME]。\n"


def test_redact_json_gives_offsets_into_the_input_and_no_phi(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text(TRANSCRIPT, encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(path), "--json"])
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["text"] == "Hi, my name is [NAME].\nMy phone is [PHONE].\n我叫[NAME]。\n"
    spans = answer["spans"]
    assert [(TRANSCRIPT[s["start"] : s["end"]], s["type"]) for s in spans] == [
        ("Maria Lopez", "NAME"),
        ("five five five, one two one two", "PHONE"),
        ("王芳", "NAME"),
    ]
    assert all(set(span) == {"start", "end", "type"} for span in spans)
    assert "Maria" not in result.stdout
    assert "王芳" not in result.stdout


def test_redact_with_a_language_runs_that_language_s_cues(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("Me llamo Lucía.", encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(path), "--language", "es"])
    assert result.stdout == "Me llamo [NAME].\n"


def test_redact_names_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["redact", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert "No such file" in result.output
    assert "nope.txt" in result.output


def test_redact_refuses_a_file_that_is_not_utf8_text(tmp_path: Path) -> None:
    path = tmp_path / "call.bin"
    path.write_bytes(b"\xff\xfe\x00bad")
    result = CliRunner().invoke(app, ["redact", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.output


def test_redact_refuses_an_unknown_language(tmp_path: Path) -> None:
    path = tmp_path / "call.txt"
    path.write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(app, ["redact", str(path), "--language", "fr"])
    assert result.exit_code == 2
    assert "--language" in result.output
