"""Redact PHI from free text — survey verbatims, notes, ideas and transcripts of calls in English, Spanish
and Chinese — before it reaches a page, a table or analytics: HIPAA Safe Harbor's identifiers as they are
written and as they are said, each replaced by a bracketed tag that says what was there.

Kinds (the tag is `[KIND]`):
- NAME: known names from our own records (members, staff: passed in), in the forms speech gives them
  (any run of their words, lower-cased, spelled out, beside Chinese characters; a Chinese name by its
  given name, its surname before a title or kinship word, after 老/小, or as it is said to be written,
  `known`), and names speech announces ("my name is…", "Mrs. …", "the pharmacist, Greg", "me llamo…",
  "我叫…", "王先生", "我先生国强", "Feldman医生", spelled "S-M-I-T-H"), then every other place the same
  name appears in the text (`names`);
- MEMBER ID, ACCOUNT (account and medical record numbers), MBI, SSN (and Chinese resident ID numbers),
  CARD (payment cards, Luhn-checked or named), PHONE: as written (`written`, member IDs in groups too)
  and read out digit by digit ("five five five, one two one two", "cinco cinco…", "五五五一二一二",
  "double four", "oh", 幺, 两, "dash"/"then"/"y luego"/然后 between groups) with letters read out among
  them ("z g p…", "P as in Paul", "zeta ge pe", "Z G P四四八…"), typed by the cue before them ("my
  social is…"), their shape (MBI) or their length (`spoken`, `numbers`, `cues`); pieces said apart (split
  across a representative's "okay", read back, corrected, the area code said last) put back together and
  judged by each identifier's grammar — MBI pattern, Luhn, phone, SSN ranges, member id (`assembled`); a
  phone with the country code and extension said with it ("plus one…", 加一, "extension two oh four",
  分机…), a toll-free line left alone as a business's (`phones`);
- EMAIL, written or said ("john dot smith at gmail dot com", "granny all one word at aol dot com",
  "…arroba… punto com", "…艾特…点com", glued by the ASR: "lgl一956圈agmail点com"): an "at" address with a mail
  provider, a written domain, an e-mail cue or an address-like first part ("I looked at medicare dot gov"
  stays);
- DATE: numeric, written out and said ("March third nineteen fifty-two", "the fifth of May", "April
  eighteenth sixty-one", "Tuesday the fourteenth", "the twenty-first of last month", "tres de marzo de
  mil novecientos…", "nueve del nueve del cuarenta y cuatro", "三月三号", "十四号礼拜二"), three numbers
  said as month, day, year near a birth cue, and a day alone just after its date ("…and home on the
  17th"); a month with a year only beside a birth cue; years alone stay;
- ZIP (where named, after a state, or five digits said just after an address) and ADDRESS (en/es/zh
  street addresses with unit and quarter, P.O. boxes, the town someone lives in, `places`); AGE: ages
  over 89 ("ninety-two years old", "92岁").
Service words, drug names, amounts, years, times, state names, plan contract numbers (H1234-001), claim
and reference numbers, toll-free numbers (1-800-…) stay. Recall and precision:
`tests/transcripts/test_redaction_recall.py` on the development set (`tests/transcripts/redaction_set/`).

Beside the rules, a learned tagger (`learned`, weights fitted on the development sets and shipped in
`learned_weights.json`) adds the identifier runs the rules miss — only beyond what they found, and not
what they know is not PHI; `learned=False` gives the rules alone.

`Redactor(names=[...], member_ids=[...], language="auto", learned=True)`: `.redact(text)` returns the redacted text,
`.findings(text)` what it found and where (offsets into the text). `language` is auto (by script and
common words; a text may be in several), en, es or zh; it chooses which languages' name cues run —
numbers, dates, e-mails and addresses are looked for in all three. The app builds its redactor with the
staff's names in `heartline.core.selectors.phi_redactor`; every free text goes through it. The same
redactor may be reused across many texts; the patterns are compiled once, at import.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from heartline.core.redaction.assembled import assembled_identifiers, glued_emails
from heartline.core.redaction.cues import NOT_PHI, cue_before
from heartline.core.redaction.emails import spoken_emails
from heartline.core.redaction.known import NameIndex, word_pattern
from heartline.core.redaction.language import LANGUAGES, languages_of
from heartline.core.redaction.learned import KnownWords, Tagger, shipped_tagger
from heartline.core.redaction.names import cue_names, propagate
from heartline.core.redaction.numbers import luhn_valid
from heartline.core.redaction.phones import phone_grammar
from heartline.core.redaction.places import addresses
from heartline.core.redaction.scan import Words, occurrences, scan, windows
from heartline.core.redaction.spoken import spoken_numbers, spoken_runs
from heartline.core.redaction.spoken_dates import ages_over_89, spoken_dates
from heartline.core.redaction.written import BARE_DIGITS, COMPILED, DATE_WORD_BEFORE, RETYPED_BY_CUE

__all__ = ["KINDS", "LANGUAGES", "Finding", "Redactor", "languages_of", "redact", "replaced"]

# Where findings overlap, the kind earlier here wins; within a kind, the longer finding.
KINDS = ("EMAIL", "MBI", "CARD", "DATE", "SSN", "MEMBER ID", "ACCOUNT", "PHONE", "ADDRESS", "ZIP", "AGE", "NAME")
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_ALL = frozenset(LANGUAGES)


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    start: int
    end: int
    text: str


class Redactor:
    """Finds and replaces PHI in text; `names` are known people's names (full names and parts),
    `member_ids` known member IDs, `language` auto|en|es|zh."""

    def __init__(
        self,
        names: Iterable[str] = (),
        member_ids: Iterable[str] = (),
        language: str = "auto",
        learned: Tagger | bool = True,
    ) -> None:
        languages_of("", language)  # refuses an unknown language now rather than on the first text
        self.language = language
        known = sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True)
        self._names = NameIndex(known)
        # The learned tagger beside the rules (`learned`): the shipped one, another (cross-validation), or none.
        self._tagger = shipped_tagger() if learned is True else learned or None
        self._known_words = KnownWords.of(known if self._tagger else ())
        ids = sorted({m.strip() for m in member_ids if m and m.strip()}, key=len, reverse=True)
        self._member_ids = word_pattern(ids)

    def findings(self, text: str) -> list[Finding]:
        """What would be redacted, in order, without overlaps (see KINDS for which wins)."""
        original = text
        if _FULLWIDTH.search(text):
            # Full-width digits and letters (Chinese input: "１ＥＧ４－ＴＥ５"), read as ASCII; one character
            # each, so offsets stay the same.
            text = text.translate(_HALFWIDTH)
        spans: list[tuple[str, int, int]] = []
        low = _lower(text)
        han = bool(_HAN.search(text))
        if self._member_ids is not None:
            spans += [("MEMBER ID", m.start(), m.end()) for m in self._member_ids.finditer(text)]
        digit_hits = [m.span() for m in _DIGITS.finditer(text)]
        near_digits = windows([*digit_hits, *occurrences(low, "@", whole=False)], 70, 70, len(text))
        for kind, pattern in COMPILED:
            for match in scan(pattern, text, near_digits):
                spans.extend(_written(kind, match, text))
        words = Words(low)
        spans += spoken_emails(text, words)
        places = list(addresses(text, words, han))
        spans += places
        runs = spoken_runs(text, words, digit_hits, chinese=han)
        spans += spoken_numbers(text, runs, chinese=han, address_ends=tuple(end for _, _, end in places))
        spans += assembled_identifiers(text, runs)
        if han:
            spans += glued_emails(text)
        spans += spoken_dates(text, words, _ALL)
        spans += ages_over_89(text, words)
        spans += [("NAME", start, end) for start, end in self._names.spans(text, low)]
        announced = list(cue_names(text, words, languages_of(text, self.language), han))
        spans += announced
        spans += propagate(text, announced)
        spans += _names_joined_as_an_address(text, spans)
        spans = phone_grammar(text, spans)
        if self._tagger is not None:
            spans += self._tagger.findings(text, self._known_words, [(start, end) for _, start, end in spans])
        found = _without_overlaps(text, spans)
        if original is not text:
            found = [Finding(f.kind, f.start, f.end, original[f.start : f.end]) for f in found]
        return found

    def redact(self, text: str) -> str:
        """`text` with each finding replaced by `[KIND]`."""
        return replaced(text, self.findings(text))


def redact(text: str, names: Iterable[str] = (), language: str = "auto") -> str:
    """One-off redaction of `text` (build a `Redactor` to redact many texts)."""
    return Redactor(names, language=language).redact(text)


def _written(kind: str, match: re.Match[str], text: str) -> list[tuple[str, int, int]]:
    """The finding for a written pattern's match: its value_* group when a label was matched with it, else
    the whole match; bare digits retyped by the cue before them; a card number only if it passes Luhn."""
    for name, value in match.groupdict().items():
        if name.startswith("value_") and value is not None:
            return [(kind, match.start(name), match.end(name))]
    start, end = match.span()
    if kind in ("MEMBER ID", "ACCOUNT") and cue_before(text, start) == NOT_PHI:
        return []  # "the reference is R 5 5 1 2 0 9", "确认号是C88201945": a service number
    if match.groupdict().get("monthday") and not DATE_WORD_BEFORE.search(text, max(0, start - 14), start):
        return []  # "1/2 tablet": a month and day only after "on", "el"…
    if kind == "CARD":
        digits = re.sub(r"\D", "", match.group())
        # A number that fails the check is still a card where the card was named ("my Visa, 4916 …"):
        # a digit misheard or misread keeps it an identifier.
        return [("CARD", start, end)] if luhn_valid(digits) or cue_before(text, start) == "CARD" else []
    if kind in RETYPED_BY_CUE and BARE_DIGITS.fullmatch(match.group()):
        cue = cue_before(text, start)
        if cue == NOT_PHI:
            return []  # "claim number 1234567890": a service number, not the member's phone
        if cue in ("SSN", "MEMBER ID", "ACCOUNT", "PHONE"):
            kind = cue
    return [(kind, start, end)]


def _without_overlaps(text: str, spans: list[tuple[str, int, int]]) -> list[Finding]:
    """The findings that win where spans overlap; what a losing span covers beyond the winners is kept
    as its own finding (a name running past a date is still redacted), if it holds a letter or digit."""
    kept: list[tuple[str, int, int]] = []
    pending = sorted(spans, key=lambda s: (_RANK[s[0]], s[1] - s[2], s[1]))
    while pending:
        kind, start, end = pending.pop(0)
        if end <= start:
            continue
        overlapping = [(k_start, k_end) for _, k_start, k_end in kept if start < k_end and k_start < end]
        if not overlapping:
            kept.append((kind, start, end))
            continue
        position = start
        for k_start, k_end in sorted(overlapping):
            if k_start > position and _SOMETHING.search(text, position, k_start):
                kept.append((kind, *_stripped(text, position, k_start)))
            position = max(position, k_end)
        if position < end and _SOMETHING.search(text, position, end):
            kept.append((kind, *_stripped(text, position, end)))
    kept.sort(key=lambda s: s[1])
    return [Finding(kind, start, end, text[start:end]) for kind, start, end in kept]


def _names_joined_as_an_address(text: str, spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Two names said with "dot", "punto", "underscore", 点 between them are an e-mail address's first part
    read back without its domain ("ana sofía punto mejía", "john underscore smith")."""
    names = sorted((start, end) for kind, start, end in spans if kind == "NAME")
    joined = []
    for (start, end), (next_start, next_end) in pairwise(names):
        if 0 < next_start - end <= 20 and _ADDRESS_JOINER.fullmatch(text, end, next_start):
            joined.append(("EMAIL", start, next_end))
    return joined


def replaced(text: str, findings: list[Finding]) -> str:
    """`text` with each of `findings` (in order, not overlapping) replaced by `[KIND]`."""
    pieces: list[str] = []
    position = 0
    for finding in findings:
        pieces.append(text[position : finding.start])
        pieces.append(f"[{finding.kind}]")
        position = finding.end
    pieces.append(text[position:])
    return "".join(pieces)


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """A remainder without the spaces and punctuation at its ends."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


def _lower(text: str) -> str:
    """`text` in lower case, character for character (offsets into it are offsets into `text`)."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower to two ("İ"): keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low


_DIGITS = re.compile(r"[0-9]+")
_FULLWIDTH = re.compile("[\uff0d\uff0e\uff10-\uff19\uff20-\uff3a\uff41-\uff5a]")
_HALFWIDTH = {
    code: code - 0xFEE0
    for code in (0xFF0D, 0xFF0E, 0xFF20, *range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
_HAN = re.compile(r"[\u3400-\u9fff]")
_SOMETHING = re.compile(r"\w")
_ADDRESS_JOINER = re.compile(
    r"\s*(?:dot|punto|underscore|guion bajo|guión bajo|barra baja|点|點|下划线)\s*", re.IGNORECASE
)
