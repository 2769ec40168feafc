"""Dates and ages as they are said (speech transcripts), in English, Spanish and Chinese.

- Dates: "March third nineteen fifty-two", "the fifth of May", "tres de marzo de mil novecientos
  cincuenta y dos", "三月三号", "一九五二年三月三日"; a month and year alone only beside a birth cue; also
  "April eighteenth sixty-one", "Tuesday the fourteenth", "the twenty-first of last month", "veintiuno
  del mes pasado", "上个月二十一号", month-day-year said as three numbers near a birth cue, and a day alone
  just after a date ("…and home on the 17th", "el 17", "17号").
- Ages of 90 and over (Safe Harbor folds them into "90 or older").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heartline.core.redaction.cues import cue_near
from heartline.core.redaction.scan import Vocabulary, Words, occurrences, scan, windows

Span = tuple[str, int, int]

_ORDINALS_EN = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    "fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth"
)
_UNITS_EN = "one|two|three|four|five|six|seven|eight|nine"
_TEENS_EN = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS_EN = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_DAY_EN = (
    rf"(?:(?:twenty|thirty)[- ](?:{_ORDINALS_EN})|{_ORDINALS_EN}|\d{{1,2}}(?:st|nd|rd|th)"
    rf"|(?:twenty|thirty)[- ](?:{_UNITS_EN})|{_TEENS_EN}|{_UNITS_EN}|twenty|thirty|\d{{1,2}})"
)
_YEAR_EN = (
    rf"(?:(?:nineteen|twenty)[- ](?:hundred|oh[- ](?:{_UNITS_EN})|(?:{_TENS_EN})(?:[- ](?:{_UNITS_EN}))?|{_TEENS_EN})"
    rf"|two thousand(?:[- ](?:and[- ])?(?:(?:{_TENS_EN})(?:[- ](?:{_UNITS_EN}))?|{_TEENS_EN}|{_UNITS_EN}))?"
    r"|(?:19|20)\d\d|'\d\d"
    rf"|(?:{_TENS_EN})(?:[- ](?:{_UNITS_EN}))?)"  # "April eighteenth, sixty-one": the century goes without saying
)
_MONTH_EN = "january|february|march|april|may|june|july|august|september|october|november|december"
_UNITS_ES = "uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve"
_TEENS_ES = (
    "diez|once|doce|trece|catorce|quince|dieciséis|dieciseis|diecisiete|dieciocho|diecinueve|veinte|"
    "veintiuno|veintidós|veintidos|veintitrés|veintitres|veinticuatro|veinticinco|veintiséis|veintiseis|"
    "veintisiete|veintiocho|veintinueve"
)
_TENS_ES = "treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa"
_DAY_ES = rf"(?:primero|treinta y uno|{_TEENS_ES}|treinta|{_UNITS_ES}|\d{{1,2}})"
_YEAR_TAIL_ES = rf"(?:(?:{_TENS_ES})(?: y (?:{_UNITS_ES}))?|{_TEENS_ES}|{_UNITS_ES})"
_YEAR_ES = (
    rf"(?:mil novecientos(?: {_YEAR_TAIL_ES})?|dos mil(?: {_YEAR_TAIL_ES})?|(?:19|20)\d\d"
    rf"|(?:{_TENS_ES})(?: y (?:{_UNITS_ES}))?|\d\d)"  # "del cuarenta y ocho", "del 45"
)
_MONTH_ES = "enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
_ZH_NUM = "[0-9０-９零〇一二三四五六七八九十]"
_SEP = r"(?:,?\s+)"

# Each pattern is tried where a month was said: those opening with the month are matched there; a day
# before the month ("the fifth of May", "tres de marzo") is looked for just before it, a year just after.
_I = re.IGNORECASE
MONTH_FIRST_EN = re.compile(
    rf"(?P<month>{_MONTH_EN})\s+(?:the\s+)?(?P<day>{_DAY_EN})(?:{_SEP}(?:of\s+)?{_YEAR_EN})?\b", _I
)
DAY_BEFORE_EN = re.compile(rf"\b(?:the\s+)?(?:{_DAY_EN})\s+of\s+\Z", _I)
YEAR_AFTER_EN = re.compile(rf"(?:{_SEP}{_YEAR_EN}\b)?", _I)
MONTH_FIRST_ES = re.compile(rf"(?:{_MONTH_ES})\s+(?:{_DAY_ES})(?:,?\s+del?\s+{_YEAR_ES})?\b(?!\s+de\s)", _I)
DAY_BEFORE_ES = re.compile(rf"\b(?:{_DAY_ES})\s+de\s+\Z", _I)
YEAR_AFTER_ES = re.compile(rf"(?:\s+del?\s+{_YEAR_ES}\b)?", _I)
DATES_ZH = re.compile(
    rf"(?:{_ZH_NUM}{{2,4}}年)?(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
    rf"(?:[0-3]?[0-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|初[一二三四五六七八九十])[日号號]"
)
# A month with a year ("March nineteen fifty-two", "marzo de 1952", "1952年3月"): a date only beside a birth cue.
MONTH_YEAR = re.compile(rf"(?:{_MONTH_EN})(?:\s+of)?,?\s+{_YEAR_EN}\b|(?:{_MONTH_ES})\s+de(?:l)?\s+{_YEAR_ES}\b", _I)
# A month and day without 号/日 ("生日是三月十五"): a date only beside a birth cue.
MONTH_DAY_ZH = re.compile(
    rf"(?:{_ZH_NUM}{{2,4}}年)?(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
    rf"(?:[0-3]?[0-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]|初[一二三四五六七八九十])(?![0-9零〇一二三四五六七八九十号日號])"
)
MONTH_YEAR_ZH = re.compile(rf"{_ZH_NUM}{{2,4}}年(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月")
_MONTH_WORDS = (*_MONTH_EN.split("|"), *_MONTH_ES.split("|"))
_MONTH_VOCABULARY = Vocabulary(_MONTH_WORDS)


_WEEKDAYS_EN = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_WEEKDAYS_ES = "lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
_ORDINAL_DAY_EN = rf"(?:(?:twenty|thirty)[- ](?:{_ORDINALS_EN})|{_ORDINALS_EN}|\d{{1,2}}(?:st|nd|rd|th))"
_NOT_A_DAY_ES = r"(?!\s+(?:veces|vez|horas?|minutos?|d[ií]as|semanas|meses|pastillas|tabletas|dólares|dolares|de\s))"
# A day without its month: by the weekday ("Tuesday the fourteenth", "martes catorce"), by the month it is in
# ("the twenty-first of last month", "veintiuno del mes pasado"), or month as a number ("nueve del nueve del
# cuarenta y cuatro"). Each is tried only where its trigger word is: at the weekday; ending at "month"/"mes";
# around a "del" with a number after it.
WEEKDAY_DATE = re.compile(
    rf"(?:{_WEEKDAYS_EN}),?\s+(?:the\s+)?{_ORDINAL_DAY_EN}\b|(?:{_WEEKDAYS_ES}),?\s+(?:{_DAY_ES})\b{_NOT_A_DAY_ES}", _I
)
RELATIVE_MONTH = re.compile(
    rf"\b(?:the\s+)?{_ORDINAL_DAY_EN}\s+of\s+(?:last|this|next|the\s+(?:last|next|previous))\s+month\b"
    rf"|\b(?:{_DAY_ES})\s+(?:del\s+mes\s+(?:pasado|que\s+viene|entrante|pr[óo]ximo)|de\s+este\s+mes|del\s+pr[óo]ximo\s+mes)\b",
    _I,
)
_RELATIVE_BEFORE = re.compile(r"(?:last|this|next|previous|este|del|pr[óo]ximo)\s+\Z")  # "last month", "este mes"
_RELATIVE_AFTER = re.compile(r"\s+(?:pasado|que\s+viene|entrante|pr[óo]ximo)\b")  # "del mes pasado"
MONTH_AS_NUMBER_ES = re.compile(rf"\b(?:{_DAY_ES})\s+del?\s+(?:{_DAY_ES})\s+del?\s+{_YEAR_ES}\b", _I)
_DEL_NUMBER_DEL = re.compile(rf"del\s+(?:{_DAY_ES})\s+del?\s", _I)
_WEEKDAY_VOCABULARY = Vocabulary((*_WEEKDAYS_EN.split("|"), *_WEEKDAYS_ES.split("|")))
_RELATIVE_VOCABULARY = Vocabulary(("month", "mes"))
_DEL_VOCABULARY = Vocabulary(("del",))
_ZH_DAY = r"(?:[0-3]?[0-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
DAY_DATES_ZH = re.compile(
    rf"(?:上个?月|这个?月|下个?月|本月)的?{_ZH_DAY}[号日號]"
    rf"|{_ZH_DAY}[号日號](?:礼拜|星期|周)[一二三四五六日天]"
    rf"|(?:礼拜|星期|周)[一二三四五六日天]的?{_ZH_DAY}[号日號]"
)
# The day alone, just after a date it goes with: "admitted June 14th and home on the 17th", "el 14 de junio y
# de alta el 17", "6月14号住院的，17号出院".
DAY_AFTER_A_DATE = (
    re.compile(rf"\b(?i:the)\s+(?i:{_ORDINAL_DAY_EN})(?=\s*[.,;:?!]|\s+(?:and|or|but|at|in)\b|\s*$)"),
    re.compile(rf"\b(?i:el)\s+(?P<day>[12]?\d|3[01]|(?i:{_DAY_ES}))(?=\s*[.,;:?!]|\s+(?:y|o|a\s+las)\b|\s*$)"),
)
DAY_AFTER_A_DATE_ZH = re.compile(rf"(?<![0-9０-９零〇一二三四五六七八九十号])(?P<day>{_ZH_DAY}[号日])(?![楼室单元栋])")
_DAY_AFTER_REACH = 80


def spoken_dates(text: str, words: Words, languages: frozenset[str]) -> Iterator[Span]:
    """Dates said in words (and written with words around digits)."""
    found = list(_dates(text, words, languages))
    yield from found
    spans: list[Span] = []
    for at, _end in words.hits(_WEEKDAY_VOCABULARY):
        match = WEEKDAY_DATE.match(text, at)
        if match:
            spans.append(("DATE", at, match.end()))
    for at, end in words.hits(_RELATIVE_VOCABULARY):
        if _RELATIVE_BEFORE.search(words.low, max(0, at - 12), at) or _RELATIVE_AFTER.match(words.low, end):
            for match in RELATIVE_MONTH.finditer(text, max(0, at - 50), min(len(text), end + 25)):
                spans.append(("DATE", match.start(), match.end()))
    for at, _end in words.hits(_DEL_VOCABULARY):
        if _DEL_NUMBER_DEL.match(text, at):
            match = MONTH_AS_NUMBER_ES.search(text, max(0, at - 20), min(len(text), at + 80))
            if match:
                spans.append(("DATE", match.start(), match.end()))
    found += spans
    yield from spans
    if "zh" in languages:
        hits = occurrences(words.low, ("月", "礼拜", "星期", "周"), whole=False)
        for match in scan(DAY_DATES_ZH, text, windows(hits, 8, 8, len(text))):
            found.append(("DATE", match.start(), match.end()))
            yield found[-1]
    after = windows([(end, end) for _kind, _start, end in found], 0, _DAY_AFTER_REACH, len(text))
    patterns = (*DAY_AFTER_A_DATE, DAY_AFTER_A_DATE_ZH) if "zh" in languages and "号" in text else DAY_AFTER_A_DATE
    for pattern in patterns if after else ():
        for match in scan(pattern, text, after):
            group = "day" if pattern.groupindex else 0
            yield "DATE", match.start(group), match.end(group)


def _dates(text: str, words: Words, languages: frozenset[str]) -> Iterator[Span]:
    for at, end in words.hits(_MONTH_VOCABULARY):
        if "en" in languages:
            match = MONTH_FIRST_EN.match(text, at)
            if match and _not_may_the_verb(match):
                yield "DATE", at, match.end()
            yield from _day_before(text, at, end, DAY_BEFORE_EN, YEAR_AFTER_EN)
        if "es" in languages:
            match = MONTH_FIRST_ES.match(text, at)
            if match:
                yield "DATE", at, match.end()
            yield from _day_before(text, at, end, DAY_BEFORE_ES, YEAR_AFTER_ES)
        match = MONTH_YEAR.match(text, at)
        if match and cue_near(text, match.start(), match.end(), "DATE", window=40):
            yield "DATE", match.start(), match.end()
    if "zh" in languages:
        near = windows(occurrences(words.low, ["月"], whole=False), 12, 8, len(text))
        yield from (("DATE", m.start(), m.end()) for m in scan(DATES_ZH, text, near))
        for pattern in (MONTH_YEAR_ZH, MONTH_DAY_ZH):
            for match in scan(pattern, text, near):
                if cue_near(text, match.start(), match.end(), "DATE", window=12):
                    yield "DATE", match.start(), match.end()


def _day_before(text: str, at: int, end: int, day: re.Pattern[str], year: re.Pattern[str]) -> Iterator[Span]:
    """A day said before the month at `at` ("the fifth of May"), with the year said after it, if any."""
    found = day.search(text, max(0, at - 30), at)
    if found:
        after = year.match(text, end)
        yield "DATE", found.start(), after.end() if after else end


def _not_may_the_verb(match: re.Match[str]) -> bool:
    """ "may" is a verb ("I may five times…"): May with a number is a date when written May or ordinal."""
    month, day = match.group("month"), match.group("day") or ""
    if month.casefold() != "may":
        return True
    ordinal = day.casefold().endswith(("st", "nd", "rd", "th"))
    return (month == "May" or ordinal) and day.casefold() not in ("one", "two")


# Ages over 89 (Safe Harbor folds them into "90 or older"): "I'm 92", "ninety-two years old", "noventa y
# dos años", "九十二岁". Younger ages stay.
_UNITS_OR_NONE_EN = rf"(?:[- ](?:{_UNITS_EN}))?"
AGE = re.compile(
    rf"(?i:\b(?:9\d|1[01]\d|ninety{_UNITS_OR_NONE_EN}|one hundred(?: and)?(?: (?:{_UNITS_EN}|{_TEENS_EN}))?"
    rf"|noventa(?: y (?:{_UNITS_ES}))?|cien|ciento (?:{_UNITS_ES}|{_TEENS_ES}))"
    r"(?=[ -](?:years?|año)[ -]old|\s+años|\s+years\b))"
    r"|(?:9\d|1[01]\d|九十[一二三四五六七八九]?|一百(?:零?[一二三四五六七八九十])?)(?=岁|周岁)"
)
_AGE_VOCABULARY = Vocabulary(("years", "year", "años"))


def ages_over_89(text: str, words: Words) -> Iterator[Span]:
    """Ages of 90 and over said before "years (old)", "años" or 岁."""
    hits = words.hits(_AGE_VOCABULARY) + occurrences(words.low, ("岁",), whole=False)
    for match in scan(AGE, text, windows(hits, 30, 12, len(text))):
        yield "AGE", match.start(), match.end()
