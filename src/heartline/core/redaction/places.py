"""Street addresses as written and said, in English, Spanish and Chinese (Safe Harbor: every geographic
subdivision smaller than a state — street address, city with its district, ZIP code).

- English: a house number in digits or words ("123", "one twenty-three"), one to four words, a street
  type ("Main Street", "Oak Ave."), then an apartment or unit, a city and a state with its ZIP if they
  follow; a PO box.
- Spanish: a street word (calle, avenida, paseo, carrera…) with its name and a number on either side
  ("Calle Mayor 123", "123 Calle Mayor", "avenida Reforma número cuarenta y cinco"), then piso/apartamento.
- Chinese: districts (省 市 区 县 镇) down to a road and number (北京市朝阳区建国路88号), a housing estate's
  building and room (阳光小区3栋2单元501室), or a city with its district (北京市朝阳区).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heartline.core.redaction.scan import Vocabulary, Words, occurrences, scan, windows

Span = tuple[str, int, int]

STREET_TYPES = (
    "street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|terrace|"
    "parkway|pkwy|highway|hwy|circle|cir|trail|trl|square|sq|loop|alley|row|crescent|pike|plaza"
)
_WORD_NUMBER_EN = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|oh|zero"
)
_HOUSE_EN = rf"(?:\d{{1,6}}[A-Za-z]?|(?i:{_WORD_NUMBER_EN})(?:[- ](?i:{_WORD_NUMBER_EN})){{0,4}})"
# After the street: its quarter ("Northwest", "NW"), a unit in words or digits, in English, Spanish or Chinese
# ("Apartment 611", "unit seven", "unidad 7", "7号单元", "12号套房").
_DIRECTION = r"(?:\s+(?:(?i:north|south|east|west|northwest|northeast|southwest|southeast)|NW|NE|SW|SE)\b)?"
_UNIT = (
    r"(?:,?\s+(?i:apt\.?|apartment|unit|suite|ste\.?|#|number|no\.|apartamento|unidad|depto\.?|departamento|interior)"
    rf"\s*(?:[A-Za-z0-9-]{{1,6}}\b|(?i:{_WORD_NUMBER_EN})(?:[- ](?i:{_WORD_NUMBER_EN})){{0,2}}\b)"
    r"|\s*[0-9]{1,5}[A-Za-z]?(?:号单元|号套房|号公寓|号房|单元|室|号))?"
)
_CITY_STATE = (
    r"(?:,\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?(?:,\s*[A-Z]{2}\b|,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
    r"(?:\s+\d{5}(?:-\d{4})?)?)?"
)
# Words that follow a number but never name a street ("3 hours on the phone way too long").
_NOT_STREET = (
    "(?i:the|a|an|on|in|at|to|for|of|and|or|my|your|his|her|their|our|this|that|more|other|minutes?|hours?|"
    "days?|weeks?|months?|years?|times?|dollars?|cents?|pills?|mg|tablets?|people|members?|calls?|percent)"
)
ADDRESS_EN = re.compile(
    rf"(?<![^\W\u3400-\u9fff]|-)(?:\d{{1,6}}[A-Za-z]?\s+(?:(?!{_NOT_STREET}\b)[A-Za-z0-9][A-Za-z'.-]*\s+){{1,4}}"
    rf"|{_HOUSE_EN}\s+(?:(?:[A-Z][A-Za-z'.-]*|\d+(?:st|nd|rd|th)|(?i:north|south|east|west|first|second|third|fourth|fifth))\s+){{1,4}})"
    rf"(?i:{STREET_TYPES})(?![^\W\u3400-\u9fff])\.?{_DIRECTION}{_UNIT}{_CITY_STATE}"
    r"|(?i:\bp\.?\s?o\.?\s+box\s+\d+|\bapartado\s+(?:postal\s+)?\d+)",
)
_NUMBER_ES = (
    r"(?:cero|uno|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|quince|"
    r"dieci\w+|veinti\w+|veinte|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|cien|ciento|"
    r"doscientos|trescientos|cuatrocientos|quinientos|seiscientos|setecientos|ochocientos|novecientos|mil)"
)
_HOUSE_ES = rf"(?:\d{{1,6}}[A-Za-z]?|{_NUMBER_ES}(?:\s+(?:y\s+)?{_NUMBER_ES}){{0,4}})"
_STREET_ES = (
    r"(?:calle|c/|avenida|av\.|avda\.?|paseo|camino|carrera|calzada|bulevar|boulevard|plaza|callejón|"
    r"privada|carretera|ronda|travesía|pasaje)"
)
_NAME_ES = r"(?:(?:de(?:l| la| los)?\s+)?[A-ZÁÉÍÓÚÑ0-9][\wÁÉÍÓÚÑáéíóúñ'-]*)"
_AFTER_ES = (
    r"(?:,?\s+(?i:piso|apartamento|apto\.?|depto\.?|departamento|interior|int\.?|puerta|colonia|col\.)"
    rf"\s+(?:{_HOUSE_ES}|[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+(?:\s[A-ZÁÉÍÓÚÑ][\wáéíóúñ]+)?))*"
)
ADDRESS_ES = re.compile(
    rf"(?i:\b{_STREET_ES})\s+{_NAME_ES}(?:\s+{_NAME_ES}){{0,3}}?,?\s+(?:(?i:número|numero|num\.?|no\.?|n[º°]|#)\s*)?"
    rf"(?i:{_HOUSE_ES})\b{_AFTER_ES}"
    rf"|\b\d{{1,6}}\s+(?i:{_STREET_ES})\s+{_NAME_ES}(?:\s+{_NAME_ES}){{0,3}}{_AFTER_ES}",
)
# Chinese: place characters, not the function words around an address (我住在… 寄到…).
_PLACE = r"(?:(?![我你他她住在是的到址寄送从往去来了吗呢吧就要想把给和跟请问说号])[\u4e00-\u9fff])"
_NUM_ZH = r"[0-9０-９零〇一二三四五六七八九十百千]+"
_DIVISIONS = rf"(?:{_PLACE}{{1,7}}?(?:省|自治区|市|区|县|镇|乡|街道))"
# Building, unit and room after the number: 3号楼2单元401, 12B室, 5C; a room without 室 after its unit (…单元401).
_ROOMS = (
    rf"院?(?:{_NUM_ZH}[A-Za-z]?(?:号楼|号院|栋|幢|座|单元|室|楼|层|号))*"
    rf"(?:{_NUM_ZH}[A-Za-z](?![A-Za-z])|(?<=[元楼栋层座])[0-9]{{3,4}}(?![0-9]))?"
)
ADDRESS_ZH = re.compile(
    rf"{_DIVISIONS}*{_PLACE}{{1,8}}?(?:路|街|大街|大道|巷|胡同|弄|里)(?:东北|西北|东南|西南|东|西|南|北)?"
    rf"(?:{_NUM_ZH}[弄巷])?{_NUM_ZH}号{_ROOMS}"
    rf"|{_DIVISIONS}*{_PLACE}{{1,8}}?(?:小区|花园|公寓|大厦|新村|家园|苑){_ROOMS}(?<=[号楼栋幢座元室层])"
    rf"|{_PLACE}{{1,6}}?市{_PLACE}{{1,6}}?(?:区|县)"
    rf"|邮政信箱\s*{_NUM_ZH}号?"
)


_TRIGGERS_EN = (*STREET_TYPES.split("|"), "box", "apartado")
_TRIGGERS_ES = tuple(w.strip("\\.?") for w in _STREET_ES.strip("(?:)").split("|"))
_TRIGGERS_ZH = ("号", "室", "层", "栋", "幢", "座", "区", "县", "信箱")


# A city or town after "I live in", "vivo en", "住在" (Safe Harbor: places smaller than a state); states stay.
_STATE_NAMES = (
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota "
    "mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah "
    "vermont virginia washington wisconsin wyoming america mexico méxico china puerto rico"
)
STATES = frozenset(_STATE_NAMES.split())
LIVE_IN = re.compile(
    r"(?i:i live in|we live in|she lives in|he lives in|lives in|living in|moved to|i'm from|i am from|"
    r"vivo en|vivimos en|vive en|me mudé a|soy de)[ ]+(?P<value>[A-ZÁÉÍÓÚÑ][a-záéíóúñ]+(?:[ ][A-ZÁÉÍÓÚÑ][a-záéíóúñ]+)?)"
)
_LIVE_IN_VOCABULARY = Vocabulary(
    ("i live in", "we live in", "lives in", "living in", "moved to", "i'm from", "i am from", "vivo en",
     "vivimos en", "vive en", "me mudé a", "soy de", "she lives in", "he lives in")
)  # fmt: skip
_CAPITALISED = r"[A-ZÁÉÍÓÚÑ][\wáéíóúñ'-]*"
# After "my address is", "I live at", "mi dirección es": a house number and the capitalised words after it,
# with or without a street type ("I live at 45 Elm", "my address is one twenty Maple Grove").
AFTER_ADDRESS_CUE = re.compile(
    r"(?i:my address is|address is|the address is|i live at|we live at|lives at|mi dirección es|dirección es|"
    rf"la dirección es|vivo en el)[ :,]+(?P<value>{_HOUSE_EN}[ ]+{_CAPITALISED}(?:[ ]{_CAPITALISED}){{0,3}})"
)
_ADDRESS_CUE_VOCABULARY = Vocabulary(
    ("my address is", "address is", "the address is", "i live at", "we live at", "lives at",
     "mi dirección es", "dirección es", "la dirección es", "vivo en el")
)  # fmt: skip
LIVE_IN_ZH = re.compile(rf"(?:住在|家在|我在)(?P<value>{_PLACE}{{1,6}}?(?:市|县|区|镇))")
_VOCABULARY_EN = Vocabulary(_TRIGGERS_EN)
_FULL_TYPES = frozenset(t for t in STREET_TYPES.split("|") if len(t) > 4)
_VOCABULARY_ES = Vocabulary(_TRIGGERS_ES)
_HOUSE_WORDS = frozenset(_WORD_NUMBER_EN.split("|"))


def addresses(text: str, words: Words, han: bool) -> Iterator[Span]:
    """Street addresses (and a Chinese city with its district)."""
    size, low = len(text), words.low
    # A street type with a house number (digits or number words) in the words before it.
    typed = [
        (start, end)
        for start, end in words.hits(_VOCABULARY_EN)
        if low.startswith(("box", "apartado"), start)
        or any(c.isdigit() for c in low[max(0, start - 70) : start])
        or not _HOUSE_WORDS.isdisjoint(re.findall(r"[a-z]+", low[max(0, start - 70) : start]))
    ]
    for match in scan(ADDRESS_EN, text, windows(typed, 70, 80, size)):
        end = match.end()
        if text[end - 1] == "." and text[match.start() : end - 1].rsplit(None, 1)[-1].casefold() in _FULL_TYPES:
            end -= 1  # the sentence's full stop after "Street", not an abbreviation's
        yield "ADDRESS", match.start(), end
    for match in scan(ADDRESS_ES, text, windows(words.hits(_VOCABULARY_ES), 10, 120, size)):
        yield "ADDRESS", match.start(), match.end()
    for at, _end in words.hits(_ADDRESS_CUE_VOCABULARY):
        cued = AFTER_ADDRESS_CUE.match(text, at)
        if cued:
            yield "ADDRESS", cued.start("value"), cued.end("value")
    for at, _end in words.hits(_LIVE_IN_VOCABULARY):
        town = LIVE_IN.match(text, at)
        if town and not STATES.issuperset(town.group("value").casefold().split()):
            yield "ADDRESS", town.start("value"), town.end("value")
    if han:
        for match in scan(
            LIVE_IN_ZH, text, windows(occurrences(low, ("住在", "家在", "我在"), whole=False), 0, 30, size)
        ):
            yield "ADDRESS", match.start("value"), match.end("value")
        for match in scan(ADDRESS_ZH, text, windows(occurrences(low, _TRIGGERS_ZH, whole=False), 30, 15, size)):
            yield "ADDRESS", match.start(), match.end()
