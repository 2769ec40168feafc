"""How the learned tagger (`learned`) reads a text: tokens and their kinds (digits, a number word in
en/es/zh, a Chinese digit 幺洞两…, a letter alone, a spelled letter's name, punctuation, a word, another
Chinese character), runs of digits and letters said together (with joining marks and the words that tell
a letter apart: "P as in Paul"), the stretches near an e-mail address said or written, and the words of
the known names. Done once per text, shared by every token's features.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from heartline.core.redaction.numbers import ES_LETTERS, NATO_LETTERS, NUMBER_WORD, NUMBER_WORDS, ZH_DIGITS

TOKEN = re.compile(r"[0-9]+|[^\W\d_\u3400-\u9fff]+(?:['’][^\W\d_\u3400-\u9fff]+)?|[\u3400-\u9fff]|\S")
# Token kinds: D digits, N a number word, Z a Chinese digit, L a letter alone, S a spelled letter's name,
# P punctuation, W another word, H another Chinese character.
RUN_KINDS = frozenset("DNZLS")
_NUMBER_WORDS = frozenset(NUMBER_WORDS) | {"oh", "o"}
_SPELLED = frozenset(w for w in (*NATO_LETTERS, *ES_LETTERS) if " " not in w)
# What may sit inside a run: "555-1212", "Z. G. P.", "five five five dash one two…"
_JOINERS = frozenset(("-", ".", ",", "/", "dash", "guion", "guión"))
# Words that tell a letter apart, before the example word: "as in Paul", "de París", "como en Carlos".
_TELLING = (("as", "in"), ("as", "for"), ("like",), ("for",), ("de",), ("como", "en"), ("como",))
# An e-mail address near: "@", "arroba", 艾特 anywhere; "at", "dot", "punto", 点 when a domain's word
# follows; after an e-mail cue.
_AT_SIGNS = frozenset(("@", "arroba"))
_JOINING_WORDS = frozenset(("at", "dot", "punto", "点", "underscore", "guion"))
_DOMAIN_WORDS_TEXT = """
    com net org edu gov us mx cn gmail yahoo hotmail aol outlook icloud live msn comcast verizon att protonmail
    qq sina
    """
_DOMAIN_WORDS = frozenset(_DOMAIN_WORDS_TEXT.split())
EMAIL_CUES = frozenset(("email", "e-mail", "mail", "correo", "邮", "箱"))
_WEAK = frozenset("aioeyu")
_DOMAIN_REACH = 6  # tokens after "at" looked at for a domain's word
EMAIL_REACH = 3  # tokens either side of an e-mail sign that are near it
_LIKE_LENGTH = 5


class Token(NamedTuple):
    start: int
    end: int
    word: str  # lower-cased
    kind: str


@dataclass(frozen=True)
class KnownWords:
    """The words of known people's names (Latin script, two letters or more, lower case), by their first
    four letters for the likeness test, and the Chinese characters in them. Build once per name list."""

    exact: frozenset[str]
    by_prefix: dict[str, tuple[int, ...]]  # first four letters -> lengths of the words that start so
    chars: frozenset[str]
    chars_pattern: re.Pattern[str] | None  # any of `chars`

    @classmethod
    def of(cls, names: Iterable[str]) -> KnownWords:
        words: set[str] = set()
        chars: set[str] = set()
        for name in names:
            for word in re.split(r"[\s\-·.]+", name.lower()):
                if len(word) >= 2 and not ("\u3400" <= word[0] <= "\u9fff"):
                    words.add(word)
            chars.update(c for c in name if "\u3400" <= c <= "\u9fff")
        by_prefix: dict[str, set[int]] = {}
        for word in words:
            if len(word) >= _LIKE_LENGTH:
                by_prefix.setdefault(word[:4], set()).add(len(word))
        pattern = re.compile("[" + "".join(sorted(chars)) + "]") if chars else None
        return cls(frozenset(words), {k: tuple(v) for k, v in by_prefix.items()}, frozenset(chars), pattern)

    def on_line(self, low: str, start: int, end: int) -> bool:
        """Whether the line `low[start:end]` (lower-cased text) has a word like a known name's, or one of
        their Chinese characters."""
        if self.chars_pattern is not None and self.chars_pattern.search(low, start, end):
            return True
        words = set(_WORD.findall(low, start, end))
        if not words.isdisjoint(self.exact):
            return True
        by_prefix = self.by_prefix
        return any(w[:4] in by_prefix and self.likeness(w) for w in words)

    def likeness(self, word: str) -> str | None:
        """ "exact" for a known name's word, "like" for one that starts the same and is about as long (a
        name misheard or misspelled: "Kowalsky"), else None."""
        if word in self.exact:
            return "exact"
        if len(word) >= _LIKE_LENGTH and any(abs(n - len(word)) <= 2 for n in self.by_prefix.get(word[:4], ())):
            return "like"
        return None


class Reading:
    """A text as the tagger reads it: `tokens`, `run_of` (each token's run, -1 for none), each run's
    `first`/`last` token and `size` (digits and letters said), the tokens `near_email`. Only the lines
    with a sign of a number or an e-mail address (`_SIGN`) are read, with the line before each (where the
    question was asked), and those with a word like a `known` name's; a mark (kind P) stands for the lines
    left out between them."""

    def __init__(self, text: str, known: KnownWords) -> None:
        self.text = text
        self.tokens = _tokens(text, known)
        self.run_of = _runs(self.tokens)
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        self.size: dict[int, int] = {}
        for i, (tok, run) in enumerate(zip(self.tokens, self.run_of, strict=True)):
            if run < 0:
                continue
            self.first.setdefault(run, i)
            self.last[run] = i
            if tok.kind in RUN_KINDS:
                self.size[run] = self.size.get(run, 0) + (len(tok.word) if tok.kind == "D" else 1)
        self.near_email = _near_email(self.tokens)


def _tokens(text: str, known: KnownWords) -> list[Token]:
    """The tokens of the lines worth reading (see `Reading`)."""
    if "\n" not in text:
        return [Token(*m.span(), w := m.group().lower(), _kind(w)) for m in TOKEN.finditer(text)]
    bounds = [0, *(m.end() for m in _LINE_END.finditer(text))]
    if bounds[-1] < len(text):
        bounds.append(len(text))
    lines = list(pairwise(bounds))
    read = [False] * len(lines)
    low = text.lower()
    if len(low) != len(text):  # a few characters lower to two ("İ"): keep those as they are
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for n, (start, end) in enumerate(lines):
        if _SIGN.search(text, start, end):
            read[n] = True
            if n:
                read[n - 1] = True
        elif not read[n] and known.on_line(low, start, end):
            read[n] = True
    found: list[Token] = []
    n = 0
    while n < len(lines):
        if not read[n]:
            n += 1
            continue
        last = n
        while last + 1 < len(lines) and read[last + 1]:
            last += 1
        start, end = lines[n][0], lines[last][1]
        if found:
            found.append(Token(start, start, "¶", "P"))  # lines left out: no run goes across them
        found += [Token(m.start(), m.end(), w := m.group(), _kind(w)) for m in TOKEN.finditer(low, start, end)]
        n = last + 1
    return found


_LINE_END = re.compile(r"\n")
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]{2,}")
_SAID = rf"(?<![^\W\d_])(?:{NUMBER_WORD}|oh)(?![^\W\d_])"
# A sign of a number or an e-mail address on a line: a digit, two Chinese digits or number words together,
# an at sign or a mail word.
_SIGN = re.compile(
    rf"[0-9０-９]|[零〇一幺二两兩三四五六七八九洞]{{2}}|(?i:{_SAID}[ \t,.-]*{_SAID})"
    r"|@|艾特|邮箱|(?i:arroba|gmail|yahoo|hotmail|outlook|icloud|aol\b|dot\b|punto|correo|e-?mail)"
)


@lru_cache(maxsize=8192)
def _kind(word: str) -> str:
    if word.isdigit():
        return "D"
    if word in ZH_DIGITS:
        return "Z"
    if "\u3400" <= word[0] <= "\u9fff":
        return "H"
    if word in _NUMBER_WORDS:
        return "N"
    if len(word) == 1:
        return "L" if word.isalpha() else "P"
    if word in _SPELLED:
        return "S"
    return "W"


def _runs(toks: list[Token]) -> list[int]:
    """For each token, the index of the run of digits and letters it is in (-1 when in none): run tokens
    with nothing but spaces or one joining mark between them, and the words that tell a letter apart."""
    telling = _telling_words(toks)
    run_of = [-1] * len(toks)
    run = -1
    previous = -2  # index of the last run token
    for i, tok in enumerate(toks):
        if tok.kind not in RUN_KINDS and i not in telling:
            continue
        between = toks[previous + 1 : i] if previous >= 0 else None
        joined = between is not None and (not between or (len(between) == 1 and between[0].word in _JOINERS))
        if not joined:
            run += 1
        else:
            for j in range(previous + 1, i):
                run_of[j] = run
        run_of[i] = run
        previous = i
    _trim_weak_ends(toks, run_of)
    return run_of


def _trim_weak_ends(toks: list[Token], run_of: list[int]) -> None:
    """Take "a", "i", "o", "e", "y", "u" off a run's ends: there they are words ("…cero uno seis tres, o a
    la casa", "I five five…"), as the rules hold."""
    for i in range(len(toks)):
        run = run_of[i]
        if run < 0 or (i > 0 and run_of[i - 1] == run):
            continue
        last = i
        while last + 1 < len(toks) and run_of[last + 1] == run:
            last += 1
        first = i
        while first <= last and (toks[first].word in _WEAK or toks[first].word in _JOINERS or toks[first].kind == "P"):
            run_of[first] = -1
            first += 1
        while last >= first and (toks[last].word in _WEAK or toks[last].word in _JOINERS or toks[last].kind == "P"):
            run_of[last] = -1
            last -= 1


def _telling_words(toks: list[Token]) -> set[int]:
    """Indexes of the words after a letter that tell it apart: "as in Paul", "de París", "like Peter"."""
    telling: set[int] = set()
    for i, tok in enumerate(toks):
        if tok.kind != "L":
            continue
        for lead in _TELLING:
            end = i + 1 + len(lead)
            if end < len(toks) and all(toks[i + 1 + k].word == w for k, w in enumerate(lead)):
                example = toks[end]
                if example.kind in "WS" and example.word[0] == tok.word:
                    telling.update(range(i + 1, end + 1))
                break
    return telling


def _near_email(toks: list[Token]) -> set[int]:
    """Indexes of the tokens near an e-mail address's sign or after an e-mail cue."""
    near: set[int] = set()
    count = len(toks)
    for i, tok in enumerate(toks):
        word = tok.word
        sign = word in _AT_SIGNS or "@" in word or (word == "艾" and i + 1 < count and toks[i + 1].word == "特")
        if not sign and word in _JOINING_WORDS:
            reach = _DOMAIN_REACH if word == "at" else 2
            sign = any(t.word in _DOMAIN_WORDS for t in toks[i + 1 : i + 1 + reach])
        if sign:
            near.update(range(max(0, i - EMAIL_REACH), min(count, i + EMAIL_REACH + 1)))
        elif word in EMAIL_CUES:
            near.update(range(i + 1, min(count, i + _DOMAIN_REACH + 1)))
    return near
