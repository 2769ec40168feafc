"""Identifiers as they are said (speech transcripts): numbers read digit by digit, in English, Spanish and
Chinese (dates and ages in words: `spoken_dates`; e-mail addresses said aloud: `emails`).

- Numbers: a run of digit words, digits and letters read alone ("five five five, one two one two",
  "cinco cinco cinco…", "五五五一二一二", "double four", "oh" for zero, "N B H zero zero one…", "z g p…",
  "P as in Paul", "zeta ge pe", "Z G P四四八…"; "dash", "then", "y luego", 然后 between groups) saying
  seven digits or more is an identifier; four or more are enough after a cue ("the last four of my
  social are…"). Its kind comes from the nearest cue before it (see `cues`), else from its length:
  a Luhn-valid 13–19 → CARD, 7, 10 or 11 (1…) → PHONE, 9 → SSN, else MEMBER ID; an MBI if it has the MBI
  format. After a service-number cue (claim, reference…) it stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heartline.core.redaction.cues import NOT_PHI, cue_after, cue_before, cue_near
from heartline.core.redaction.numbers import (
    ES_LETTERS,
    ES_WEAK_LETTERS,
    LETTERS_BEFORE,
    NATO_LETTERS,
    NATO_WORDS,
    NUMBER_WORDS,
    SPOKEN_RUN,
    ZH_DIGITS,
    ZH_RUN,
    digits_of,
    groups_of,
    luhn_valid,
)
from heartline.core.redaction.scan import Vocabulary, Window, Words
from heartline.core.redaction.written import MBI_FORMAT, MBI_SEPARATOR

Span = tuple[str, int, int]
_MBI = re.compile(MBI_FORMAT.replace(MBI_SEPARATOR, ""))
_CONTRACT = re.compile(r"[HRSE]\d{4}-\d{3}")  # a plan's CMS contract and plan number (H5521-004)
_CONTRACT_SAID = re.compile(r"[HRSE]\d{7}")
# "A" and "I" (and "a", "i") at a run's ends are more often words than letters: "I five…", "…nine a day".
# A capital at the end stays when the sentence ends with it ("…seven eight A, and you…").
# "a b c one…" keeps "a"; "i griega" is a letter.
_HEAD = re.compile(
    r"^(?:[AIai]\.?[ \t,.;-]+)+(?!as in|de |como |griega|[A-Za-z](?:[ \t,.;-]|$)"
    # "a ge u nueve…": a letter before a Spanish letter's name is a letter too
    rf"|(?:{'|'.join(sorted(ES_LETTERS, key=len, reverse=True))})(?:[ \t,.;-]|$))",
    re.IGNORECASE,
)
_TAIL = re.compile(r"[ \t,.;-]+[AIOUYEaiouye]\.?$")
_WORD_AFTER = re.compile(r"[ \t]+[^\W\d_]")
_SEPARATED = re.compile(r"[ \t,;.]")
_DATE_DIGITS = re.compile(r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:19|20)\d\d")
_NOT_DIGITS = re.compile(r"[ \t,.;-]")
_DIGIT_BY_DIGIT = re.compile(r"\d(?:[ \t,.-]{1,3}\d){4,}(?:[ \t,.-]{1,3}\d{1,4})*")  # "1 2 3 - 4 5 - 6 7…"
_DIGIT_GROUPS = re.compile(r"\d{1,4}(?:[ \t]+\d{1,4}){2,}")
_GROUPED_DIGITS = 8  # digits in three or more groups that make an identifier whatever is said before them
IDENTIFYING_DIGITS = 7
_ZIP_REACH = 40  # characters from an address's end to its ZIP code
WITH_CUE_DIGITS = 4


_NUMBER_VOCABULARY = Vocabulary(NUMBER_WORDS)


Run = tuple[int, str, str]  # where a run starts, the run as said, the characters it says


def spoken_runs(text: str, words: Words, digit_hits: list[Window], chinese: bool) -> list[Run]:
    """The runs of number words, digits and letters read out in `text` (where each starts, what it is, the
    characters it says), without the words at their ends that are more often words than letters ("A", "I",
    "o")."""
    runs: list[tuple[int, str]] = []
    covered = -1
    for at, _end in sorted(digit_hits + words.hits(_NUMBER_VOCABULARY)):
        if at < covered:
            continue
        match = SPOKEN_RUN.match(text, at)  # a run opens with a number word or digits…
        if match is None:
            continue
        covered = match.end()
        if covered - at < 7 and not text[at].isdigit() and not _SEPARATED.search(match.group()):
            continue  # one word: "five", "fifty-five" are not identifiers
        lead = LETTERS_BEFORE.search(text, max(0, at - 60), at) if _letters_may_lead(text, at) else None
        alone = lead.group().strip(" \t,.;-").casefold() if lead else ""
        if (
            (alone in _WORDS_MORE_THAN_LETTERS or alone in NATO_WORDS)
            and not (lead and _alone_on_its_line(text, lead.start(), covered))  # "be siete siete tres" alone
        ) or (len(alone) > 1 and alone.isalpha() and text[at].isdigit() and not _VOWELLESS.fullmatch(alone)):
            # one such letter name alone is more likely a word ("should be 6 1 2…", "Mike, 5 5 5…"); a word of
            # capitals before written digits is the written patterns' business ("OMB 0938-1395")
            lead = None
        start = lead.start() if lead else at
        runs.append((start, text[start:covered]))
    if chinese:
        runs += [(m.start(), m.group()) for m in ZH_RUN.finditer(text) if len(m.group()) >= _SHORT_ALONE]
    trimmed_runs: list[Run] = []
    for start, run in runs:
        label = _LABEL_SPELLED.match(run)
        if label and label.end() < len(run):  # "S S N 123 45 6789": the label spelled out is not the number
            start, run = start + label.end(), run[label.end() :]
        trimmed = _HEAD.sub("", run) if run[0] in "AIai" else run
        start += len(run) - len(trimmed)
        # "…cero uno seis tres, o a la casa": "o" is "or"; a letter that ends the sentence stays.
        tail = _TAIL.search(trimmed)
        while tail and _WORD_AFTER.match(text, start + len(trimmed)):
            trimmed = trimmed[: tail.start()]
            tail = _TAIL.search(trimmed)
        if trimmed and not _CONTRACT.fullmatch(trimmed):
            trimmed_runs.append((start, trimmed, digits_of(trimmed)[0]))
    return trimmed_runs


def spoken_numbers(text: str, runs: list[Run], chinese: bool, address_ends: tuple[int, ...] = ()) -> Iterator[Span]:
    """Identifiers read out as runs of number words (and, with a cue, runs of written digits; `runs` from
    `spoken_runs`); five digits said just after a street address are its ZIP code ("…Old Mill Road, seven
    eight seven five six")."""
    for start, trimmed, said in runs:
        digits = sum(c.isdigit() for c in said)
        if _CONTRACT_SAID.fullmatch(said) and cue_before(text, start) != "MEMBER ID":
            continue  # a plan's contract number said aloud: "h five five two one dash oh oh four"
        spelled = (
            not _NOT_DIGITS.sub("", trimmed).isdigit()  # written digits with pauses: the written patterns' business
            or (chinese and not trimmed.isascii())
            or _DIGIT_BY_DIGIT.fullmatch(trimmed) is not None  # ASR writes digits said one by one: "4 1 5 5 …"
            # or in the groups they were said in: "884 201 773 01", read off a card
            or (_DIGIT_GROUPS.fullmatch(trimmed) is not None and len(said) >= _GROUPED_DIGITS)
        )
        # Letters and digits read out together ("k x m three three one", "equis ka erre cuatro…", "QXR九零二"):
        # part of an ID, however short the piece.
        lettered = spelled and digits >= 3 and len(said) >= 6 and sum(c.isalpha() for c in said) >= 2
        # A piece of an identifier said as a turn of its own, with nothing but fillers around it (the answer to
        # "and the last four?", a read-back "one e g four", "no wait it's …", "不对是七七零三"): the question
        # is in another turn, so no cue is near; a service number is always announced in its own turn.
        said_alone = (
            spelled
            and 2 <= digits < IDENTIFYING_DIGITS  # seven or more said are taken anyway
            and len(said) >= _SHORT_ALONE
            and (not trimmed.isascii() or len(trimmed.split()) >= _SHORT_ALONE)
            and _alone_on_its_line(text, start, start + len(trimmed))
        )
        if digits < WITH_CUE_DIGITS and not (lettered or said_alone):
            continue
        cue = cue_before(text, start)
        if cue is None and not _YEAR.fullmatch(said):
            # "4821, that's the last four of my social" (not "in 2024 my social security check stopped")
            after = cue_after(text, start + len(trimmed))
            cue = after if after in _CUED_AFTER else None
        if cue == NOT_PHI:
            continue
        if _MBI.fullmatch(said.replace("O", "0")):  # an MBI has no letter O: "o" said is zero
            yield "MBI", start, start + len(trimmed)
            continue
        if lettered or (spelled and digits >= 5 and len(said) >= 8 and not said.isdigit()):
            cue = cue or "MEMBER ID"  # letters and digits read out: a member ID
        if cue is None and address_ends:
            zips = list(_zip_codes(trimmed, start, spelled, said, address_ends))
            yield from zips
            if zips and spelled:
                continue
        if cue is None and not said_alone and (digits < IDENTIFYING_DIGITS or not spelled):
            continue  # written digits without a cue are the written patterns' business
        if digits <= 6 and _said_as_date(trimmed) and (cue == "DATE" or cue_near(text, start, start, "DATE", 150)):
            yield "DATE", start, start + len(trimmed)  # "born two two thirty-seven": month, day, year
            continue
        if cue == "DATE" and digits <= 4:
            continue  # "born in 1950", "born in nineteen fifty": a year alone stays (Safe Harbor keeps years)
        if cue != "SSN" and _YEAR.fullmatch(said) and len(trimmed.split()) <= 3:
            # "Medicaid is up for renewal for 2026", "twenty twenty-six": a year alone after an ID's label
            # is still a year (four digits said one by one, "dos cero dos seis", are not)
            continue
        if cue == "DATE" and digits > 8:
            cue = None
        yield _kind(said, digits, cue), start, start + len(trimmed)


_LABEL_SPELLED = re.compile(r"(?i:s[ .-]+s[ .-]+n|m[ .-]+b[ .-]+i|d[ .-]+o[ .-]+b|n[ .-]+p[ .-]+i)[ \t,.:-]+")
# The kinds a cue said after a short number gives it (a date or a ZIP code is not said that way).
_CUED_AFTER = frozenset(("SSN", "PHONE", "MEMBER ID", "ACCOUNT", "CARD"))
_ALONE_REACH = 60  # characters of a turn besides the piece: a label and a few fillers
_SHORT_ALONE = 3  # digits, letters and words of the shortest piece of an identifier said alone in a turn
# A speaker's label at the start of a transcript line ("Agent:", "miembro:", "客服:").
_SPEAKER = re.compile(r"[ \t]*[^\W\d_][\w .'’-]{0,24}[:：][ \t]*")
_LINE_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]+(?:['’][^\W\d_\u3400-\u9fff]+)?|\d+|[\u3400-\u9fff]")
# What may stand beside a piece of an identifier in its turn: fillers, yes and no, "no wait it's", "is that
# right", "let me read that back", "no espere es", "perdón", "对吗", "不对不对是"; other number words and letters.
_FILLERS_TEXT = """
    um uh uhm er eh hmm mm mhm yes yeah yep yup no nope wait sorry its it's it’s is was that's thats that’s
    that this right correct ok okay so and then let me read back got it thank thanks you perfect great alright
    all rest the again repeat said like well hold on sec just sure mean i
    sí si espere espera es era eso correcto perdón perdon gracias bueno este pues vale entonces repito otra
    vez sería seria ah ajá aja el resto claro perfecto listo digo o sea
    对 是 不 嗯 呃 啊 哦 好 的 吗 呢 吧 噢 哎 唉 就 那 个
    """
_FILLERS = frozenset((*_FILLERS_TEXT.split(), *NUMBER_WORDS, *ZH_DIGITS, *ES_LETTERS, *ES_WEAK_LETTERS, *NATO_LETTERS))


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    """Whether the run at `start`–`end` is, but for the speaker's label, fillers and other number words or
    letters, all its line says."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if start - line_start + line_end - end > _ALONE_REACH:
        return False  # a long turn says more than fillers
    speaker = _SPEAKER.match(text, line_start, start)
    for piece in (text[speaker.end() if speaker else line_start : start], text[end:line_end]):
        for word in _LINE_WORD.findall(piece.casefold()):
            if word not in _FILLERS and len(word) > 1 and not word.isdigit():
                return False
    return True


_WORDS_MORE_THAN_LETTERS = frozenset(("be",))
# The words that can end a letter's name ("i griega", "doble u", "alpha"…).
_LETTER_WORDS = frozenset(name.split()[-1] for name in (*ES_LETTERS, *ES_WEAK_LETTERS, *NATO_LETTERS))
ES_LETTER_PATTERN = "|".join(sorted(ES_LETTERS, key=len, reverse=True))
_VOWELLESS = re.compile(
    r"(?!(?:my|by|why|shy|fly|try|cry|dry|sky|spy|gym|hmm|mhm|mm|pm|mr|ms|mrs|dr|st|nd|rd|th)$)"
    r"[b-df-hj-np-tv-z]{2,4}"
)  # lower-case letters no word is made of ("kxm", "yb")
_PREVIOUS_WORD = re.compile(r"([^\W\d_]+)[^\w]*(?:(?:dash|hyphen|guion|guión|then|luego)[^\w]*)?\Z")
_TOLD_APART = re.compile(rf"(?<![\w'’])(?:[A-Za-z]|{ES_LETTER_PATTERN})\.?[ \t]+(?:as in|like|for|de|como)[ \t]", re.I)


def _letters_may_lead(text: str, at: int) -> bool:
    """A cheap test before looking for letters read out before a run: the word just before it is a letter
    or a Spanish letter name, or a letter was told apart by a word ("H as in Henry, …") not far before."""
    previous = _PREVIOUS_WORD.search(text, max(0, at - 12), at)
    if previous:
        word = previous.group(1)
        if len(word) == 1 or word.casefold() in _LETTER_WORDS:
            return True
        if (word.isupper() and 3 <= len(word) <= 4) or _VOWELLESS.fullmatch(word):
            return True  # a payer's prefix: "RTE four four seven one…", "kxm 331…"
    return _TOLD_APART.search(text, max(0, at - 40), at) is not None


def _zip_codes(run: str, start: int, spelled: bool, said: str, address_ends: tuple[int, ...]) -> Iterator[Span]:
    """Five digits said (or written) just after a street address: its ZIP code ("…Old Mill Road, seven eight
    seven five six", "P.O. Box 1187, 99501")."""
    if spelled:
        if len(said) == 5 and said.isdigit() and any(0 <= start - e <= _ZIP_REACH for e in address_ends):
            yield "ZIP", start, start + len(run)
        return
    for group in _FIVE_DIGITS.finditer(run):
        at = start + group.start()
        if any(0 <= at - e <= _ZIP_REACH for e in address_ends):
            yield "ZIP", at, start + group.end()


_FIVE_DIGITS = re.compile(r"(?<!\d)\d{5}(?!\d)")


def _said_as_date(run: str) -> bool:
    """Whether a run of number words is said as month, day and year ("nine nine forty-four", "nueve del
    nueve del cuarenta y cuatro"): three groups, a month, a day, a year of two or four digits."""
    if run.isascii() and not any(c.isalpha() for c in run):
        return False  # written digits: the written patterns' business
    groups = groups_of(run)
    if len(groups) != 3 or not all(g.isdigit() for g in groups):
        return False
    month, day, year = groups
    return 1 <= int(month) <= 12 and 1 <= int(day) <= 31 and len(month) <= 2 and len(day) <= 2 and len(year) in (2, 4)


# A year alone, 1900–2099 (four digits, said or written): never an identifier but for an SSN's last four.
_YEAR = re.compile(r"(?:19|20)\d\d")


def _kind(said: str, digits: int, cue: str | None) -> str:
    if _MBI.fullmatch(said):
        return "MBI"
    if cue in (None, "DATE") and _DATE_DIGITS.fullmatch(said):
        return "DATE"  # "oh seven, oh four, nineteen sixty": month, day, year
    if cue in ("SSN", "MEMBER ID", "ACCOUNT", "PHONE", "DATE", "ZIP"):
        return cue
    if said.isdigit() and 13 <= digits <= 19 and luhn_valid(said):
        return "CARD"
    if cue == "CARD":
        return "CARD"
    if said.isdigit() and (digits in (7, 10) or (digits == 11 and said[0] == "1")):
        return "PHONE"
    if said.isdigit() and digits == 9:
        return "SSN"
    return "MEMBER ID"
