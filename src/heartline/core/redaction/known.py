"""Known names and member IDs from our own records, found as whole words, ignoring case (Chinese names
wherever they appear)."""

from __future__ import annotations

import re


class NameIndex:
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
        self._first_words = {w[0] for w in self._words}
        self._cjk = word_pattern([n for n in names if _CJK.search(n)])

    def spans(self, text: str, low: str | None = None) -> list[tuple[int, int]]:
        """Where known names are in `text` (`low`: the same in lower case), longest first at each place,
        not overlapping."""
        found: list[tuple[int, int]] = []
        if self._longest and not self._first_words.isdisjoint(_WORD.findall(low if low is not None else text.lower())):
            words = list(_WORD.finditer(text))
            firsts = self._first_words
            i = 0
            while i < len(words):
                size = self._match_at(text, words, i) if words[i].group().casefold() in firsts else 0
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


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
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
