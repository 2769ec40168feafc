"""The language a document is written in, for articles imported without saying it (en, es or zh).

A page is Chinese when its Chinese characters are at least as many as its Latin-script words (a
Chinese guide naming "NPS" or "one and done" stays Chinese; an English guide quoting 理赔被拒 stays
English). Otherwise it is Spanish when Spanish function words and accented letters outnumber English
function words, else English. Markup (HTML tags, Markdown link targets, code) is left out first.
"""

from __future__ import annotations

import re

from heartline.library.search.analysis import CJK_RUN, SPANISH_WORDS

_MARKUP = re.compile(r"<[^>]+>|\]\([^)]*\)|`[^`]*`|&[a-z]+;")
_WORD = re.compile(r"[^\W\d_]+")
_ACCENTED = re.compile(r"[áéíóúñ¿¡]", re.IGNORECASE)
ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "is",
        "for",
        "you",
        "your",
        "with",
        "on",
        "that",
        "this",
        "it",
        "be",
        "are",
        "when",
        "what",
        "how",
        "we",
        "our",
        "they",
        "their",
    ]
)


def detect_language(text: str) -> str:
    """en, es or zh for the document `text` (Markdown or HTML); English when nothing says otherwise."""
    plain = _MARKUP.sub(" ", text)
    chinese = sum(len(run) for run in CJK_RUN.findall(plain))
    words = [w.lower() for w in _WORD.findall(CJK_RUN.sub(" ", plain))]
    if chinese and chinese >= len(words):
        return "zh"
    spanish = sum(w in SPANISH_WORDS for w in words) + len(_ACCENTED.findall(plain))
    english = sum(w in ENGLISH_WORDS for w in words)
    return "es" if spanish > english else "en"
