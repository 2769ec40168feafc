"""Highlighted snippets: the passage of a page that best matches a query, as safe HTML.

The page's text is analyzed the way it was indexed (stems with character offsets for Latin script,
jieba words for Chinese), the spans whose terms the query asked for are marked, and the window of
about `width` characters holding the most distinct matched terms is shown. Every character of the
page is HTML-escaped; the only markup is our own `<mark>`.
"""

from __future__ import annotations

import html
from collections.abc import Collection
from dataclasses import dataclass

from heartline.library.search.analysis import analyzers, chinese_spans, latin_analyzer_for

DEFAULT_WIDTH = 180


@dataclass(frozen=True)
class QueryTerms:
    """What a query looks for, per analyzer: stems for English and Spanish, jieba words for Chinese."""

    english: frozenset[str]
    spanish: frozenset[str]
    chinese: frozenset[str]

    def latin_for(self, language: str) -> frozenset[str]:
        return self.spanish if language == "es" else self.english

    @property
    def empty(self) -> bool:
        return not (self.english or self.spanish or self.chinese)


def matched_spans(text: str, language: str, terms: QueryTerms) -> list[tuple[int, int, str]]:
    """(start, end, term) of every place in `text` a query term occurs, in order, overlaps merged."""
    spans: list[tuple[int, int, str]] = []
    latin = terms.latin_for(language)
    if latin:
        for token in analyzers()[latin_analyzer_for(language)].pre_tokenize(text).tokens:
            if token.text in latin:
                spans.append((token.char_offset_from, token.char_offset_to, token.text))
    if terms.chinese:
        spans.extend((start, end, word) for word, start, end in chinese_spans(text) if word in terms.chinese)
    spans.sort()
    merged: list[tuple[int, int, str]] = []
    for start, end, term in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2])
        else:
            merged.append((start, end, term))
    return merged


def _best_window(spans: list[tuple[int, int, str]], width: int) -> int:
    """Where the window of `width` characters with the most distinct matched terms starts."""
    best_start, best_count = 0, -1
    for i, (start, _, _) in enumerate(spans):
        inside: set[str] = set()
        for _, other_end, term in spans[i:]:
            if other_end - start > width:
                break
            inside.add(term)
        if len(inside) > best_count:
            best_start, best_count = start, len(inside)
    return best_start


def snippet_html(text: str, language: str, terms: QueryTerms, width: int = DEFAULT_WIDTH) -> str:
    """A passage of `text` of about `width` characters, query terms in `<mark>`, everything escaped."""
    text = " ".join(text.split())
    spans = matched_spans(text, language, terms) if not terms.empty else []
    if len(text) <= width:
        start = 0
    elif spans:
        first = _best_window(spans, width)
        start = max(0, first - width // 4)
    else:
        start = 0
    end = min(len(text), start + width)
    if start > 0:  # begin at a word boundary when one is near
        space = text.find(" ", start, min(start + 15, end))
        start = space + 1 if space != -1 else start
    pieces = ["…" if start > 0 else ""]
    cursor = start
    for span_start, span_end, _ in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(html.escape(text[cursor:span_start]))
        pieces.append(f"<mark>{html.escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    pieces.append(html.escape(text[cursor:end]))
    if end < len(text):
        pieces.append("…")
    return "".join(pieces)


def highlight_title(title: str, language: str, terms: QueryTerms) -> str:
    """The whole title, escaped, query terms in `<mark>`."""
    return snippet_html(title, language, terms, width=len(title))


def terms_in(words: Collection[str]) -> frozenset[str]:
    return frozenset(w for w in words if w)
