"""Suggestions for misspelled query words, from the index's own vocabulary.

A query word the library has never seen ("athorization", "denail") is compared with the words the
pages use that start with the same letter and differ in length by at most two; the closest one by
optimal-string-alignment distance (a swap of two neighbouring letters counts as one edit) wins,
the most widely used breaking ties. Words of four letters or fewer allow one edit, longer ones two.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance between `a` and `b`, or `limit + 1` once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        row_min = i
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
            row_min = min(row_min, value)
        if row_min > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def best_correction(word: str, candidates: Sequence[tuple[str, int]]) -> str | None:
    """The closest of `candidates` ((word, how many pages use it)) within the allowed edits, or None."""
    limit = allowed_edits(word)
    best: tuple[int, int, str] | None = None
    for candidate, pages in candidates:
        if candidate == word or abs(len(candidate) - len(word)) > limit:
            continue
        distance = edit_distance(word, candidate, limit)
        if distance > limit:
            continue
        key = (distance, -pages, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def corrections(
    words: Sequence[str],
    pages_using: Callable[[str], int],
    words_starting_with: Callable[[str], Sequence[tuple[str, int]]],
) -> dict[str, str]:
    """Misspelled word → suggested word, for the `words` of a query that no page uses.

    Numbers and words of under four letters are left alone: too short to guess from.
    """
    found: dict[str, str] = {}
    for word in words:
        if len(word) < 4 or not word.isalpha() or word in found or pages_using(word) > 0:
            continue
        suggestion = best_correction(word, words_starting_with(word[0]))
        if suggestion is not None:
            found[word] = suggestion
    return found
