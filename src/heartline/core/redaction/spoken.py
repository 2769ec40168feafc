"""Identifiers as they are said (speech transcripts): numbers read digit by digit and e-mail addresses
spelled out, in English, Spanish and Chinese (dates and ages in words: `spoken_dates`).

- Numbers: a run of digit words, digits and letters read alone ("five five five, one two one two",
  "cinco cinco cinco…", "五五五一二一二", "double four", "oh" for zero, "N B H zero zero one…", "z g p…",
  "P as in Paul", "zeta ge pe", "Z G P四四八…"; "dash", "then", "y luego", 然后 between groups) saying
  seven digits or more is an identifier; four or more are enough after a cue ("the last four of my
  social are…"). Its kind comes from the nearest cue before it (see `cues`), else from its length:
  a Luhn-valid 13–19 → CARD, 7, 10 or 11 (1…) → PHONE, 9 → SSN, else MEMBER ID; an MBI if it has the MBI
  format. After a service-number cue (claim, reference…) it stays.
- E-mail: "john dot smith at gmail dot com", "juan punto pérez arroba gmail punto com", "john点smith艾特…";
  the first part taken word by word back from "at" ("granny pearl all one word at…").
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
from heartline.core.redaction.numbers import NUMBER_WORD as NUMBER_WORDS_PATTERN
from heartline.core.redaction.scan import Vocabulary, Window, Words, occurrences, scan, windows
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
        if cue is None and digits < IDENTIFYING_DIGITS and not _YEAR.fullmatch(said):
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
    domain = _DOMAIN_START.match(text, at.end(), end)
    if domain and ((domain.group(1) + (domain.group(2) or "")).casefold() in _MAIL_PROVIDERS or domain.group(3)):
        return True  # a provider, or a domain written as such ("maria at example.org")
    if _EMAIL_CUE.search(text, max(0, start - 100), at.end()):
        return True
    return _ADDRESS_LIKE.search(text, start, at.start()) is not None
