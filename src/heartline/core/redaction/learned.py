"""A learned tagger beside the rules: a logistic model over tokens that says which are part of a direct
identifier (phone, SSN, member id, MBI, card, e-mail, a known name) from features that carry over to
forms the rules were not written for — the token's kind and shape (see `learned_text`), its neighbours'
kinds and words, the length of the run of digits and letters it is in, the words said before and after
that run and the rules' own cue for it (`cues`), an e-mail address's signs near it, and whether it looks
like a word of a known name.

Only candidate tokens are scored (in a run of four digits or letters or more, near an e-mail sign, or
like a known name's word), so ordinary talk costs a tokenising pass and little else. A flagged token grows
to its whole run; flagged tokens with only punctuation between them join; what the rules know is not an
identifier (a number their cues call a claim or reference number, a plan's contract number, an amount, a
year, a toll-free line, fewer than four digits) is dropped. The weights are fitted on the development
sets (`python -m tests.transcripts.redaction_learning train`) and shipped in `learned_weights.json` beside
this module; nothing is trained or downloaded at run time.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from heartline.core.redaction.cues import NOT_PHI, cue_after, cue_before
from heartline.core.redaction.learned_text import EMAIL_CUES, RUN_KINDS, KnownWords, Reading, Token
from heartline.core.redaction.numbers import digits_of

__all__ = ["KnownWords", "Reading", "Tagger", "candidates", "features", "shipped_tagger"]

WEIGHTS_FILE = Path(__file__).with_name("learned_weights.json")
_CUE_REACH = 8  # words before a run looked at for its cue
_AFTER_REACH = 3
_FEWEST_SYMBOLS = 4  # a run of fewer digits and letters is an amount, a time, a count: not an identifier
_YEAR = re.compile(r"(?:19|20)\d\d")
_TOLL_FREE = re.compile(r"1?8(?:00|88|77|66|55|44|33)(?:\d{7})?$")
_CONTRACT = re.compile(r"[HRSEhrse]\d{4}-\d{3}")  # a plan's CMS contract and plan number (H5521-004)
_AMOUNT = re.compile(r"[$€¥]\s*$")
_CONTRACT_SAID = re.compile(r"[HRSE]\d{7}")
_PIECE_REACH = 80  # characters back to the run a piece may be the rest of
_EMAIL_CUE_REACH = 12  # tokens before an address looked at for an e-mail cue
_AT_WORDS = frozenset(("at", "arroba", "@", "艾", "圈"))  # 圈a: "@" as Chinese ASR writes it
_DOT_WORDS = frozenset(("dot", "punto", "点"))
_FUNCTION_WORDS_TEXT = """
    it me him her them us you i we they that this there here home work is was are a an the be lo la el eso en
    """
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())  # before "at": "I saw it at yahoo"


def candidates(
    reading: Reading,
    known: KnownWords,
    cues: dict[int, tuple[str | None, str | None]],
    covered: Sequence[tuple[int, int]] = (),
) -> list[int]:
    """The tokens worth scoring: in a run of four digits or letters or more or beside one, near an e-mail
    sign, or like a known name's word (a shorter run alone is never kept: see `_kept`); not those inside
    `covered` (what the rules found already), nor a run they cover whole, nor one the rules' cue before it
    calls a service number (claim, reference…). `cues` gets the rules' cue before and after each run."""
    toks, run_of = reading.tokens, reading.run_of
    mask = bytearray(len(reading.text))
    for start, end in covered:
        mask[start:end] = b"\x01" * (end - start)

    def done(i: int) -> bool:
        return bool(mask[toks[i].start] and mask[toks[i].end - 1])

    chosen = set(reading.near_email)
    for run, size in reading.size.items():
        first, last = reading.first[run], reading.last[run]
        if size < _FEWEST_SYMBOLS or all(done(i) for i in range(first, last + 1)):
            continue
        cues[run] = (cue_before(reading.text, toks[first].start), cue_after(reading.text, toks[last].end))
        if cues[run][0] != NOT_PHI:
            chosen.update(range(max(0, first - 1), min(len(toks), last + 2)))
    exact, by_prefix, chars = known.exact, known.by_prefix, known.chars
    for i, tok in enumerate(toks):
        if run_of[i] >= 0:
            continue
        if tok.kind == "W":
            # the cheap tests first: most words are no known name's
            if (tok.word in exact or tok.word[:4] in by_prefix) and known.likeness(tok.word):
                chosen.add(i)
        elif tok.kind == "H" and tok.word in chars:
            chosen.add(i)
    return sorted(i for i in chosen if not (covered and done(i)))


def features(
    reading: Reading, index: int, known: KnownWords, cues: dict[int, tuple[str | None, str | None]]
) -> list[str]:
    """The features of token `index`; `cues` the rules' cue before and after each run (see `candidates`)."""
    toks, text = reading.tokens, reading.text
    tok = toks[index]
    word = f"#{len(tok.word)}" if tok.kind == "D" else tok.word
    out = [f"w={word}", f"k={tok.kind}", f"s={_shape(text[tok.start : tok.end])}"]
    for offset in (-3, -2, -1, 1, 2, 3):
        j = index + offset
        other = toks[j] if 0 <= j < len(toks) else None
        out.append(f"k{offset}={other.kind if other else '^'}")
        if other is not None and abs(offset) <= 2 and other.kind != "D":
            out.append(f"w{offset}={other.word}")
    if tok.kind == "H":
        if index + 1 < len(toks):
            out.append(f"h2={tok.word}{toks[index + 1].word}")
        if index > 0:
            out.append(f"h2-={toks[index - 1].word}{tok.word}")
    run = reading.run_of[index]
    if run >= 0:
        first, last = reading.first[run], reading.last[run]
        members = toks[first : last + 1]
        if any(t.kind == "W" for t in members):
            out.append("rtell")
        letters = any(t.kind in "LS" for t in members)
        digits = any(t.kind in "DNZ" for t in members)
        size = _bucket(reading.size[run])
        out += [f"rl={size}", f"rl={size}|l={letters}|d={digits}"]
        out.append(
            "rp=" + ("one" if first == last else "first" if index == first else "last" if index == last else "mid")
        )
        before, after = cues.get(run, (None, None))  # a short run beside a long one: no cue looked for
        out += [f"cue={before}", f"cue>={after}", f"cue={before}|rl={size}"]
    else:
        first = last = index
        out.append("rl=none")
    seen, j = 0, first - 1
    while j >= 0 and seen < _CUE_REACH:
        if toks[j].kind in "WH":
            out.append(f"c={toks[j].word}")
            if toks[j].kind == "H" and j + 1 < len(toks):
                out.append(f"c={toks[j].word}{toks[j + 1].word}")
            seen += 1
        j -= 1
    seen, j = 0, last + 1
    while j < len(toks) and seen < _AFTER_REACH:
        if toks[j].kind in "WH":
            out.append(f"a={toks[j].word}")
            seen += 1
        j += 1
    if index in reading.near_email:
        out += ["em", f"em|k={tok.kind}"]
    likeness = known.likeness(tok.word) if tok.kind == "W" else None
    if likeness:
        out.append(f"kn={likeness}")
    if tok.kind == "H" and tok.word in known.chars:
        out.append("kc")
    return out


def _bucket(n: int) -> str:
    return str(n) if n <= 4 else "5-6" if n <= 6 else "7-8" if n <= 8 else "9-10" if n <= 10 else "11+"


def _shape(original: str) -> str:
    """ "Xxxx" -> "Xx", "A1C" -> "XdX": the kinds of character in order, repeats collapsed."""
    shape: list[str] = []
    for char in original[:8]:
        mark = "d" if char.isdigit() else "X" if char.isupper() else "x" if char.isalpha() else char
        if not shape or shape[-1] != mark:
            shape.append(mark)
    return "".join(shape)


def _grown(reading: Reading, flagged: set[int]) -> list[tuple[int, int]]:
    """Character ranges of the flagged tokens, each grown to its whole run, joined across punctuation."""
    toks, run_of = reading.tokens, reading.run_of
    grown = set(flagged)
    for run in {run_of[i] for i in flagged if run_of[i] >= 0}:
        grown.update(range(reading.first[run], reading.last[run] + 1))
    ordered = sorted(grown)
    spans: list[list[int]] = []
    for position, i in enumerate(ordered):
        if spans:
            between = toks[ordered[position - 1] + 1 : i]
            if len(between) <= 2 and all(t.kind == "P" for t in between):
                spans[-1][1] = toks[i].end
                continue
        spans.append([toks[i].start, toks[i].end])
    return [(start, end) for start, end in spans]


def _kept(
    reading: Reading,
    first: int,
    inside: Sequence[Token],
    cues: dict[int, tuple[str | None, str | None]],
    known: KnownWords,
) -> bool:
    """Whether a grown span (tokens `inside`, the first at index `first`) stays: what the rules know is not
    a direct identifier is left to them (see `_not_an_identifier`, `_not_an_address`, `_not_a_name`)."""
    text = reading.text
    start, end = inside[0].start, inside[-1].end
    if _CONTRACT.fullmatch(text, start, end) or _AMOUNT.search(text, max(0, start - 3), start):
        return False
    if any(t.word in _AT_WORDS for t in inside):
        return not _not_an_address(reading, first, inside)
    if any(t.word in _DOT_WORDS for t in inside):
        return False  # a site said ("heartline dot com slash forms"), not an address
    if any(t.kind in RUN_KINDS for t in inside):
        return not _not_an_identifier(reading, first, inside, cues)
    return not _not_a_name(inside, known)


def _not_an_identifier(
    reading: Reading, first: int, inside: Sequence[Token], cues: dict[int, tuple[str | None, str | None]]
) -> bool:
    """Digits and letters the rules leave: written digits alone without a cue saying what they are (the
    written patterns judge those by their grammar: Luhn, SSN ranges, decimals), letters alone (an acronym
    spelled: "H M O"), fewer than four said, a year, a toll-free line, a plan's contract number said ("h
    five five two one dash oh oh four"), a number the cue before it calls a service number, or a piece
    said after one ("the claim number is four four one oh two / okay / nine eight seven…")."""
    text = reading.text
    start, end = inside[0].start, inside[-1].end
    kinds = {t.kind for t in inside}
    if not kinds & {"D", "N", "Z"}:
        return True
    said, _ = digits_of(text[start:end])
    if len(said) < _FEWEST_SYMBOLS or _YEAR.fullmatch(said) or _TOLL_FREE.match(said) or _CONTRACT_SAID.fullmatch(said):
        return True
    cue = cue_before(text, start)
    if cue == NOT_PHI:
        return True
    if kinds <= {"D", "P"} and cue not in _TAGGED_KINDS and cue_after(text, end) not in _TAGGED_KINDS:
        # Written digits without a cue are the written patterns' business ("ref 000123456", "0938-1395",
        # "86,400,000"), but for digits said in groups with pauses between: "718 555", "0 1 2 7".
        return kinds != {"D"} or len(inside) < 2 or any(len(t.word) > 4 for t in inside)
    if cue is None:
        # The nearest run before, close by, announced as a service number: this is the rest of it.
        run_of = reading.run_of
        for j in range(first - 1, -1, -1):
            if reading.tokens[j].end < start - _PIECE_REACH:
                break
            if run_of[j] >= 0 and run_of[j] in cues:
                return cues[run_of[j]][0] == NOT_PHI
    return False


def _not_an_address(reading: Reading, first: int, inside: Sequence[Token]) -> bool:
    """E-mail words the rules leave: a site ("heartline dot com slash forms", "gmail dot com" said alone),
    "at" as a preposition ("I saw it at yahoo"): an address has an at sign with something before it, and
    its domain said with a dot, or an e-mail cue before it."""
    at = next(i for i, t in enumerate(inside) if t.word in _AT_WORDS)
    if at == 0 or inside[at - 1].word in _FUNCTION_WORDS:
        return True
    if any(t.word in _DOT_WORDS or t.word == "." for t in inside[at + 1 :]):
        return False
    toks = reading.tokens
    return not any(t.word in EMAIL_CUES for t in toks[max(0, first - _EMAIL_CUE_REACH) : first])


def _not_a_name(inside: Sequence[Token], known: KnownWords) -> bool:
    """Words the rules leave: a known name's word that is an everyday word too ("By God's grace"), which
    they weigh; Chinese characters of a known name (明明). The tagger adds only a known name misheard or
    misspelled (like one, not the same: "Kowalsky")."""
    return not any(t.kind == "W" and known.likeness(t.word) == "like" for t in inside)


class Tagger:
    """The learned tagger: `spans(text, known)` gives the character ranges it takes for identifiers, a
    token taken when the model's probability is `threshold` or more."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    def probabilities(
        self,
        reading: Reading,
        known: KnownWords,
        cues: dict[int, tuple[str | None, str | None]],
        covered: Sequence[tuple[int, int]] = (),
    ) -> dict[int, float]:
        """The probability of each candidate token (outside `covered`) being part of a direct identifier;
        `cues` gets the rules' cues of the runs looked at."""
        weights = self.weights
        scores = {}
        for i in candidates(reading, known, cues, covered):
            total = self.bias
            for feature in features(reading, i, known, cues):
                total += weights.get(feature, 0.0)
            scores[i] = 1 / (1 + math.exp(-total)) if total > -30 else 0.0
        return scores

    def findings(
        self, text: str, known: KnownWords, covered: Sequence[tuple[int, int]] = ()
    ) -> list[tuple[str, int, int]]:
        """(kind, start, end) of what the tagger takes for identifiers in `text` beyond `covered` (what the
        rules found); `known` the known names' words. The kind is a guess (see `_kind_of`)."""
        reading = Reading(text, known)
        cues: dict[int, tuple[str | None, str | None]] = {}
        scores = self.probabilities(reading, known, cues, covered)
        flagged = {i for i, p in scores.items() if p >= self.threshold and reading.tokens[i].kind != "P"}
        starts = [t.start for t in reading.tokens]
        found = []
        for span in _grown(reading, flagged):
            first = bisect.bisect_left(starts, span[0])
            inside = reading.tokens[first : bisect.bisect_left(starts, span[1])]
            if _kept(reading, first, inside, cues, known):
                kind = _kind_of(reading, first, inside, span)
                found += [(kind, *piece) for piece in _beyond(text, span, covered) if text[piece[0]] not in "'’"]
        return found

    def spans(self, text: str, known: KnownWords, covered: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
        """The character ranges of `findings`."""
        return [(start, end) for _, start, end in self.findings(text, known, covered)]


def _beyond(text: str, span: tuple[int, int], covered: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The pieces of `span` outside `covered` (the rules' findings win where they overlap: the tagger
    only adds), without spaces and punctuation at their ends but where they touch a covered range."""
    start, end = span
    overlapping = sorted((s, e) for s, e in covered if s < end and start < e)
    pieces, position = [], start
    for s, e in [*overlapping, (end, end)]:
        if s > position:
            a, b = position, min(s, end)
            if a == start:  # not touching a covered range on the left
                while a < b and not text[a].isalnum():
                    a += 1
            if b == end:
                while b > a and not text[b - 1].isalnum():
                    b -= 1
            if any(c.isalnum() for c in text[a:b]):
                pieces.append((a, b))
        position = max(position, e)
    return pieces


def _kind_of(reading: Reading, first: int, inside: Sequence[Token], span: tuple[int, int]) -> str:
    """A tagged span's kind: an e-mail near an e-mail sign, a name for words alone, else the kind the cue
    before it names, else by the digits and letters said (9 an SSN, 7, 10 or 11 a phone, 13 to 19 a card,
    else a member ID)."""
    if first in reading.near_email:
        return "EMAIL"
    if all(t.kind in "WHP" for t in inside):
        return "NAME"
    cue = cue_before(reading.text, span[0])
    if cue in _TAGGED_KINDS:
        return cue
    said = sum(len(t.word) if t.kind == "D" else 1 for t in inside if t.kind in RUN_KINDS)
    return "SSN" if said == 9 else "PHONE" if said in (7, 10, 11) else "CARD" if 13 <= said <= 19 else "MEMBER ID"


_TAGGED_KINDS = frozenset(("SSN", "MEMBER ID", "ACCOUNT", "PHONE", "CARD", "MBI", "EMAIL"))


@cache
def shipped_tagger() -> Tagger:
    """The tagger fitted on the development sets (`learned_weights.json`)."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Tagger(data["weights"], data["bias"], data["threshold"])
