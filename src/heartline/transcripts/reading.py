"""Read transcript files and API records into checked transcripts and problems, naming file, row and field.

Native files are JSON Lines (`.jsonl`, `.ndjson`, `.json`): one transcript per line, rows counted from
1, blank lines included. A Contact Lens file (`--format contact-lens`, `.json`) is one analysis
document, one transcript. API records are numbered from 1. A file that cannot be read at all (not
UTF-8, not JSON, an unknown suffix) is refused as a whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heartline.transcripts.checking import Issue, Transcript, check_contact_lens, check_native

FORMATS = ("native", "contact-lens")
NATIVE_SUFFIXES = (".jsonl", ".ndjson", ".json")
CONTACT_LENS_SUFFIXES = (".json",)
Check = Callable[[Mapping[str, Any]], tuple[Transcript | None, list[Issue]]]
CHECKS: dict[str, Check] = {"native": check_native, "contact-lens": check_contact_lens}


@dataclass(frozen=True)
class Problem:
    """One problem: in which input, which row (None: the input as a whole) and field, and why."""

    source: str
    row: int | None
    field: str | None
    reason: str

    def line(self) -> str:
        where = self.source if self.row is None else f"{self.source} row {self.row}"
        if self.field:
            where += f", field {self.field}" if self.row is not None else f": field {self.field}"
        return f"{where}: {self.reason}"

    def as_record(self) -> dict[str, object]:
        return {"row": self.row, "field": self.field, "reason": self.reason}


@dataclass
class Parsed:
    """One input read and checked: its good transcripts (with their row) and its problems."""

    source: str
    good: list[tuple[int | None, Transcript]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    read: int = 0  # records read (lines holding something, or documents)
    rejected_rows: set[int | None] = field(default_factory=set)
    refused_whole: bool = False

    def refuse(self, reason: str) -> Parsed:
        self.problems.append(Problem(self.source, None, None, reason))
        self.refused_whole = True
        return self

    def add(self, row: int | None, record: object, check: Check) -> None:
        self.read += 1
        if not isinstance(record, dict):
            self.reject(row, None, f"is {_json_kind(record)}, not a JSON object")
            return
        transcript, issues = check(record)
        for name, reason in issues:
            self.reject(row, name, reason)
        if transcript is not None and not issues:
            self.good.append((row, transcript))

    def reject(self, row: int | None, name: str | None, reason: str) -> None:
        self.problems.append(Problem(self.source, row, name, reason))
        self.rejected_rows.add(row)

    @property
    def rejected(self) -> int:
        return max(self.read, 1) if self.refused_whole else len(self.rejected_rows)


def _json_kind(value: object) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool) or value is None:
        return "true, false or null"
    return "a number"


def _not_utf8(data: bytes) -> str:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "is UTF-16 text (it starts with a UTF-16 byte-order mark): save it as UTF-8"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return (
            f"is not UTF-8 text: line {line} holds byte 0x{data[exc.start]:02X}, which UTF-8 never has there; "
            "save it as UTF-8"
        )
    return "is not UTF-8 text"


def _text(path: Path, parsed: Parsed) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        parsed.refuse(f"cannot be read: {exc.strerror or exc}")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        parsed.refuse(_not_utf8(data))
        return None


def read_file(path: Path, file_format: str) -> Parsed:
    """Read and check one file of `file_format` (native or contact-lens)."""
    parsed = Parsed(path.name)
    suffixes = NATIVE_SUFFIXES if file_format == "native" else CONTACT_LENS_SUFFIXES
    if path.suffix.lower() not in suffixes:
        kind = "native transcript files" if file_format == "native" else "Contact Lens files"
        return parsed.refuse(f"unknown file type {path.suffix or '(none)'}; {kind} end in {', '.join(suffixes)}")
    text = _text(path, parsed)
    if text is None:
        return parsed
    if file_format == "contact-lens":
        return _contact_lens(text, parsed)
    if text.lstrip()[:1] == "[":
        return parsed.refuse("is one JSON array; native transcript files hold one object per line (JSON Lines)")
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            parsed.read += 1
            parsed.reject(number, None, "is not JSON (cut short?)")
            continue
        parsed.add(number, record, check_native)
    return parsed


def _contact_lens(text: str, parsed: Parsed) -> Parsed:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        return parsed.refuse(f"is not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}")
    if not isinstance(document, dict):
        return parsed.refuse(f"is {_json_kind(document)}; a Contact Lens file is one JSON object")
    parsed.add(None, document, check_contact_lens)
    return parsed


def read_records(records: Sequence[object], file_format: str = "native") -> Parsed:
    """API records (native transcripts, or Contact Lens documents), numbered from 1."""
    parsed = Parsed("request")
    for number, record in enumerate(records, start=1):
        parsed.add(number, record, CHECKS[file_format])
    return parsed


def flag_repeated(inputs: Sequence[Parsed]) -> None:
    """A contact's transcript given twice in one ingest: both are problems (which one is meant?)."""
    seen: dict[str, tuple[Parsed, int | None]] = {}
    repeated: list[tuple[Parsed, int | None, str, str]] = []
    for parsed in inputs:
        for row, transcript in parsed.good:
            first = seen.get(transcript.contact_id)
            if first is None:
                seen[transcript.contact_id] = (parsed, row)
                continue
            first_input, first_row = first
            here = _where(parsed, row, first_input)
            there = _where(first_input, first_row, parsed)
            repeated.append((first_input, first_row, transcript.contact_id, f"appears again at {here}"))
            repeated.append((parsed, row, transcript.contact_id, f"appears again (first at {there})"))
    for parsed, row, contact_id, reason in repeated:
        if row not in parsed.rejected_rows:
            parsed.good = [(r, t) for r, t in parsed.good if r != row]
        parsed.reject(row, "contact_id", f'"{contact_id}" {reason}')
    for parsed in inputs:
        parsed.problems.sort(key=lambda p: p.row or 0)


def _where(parsed: Parsed, row: int | None, other: Parsed) -> str:
    if parsed is other:
        return f"row {row}"
    return parsed.source if row is None else f"{parsed.source} row {row}"
