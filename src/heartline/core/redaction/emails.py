"""E-mail addresses as they are said in calls (English, Spanish, Chinese): "john dot smith at gmail dot
com", "juan punto pérez arroba gmail punto com", "john点smith艾特…", "granny all one word at aol dot com";
the provider said alone after an unmistakable "at" ("eulalia arroba gmail"), the "at" misheard or dropped
after an e-mail cue ("… en gmail punto com", "johnsmith gmail dot com"). The first part is taken word by
word back from the "at" (`_local_part`). Numbers said aloud are `spoken`'s business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heartline.core.redaction.numbers import ES_LETTERS
from heartline.core.redaction.numbers import NUMBER_WORD as NUMBER_WORDS_PATTERN
from heartline.core.redaction.scan import Vocabulary, Words, occurrences, scan, windows

Span = tuple[str, int, int]

_TLD = r"(?:com|net|org|edu|gov|mil|us|mx|es|cn|io|co|info|biz|me|ca|uk|de|fr|ar|cl|pe|tw|hk)"
_DOT = r"(?:\s*(?:dot|period|punto|点|點|\.)\s*)"
_COUNTRY = r"(?:mx|es|cn|uk|ar|cl|pe|co|tw|hk|br|au|ca)"
_DOMAIN_END = rf"{_DOT}{_TLD}(?:{_DOT}{_COUNTRY})?(?![a-z0-9])"  # "yahoo punto com punto mx"
_JOIN = (
    r"(?:\s*(?:dot|period|punto|点|點|underscore|under score|guion bajo|guión bajo|barra baja|下划线|杠|dash|hyphen"
    r"|guion|guión|[_-])\s*|\.(?=[a-z0-9])|\s+\.\s+)"
)  # a written "." joins only what it touches: "It's over. jsmith at…" is a full stop
# A piece of an address: a word, perhaps after an initial ("j smith") or followed by letters read out.
_PIECE = r"(?:(?:[a-z]\s(?=[a-z0-9]{2}))?[a-z0-9]+(?:\s[a-z0-9](?![a-z0-9]))*)"
# "at", "at sign", "arroba", 艾特 (and the ASR's 爱特, 埃特 for the same sound) and 小老鼠 (what Chinese speakers
# call @).
_AT_WORDS = r"(?:(?<![a-z0-9'’])(?:at(?:\s+(?:sign|symbol))?|arroba)(?![a-z0-9])|艾特|爱特|愛特|埃特|小老鼠|@)"
# A domain's first part may be said as two words: "proton mail", "g mail", "hot mail".
_DOMAIN_PIECE = rf"{_PIECE}(?:\s+mail(?![a-z0-9]))?"
SPOKEN_EMAIL = re.compile(
    rf"(?<![a-z0-9'’]){_PIECE}(?:{_JOIN}{_PIECE})*\s*{_AT_WORDS}\s*{_DOMAIN_PIECE}"
    rf"(?:{_DOT}{_PIECE})*?{_DOMAIN_END}",
    re.IGNORECASE | re.ASCII,
)


_WRITTEN_EMAIL = re.compile(r"\S@\S")
_ES_LETTER_NAMES = "|".join(sorted(ES_LETTERS, key=len, reverse=True))
_EMAIL_VOCABULARY = Vocabulary(("dot", "period", "punto", "arroba"))


# After "my email is", the words up to "at" are the address's first part, spaces and all ("r chen sixty").
AFTER_EMAIL_CUE = re.compile(
    rf"(?:e-?mail|correo(?: electrónico)?|邮箱|电子邮件|郵箱|電子郵件)(?: address| es| is|是|地址是)*[:\s]*"
    rf"(?P<value>(?:[a-z0-9]+\s+){{1,3}}[a-z0-9]+\s*{_AT_WORDS}\s*{_DOMAIN_PIECE}"
    rf"(?:{_DOT}{_PIECE})*?{_DOMAIN_END})",
    re.IGNORECASE | re.ASCII,
)
_EMAIL_CUE_VOCABULARY = Vocabulary(("email", "e-mail", "correo"))


# The domain said after "at": where an address said aloud ends. Its first part is then taken word by word
# backwards (`_local_part`): "grandmajune all one word at…", "xie jiahao at…", "baisuqin 一九五五 at…".
SPOKEN_DOMAIN = re.compile(
    rf"{_AT_WORDS}\s*{_DOMAIN_PIECE}(?:{_DOT}{_PIECE})*?{_DOMAIN_END}",
    re.IGNORECASE | re.ASCII,
)
_ZH_DIGIT_CHARS = "零〇一幺二两兩三四五六七八九十"
_LOCAL_WORD = re.compile(
    rf"(?<![A-Za-zÀ-ÿ0-9'’{_ZH_DIGIT_CHARS}])(?:[a-z0-9{_ZH_DIGIT_CHARS}]+(?:[-._][a-z0-9]+)*|[a-z]\.)[ \t]*\Z",
    re.IGNORECASE,
)  # a word, or an initial with its full stop ("r. perez 58 at…")
# Words that come before an address but are not part of it ("it's", "es", "send it to"); "all one word",
# "todo junto" are (they say how to write it).
_NOT_LOCAL_TEXT = """
    i we you he she they yo él ella nosotros
    is it's its it is es email e-mail mail correo electrónico electronico address dirección direccion my mi
    the el la to a send sent it that that's this yes sí si ok okay use using sorry please and y or o be was
    were new nuevo nueva read on file under his her su their our your tu it’s that’s at arroba me send
    have has got tengo tiene tenemos aparece registrado mande mándelo envíe envie use usa
    then so entonces pues bueno
    """
_NOT_LOCAL = frozenset(_NOT_LOCAL_TEXT.split())
_LOCAL_WORDS_MAX = 8


def _without_lead_words(text: str, start: int, end: int) -> int:
    """`start` moved past words at the front of an address said aloud that are not part of it ("is d
    underscore park at…")."""
    for word in _LEAD_WORD.finditer(text, start, end):
        if word.start() != start or word.group(1).casefold() not in _NOT_LOCAL:
            break
        if len(word.group(1)) == 1 and (
            _ONE_WORD_TO_AT.match(text, word.end()) or word.group(1).casefold() not in _LETTERS_THAT_ARE_WORDS
        ):
            break  # an initial: "is i stahl at…", "es i beltran guion bajo 40 at…"
        start = word.end()
    return start


_LEAD_WORD = re.compile(r"([^\W\d_]+(?:['’][a-z]+)?)\s+")
_LETTERS_THAT_ARE_WORDS = frozenset("ayoeu")  # "a", "y", "o", "e", "u" alone are words, not initials


def _local_part(text: str, start: int) -> int:
    """Where an address said aloud begins, taking words back from `start` (its "at") until a word that is
    not part of addresses, a pause (comma, colon) or eight words; `start` itself when there is none.
    Letters spelled out ("i o l m e d o arroba…", "de o ene ene…") are taken whole; "y" only between
    number words ("cincuenta y dos"); Chinese joins the parts without spaces ("liu下划线gf五二艾特…")."""
    begin = start
    glued = text[start : start + 2] in ("艾特", "爱特", "愛特", "埃特", "@") or text.startswith("小老鼠", start)
    spelled = _SPELLED_LOCAL.search(text, max(0, start - 80), start)
    if spelled:
        return spelled.start()  # letters spelled out are the whole first part ("me lo manda a d o n…" stops)
    for _ in range(_LOCAL_WORDS_MAX):
        before = text[max(0, begin - 40) : begin]
        word = _LOCAL_WORD.search(before)
        if word is None:
            break
        said = word.group().strip().casefold()
        initial = len(said) == 1 and begin < start and bool(_ONE_WORD_TO_AT.match(text, begin))  # "i stahl at…"
        if len(said) == 1 and begin == start and said.isalpha():  # "gwendolyn o at…": an initial after the name
            word_start = begin - (len(before) - word.start())
            name = _LOCAL_WORD.search(text, max(0, word_start - 40), word_start)
            initial = initial or bool(name and name.group().strip().casefold() not in _NOT_LOCAL)
        if said in _NOT_LOCAL and not (said == "y" and _TENS_Y.search(before)) and not initial:
            break
        if not glued and not before[-1:].isspace():
            break
        begin -= len(before) - word.start()
        glued = False
        if begin > 0 and not text[begin - 1].isspace():
            joiner = _GLUED_JOINER.search(text, max(0, begin - 3), begin)
            if joiner is None:
                break  # "，xie jiahao": the pause before the address
            begin, glued = joiner.start(), True
    return begin


_ONE_WORD_TO_AT = re.compile(rf"[a-z0-9]+\s+{_AT_WORDS}", re.IGNORECASE)
_TENS_Y = re.compile(r"(?i:veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)\s+y\s+\Z")
_GLUED_JOINER = re.compile(r"(?:下划线|杠|点|點)\Z")
_SPELLED_LOCAL = re.compile(
    rf"(?<![\w'’])(?:(?:[a-z]|{_ES_LETTER_NAMES}|de|te|ese|ve)[ \t,.-]+){{3,}}\Z", re.IGNORECASE
)


def spoken_emails(text: str, words: Words) -> Iterator[Span]:
    """E-mail addresses said aloud: "john dot smith at gmail dot com"."""
    low = words.low
    hits = words.hits(_EMAIL_VOCABULARY) + occurrences(
        low, ("点", "點", "艾特", "爱特", "愛特", "埃特", "小老鼠", ".com", ".net", ".org", " @", "@ "), whole=False
    )
    near = windows(hits, 80, 60, len(text))
    for match in scan(SPOKEN_EMAIL, text, near):
        if _WRITTEN_EMAIL.search(match.group()):
            continue  # a written address is found as written: "el formulario a p.olmedo@…" keeps "formulario a"
        begin = _local_part(text, _without_lead_words(text, match.start(), match.end()))
        if _is_address(text, begin, match.end()):
            yield "EMAIL", begin, match.end()
    for match in scan(SPOKEN_DOMAIN, text, near):
        begin = _local_part(text, match.start())
        written = _WRITTEN_EMAIL.search(text, begin, match.end())
        if begin < match.start() and not written and _is_address(text, begin, match.end()):
            yield "EMAIL", begin, match.end()
    for at, end in words.hits(_PROVIDER_VOCABULARY):  # "jsmith at gmail": the provider without its ".com"
        said_at = _AT_BEFORE.search(text, max(0, at - 14), at)
        if said_at and not _DOT_AFTER.match(text, end):
            begin = _local_part(text, said_at.start())
            cued = (
                _EMAIL_CUE.search(text, max(0, begin - 100), begin)
                or _ADDRESS_LIKE.search(text, begin, at)
                or _ONLY_AN_ADDRESS_AT.fullmatch(said_at.group().strip())  # "eulalia arroba gmail"
            )
            if begin < said_at.start() and cued:  # "I read it at yahoo" stays
                yield "EMAIL", begin, end
        elif said_at is None and (ending := _ENDING_AFTER.match(text, end)):
            # "juan punto perez en gmail punto com", "johnsmith gmail dot com": the "at" misheard or dropped;
            # only after an e-mail cue
            link = _WEAK_AT_BEFORE.search(text, max(0, at - 6), at)
            local_end = link.start() if link else at
            begin = _local_part(text, local_end)
            if begin < local_end and _EMAIL_CUE.search(text, max(0, begin - 100), begin):
                yield "EMAIL", begin, ending.end()
    for at, _end in words.hits(_EMAIL_CUE_VOCABULARY) + occurrences(
        low, ("邮箱", "电子邮件", "郵箱", "電子郵件"), whole=False
    ):
        cued = AFTER_EMAIL_CUE.match(text, at)
        if cued and not _WRITTEN_EMAIL.search(cued.group("value")):  # "my email is j@x.org" keeps "is"
            yield "EMAIL", _without_lead_words(text, cued.start("value"), cued.end("value")), cued.end("value")


# Mail providers: "at gmail dot com" is an address; "I looked at medicare dot gov" is a website.
_MAIL_PROVIDERS_TEXT = """
    gmail yahoo hotmail outlook aol icloud comcast sbcglobal live msn att verizon protonmail me mac qq 163
    126 sina sohu yeah foxmail bellsouth earthlink cox charter optonline juno gmx prodigy proton
    """
_MAIL_PROVIDERS = frozenset(_MAIL_PROVIDERS_TEXT.split())
# Providers said alone after "at" ("jsmith at gmail"): those that are no everyday word.
_PROVIDER_VOCABULARY = Vocabulary(("gmail", "yahoo", "hotmail", "outlook", "aol", "icloud", "comcast", "protonmail"))
# Words that say "@" and nothing else ("at" is also a preposition: "I read it at yahoo").
_ONLY_AN_ADDRESS_AT = re.compile(r"(?i:arroba|at\s+(?:sign|symbol))|艾特|爱特|愛特|埃特|小老鼠|@")
_ENDING_AFTER = re.compile(rf"{_DOMAIN_END}", re.IGNORECASE)
_WEAK_AT_BEFORE = re.compile(r"(?<![a-z0-9])(?:en|on)\s+\Z", re.IGNORECASE)  # Spanish "en", English "on"
_AT_BEFORE = re.compile(rf"{_AT_WORDS}\s*\Z", re.IGNORECASE)
_DOT_AFTER = re.compile(rf"{_DOT}[a-z]", re.IGNORECASE)
_AT = re.compile(
    r"(?<![a-z0-9])(?:at(?:\s+(?:sign|symbol))?|arroba)(?![a-z0-9])|艾特|爱特|愛特|埃特|小老鼠|@", re.IGNORECASE
)
_DOMAIN_START = re.compile(r"\s*([a-z0-9]+)(?:\s+(mail)\b)?(\.)?", re.IGNORECASE)  # "g mail", "hot mail"
_ADDRESS_LIKE = re.compile(
    r"\d|[零〇一幺二两兩三四五六七八九]|[._]|点|下划线"
    r"|(?<![\w'’])[a-z](?:[ ,.-]{1,2}[a-z](?![\w'’])){2,}"  # letters spelled out: "m a r g i e"
    rf"|\b(?:dot|punto|underscore|guion bajo|guión bajo|{NUMBER_WORDS_PATTERN})\b",
    re.IGNORECASE,
)
_EMAIL_CUE = re.compile(r"e-?mail|correo|邮箱|电子邮件|郵箱|電子郵件|艾特|@", re.IGNORECASE)


def _is_address(text: str, start: int, end: int) -> bool:
    """Whether an "X at Y dot Z" said aloud is an e-mail address: a mail provider or a written domain after
    "at", an e-mail cue in the sentence before, or a first part only an address has (digits, "dot")."""
    at = _AT.search(text, start, end)
    if at is None:
        return False
    if _ONLY_AN_ADDRESS_AT.fullmatch(at.group()):
        return True  # "arroba", 艾特, "at sign" say "@": "jperez arroba jotmail punto com"
    domain = _DOMAIN_START.match(text, at.end(), end)
    if domain and ((domain.group(1) + (domain.group(2) or "")).casefold() in _MAIL_PROVIDERS or domain.group(3)):
        return True  # a provider, or a domain written as such ("maria at example.org")
    if _EMAIL_CUE.search(text, max(0, start - 100), at.end()):
        return True
    return _ADDRESS_LIKE.search(text, start, at.start()) is not None
