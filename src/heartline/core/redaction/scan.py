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
