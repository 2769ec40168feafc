"""A small lexicon sentiment scorer in English, Spanish and Chinese.

Deliberately simple, and said so on the pages: each positive word counts +1 and each negative word
−1, flipped when one of the three words before it is a negator (not, no, never; no, nunca; 不, 没);
a clause is positive above 0, negative below, neutral at 0. Words ending in `*` match any word that
starts with them. It reads short survey verbatims well enough to say whether a theme is mostly praise
or mostly complaint; it does not read sarcasm.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Lexicon:
    positive: tuple[str, ...]
    negative: tuple[str, ...]
    negators: tuple[str, ...]


LEXICON: dict[str, Lexicon] = {
    "en": Lexicon(
        positive=(
            "good",
            "great",
            "excellent",
            "helpful",
            "kind",
            "friendly",
            "easy",
            "quick*",
            "fast",
            "resolved",
            "thank*",
            "appreciat*",
            "happy",
            "satisf*",
            "pleased",
            "patient",
            "polite",
            "wonderful",
            "amazing",
            "best",
            "clear*",
            "love*",
            "professional",
            "nice",
            "caring",
            "courteous",
            "fixed",
            "solved",
            "smooth",
            "respectful",
            "pleasant",
            "knowledgeable",
            "efficient",
        ),
        negative=(
            "bad",
            "terrible",
            "awful",
            "horrible",
            "worst",
            "rude",
            "slow",
            "frustrat*",
            "confus*",
            "angry",
            "upset",
            "annoy*",
            "difficult",
            "hard",
            "wrong",
            "denied",
            "problem*",
            "disappoint*",
            "useless",
            "unhelpful",
            "waste*",
            "ridiculous",
            "poor",
            "unacceptable",
            "dismissive",
            "forever",
            "lost",
            "mistake*",
            "error*",
            "complicated",
            "impossible",
            "unprofessional",
            "condescending",
            "hung",
            "nightmare",
            "stress*",
            "worse",
            "incorrect",
            "overcharged",
        ),
        negators=(
            "not",
            "no",
            "never",
            "didn't",
            "don't",
            "wasn't",
            "isn't",
            "couldn't",
            "won't",
            "nobody",
            "hardly",
            "without",
            "nothing",
        ),
    ),
    "es": Lexicon(
        positive=(
            "bien",
            "bueno",
            "buena",
            "excelente",
            "amable*",
            "rapid*",
            "facil",
            "gracias",
            "agradec*",
            "content*",
            "satisfech*",
            "resolvi*",
            "paciente",
            "claro",
            "clara",
            "perfecto",
            "genial",
            "mejor",
            "atento",
            "atenta",
            "solucion*",
            "profesional",
            "respetuos*",
            "eficiente",
            "util",
            "utiles",
        ),
        negative=(
            "mal",
            "malo",
            "mala",
            "terrible",
            "horrible",
            "peor",
            "grosero",
            "grosera",
            "lento",
            "lenta",
            "dificil",
            "confus*",
            "frustra*",
            "molest*",
            "enojad*",
            "problema*",
            "pesimo",
            "pesima",
            "inaceptable",
            "negaron",
            "error*",
            "complicad*",
            "imposible",
            "perdi*",
            "decepcion*",
            "colgo",
            "eternidad",
            "equivoc*",
            "injust*",
            "cobraron",
            "inutil*",
        ),
        negators=("no", "nunca", "ni", "tampoco", "nadie", "sin", "nada"),
    ),
    "zh": Lexicon(
        positive=(
            "好",
            "很好",
            "满意",
            "感谢",
            "谢谢",
            "耐心",
            "友好",
            "热情",
            "快",
            "及时",
            "方便",
            "清楚",
            "专业",
            "解决了",
            "高兴",
            "不错",
            "周到",
            "细心",
            "亲切",
            "礼貌",
            "顺利",
            "满分",
        ),
        negative=(
            "差",
            "不好",
            "慢",
            "麻烦",
            "生气",
            "失望",
            "糟糕",
            "问题",
            "不满",
            "太久",
            "粗鲁",
            "困惑",
            "难",
            "浪费",
            "拒绝",
            "不耐烦",
            "不清楚",
            "态度差",
            "错误",
            "烦",
            "挂断",
            "冷淡",
            "被拒",
            "没用",
            "混乱",
        ),
        negators=("不", "没", "没有", "别", "未", "从不", "毫不"),
    ),
}
NEGATION_REACH = 3


class WordSet:
    """Words and `prefix*` entries, matched in constant time: exact words in a set, prefixes by their
    first three characters (every prefix in the lexicons has at least three)."""

    def __init__(self, entries: tuple[str, ...]) -> None:
        self.exact = frozenset(e for e in entries if not e.endswith("*"))
        self.prefixes: dict[str, tuple[str, ...]] = {}
        for entry in (e[:-1] for e in entries if e.endswith("*")):
            self.prefixes[entry[:3]] = (*self.prefixes.get(entry[:3], ()), entry)

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        return word in self.exact or any(word.startswith(p) for p in self.prefixes.get(word[:3], ()))


@cache
def _word_sets(language: str) -> tuple[WordSet, WordSet, WordSet]:
    """(positive, negative, negators) of a language (English for any other)."""
    lexicon = LEXICON.get(language, LEXICON["en"])
    return WordSet(lexicon.positive), WordSet(lexicon.negative), WordSet(lexicon.negators)


def score(words: list[str], language: str) -> int:
    """Positive minus negative words of one clause (already split into words by `voice.text.tokens`)."""
    positive, negative, negators = _word_sets(language)
    total = 0
    negated_until = -1
    for position, word in enumerate(words):
        if word in negators:
            negated_until = position + NEGATION_REACH
            continue
        polarity = 1 if word in positive else -1 if word in negative else 0
        total += -polarity if position <= negated_until else polarity
    return total


def label(value: int) -> str:
    return "positive" if value > 0 else "negative" if value < 0 else "neutral"
