"""Read FHIR input: a Bundle (collection, transaction, searchset, …) or Bulk Data NDJSON, gzip or not.

Each resource comes out as an `Item` that says where it was — `entry[3]` of a Bundle (the FHIRPath
index, from 0) or `line 12` of an NDJSON file (from 1) — so a problem can be reported where a person
finds it. NDJSON lines stay text here: parsing them is part of the checking, which may run in other
processes (`heartline.members.fhir.checking`).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Item:
    """One resource of an input: its text (an NDJSON line) or its parsed JSON (a Bundle entry)."""

    where: str  # "entry[3]" or "line 12"
    text: str | None = None
    resource: dict[str, Any] | None = None
    full_url: str = ""  # a Bundle entry's fullUrl (transactions reference resources by it)


@dataclass
class Input:
    """One input (a file or a request body): its resources and what made parts of it unreadable."""

    name: str
    items: list[Item] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_path(path: Path) -> Input:
    """The resources of the file at `path` (a Bundle or NDJSON, gzip allowed)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return Input(str(path), problems=[f"{path}: cannot be read ({exc.strerror})"])
    return read_bytes(str(path), data)


def read_bytes(name: str, data: bytes) -> Input:
    """The resources of one input named `name`: a Bundle (or a single resource) as JSON, else NDJSON."""
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as exc:
            return Input(name, problems=[f"{name}: not a readable gzip file ({exc})"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Input(name, problems=[f"{name}: not UTF-8 text (byte {exc.start})"])
    stripped = text.strip()
    if not stripped:
        return Input(name, problems=[f"{name}: empty, no FHIR resources"])
    if "\n" not in stripped or not stripped.startswith("{") or _one_document(stripped):
        try:
            document = json.loads(stripped)
        except json.JSONDecodeError as exc:
            return Input(name, problems=[f"{name}: not JSON ({exc.msg} at line {exc.lineno} column {exc.colno})"])
        return _from_document(name, document)
    return _from_lines(name, text)


def _one_document(text: str) -> bool:
    """Whether `text` is one JSON document spread over lines (a pretty-printed Bundle), not NDJSON."""
    first_line = text.split("\n", 1)[0].strip()
    try:
        json.loads(first_line)
    except json.JSONDecodeError:
        return True
    return False


def _from_document(name: str, document: object) -> Input:
    read = Input(name)
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        read.problems.append(f"{name}: not a FHIR resource (a JSON object with a resourceType)")
        return read
    if document["resourceType"] != "Bundle":
        read.items.append(Item(where="resource", resource=document))
        return read
    entries = document.get("entry") or []
    if not isinstance(entries, list):
        read.problems.append(f"{name}: Bundle.entry is not a list")
        return read
    for index, entry in enumerate(entries):
        where = f"entry[{index}]"
        if not isinstance(entry, dict):
            read.problems.append(f"{name} {where}: not a JSON object")
            continue
        resource = entry.get("resource")
        if resource is None:
            request = entry.get("request") or {}
            method = request.get("method") if isinstance(request, dict) else None
            read.problems.append(f"{name} {where}: no resource (request {method or 'none'} is not carried out)")
            continue
        if not isinstance(resource, dict):
            read.problems.append(f"{name} {where}: resource is not a JSON object")
            continue
        read.items.append(Item(where=where, resource=resource, full_url=str(entry.get("fullUrl") or "")))
    return read


def _from_lines(name: str, text: str) -> Input:
    read = Input(name)
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            read.items.append(Item(where=f"line {number}", text=line))
    return read
