"""Speed: run each pattern only near the words that can start or end what it finds.

Python's regular expressions try a pattern that opens with a word list or a look-behind at every position
of the text; over a 1,500-word transcript a dozen such patterns take tens of milliseconds. Finding the
trigger words first (`str.find`, in C) and running a pattern only in windows around them gives the same
matches for a fraction of the cost: a match must contain its trigger, so it lies within the window when
the window reaches far enough either side (`before`, `after`: longer than any match).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

Window = tuple[int, int]


def occurrences(low: str, words: Iterable[str], whole: bool = True) -> list[Window]:
    """Where each of `words` occurs in the lower-cased text; as whole words only when `whole`."""
    found: list[Window] = []
    size = len(low)
    for word in words:
        at = low.find(word)
        while at != -1:
            end = at + len(word)
            if not whole or ((at == 0 or not low[at - 1].isalnum()) and (end >= size or not low[end].isalnum())):
                found.append((at, end))
            at = low.find(word, at + 1)
    return found


def windows(hits: Iterable[Window], before: int, after: int, size: int) -> list[Window]:
    """Windows reaching `before` characters before and `after` after each hit, overlapping ones merged."""
    merged: list[list[int]] = []
    for start, end in sorted(hits):
        low, high = max(0, start - before), min(size, end + after)
        if merged and low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return [(low, high) for low, high in merged]


def scan(pattern: re.Pattern[str], text: str, spans: list[Window]) -> Iterator[re.Match[str]]:
    """The pattern's matches within the windows (look-behinds still see the text before a window)."""
    for start, end in spans:
        yield from pattern.finditer(text, start, end)


class Vocabulary:
    """Trigger words and phrases (lower case), looked up by their first word. Every vocabulary is known to
    `Words`, which finds the hits of all of them in one pass over a text's words."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.number = len(_VOCABULARIES)
        _VOCABULARIES.append(self)
        for phrase in sorted(set(phrases), key=len, reverse=True):
            first = _WORD.match(phrase)
            key = first.group() if first else phrase
            entries = _BY_FIRST.setdefault(key, [])
            entries.append((self.number, phrase))


_VOCABULARIES: list[Vocabulary] = []
_BY_FIRST: dict[str, list[tuple[int, str]]] = {}


class Words:
    """The words of a lower-cased text with where they start, made once per text: trigger words are then
    found by looking each word up in a dictionary rather than searching the text once per trigger."""

    def __init__(self, low: str) -> None:
        self.low = low
        self._hits: list[list[Window]] | None = None

    def hits(self, vocabulary: Vocabulary) -> list[Window]:
        """Where the vocabulary's phrases occur as whole words (the longest phrase at each place)."""
        if self._hits is None:
            self._hits = self._all_hits()
        return self._hits[vocabulary.number]

    def _all_hits(self) -> list[list[Window]]:
        # The text's distinct words (found in C) met with the triggers' first words; only those present
        # are then looked for, whole words, with `str.find`.
        found: list[list[Window]] = [[] for _ in _VOCABULARIES]
        low, size = self.low, len(self.low)
        for word in _BY_FIRST.keys() & set(_WORD.findall(low)):
            entries = _BY_FIRST[word]
            start = low.find(word)
            while start != -1:
                after = start + len(word)
                before_char = low[start - 1] if start else " "
                after_char = low[after] if after < size else " "
                if not (before_char.isalnum() and not "\u3400" <= before_char <= "\u9fff") and not (
                    after_char.isalnum() and not "\u3400" <= after_char <= "\u9fff"
                ):
                    done = -1
                    for number, phrase in entries:
                        if number == done:
                            continue
                        end = start + len(phrase)
                        if low.startswith(phrase, start) and (end >= size or not _joins(low[end])):
                            found[number].append((start, end))
                            done = number
                start = low.find(word, after)
        for hits in found:
            hits.sort()
        return found


# Words of spaced scripts; a Chinese character next to one is not part of it ("Drive吗", "我是Hugo").
_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]+(?:['’][^\W\d_\u3400-\u9fff]+)?")


def _joins(char: str) -> bool:
    """Whether `char` next to a trigger word makes it part of a longer word (letters, digits; not Chinese)."""
    return char.isalnum() and not "\u3400" <= char <= "\u9fff"


_Trie = dict[str, "_Trie"]


def trie_pattern(words: Iterable[str]) -> str:
    """An alternation of `words` factored by their common beginnings ("se(?:is|tenta|senta)…"): the regular
    expression engine then tries each letter once instead of each word in turn. Longer words first where
    one is a prefix of another; the caller bounds the match (a look-ahead after it)."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not ends else "(?:" + "|".join(branches) + ")"
        if not ends:
            return body
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{'|'.join(branches)})?"

    return "(?:" + pattern(trie) + ")"
