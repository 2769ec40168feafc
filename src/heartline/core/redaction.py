"""Redact PHI from free text (survey verbatims, notes, transcripts) before it reaches a page or analytics.

Two kinds of finding, replaced by a bracketed tag that says what was there:
- known names: people we know by name from our own records (members, staff), passed in by the caller
  (no statistical name finder runs offline, so names we do not know are not found — pass them);
  matched as whole words, ignoring case, in any script (Chinese names match as written);
- patterns: member IDs (letters then 6–12 digits, e.g. NBH000012345, or a labelled "member id …"),
  Medicare Beneficiary Identifiers (CMS format, with or without dashes), US Social Security numbers
  (with or without dashes or spaces), phone numbers (ten digits with or without separators, +1),
  e-mail addresses, dates (numeric, ISO and written-out English and Spanish dates, a labelled date of
  birth), ZIP codes where they are named ("zip 10001": a bare five-digit number is too often a count),
  and street addresses (a house number, street words and a street type such as St, Ave, Road, Calle).
  Years alone and amounts (2024, 1,250) stay.

The app builds its redactor with the staff's names in `heartline.core.selectors.phi_redactor`; every
free text goes through it before it is stored (ideas, comments, coaching notes) or shown (survey quotes).

`Redactor(names=[...]).redact(text)` returns the redacted text; `.findings(text)` what it found and
where. The same redactor may be reused across many texts; building one compiles the patterns once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|"
    "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
)
STREET_TYPES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|"
    "parkway|pkwy|highway|hwy|circle|cir"
)

_MONTHS_NOT_MAY = MONTHS.replace("may|", "")  # "may 5" is more often the verb than the month
# Digits standing alone: not inside a longer number ("1234567890123"), a decimal ("0.123456789") or a
# word-and-digit code ("A123456789", a member ID); a sentence's full stop after them is fine.
_ALONE_BEFORE = r"(?<![\w.,-])"
_ALONE_AFTER = r"(?![\w-]|[.,]\d)"
# Medicare Beneficiary Identifier, CMS format: 11 characters, C A AN N A AN N A A N N, where C is 1-9,
# A a letter other than S, L, O, I, B, Z (to avoid confusion with digits), AN either, N a digit;
# written with or without dashes after the 4th and 7th characters (1EG4-TE5-MK73, 1EG4TE5MK73).
_MBI_LETTER = "[AC-HJKMNP-RT-Yac-hjkmnp-rt-y]"
_MBI_ALNUM = f"(?:{_MBI_LETTER}|\\d)"
MBI = f"\\b[1-9]{_MBI_LETTER}{_MBI_ALNUM}\\d-?{_MBI_LETTER}{_MBI_ALNUM}\\d-?{_MBI_LETTER}{_MBI_LETTER}\\d\\d\\b"
# A Social Security number: written 123-45-6789 always counts (ITINs, 9xx, are identifiers too); nine bare
# or spaced digits count unless they cannot be an SSN (area 000, 666 or 9xx, group 00, serial 0000) —
# which keeps ordinary nine-digit figures like 900000000 — and a labelled "SSN 123456789" always counts.
SSN = (
    r"\b\d{3}-\d{2}-\d{4}\b"
    rf"|{_ALONE_BEFORE}(?!000|666|9)\d{{3}}(?P<ssn_sep>[ ]?)(?!00)\d{{2}}(?P=ssn_sep)(?!0000)\d{{4}}{_ALONE_AFTER}"
    r"|(?i:\b(?:ssn|social security(?: number| no\.?| #)?)[:#\s]*(?P<value_ssn>\d{3}[- ]?\d{2}[- ]?\d{4})\b)"
)
# A US phone number: ten digits (optionally after +1 or 1), with or without separators — any ten digits
# standing alone are taken for one, since survey comments have no other use for them; and Chinese
# mobile numbers (11 digits starting 13-19).
PHONE = (
    r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
    rf"|{_ALONE_BEFORE}(?:\+?1[\s.-]?)?\d{{10}}{_ALONE_AFTER}"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
)
# Dates: numeric (3/15/1961, 15.03.61), ISO and year-first (1961-03-15, 1961/03/15), written out in
# English or Spanish (March 15, 1961; 15 March 1961; 15 de marzo de 1961; March 15th), Chinese, and a
# labelled date of birth in any form ("DOB 03151961"). A year alone is not a date here (Safe Harbor keeps years).
DATE = (
    r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b"
    rf"|(?i:\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|born(?: on)?)[:#\s]*(?P<value_dob>\d{{8}}|\d{{6}})\b)"
    rf"|(?i:\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:{MONTHS})\.?,?\s+(?:de\s+)?\d{{4}}\b"
    rf"|\b(?:{_MONTHS_NOT_MAY})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?![.,:]?\d))"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
)
# A ZIP code only where it is named ("zip 10001", "ZIP code: 10001-1234"): five-digit numbers alone are
# too often counts or amounts to take them for ZIPs.
ZIP = r"(?i:\b(?:zip(?:\s*code)?|postal code)[:#\s]*(?P<value_zip>\d{5}(?:-\d{4})?)\b)"

# A labelled identifier ("SSN 123456789", "zip 10001") keeps its label: only the group named value_* is
# replaced, so the reader still sees what kind of thing was there.
# Order matters where patterns overlap: the earlier kind wins (an SSN is not also a phone number).
PATTERNS: tuple[tuple[str, str], ...] = (
    ("EMAIL", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"),
    ("MBI", MBI),
    ("SSN", SSN),
    (
        "MEMBER ID",
        r"\b[A-Z]{1,4}-?\d{6,12}\b|(?i:\b(?:member|subscriber|policy)\s*(?:id|number|no\.?|#)[:#\s]*[A-Z0-9-]{5,})",
    ),
    ("DATE", DATE),
    ("PHONE", PHONE),
    ("ZIP", ZIP),
    (
        "ADDRESS",
        rf"(?i:\b\d{{1,6}}\s+(?:[A-Za-z][A-Za-z'.-]*\s+){{1,4}}(?:{STREET_TYPES})\b\.?|\b(?:calle|avenida|av\.)\s+[A-Za-zÀ-ÿ]+(?:\s+[A-Za-zÀ-ÿ]+)?\s+\d{{1,6}}\b)",
    ),
)


@dataclass(frozen=True)
class Finding:
    kind: str  # NAME, MEMBER ID, MBI, SSN, PHONE, EMAIL, DATE, ZIP, ADDRESS
    start: int
    end: int
    text: str


class Redactor:
    """Finds and replaces PHI in text; `names` are known people's names (full names and parts)."""

    def __init__(self, names: Iterable[str] = (), member_ids: Iterable[str] = ()) -> None:
        # ASCII word boundaries: Chinese characters count as word characters to Unicode `\b`, so
        # "会员号NBH000012345" would have no boundary before the ID and escape redaction.
        self._patterns = [(kind, re.compile(pattern, re.ASCII)) for kind, pattern in PATTERNS]
        known = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        self._names = _NameIndex(known)
        ids = sorted({m.strip() for m in member_ids if m and m.strip()}, key=len, reverse=True)
        self._member_ids = _word_pattern(ids)

    def findings(self, text: str) -> list[Finding]:
        """What would be redacted, in order, without overlaps (an earlier, then a longer, finding wins)."""
        found: list[Finding] = []
        if self._member_ids is not None:
            found += [Finding("MEMBER ID", m.start(), m.end(), m.group()) for m in self._member_ids.finditer(text)]
        for kind, pattern in self._patterns:
            found += [_finding(kind, m) for m in pattern.finditer(text)]
        found += [Finding("NAME", start, end, text[start:end]) for start, end in self._names.spans(text)]
        kept: list[Finding] = []
        taken: list[tuple[int, int]] = []
        for finding in found:
            if any(finding.start < end and start < finding.end for start, end in taken):
                continue
            kept.append(finding)
            taken.append((finding.start, finding.end))
        return sorted(kept, key=lambda f: f.start)

    def redact(self, text: str) -> str:
        """`text` with each finding replaced by `[KIND]`."""
        pieces: list[str] = []
        position = 0
        for finding in self.findings(text):
            pieces.append(text[position : finding.start])
            pieces.append(f"[{finding.kind}]")
            position = finding.end
        pieces.append(text[position:])
        return "".join(pieces)


def redact(text: str, names: Iterable[str] = ()) -> str:
    """One-off redaction of `text` (build a `Redactor` to redact many texts)."""
    return Redactor(names).redact(text)


def _finding(kind: str, match: re.Match[str]) -> Finding:
    """The finding for `match`: its value_* group when a label was matched with it, else the whole match."""
    for name, value in match.groupdict().items():
        if name.startswith("value_") and value is not None:
            return Finding(kind, match.start(name), match.end(name), value)
    return Finding(kind, match.start(), match.end(), match.group())


class _NameIndex:
    """Known names found as whole words, ignoring case. Names in spaced scripts are looked up word by word
    in a set — a regular expression of thousands of alternatives tries each one at every position, which
    is too slow for tens of thousands of verbatims; Chinese names (no spaces) keep a pattern."""

    def __init__(self, names: list[str]) -> None:
        spaced = [n for n in names if not _CJK.search(n)]
        self._words: set[tuple[str, ...]] = set()
        for name in spaced:
            words = tuple(w.casefold() for w in _WORD.findall(name))
            if words:
                self._words.add(words)
        self._longest = max((len(w) for w in self._words), default=0)
        self._cjk = _word_pattern([n for n in names if _CJK.search(n)])

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where known names are in `text`, longest first at each place, not overlapping."""
        found: list[tuple[int, int]] = []
        if self._longest:
            words = list(_WORD.finditer(text))
            i = 0
            while i < len(words):
                size = self._match_at(text, words, i)
                if size:
                    found.append((words[i].start(), words[i + size - 1].end()))
                    i += size
                else:
                    i += 1
        if self._cjk is not None:
            found += [(m.start(), m.end()) for m in self._cjk.finditer(text)]
        return found

    def _match_at(self, text: str, words: list[re.Match[str]], i: int) -> int:
        for size in range(min(self._longest, len(words) - i), 0, -1):
            # The words of a name stand together: a space, an apostrophe or a hyphen between them.
            gaps = (text[words[j].end() : words[j + 1].start()] for j in range(i, i + size - 1))
            if not all(_NAME_GAP.fullmatch(gap) for gap in gaps):
                continue
            if tuple(words[j].group().casefold() for j in range(i, i + size)) in self._words:
                return size
        return 0


_WORD = re.compile(r"\w+")
_NAME_GAP = re.compile(r"[\s'’.-]{1,3}")


def _word_pattern(words: list[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    cjk = [w for w in words if _CJK.search(w)]
    spaced = [w for w in words if not _CJK.search(w)]
    parts = []
    if spaced:  # whole words in scripts that separate words with spaces
        parts.append(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in spaced) + r")(?!\w)")
    if cjk:  # Chinese has no spaces between words: a known name matches wherever it appears
        parts.append("(?:" + "|".join(re.escape(w) for w in cjk) + ")")
    return re.compile("|".join(parts), re.IGNORECASE)


_CJK = re.compile(r"[\u3400-\u9fff]")
