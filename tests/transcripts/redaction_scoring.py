"""Scoring a PHI redactor against the held-out labelled set in `redaction_set/` (see its README).

Shared by the recall test and the benchmark. A redactor is scored through what it finds, as
character ranges into each snippet's text:

- a gold identifier counts as **found** when the findings cover every one of its non-space
  characters, whatever kind the redactor gave them (redacted is redacted);
- **recall** is found / labelled, per category (the span types, with NAME split into names the plan
  knows from its records and names it does not), per language and pooled;
- **precision** is the share of the characters the redactor covered (non-space) that lie inside a
  gold span: a drug name, an amount or "deductible" taken for an identifier lowers it;
- **service words** (`SERVICE_WORDS`: drug names, plan words, state names, amounts…) are words the
  redactor must leave alone; every occurrence a finding touches is listed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SET_DIR = Path(__file__).parent / "redaction_set"
LANGUAGES = ("en", "es", "zh")
TYPES = ("NAME", "DATE", "PHONE", "EMAIL", "SSN", "MEMBER_ID", "MBI", "ADDRESS", "ZIP", "CARD")
# Categories scored: NAME is split by whether the plan knows the name from its records.
CATEGORIES = ("NAME known", "NAME unknown", *TYPES[1:])
# The bar: recall >= 0.99 for each of these, per type.
DIRECT = ("NAME known", "PHONE", "EMAIL", "SSN", "MEMBER_ID", "MBI", "CARD")
RECALL_BAR = 0.99
MIN_TOTAL, MIN_PER_LANGUAGE = 300, 80

# Words that carry no identity and must stay: they occur in the set's texts (the validator checks
# each one does, and that none overlaps a gold span).
SERVICE_WORDS = {
    "en": (
        "metformin", "atorvastatin", "lisinopril", "Eliquis", "Entresto", "Ozempic", "insulin glargine",
        "levothyroxine", "metoprolol", "deductible", "copay", "coinsurance", "prior authorization",
        "member services", "Part D", "formulary", "$1,250", "$8,300", "$1,840", "2026", "three times",
        "four thirty", "Texas", "Arizona", "Alaska", "Medicare", "Saint Luke's", "twenty milligrams",
    ),
    "es": (
        "metformina", "atorvastatina", "lisinopril", "Eliquis", "Entresto", "Ozempic", "insulina glargina",
        "levotiroxina", "metoprolol", "deducible", "copago", "coseguro", "autorización previa",
        "servicios para miembros", "Parte D", "formulario", "mil doscientos cincuenta dólares", "2026",
        "tres veces", "cuatro y media", "Texas", "Arizona", "Alaska", "Medicare", "San Lucas",
        "veinte miligramos",
    ),
    "zh": (
        "二甲双胍", "阿托伐他汀", "赖诺普利", "Eliquis", "诺欣妥", "Ozempic", "甘精胰岛素", "美托洛尔",
        "免赔额", "共付额", "共同保险", "预先授权", "处方集", "处方", "会员服务", "D部分",
        "一千二百五十美元", "2026年", "三次", "下午四点半", "德州", "亚利桑那州", "纽约", "圣路加医院",
        "二十毫克",
    ),
}  # fmt: skip


class LabelledSetError(ValueError):
    """A line of the labelled set that cannot be read; the message names file, line and field."""


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    type: str
    known: bool | None = None

    @property
    def category(self) -> str:
        if self.type == "NAME":
            return "NAME known" if self.known else "NAME unknown"
        return self.type


@dataclass(frozen=True)
class Snippet:
    id: str
    language: str
    text: str
    known_names: tuple[str, ...]
    spans: tuple[Gold, ...]


def _field(row: dict[str, object], name: str, kind: type, where: str) -> object:
    if name not in row:
        raise LabelledSetError(f"{where}: missing field {name!r}")
    value = row[name]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise LabelledSetError(f"{where}: field {name!r} should be {kind.__name__}, got {value!r}")
    return value


def _gold(raw: object, where: str) -> Gold:
    if not isinstance(raw, dict):
        raise LabelledSetError(f"{where}: a span should be an object, got {raw!r}")
    known = raw.get("known")
    if known is not None and not isinstance(known, bool):
        raise LabelledSetError(f"{where}: field 'known' should be true or false, got {known!r}")
    return Gold(
        start=int(_field(raw, "start", int, where)),  # type: ignore[call-overload]
        end=int(_field(raw, "end", int, where)),  # type: ignore[call-overload]
        type=str(_field(raw, "type", str, where)),
        known=known,
    )


def load_file(path: Path) -> list[Snippet]:
    snippets = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise LabelledSetError(f"{where}: not JSON ({error.msg})") from error
        if not isinstance(row, dict):
            raise LabelledSetError(f"{where}: should be a JSON object")
        names = _field(row, "known_names", list, where)
        spans = _field(row, "spans", list, where)
        snippets.append(
            Snippet(
                id=str(_field(row, "id", str, where)),
                language=str(_field(row, "language", str, where)),
                text=str(_field(row, "text", str, where)),
                known_names=tuple(str(n) for n in names),  # type: ignore[attr-defined]
                spans=tuple(_gold(s, f"{where} span {i}") for i, s in enumerate(spans)),  # type: ignore[arg-type]
            )
        )
    return snippets


def load_set(folder: Path = SET_DIR) -> list[Snippet]:
    return [s for language in LANGUAGES for s in load_file(folder / f"{language}.jsonl")]


def problems(snippets: Sequence[Snippet], service_words: dict[str, tuple[str, ...]] = SERVICE_WORDS) -> list[str]:
    """What is wrong with the set: bad offsets, overlaps, unknown types, counts under the minimums.
    `service_words`: the words that must stay (each should occur in the set and overlap no gold span)."""
    found: list[str] = []
    ids = Counter(s.id for s in snippets)
    found += [f"id {i} used {n} times" for i, n in ids.items() if n > 1]
    for s in snippets:
        if s.language not in LANGUAGES:
            found.append(f"{s.id}: language {s.language!r} not one of {LANGUAGES}")
        previous_end = -1
        for g in sorted(s.spans, key=lambda g: g.start):
            piece = s.text[g.start : g.end]
            if g.type not in TYPES:
                found.append(f"{s.id}: span {g} has unknown type {g.type!r}")
            if not 0 <= g.start < g.end <= len(s.text):
                found.append(f"{s.id}: span {g} is not inside the text ({len(s.text)} characters)")
            elif piece != piece.strip():
                found.append(f"{s.id}: span {g} starts or ends with a space: {piece!r}")
            if g.start < previous_end:
                found.append(f"{s.id}: span {g} overlaps the one before it")
            if g.type == "NAME" and g.known is None:
                found.append(f"{s.id}: NAME span {piece!r} does not say whether the name is known")
            previous_end = max(previous_end, g.end)
        for word in service_words.get(s.language, ()):
            for start, end in occurrences(s.text, word):
                if any(g.start < end and start < g.end for g in s.spans):
                    found.append(f"{s.id}: service word {word!r} at {start} overlaps a gold span")
    per_language = Counter(s.language for s in snippets for _ in s.spans)
    if sum(per_language.values()) < MIN_TOTAL:
        found.append(f"{sum(per_language.values())} identifiers in all, fewer than {MIN_TOTAL}")
    per_type = Counter((s.language, g.type) for s in snippets for g in s.spans)
    for language in LANGUAGES:
        if per_language[language] < MIN_PER_LANGUAGE:
            found.append(f"{language}: {per_language[language]} identifiers, fewer than {MIN_PER_LANGUAGE}")
        found += [f"{language}: no {t} span" for t in TYPES if not per_type[(language, t)]]
        texts = " ".join(s.text for s in snippets if s.language == language)
        absent = [w for w in service_words.get(language, ()) if w not in texts]
        found += [f"{language}: service word {w!r} occurs in no text" for w in absent]
    return found


def occurrences(text: str, word: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(word)
    while start >= 0:
        spans.append((start, start + len(word)))
        start = text.find(word, start + 1)
    return spans


# -- scoring --------------------------------------------------------------------------------------

Finder = Callable[[Snippet], Iterable[tuple[int, int]]]


@dataclass
class Tally:
    found: int = 0
    labelled: int = 0

    @property
    def recall(self) -> float | None:
        return self.found / self.labelled if self.labelled else None


@dataclass
class Score:
    # (language or "all", category or "all") -> tally
    recall: dict[tuple[str, str], Tally] = field(default_factory=dict)
    # language or "all" -> [characters covered inside gold spans, characters covered]
    characters: dict[str, list[int]] = field(default_factory=dict)
    missed: list[str] = field(default_factory=list)  # "id CATEGORY 'text'"
    outside: list[str] = field(default_factory=list)  # "id 'covered text outside any gold span'"
    service_words_touched: list[str] = field(default_factory=list)  # "id 'word'"

    def tally(self, language: str, category: str) -> Tally:
        return self.recall.setdefault((language, category), Tally())

    def precision(self, language: str = "all") -> float | None:
        inside, covered = self.characters.get(language, [0, 0])
        return inside / covered if covered else None


def _covered(text: str, ranges: Iterable[tuple[int, int]]) -> list[bool]:
    mask = [False] * len(text)
    for start, end in ranges:
        for i in range(max(0, start), min(len(text), end)):
            mask[i] = True
    return mask


def _runs(text: str, mask: list[bool]) -> list[str]:
    """The covered stretches of `text` where `mask` is set, as strings."""
    pieces, start = [], None
    for i, on in enumerate([*mask, False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            pieces.append(text[start:i].strip())
            start = None
    return [p for p in pieces if p]


def score(
    snippets: Sequence[Snippet], find: Finder, service_words: dict[str, tuple[str, ...]] = SERVICE_WORDS
) -> Score:
    """`find`'s recall and precision on `snippets`; the `service_words` it touched."""
    result = Score()
    for s in snippets:
        covered = _covered(s.text, find(s))
        in_gold = _covered(s.text, ((g.start, g.end) for g in s.spans))
        for g in s.spans:
            hit = all(covered[i] for i in range(g.start, g.end) if not s.text[i].isspace())
            for language in (s.language, "all"):
                for category in (g.category, "all"):
                    tally = result.tally(language, category)
                    tally.labelled += 1
                    tally.found += hit
            if not hit:
                result.missed.append(f"{s.id} {g.category} {s.text[g.start : g.end]!r}")
        counted = [i for i, on in enumerate(covered) if on and not s.text[i].isspace()]
        inside = sum(in_gold[i] for i in counted)
        for language in (s.language, "all"):
            chars = result.characters.setdefault(language, [0, 0])
            chars[0] += inside
            chars[1] += len(counted)
        outside = [on and not gold for on, gold in zip(covered, in_gold, strict=True)]
        result.outside += [f"{s.id} {piece!r}" for piece in _runs(s.text, outside)]
        for word in service_words.get(s.language, ()):
            for start, end in occurrences(s.text, word):
                if any(covered[start:end]):
                    result.service_words_touched.append(f"{s.id} {word!r}")
    return result


def below_bar(result: Score, categories: Sequence[str] = DIRECT, bar: float = RECALL_BAR) -> dict[str, float]:
    """The direct-identifier categories whose pooled recall is under the bar, with their recall."""
    shortfalls = {}
    for category in categories:
        recall = result.tally("all", category).recall
        if recall is not None and recall < bar:
            shortfalls[category] = round(recall, 3)
    return shortfalls


def as_dict(result: Score) -> dict[str, object]:
    """Recall per category and language (with n), precision per language: for JSON reports."""

    def cell(language: str, category: str) -> dict[str, object]:
        t = result.tally(language, category)
        return {"recall": None if t.recall is None else round(t.recall, 3), "found": t.found, "n": t.labelled}

    columns = (*LANGUAGES, "all")
    return {
        "recall": {c: {lang: cell(lang, c) for lang in columns} for c in (*CATEGORIES, "all")},
        "precision": {
            lang: {
                "precision": None if (p := result.precision(lang)) is None else round(p, 3),
                "characters_covered": result.characters.get(lang, [0, 0])[1],
            }
            for lang in columns
        },
        "service_words_touched": len(result.service_words_touched),
    }


def table(result: Score, title: str = "") -> str:
    """Recall per category (rows) and language (columns), each as recall (found/n); precision last."""
    columns = (*LANGUAGES, "all")
    lines = [title] if title else []
    lines.append(f"{'':<14}" + "".join(f"{c:>18}" for c in columns))
    for category in (*CATEGORIES, "all"):
        cells = []
        for language in columns:
            t = result.tally(language, category)
            cells.append(f"{t.recall:.3f} ({t.found}/{t.labelled})" if t.labelled else "-")
        marker = " *" if category in DIRECT else ""
        lines.append(f"{category + marker:<14}" + "".join(f"{c:>18}" for c in cells))
    precisions = []
    for language in columns:
        p = result.precision(language)
        precisions.append("-" if p is None else f"{p:.3f} (n={result.characters.get(language, [0, 0])[1]})")
    lines.append(f"{'precision':<14}" + "".join(f"{c:>18}" for c in precisions))
    lines.append(f"* direct identifiers (bar: recall >= {RECALL_BAR}); service words touched: "
                 f"{len(result.service_words_touched)}")  # fmt: skip
    return "\n".join(lines)


def redactor_finds(snippet: Snippet) -> list[tuple[int, int]]:
    """What Heartline's redactor finds in `snippet` (the plan knowing its names), as character ranges."""
    from heartline.core.redaction import Redactor

    return [(f.start, f.end) for f in Redactor(names=snippet.known_names).findings(snippet.text)]


def assert_recall_meets(result: Score, bar: float = RECALL_BAR) -> None:
    """Every direct identifier type found at `bar` or better; the message lists the shortfalls and misses."""
    shortfalls = below_bar(result, DIRECT, bar)
    missed = [m for m in result.missed if any(f" {c} " in m for c in DIRECT)]
    assert shortfalls == {}, f"recall under {bar}: {shortfalls}; missed: " + "; ".join(missed)


def assert_precision_at_least(result: Score, bar: float) -> None:
    """The share of redacted characters that were identifiers is `bar` or better."""
    precision = result.precision()
    assert precision is not None
    assert precision >= bar, f"precision {precision}: " + "; ".join(result.outside)
