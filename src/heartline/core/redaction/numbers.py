"""Numbers as people say them, in English, Spanish and Chinese: the words, and what digits they stand for.

An identifier read aloud is a run of digit words ("five five five, one two one two"), sometimes in
pairs or with "double"/"triple" ("fifty-five", "double four", "cincuenta y cinco"), "oh" for zero,
and in Chinese one character a digit (五五五一二一二, 幺 for one). `digits_of` turns such a run into
the digits it says, so a rule can count them (seven or more: an identifier). A number said with its
thousand ("two thousand forty-one", "dos mil cuarenta y uno") fills four places; fillers ("let me see",
"este", 呃) and framing words ("the letter", 字母) inside a run are skipped.
"""

from __future__ import annotations

import re

from heartline.core.redaction.scan import trie_pattern

UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "niner": 9,
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
HUNDRED = {"hundred", "cien", "ciento"}
# "two thousand forty-one", "dos mil cuarenta y uno" (a last four said as a number): the thousand and the rest
# up to it fill four places ("2041").
THOUSAND = {"thousand", "mil"}
# Spanish hundreds say their own digit ("seiscientos uno" is 601, "quinientos cincuenta y cinco" 555).
HUNDREDS_ES = {
    f"{stem}ient{end}": digit
    for stem, digit in (
        ("dosc", 2),
        ("tresc", 3),
        ("cuatroc", 4),
        ("seisc", 6),
        ("setec", 7),
        ("ochoc", 8),
        ("novec", 9),
    )
    for end in ("os", "as")
} | {"quinientos": 5, "quinientas": 5}
ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "幺": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
    "八": 8, "九": 9, "洞": 0,
}  # fmt: skip

# Letters read out in Spanish ("zeta ge pe", "eme ka ele"); names that are also everyday words (de, te,
# ese, a, e, o, u) are left out: "de" and "te" are far more often words than letters.
ES_LETTERS = {
    "be": "B", "ce": "C", "ge": "G", "pe": "P", "ka": "K", "ele": "L", "eme": "M", "ene": "N", "efe": "F",
    "hache": "H", "jota": "J", "cu": "Q", "erre": "R", "ere": "R", "uve": "V", "equis": "X", "zeta": "Z",
    "doble u": "W", "doble ve": "W", "uve doble": "W", "i griega": "Y", "ye": "Y",
}  # fmt: skip
# Letter names that are also words ("de", "te", "ese"): letters only between other tokens of a run
# ("uno e ge cuatro te e cinco…"); at a run's ends they are words and are left out.
ES_WEAK_LETTERS = {"te": "T", "de": "D", "ese": "S", "ve": "V"}
# Letters said by the NATO (ICAO) spelling alphabet ("hotel kilo lima four four…", "niner" for nine) and
# English letter names as ASR writes them ("tee eight four…"); the NATO words that are also names or
# everyday words lead a run only beside another letter (see `spoken`).
NATO_WORDS = {
    "alpha": "A", "alfa": "A", "bravo": "B", "charlie": "C", "delta": "D", "echo": "E", "foxtrot": "F",
    "golf": "G", "hotel": "H", "india": "I", "juliet": "J", "juliett": "J", "kilo": "K", "lima": "L",
    "mike": "M", "november": "N", "oscar": "O", "papa": "P", "quebec": "Q", "romeo": "R", "sierra": "S",
    "tango": "T", "uniform": "U", "victor": "V", "whiskey": "W", "whisky": "W", "x-ray": "X", "xray": "X",
    "yankee": "Y", "zulu": "Z",
}  # fmt: skip
EN_LETTERS = {
    "bee": "B", "dee": "D", "gee": "G", "pee": "P", "tee": "T", "vee": "V", "zee": "Z", "zed": "Z", "aitch": "H",
    "ess": "S", "double you": "W",
}  # fmt: skip
NATO_LETTERS = {**NATO_WORDS, **EN_LETTERS}
# English letter names that are also everyday words ("em", "why", "see"): letters only between other
# tokens of a run ("five em em one", "three ex four"), like the Spanish weak letters. Not "are" and "you":
# "the last four are two nine…"; not "en", a Spanish word ("diez en 2026").
EN_WEAK_LETTERS = {
    "em": "M", "kay": "K", "jay": "J", "cue": "Q", "ex": "X", "why": "Y", "see": "C",
}  # fmt: skip
WEAK_LETTERS = {**ES_WEAK_LETTERS, **EN_WEAK_LETTERS}

NUMBER_WORDS = tuple(
    sorted({*UNITS, *TEENS, *TENS, *REPEATS, *HUNDRED, *HUNDREDS_ES, *THOUSAND}, key=len, reverse=True)
)
NUMBER_WORD = trie_pattern(NUMBER_WORDS)
_ES_LETTER = trie_pattern([*ES_LETTERS, *NATO_LETTERS])
_ES_WEAK_LETTER = trie_pattern(WEAK_LETTERS)
# A letter read out alone, perhaps told apart by a word: "N", "b", "P as in Paul", "P de París".
# The word a letter is told apart by is not a number ("a de cuatro" is A, D, 4; "P de París" is P).
_TOLD_BY = rf"[ \t]+(?:as in|like|for|de|como en|como)[ \t]+(?!(?i:{NUMBER_WORD})(?![\w'’]))[A-Za-zÀ-ÿ]+(?:-[A-Za-z]+)?"
LETTER = rf"[A-Za-z]\.?(?:{_TOLD_BY})?(?![\w'’])"
# One token of a spoken identifier: a number word, written digits, or a letter read out alone ("N B H",
# "z g p", "zeta ge pe"). "O" read as a letter and "oh" as zero are the same sound; both count.
# A Spanish letter's name may be told apart by a word too ("ge de gato", "eme de mamá").
_TOKEN = rf"(?:(?i:{_ES_LETTER})(?![\w'’])(?:{_TOLD_BY})?|(?i:{NUMBER_WORD})(?![\w'’])|\d+(?!\w)|{LETTER})"
# Between tokens: a pause (space, comma, dash) and perhaps a word that joins groups ("dash", "then", "y luego").
# "uh", "um", "eh" are a speaker pausing mid-number; "suffix"/"sufijo" joins a member ID's two-digit suffix.
# Fillers a speaker says mid-number ("let me see", "hmm", "este", "a ver") join too; so does a long pause ("…").
# So do the words that frame a character: "the letter E", "the number four", "capital G", "la letra", "字母".
FILLER_JOINERS = (
    r"let me see|hmm|mmm|mm|este|a ver|o sea|the letter|the number|letter|capital|la letra|letra|el número"
    r"|mayúscula"
)
_JOINERS = rf"(?:y luego|and then|then|luego|dash|hyphen|guion|guión|suffix|sufijo|{FILLER_JOINERS}|uh|um|eh|er|y)"
_PAUSE = r"(?:\.\.\.|…|[,.;-])"
_SEPARATOR = rf"(?:[ \t]*{_PAUSE}?[ \t]+|[ \t]*-[ \t]*|[ \t]*,)(?:(?i:{_JOINERS})[ \t,.…]+)?"
_INNER_TOKEN = (
    rf"(?:{_TOKEN}|(?i:{_ES_WEAK_LETTER})(?![\w'’])(?:{_TOLD_BY})?"
    rf"(?={_SEPARATOR}(?:{_TOKEN}|(?i:{_ES_WEAK_LETTER})(?![\w'’]))))"
)
SPOKEN_RUN = re.compile(rf"(?<![\w'-])(?:{_TOKEN}(?:{_SEPARATOR}{_INNER_TOKEN})*(?:{_SEPARATOR}{_TOKEN})|\d+(?![\w]))")
# Letters read out just before a run's first number word ("it's z g p four four…", "H as in Henry, …").
# "erre de Roma"
_ES_LETTER_TOLD_APART = (
    rf"(?i:{_ES_LETTER})(?:[ \t]+(?:de|como)[ \t]+(?!(?i:{NUMBER_WORD})(?![\w'’]))[A-Za-zÀ-ÿ]+)?(?![\w'’])"
)
# A payer's prefix said as a word of capitals ("RTE four four seven one…"), not a label ("SSN", "ID").
_PREFIX = (
    r"(?<![\w'’])(?!(?:ID|NO|AM|PM|SSN|MBI|MRN|DOB|NPI|PIN|ZIP|TTY|ACCT|EIN|HMO|PPO|EPO|BIN|PCN|CMS|NDC|CPT|OMB|ICD|DEA|TIN|AUTH|REF|CLM|CONF|CASE|GRP|TKT)\b)"
    r"[A-Z]{3,4}(?![\w'’])"
    # or said in lower case (ASR): letters without a vowel are no word ("kxm 331 905…", "yb 5 5 0 1…")
    r"|(?<![\w'’])(?!(?:hmm|mhm|mm|pm|mr|ms|mrs|dr|st|nd|rd|th|ssn|mbi|mrn|dob|npi|pcp|tty|clm|grp|tkt)(?![\w'’]))"
    r"(?!(?:my|by|why|shy|fly|try|cry|dry|sky|spy|gym)(?![\w'’]))[b-df-hj-np-tv-z]{2,4}(?![\w'’])"
)
_STRONG_LETTER = rf"(?:{_ES_LETTER_TOLD_APART}|{LETTER})"
_ANY_LETTER = rf"(?:{_STRONG_LETTER}|(?i:{_ES_WEAK_LETTER})(?![\w'’]))"  # "erre te e cuatro…"
LETTERS_BEFORE = re.compile(
    rf"(?<![\w'’])(?:(?:{_STRONG_LETTER}|{_PREFIX})(?:{_SEPARATOR}))(?:(?<![\w'’]){_ANY_LETTER}(?:{_SEPARATOR}))*\Z"
)
# Chinese: one character a digit (幺 and 两 too), with Latin capitals read out among them ("Z G P四四八幺二零九三",
# "一E G四，T E五，M K七三") and pauses or 然后 between groups.
_ZH_DIGIT = "(?:[二两兩]个)?[0-9０-９零〇洞一幺二两兩三四五六七八九]"  # "两个八": two eights
# A letter said with a word it is told apart by ("Q是Queen的Q"), or as a capital ("大写W"); letters in
# either case ("m洞七四…": ASR writes what it hears).
ZH_TOLD_LETTER = re.compile(r"(?:大写|小写)?([A-Za-z])(?:是[A-Za-z]+的\1)?")
_ZH_LETTER = r"(?:(?:大写|小写)[ ]?)?(?<![A-Za-z])(?:[A-Za-z]是[A-Za-z]+的[A-Za-z]|[A-Za-z]{1,3})(?![A-Za-z])"
_ZH_UNIT = rf"(?:{_ZH_DIGIT}|{_ZH_LETTER})"
# Pauses between groups: punctuation, 然后/再/杠, and a speaker's fillers (嗯, 呃, 啊, 那个).
_ZH_PAUSE = r"(?:[ ,，、-]{0,2}(?:然后|再|杠|嗯|呃|啊|那个|字母|数字)?[ ,，、-]{0,2})"
# Capitals (or single letters, "a b c") read out before the digits: "Z G P四四八…", "Y，然后两个八…".
_ZH_LEAD = (
    # "M as in Mary八八…"
    rf"(?:(?<![A-Za-z])(?:[A-Z]{{1,3}}|[a-z]{{1,3}})(?:[ ]+as in[ ]+[A-Za-z]+)?(?![A-Za-z]){_ZH_PAUSE}"
    rf"|(?:大写|小写)[ ]?[A-Za-z](?![A-Za-z]){_ZH_PAUSE}|[A-Za-z]是[A-Za-z]+的[A-Za-z](?![A-Za-z]){_ZH_PAUSE})"
)
ZH_RUN = re.compile(rf"{_ZH_LEAD}*{_ZH_DIGIT}(?:{_ZH_PAUSE}{_ZH_UNIT})*")
_ZH_TWO_OF = re.compile(r"[二两兩]个([0-9零〇一幺二两兩三四五六七八九])")
TOKEN = re.compile(
    rf"(?P<joiner>(?<![\w'’])(?:y luego|and then|then|luego|dash|hyphen|guion|guión|suffix|sufijo|{FILLER_JOINERS}"
    rf"|uh|um|eh|er"
    rf"|y(?=[ \t,]+(?i:{NUMBER_WORD})))"
    rf"(?![\w'’]))|(?<![\w'’])(?i:{_ES_LETTER}|{_ES_WEAK_LETTER})(?![\w'’]){_TOLD_BY}"
    rf"|(?<![\w'’])(?i:{_ES_LETTER}|{NUMBER_WORD}|{_ES_WEAK_LETTER})(?![\w'’])|\d+"
    rf"|(?<![\w'’])[A-Za-z](?![\w'’])(?:\.?{_TOLD_BY})?"
    r"|(?<![\w'’])[A-Z]{2,4}(?![\w'’])"
)
_CHINESE = re.compile(r"[\u3400-\u9fff]")


def digits_of(run: str) -> tuple[str, int]:
    """The characters a spoken run says and how many are digits (see `groups_of`)."""
    said = "".join(groups_of(run))
    return said, sum(c.isdigit() for c in said)


def groups_of(run: str) -> list[str]:
    """What a spoken run says, in the groups it was said in ("two two thirty-seven" → ["2", "2", "37"]).
    Joined, the characters a spoken run says (digits, and letters read out alone) and how many are digits.

    "five fifty-five one two one two" → ("5551212", 7); "double four" → ("44", 2); "N B H one two" →
    ("NBH12", 2); "P as in Paul, D" → ("PD", 0); "eight hundred" → ("800", 3); "ciento ochenta y dos" →
    ("182", 3); a Chinese run one digit per character, Latin letters as they are.
    """
    if _CHINESE.search(run) or (ZH_RUN.fullmatch(run) and not run.isascii()):
        run = _ZH_TWO_OF.sub(lambda m: m.group(1) * 2, run)  # "两个八": two eights
        run = ZH_TOLD_LETTER.sub(lambda m: m.group(1), run)  # "Q是Queen的Q", "大写W": the letter
        said = "".join(str(ZH_DIGITS[c]) if c in ZH_DIGITS else _halfwidth(c) for c in run if c.isalnum())
        return [c for c in said.upper() if c.isascii()]
    out: list[str] = []
    repeat = 1
    pending_tens: int | None = None
    hundred = False  # after "hundred"/"ciento": the next tens or teens fill two places, else "00"
    hundred_es = False  # after "seiscientos": a unit fills the last place ("seiscientos uno": 601)
    tokens = [m.group() for m in TOKEN.finditer(run) if not m.group("joiner")]
    at = 0
    while at < len(tokens):
        word = tokens[at]
        key = word.casefold()
        at += 1
        if key in THOUSAND and not hundred:
            if pending_tens is not None:
                times, pending_tens = str(pending_tens * 10), None
            else:
                times = out.pop() if out and out[-1].isdigit() and len(out[-1]) <= 2 else "1"
            rest, at = _below_a_thousand(tokens, at)
            out.append(f"{times}{rest:03d}")
            continue
        if pending_tens is not None and key in UNITS and UNITS[key] > 0 and key != "oh":
            out.append(f"{pending_tens}{UNITS[key]}")
            pending_tens = None
            continue
        if pending_tens is not None:
            out.append(f"{pending_tens}0")
            pending_tens = None
        if hundred:
            hundred = False
            if key in TENS or (key in TEENS and TEENS[key] >= 10):
                pass  # filled by the tens or teens below
            elif hundred_es and key in UNITS:
                out.append("0")
            else:
                out.append("00")
        hundred_es = False
        if key in HUNDREDS_ES:
            out.append(str(HUNDREDS_ES[key]))
            hundred = hundred_es = True
            continue
        if key in REPEATS:
            repeat = REPEATS[key]
            continue
        if key in HUNDRED:
            if key != "hundred" or not out or not out[-1].isdigit():
                out.append("1")  # "ciento ochenta" is 180 itself; "eight hundred" multiplies the eight
            hundred = True
            continue
        if key in UNITS:
            out.append(str(UNITS[key]) * repeat)
        elif key in TEENS:
            out.append(str(TEENS[key]) * repeat)
        elif key in TENS:
            pending_tens = TENS[key]
        elif key in ES_LETTERS:
            out.append(ES_LETTERS[key] * repeat)
        elif key in WEAK_LETTERS:
            out.append(WEAK_LETTERS[key] * repeat)
        elif key in NATO_LETTERS:
            out.append(NATO_LETTERS[key] * repeat)
        elif (first := key.split()[0]) in ES_LETTERS or first in ES_WEAK_LETTERS:
            out.append({**ES_LETTERS, **ES_WEAK_LETTERS}[first] * repeat)  # "equis de xilófono", "te de taza"
        elif len(word) > 1 and word.isalpha():
            out.append(word.upper())  # a payer's prefix said as one word ("RTE")
        elif word.isdigit():
            out.append(word * repeat)
        else:
            out.append(word[0].upper() * repeat)
        repeat = 1
    if pending_tens is not None:
        out.append(f"{pending_tens}0")
    if hundred:
        out.append("00")
    return out


def _below_a_thousand(tokens: list[str], at: int) -> tuple[int, int]:
    """The number under a thousand said from `tokens[at]` on ("cuarenta y uno" → 41, "one hundred five" →
    105), and where it ends: each word fills places still empty, or the number ends before it."""
    value = 0
    while at < len(tokens):
        key = tokens[at].casefold()
        if key in HUNDREDS_ES and value == 0:
            value = HUNDREDS_ES[key] * 100
        elif key in ("cien", "ciento") and value == 0:
            value = 100
        elif key == "hundred" and 0 < value < 10:
            value *= 100
        elif key in TENS and value % 100 == 0:
            value += TENS[key] * 10
        elif key in TEENS and value % 100 == 0:
            value += TEENS[key]
        elif key in UNITS and key not in ("oh", "zero", "cero") and value % 10 == 0:
            value += UNITS[key]
        else:
            break
        at += 1
    return value, at


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
