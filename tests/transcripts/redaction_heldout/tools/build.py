"""Turn the hand-marked sources (`tools/{en,es,zh}.txt`) into `../{en,es,zh}.jsonl` and print counts.

Source format: a block starts with `= ID | Known Name; Other Name`; the lines after it (until the next
block) are the snippet text, joined with one space. `#` lines are notes. Identifiers are marked
inline as `[[TYPE:text]]`; `[[NAME:…]]` is a name the plan knows, `[[NAME?:…]]` one it does not.

    .venv/bin/python tests/transcripts/redaction_heldout/tools/build.py
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE.parent
sys.path.insert(0, str(OUT.parent))

from redaction_scoring import CATEGORIES, LANGUAGES, TYPES, load_set, problems  # noqa: E402

MARK = re.compile(r"\[\[([A-Z_]+\??):(.*?)\]\]")


def strip_marks(raw: str, where: str) -> tuple[str, list[dict[str, object]]]:
    text, spans, last = [], [], 0
    length = 0
    for m in MARK.finditer(raw):
        before = raw[last : m.start()]
        text.append(before)
        length += len(before)
        kind, content = m.group(1), m.group(2)
        base = kind.rstrip("?")
        if base not in TYPES:
            raise SystemExit(f"{where}: unknown type {kind!r}")
        span: dict[str, object] = {"start": length, "end": length + len(content), "type": base}
        if base == "NAME":
            span["known"] = not kind.endswith("?")
        elif kind.endswith("?"):
            raise SystemExit(f"{where}: only NAME takes '?'")
        spans.append(span)
        text.append(content)
        length += len(content)
        last = m.end()
    text.append(raw[last:])
    joined = "".join(text)
    if "[[" in joined or "]]" in joined:
        raise SystemExit(f"{where}: a mark is left unclosed: {joined!r}")
    return joined, spans


def build(language: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    header: str | None = None
    lines: list[str] = []

    def flush() -> None:
        if header is None:
            return
        ident, _, names = header.partition("|")
        text, spans = strip_marks(" ".join(lines), ident.strip())
        rows.append(
            {
                "id": ident.strip(),
                "language": language,
                "text": text,
                "known_names": [n.strip() for n in names.split(";") if n.strip()],
                "spans": spans,
            }
        )

    for line in (HERE / f"{language}.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("= "):
            flush()
            header, lines = line[2:], []
        else:
            lines.append(line.strip())
    flush()
    return rows


def main() -> None:
    for language in LANGUAGES:
        rows = build(language)
        body = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
        (OUT / f"{language}.jsonl").write_text(body, encoding="utf-8")
    snippets = load_set(OUT)
    for p in problems(snippets):
        print("PROBLEM", p)
    counts = Counter((s.language, g.category) for s in snippets for g in s.spans)
    print("| type | en | es | zh | all |\n|---|---:|---:|---:|---:|")
    for c in CATEGORIES:
        row = [counts[(lang, c)] for lang in LANGUAGES]
        print(f"| {c} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    total = [sum(counts[(lang, c)] for c in CATEGORIES) for lang in LANGUAGES]
    print("| **all** | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
    n = [sum(1 for s in snippets if s.language == lang) for lang in LANGUAGES]
    print("| snippets | " + " | ".join(map(str, n)) + f" | {sum(n)} |")


if __name__ == "__main__":
    main()
