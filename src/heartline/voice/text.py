"""Verbatim text made comparable: language guess, accent folding, words, and Chinese segmentation (jieba).

English and Spanish are lower-cased, stripped of accents and split into words; Chinese is segmented
with jieba, whose dictionary first learns every Chinese phrase of the theme taxonomy and the sentiment
lexicon so a phrase such as 态度差 stays one token. Clauses split a verbatim where its sentiment may
turn ("kind, but I waited an hour"), so themes and sentiment are matched clause by clause.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CLAUSE = re.compile(r"[.!?;。！？；,，]+|\b(?:but|however|although|pero|aunque|sin embargo)\b|但是|但|可是|不过")
_SPANISH_HINTS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "que",
        "de",
        "del",
        "mi",
        "me",
        "por",
        "para",
        "con",
        "muy",
        "pero",
        "una",
        "uno",
        "fue",
        "estaba",
        "tarjeta",
        "llamada",
        "gracias",
        "no",
        "es",
    ]
)
_ENGLISH_HINTS = frozenset(
    ["the", "and", "my", "was", "to", "of", "is", "it", "i", "for", "with", "on", "they", "very", "but", "a", "not"]
)


def fold(text: str) -> str:
    """Lower case without accents (á → a, ñ → n), for English and Spanish matching."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def guess_language(text: str) -> str:
    """en, es or zh: Chinese when it has Chinese characters, Spanish when Spanish words outnumber English."""
    if _CJK.search(text):
        return "zh"
    words = _WORD.findall(fold(text))
    spanish = sum(w in _SPANISH_HINTS for w in words)
    english = sum(w in _ENGLISH_HINTS for w in words)
    return "es" if spanish > english else "en"


@cache
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(60)  # silence the dictionary-loading chatter
    from heartline.voice.sentiment import LEXICON
    from heartline.voice.taxonomy import TAXONOMY

    words = {p for theme in TAXONOMY for p in theme.phrases.get("zh", ())}
    words |= set(LEXICON["zh"].positive) | set(LEXICON["zh"].negative)
    for word in sorted(words):
        if len(word) > 1:
            jieba.add_word(word, freq=200_000)
    return jieba


def tokens(text: str, language: str) -> list[str]:
    """Words of `text`: jieba tokens for Chinese (spaces and punctuation dropped), folded words otherwise."""
    if language == "zh":
        jieba = _jieba()
        cut: Iterable[str] = jieba.lcut(text)  # type: ignore[attr-defined]
        return [t for t in (w.strip() for w in cut) if t and (_CJK.search(t) or t.isalnum())]
    return _WORD.findall(fold(text))


def clauses(text: str) -> list[str]:
    """The verbatim split where sentiment may turn: sentence ends, commas, and but / pero / 但是."""
    return [c.strip() for c in _CLAUSE.split(text) if c and c.strip()]
