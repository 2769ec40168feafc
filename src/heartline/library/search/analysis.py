"""How text becomes search terms, in English, Spanish and Chinese — the same for pages and queries.

Text is split by script: runs of Chinese characters are segmented by jieba (`lcut_for_search`, which
also emits the shorter words inside a long one, so 保险卡 matches 保险 and 卡), everything else goes
through tantivy's analyzers (lower-cased, accents folded, stop words dropped, Snowball-stemmed in the
page's language: English for English and Chinese pages, Spanish for Spanish ones). A page may mix
languages: an English checklist with its Chinese phrases, a Chinese guide naming "ID card" or
"Medicare"; each part is analyzed by the rules of its script.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import jieba
from tantivy import Filter, TextAnalyzer, TextAnalyzerBuilder, Tokenizer

jieba.setLogLevel(logging.WARNING)

# CJK Unified Ideographs (with extension A and the compatibility block).
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
LATIN_WORD = re.compile(r"[^\W_]+")
SPANISH_MARKS = re.compile(r"[áéíóúñ¿¡ü]", re.IGNORECASE)
SPANISH_WORDS = frozenset(
    [
        "de",
        "la",
        "el",
        "los",
        "las",
        "del",
        "una",
        "un",
        "para",
        "por",
        "con",
        "qué",
        "que",
        "cómo",
        "como",
        "mi",
        "su",
        "sus",
        "se",
        "es",
        "y",
        "o",
        "al",
        "lo",
        "cuando",
        "cuál",
        "dónde",
    ]
)
# Words so common in Chinese questions that they only add noise to a query.
CHINESE_STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "吗",
        "呢",
        "啊",
        "吧",
        "我",
        "你",
        "他",
        "她",
        "它",
        "们",
        "我们",
        "怎么",
        "怎样",
        "如何",
        "什么",
        "为什么",
        "这",
        "那",
        "一个",
        "有",
        "就",
        "都",
        "也",
        "请",
        "要",
    ]
)

EN_ANALYZER = "hl_en"
ES_ANALYZER = "hl_es"
ZH_ANALYZER = "hl_zh"
WORDS_ANALYZER = "hl_words"


def _latin(language: str) -> TextAnalyzer:
    return (
        TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.stopword(language))
        .filter(Filter.ascii_fold())
        .filter(Filter.stemmer(language))
        .build()
    )


@cache
def analyzers() -> dict[str, TextAnalyzer]:
    """The analyzers an index registers, by name (tantivy does not store them with the index)."""
    return {
        EN_ANALYZER: _latin("english"),
        ES_ANALYZER: _latin("spanish"),
        # Chinese arrives segmented, words separated by spaces; only lower-case any Latin in it.
        ZH_ANALYZER: TextAnalyzerBuilder(Tokenizer.whitespace()).filter(Filter.lowercase()).build(),
        # The unstemmed words of every page: the vocabulary spelling suggestions come from.
        WORDS_ANALYZER: TextAnalyzerBuilder(Tokenizer.simple())
        .filter(Filter.remove_long(40))
        .filter(Filter.lowercase())
        .filter(Filter.ascii_fold())
        .build(),
    }


def latin_analyzer_for(language: str) -> str:
    """The stemming analyzer for a page's non-Chinese text."""
    return ES_ANALYZER if language == "es" else EN_ANALYZER


@dataclass(frozen=True)
class SplitText:
    latin: str
    chinese: str  # segmented: words separated by single spaces


_warm_up_lock = threading.Lock()
_warm_up_started = False


def warm_up_in_background() -> None:
    """Load jieba's dictionary (0.5–1 s) in a daemon thread, once per process, so the first Chinese
    query need not wait for it. Returns at once; a query arriving meanwhile waits on jieba's own
    lock for the same load rather than starting another. Called by the library's pages, so a
    command that never searches never pays for it."""
    global _warm_up_started
    with _warm_up_lock:
        if _warm_up_started or jieba.dt.initialized:
            return
        _warm_up_started = True
    threading.Thread(target=jieba.initialize, name="jieba-warm-up", daemon=True).start()


def chinese_words(text: str) -> list[str]:
    """The jieba words (search mode) of every Chinese run in `text`, in order, stop words kept."""
    words: list[str] = []
    for run in CJK_RUN.findall(text):
        words.extend(w for w in jieba.lcut_for_search(run) if w.strip())
    return words


def split_scripts(text: str) -> SplitText:
    """`text` as its non-Chinese part (Chinese runs blanked) and its Chinese part, segmented."""
    return SplitText(latin=CJK_RUN.sub(" ", text), chinese=" ".join(chinese_words(text)))


def chinese_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(word, start, end) character spans of the jieba words in `text`, for highlighting."""
    for match in CJK_RUN.finditer(text):
        for word, start, end in jieba.tokenize(match.group(), mode="search"):
            yield word, match.start() + start, match.start() + end


def latin_words(text: str) -> list[str]:
    """The non-Chinese words of `text`, lower-cased, accents folded (as the vocabulary holds them)."""
    return analyzers()[WORDS_ANALYZER].analyze(CJK_RUN.sub(" ", text))


def query_language(text: str) -> str | None:
    """The language a query is evidently written in: zh for Chinese characters, es for Spanish
    accents or function words; None when it could be English or Spanish alike."""
    chinese = sum(len(run) for run in CJK_RUN.findall(text))
    latin = LATIN_WORD.findall(CJK_RUN.sub(" ", text))
    if chinese and chinese >= sum(len(w) for w in latin) / 3:
        return "zh"
    if SPANISH_MARKS.search(text) or any(w.lower() in SPANISH_WORDS for w in latin):
        return "es"
    return None
