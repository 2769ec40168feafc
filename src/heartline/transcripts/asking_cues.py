"""What marks a member's sentence as asking something, and the service words that carry a question
across languages (deductible, deducible, 免赔额 are one topic).

English and Spanish cues and words match whole folded words (lower case, no accents; `voice.text.fold`),
a word ending in `*` any word that starts with it; Chinese ones match as substrings. A sentence asks
something when it ends in a question mark (`?`, `？`), opens with `¿`, or holds a cue: a question word
(how, why, cómo, 为什么, 吗…) or a contact reason said outright ("I'm calling about", "llamo por",
"我打电话是关于"). Extend the lists here; docs/members-asking.md describes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from heartline.voice.text import fold

QUESTION_CUES: dict[str, tuple[str, ...]] = {
    "en": (
        "how do", "how can", "how much", "how long", "how many", "why", "what", "when", "where", "which",
        "can i", "can you", "could you", "do i", "does my", "is my", "is it", "will my", "am i",
        "i want to know", "i need to know", "wondering", "question about", "calling about", "calling to",
        "need help with", "i need a", "i need to",
    ),
    "es": (
        "como", "por que", "cuando", "donde", "cuanto", "cuanta", "cual", "cuales", "puedo", "pueden",
        "quisiera saber", "quiero saber", "tengo una pregunta", "llamo por", "llamo para", "necesito",
        "me ayuda", "ayuda con",
    ),
    "zh": (
        "吗", "为什么", "怎么", "如何", "什么", "哪", "多少", "能不能", "可不可以", "可以", "是否", "是不是",
        "请问", "想知道", "关于", "需要",
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Topic:
    """A service topic members ask about, with its words in each language."""

    code: str
    label: str
    words: dict[str, tuple[str, ...]]


TOPICS: tuple[Topic, ...] = (
    Topic("deductible", "Deductible", {"en": ("deductible*",), "es": ("deducible*",), "zh": ("免赔额", "起付线")}),
    Topic("copay", "Copay and coinsurance", {
        "en": ("copay*", "co-pay*", "coinsurance", "out of pocket"), "es": ("copago*", "coseguro*"),
        "zh": ("共付", "自付")}),
    Topic("premium", "Premium", {"en": ("premium*",), "es": ("prima", "primas"), "zh": ("保费",)}),
    Topic("bill", "Bills and payments", {
        "en": ("bill*", "payment*", "invoice*", "charged", "pay"), "es": ("factura*", "pago*", "pagar", "cobr*"),
        "zh": ("账单", "付款", "缴费", "收费", "扣款")}),
    Topic("claim", "Claims", {"en": ("claim*",), "es": ("reclamo*", "reclamacion*"), "zh": ("理赔", "索赔")}),
    Topic("denial", "Denials", {
        "en": ("denied", "deny", "denial*", "rejected"), "es": ("negad*", "nego", "rechaz*"),
        "zh": ("拒绝", "被拒", "拒付")}),
    Topic("id_card", "ID card", {
        "en": ("id card*", "member card*", "insurance card*", "card"), "es": ("tarjeta*",),
        "zh": ("会员卡", "保险卡", "卡")}),
    Topic("pharmacy", "Prescriptions and pharmacy", {
        "en": ("prescription*", "refill*", "pharmac*", "medication*", "drug*"),
        "es": ("receta*", "surtido", "farmacia*", "medicament*"), "zh": ("处方", "续配", "药房", "药")}),
    Topic("authorization", "Prior authorization", {
        "en": ("prior auth*", "authoriz*", "preauthoriz*", "pre-approv*"), "es": ("autorizacion*", "aprobacion previa"),
        "zh": ("预先授权", "事先授权", "授权")}),
    Topic("provider", "Finding a doctor", {
        "en": ("doctor*", "provider*", "specialist*", "cardiologist*", "in network", "in-network", "my network"),
        "es": ("medico*", "doctor*", "proveedor*", "especialista*", "cardiologo*", "mi red"),
        "zh": ("医生", "网络内", "专科", "医院")}),
    Topic("referral", "Referrals", {"en": ("referral*",), "es": ("referido*", "remision*"), "zh": ("转诊",)}),
    Topic("coverage", "What the plan covers", {
        "en": ("cover*", "benefit*"), "es": ("cubre", "cubren", "cobertura*", "beneficio*"),
        "zh": ("包括", "覆盖", "保险范围", "福利", "报销")}),
    Topic("plan_change", "Changing plans and enrollment", {
        "en": ("change my plan", "changing my plan", "switch plan*", "enroll*", "next year"),
        "es": ("cambiar mi plan", "cambio de plan", "inscri*", "proximo ano"),
        "zh": ("更换", "换计划", "参保", "投保", "明年")}),
    Topic("complaint", "Complaints and appeals", {
        "en": ("complaint*", "grievance*", "appeal*"), "es": ("queja*", "apelacion*", "apelar"),
        "zh": ("投诉", "申诉")}),
)  # fmt: skip

TOPICS_BY_CODE = {topic.code: topic for topic in TOPICS}

# Words that say nothing of what is asked, left out of a cluster's words (and so of its library search).
STOP_WORDS: dict[str, frozenset[str]] = {
    # Function words only (scikit-learn's English list also drops "bill", "call", "find": service words here).
    "en": frozenset((
        "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "been", "before",
        "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he", "her", "here",
        "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just", "me", "mine", "more",
        "much", "my", "no", "not", "now", "of", "on", "or", "our", "out", "please", "she", "so", "some", "still",
        "than", "that", "the", "their", "them", "then", "there", "they", "this", "to", "too", "up", "us", "very",
        "was", "we", "were", "what", "when", "where", "which", "who", "why", "will", "with", "would", "yes", "you",
        "your", "yours", "calling", "call", "hi", "hello", "thanks", "thank", "know", "want", "need", "help",
        "question", "ask", "got", "i'm", "i've", "don't", "can't", "it's", "that's", "get", "tell", "many", "long",
        "never", "came", "come", "ever", "also", "already", "going", "like", "someone", "something", "today",
    )),
    "es": frozenset((
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "a", "en", "y", "o", "que",
        "por", "para", "con", "sin", "mi", "mis", "me", "se", "su", "sus", "lo", "le", "les", "es", "son", "fue",
        "era", "esta", "estan", "como", "cuando", "donde", "cuanto", "cual", "porque", "si", "no", "ya", "muy",
        "mas", "hola", "gracias", "llamo", "llamar", "quiero", "quisiera", "saber", "necesito", "tengo",
        "pregunta", "puedo", "pueden", "ayuda", "nunca", "llego", "llega", "hoy", "algo",
    )),
    "zh": frozenset((
        "的", "了", "是", "在", "和", "我", "我的", "你", "您", "他", "她", "吗", "呢", "吧", "啊", "怎么", "为什么",
        "什么", "如何", "请问", "想", "知道", "可以", "能", "一个", "这个", "那个", "关于", "打电话", "电话", "需要",
        "有", "没有", "就", "都", "也", "还", "要", "会", "把", "被", "给", "到", "从", "对", "多少", "一直", "收到",
    )),
}  # fmt: skip
_SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]*")
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z _]*\]")


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for phrase in phrases:
        body = re.escape(fold(phrase).rstrip("*"))
        parts.append(rf"\b{body}\w*" if phrase.endswith("*") else rf"\b{body}\b")
    return re.compile("|".join(parts))


@cache
def _cues(language: str) -> re.Pattern[str] | tuple[str, ...]:
    phrases = QUESTION_CUES.get(language, QUESTION_CUES["en"])
    return phrases if language == "zh" else _pattern(phrases)


@cache
def _topic_matchers(language: str) -> tuple[tuple[str, re.Pattern[str] | tuple[str, ...]], ...]:
    matchers: list[tuple[str, re.Pattern[str] | tuple[str, ...]]] = []
    for topic in TOPICS:
        words = topic.words.get(language, ())
        if words:
            matchers.append((topic.code, words if language == "zh" else _pattern(words)))
    return tuple(matchers)


def _holds(text: str, matcher: re.Pattern[str] | tuple[str, ...], folded: str | None = None) -> bool:
    """Whether `text` holds one of Chinese `matcher`'s words, or matches a Latin-script pattern (on
    `folded`, the text folded once by the caller, when given)."""
    if isinstance(matcher, tuple):
        return any(word in text for word in matcher)
    return matcher.search(fold(text) if folded is None else folded) is not None


def without_placeholders(text: str) -> str:
    """The text without the redactor's typed placeholders ([NAME], [PHONE]…), which say nothing of the topic."""
    return " ".join(_PLACEHOLDER.sub(" ", text).split())


def asks(sentence: str, language: str) -> bool:
    """Whether one sentence of a member asks something (a question, or a contact reason said outright)."""
    text = sentence.strip()
    if not text:
        return False
    if text.endswith(("?", "？")) or text.startswith("¿"):
        return True
    return _holds(text, _cues(language))


def asked_sentences(turn_text: str, language: str) -> list[str]:
    """The sentences of a member's turn that ask something, placeholders kept (the text is redacted)."""
    sentences = (s.strip() for s in _SENTENCE.findall(turn_text))
    return [s for s in sentences if len(without_placeholders(s)) >= 3 and asks(s, language)]


@lru_cache(maxsize=20_000)
def topics_of(sentence: str, language: str) -> tuple[str, ...]:
    """The service topics a sentence names (codes of `TOPICS`), in the order of `TOPICS`."""
    text = without_placeholders(sentence)
    folded = fold(text)
    return tuple(code for code, matcher in _topic_matchers(language) if _holds(text, matcher, folded))
