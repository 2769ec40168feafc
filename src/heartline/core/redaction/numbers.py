"""Numbers as people say them, in English, Spanish and Chinese: the words, and what digits they stand for.

An identifier read aloud is a run of digit words ("five five five, one two one two"), sometimes in
pairs or with "double"/"triple" ("fifty-five", "double four", "cincuenta y cinco"), "oh" for zero,
and in Chinese one character a digit (五五五一二一二, 幺 for one). `digits_of` turns such a run into
the digits it says, so a rule can count them (seven or more: an identifier).
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
    "cero": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8,
    "nueve": 9,
}  # fmt: skip
TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "diez": 10, "once": 11, "doce": 12, "trece": 13, "catorce": 14, "quince": 15, "dieciséis": 16,
    "dieciseis": 16, "diecisiete": 17, "dieciocho": 18, "diecinueve": 19,
    "veintiuno": 21, "veintidós": 22, "veintidos": 22, "veintitrés": 23, "veintitres": 23,
    "veinticuatro": 24, "veinticinco": 25, "veintiséis": 26, "veintiseis": 26, "veintisiete": 27,
    "veintiocho": 28, "veintinueve": 29,
}  # fmt: skip
TENS = {
    "twenty": 2, "thirty": 3, "forty": 4, "fifty": 5, "sixty": 6, "seventy": 7, "eighty": 8, "ninety": 9,
    "veinte": 2, "treinta": 3, "cuarenta": 4, "cincuenta": 5, "sesenta": 6, "setenta": 7, "ochenta": 8,
    "noventa": 9,
}  # fmt: skip
REPEATS = {"double": 2, "triple": 3, "doble": 2}
HUNDRED = {"hundred", "cien"}
ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9,
}  # fmt: skip

NUMBER_WORDS = tuple(sorted({*UNITS, *TEENS, *TENS, *REPEATS, *HUNDRED}, key=len, reverse=True))
NUMBER_WORD = "(?:" + "|".join(NUMBER_WORDS) + ")"
# One token of a spoken identifier: a number word, written digits, or a letter read out alone ("N B H").
# "O" read as a letter and "oh" as zero are the same sound; both count.
_TOKEN = rf"(?:(?i:{NUMBER_WORD})(?!\w)|\d+(?!\w)|[A-Z]\.?(?![\w']))"
_SEPARATOR = r"(?:[ \t]*[,.;-]?[ \t]+|[ \t]*-[ \t]*|[ \t]*,)(?:(?i:y)[ \t]+)?"
SPOKEN_RUN = re.compile(rf"(?<![\w'])(?:{_TOKEN}(?:{_SEPARATOR}{_TOKEN})+|\d+(?![\w]))")
ZH_RUN = re.compile(
    r"(?:[A-Za-z]{1,3})?[0-9０-９零〇一幺二两三四五六七八九](?:[ ,，、-]?[0-9０-９零〇一幺二两三四五六七八九]){3,}"
)
TOKEN = re.compile(rf"(?i:{NUMBER_WORD})(?!\w)|\d+|[A-Z](?![\w'])")


def digits_of(run: str) -> tuple[str, int]:
    """The characters a spoken run says (digits, and letters read out alone) and how many are digits.

    "five fifty-five one two one two" → ("5551212", 7); "double four" → ("44", 2); "N B H one two" →
    ("NBH12", 2); "eight hundred" → ("800", 3); a Chinese run one digit per character.
    """
    if ZH_RUN.fullmatch(run):
        said = "".join(str(ZH_DIGITS[c]) if c in ZH_DIGITS else _halfwidth(c) for c in run if c not in " ,，、-")
        return said.upper(), sum(c.isdigit() for c in said)
    out: list[str] = []
    repeat = 1
    pending_tens: int | None = None
    for match in TOKEN.finditer(run):
        word = match.group()
        key = word.casefold()
        if pending_tens is not None and key in UNITS and UNITS[key] > 0 and key != "oh":
            out.append(f"{pending_tens}{UNITS[key]}")
            pending_tens = None
            continue
        if pending_tens is not None:
            out.append(f"{pending_tens}0")
            pending_tens = None
        if key in REPEATS:
            repeat = REPEATS[key]
            continue
        if key in HUNDRED:
            out.append("00" if out else "100")
            continue
        if key in UNITS:
            out.append(str(UNITS[key]) * repeat)
        elif key in TEENS:
            out.append(str(TEENS[key]) * repeat)
        elif key in TENS:
            pending_tens = TENS[key]
        elif word.isdigit():
            out.append(word * repeat)
        else:
            out.append(word.upper() * repeat)
        repeat = 1
    if pending_tens is not None:
        out.append(f"{pending_tens}0")
    said = "".join(out)
    return said, sum(c.isdigit() for c in said)


def _halfwidth(char: str) -> str:
    return chr(ord(char) - 0xFEE0) if "０" <= char <= "９" else char


def luhn_valid(digits: str) -> bool:
    """Whether a card number's check digit is right (ISO/IEC 7812 Luhn)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0
