"""Identifiers said in pieces, judged by what they spell: the runs a call reads out (`spoken.spoken_runs`)
are turned into characters (`numbers.digits_of`: digit words, pairs and hundreds, "oh", "double", 幺/两/洞,
letters by name, "as in", NATO, "de"/"como") and the pieces said close together are put back together
before the string is judged by each identifier's grammar.

A caller gives "four one two, five five five", the representative says "uh huh", the caller goes on
"oh one eight seven"; or the representative reads a piece back ("three a seven six vee?" — "yes — pee
three pee en two one"); or the caller starts again ("three f zero, no wait, three f zero five…"). No
piece is an identifier alone; the string they make is. Pieces join across a gap of fillers,
acknowledgements and speakers' labels only (no other words, no cue for another number); a piece that
repeats the end of what was said is a read-back, one that starts with the piece before it says that
piece again. The joined characters are an identifier when they fit a grammar:

- MBI: the CMS pattern (11 characters; "o" said is zero: an MBI has no letter O);
- CARD: 13–19 digits passing the Luhn check;
- PHONE: 10 digits (area code 2–9), 11 starting with 1, or 7 after a phone cue;
- SSN: 9 digits in the SSA's ranges (not 000, 666 or 9xx; group not 00; serial not 0000);
- MEMBER ID (or ACCOUNT, by the cue): 6–15 digits after such a cue, or letters and digits together
  (at least four digits, one to four letters, 6–15 characters).

After a service number's cue (claim, reference, authorization…) the pieces stay, and a plan's contract
number (H5521-004) is no identifier. Only pieces spelled out are judged alone; written digits alone are
the written patterns' business.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from heartline.core.redaction.cues import NOT_PHI, cue_before
from heartline.core.redaction.numbers import ES_LETTERS, NATO_LETTERS, NUMBER_WORD, WEAK_LETTERS, digits_of, luhn_valid
from heartline.core.redaction.scan import trie_pattern
from heartline.core.redaction.spoken import Run
from heartline.core.redaction.written import MBI_FORMAT, MBI_SEPARATOR

Span = tuple[str, int, int]

_MBI = re.compile(MBI_FORMAT.replace(MBI_SEPARATOR, ""))
_CONTRACT = re.compile(r"[HRSE]\d{7}")
_GAP_REACH = 70  # characters between two pieces of one identifier: a label, an "okay", a "go on"
_PIECES_MAX = 8
_SHORTEST = 6  # characters of the shortest identifier judged here (a member id)
_READ_BACK_MIN = 3  # characters of a piece taken as a read-back ("the 00 at the end is me" is not one)
_AMOUNT = re.compile(r"\d[.,:]\d")
_SPELLED_LABEL = re.compile(r"(?i:m[ .-]*b[ .-]*i|s[ .-]*s[ .-]*n|i[ .-]*d)[ \t,.:-]+")
# Words that may stand between two pieces of one identifier: fillers, yes and no, acknowledgements, a
# correction, a speaker's label, "area code" before the area code said last.
_GAP_TEXT = """
    um uh uhm er eh hmm mmm mm mhm mm-hm uh-huh huh yes yeah yep yup no nope wait sorry its it's it’s is was
    that's thats it that this right correct ok okay so and then let me read back got go on ahead continue
    next rest of the thank thanks you perfect great alright all again repeat said like well hold sec just
    sure mean i i'm number area code
    agent rep representative member caller customer patient advisor
    sí si espere espera es era eso correcto perdón perdon gracias bueno este pues vale entonces repito otra
    vez ah ajá aja el resto claro perfecto listo digo sea siga adelante continúe continue lada con código
    de área y luego
    agente representante afiliado afiliada llamante miembro asesor asesora paciente
    对 是 不 嗯 呃 啊 哦 好 的 吗 呢 吧 噢 哎 唉 就 那 个 然 后 再 区 号 客 服 坐 席 会 员 来 电 者 患
    """
_GAP_WORDS = frozenset(_GAP_TEXT.split())
_GAP_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]+(?:['’-][^\W\d_\u3400-\u9fff]+)*|\d+|[\u3400-\u9fff]")
# What ends a turn between two pieces: the pieces are then redacted apart, the gap stays.
# So do the words that say where the area code goes ("… con lada …").
_APART = re.compile(
    r"[?？。\n]|(?i:agent|rep|representative|member|caller|customer|agente|representante|afiliad[oa]|llamante|miembro"
    r"|area code|lada|código de área)|客服|坐席|会员|来电者|区号"
)


def assembled_identifiers(text: str, runs: list[Run]) -> Iterator[Span]:
    """Identifiers whose pieces (`runs`: where each starts, what it is, what it says) spell one together."""
    pieces: list[tuple[int, int, str]] = []
    for start, run, said in sorted([*runs, *_loose_pieces(text, runs)]):
        if _AMOUNT.search(text, max(0, start - 2), min(len(text), start + len(run) + 2)):
            continue  # "137.5", "86,400,000", "4:30": amounts, decimals and times are no pieces of an identifier
        label = _SPELLED_LABEL.match(run)
        if label and label.end() < len(run):  # "the m b i five q zero…": the label spelled is not the id's
            start, run = start + label.end(), run[label.end() :]
            said = _said(run)
        if said and (not pieces or start >= pieces[-1][1]):
            pieces.append((start, start + len(run), said))
    chain: list[tuple[int, int, str]] = []
    for piece in pieces:
        if chain and not (len(chain) < _PIECES_MAX and _joinable(text, chain[-1][1], piece[0])):
            yield from _judged(text, chain)
            chain = []
        chain.append(piece)
    if chain:
        yield from _judged(text, chain)


# Words a run leaves out that may still be an identifier's: a number word alone ("one", before "eg four…"),
# a letter pair the ASR wrote as a word ("eg", "mk"). They count only where the pieces around them spell an
# identifier with them.
_LOOSE_WORD = re.compile(rf"(?<![\w'’])(?:(?i:{NUMBER_WORD})|[A-Za-z]{{1,2}})(?![\w'’])")
_LOOSE_GAP = re.compile(r"[ \t,.;-]*")
_NOT_LETTERS_TEXT = """
    a i o y e u is it to in on at of or if so no my me we he be do go up us an as by ok oh es el la lo le se su
    tu mi un ya yo al en de da di ni si ha hi um uh eh er ah mm hm am pm id
    """
_NOT_LETTERS = frozenset(_NOT_LETTERS_TEXT.split())
_LOOSE_REACH = 30


def _loose_pieces(text: str, runs: list[Run]) -> list[Run]:
    """Lone number words and letter pairs just before a run or between two runs close together."""
    found: list[Run] = []
    previous_end = 0
    for start, run, _ in sorted(runs):
        begin = max(previous_end, start - _LOOSE_REACH)
        previous_end = start + len(run)
        words = [m for m in _LOOSE_WORD.finditer(text, begin, start) if m.group().casefold() not in _NOT_LETTERS]
        # only the words that lead up to the run, nothing else between them
        kept: list[re.Match[str]] = []
        end = start
        for word in reversed(words):
            if _LOOSE_GAP.fullmatch(text, word.end(), end) is None:
                break
            kept.append(word)
            end = word.start()
        found += [(w.start(), w.group(), _said(w.group())) for w in reversed(kept)]
    return found


def _said(run: str) -> str:
    said = digits_of(run)[0]
    return said if said or not run.isalpha() else run.upper()  # a letter pair: "eg" is E, G


def _joinable(text: str, end: int, start: int) -> bool:
    """Whether the gap between two pieces holds nothing but fillers, acknowledgements and labels."""
    if start - end > _GAP_REACH:
        return False
    gap = text[end:start].casefold()
    # A cue for another number starts another identifier; "area code", "lada", 区号 go on with a phone.
    return all(word in _GAP_WORDS for word in _GAP_WORD.findall(gap)) and cue_before(text, start, start - end) in (
        None,
        "PHONE",
    )


def _judged(text: str, chain: list[tuple[int, int, str]]) -> Iterator[Span]:
    """The longest stretches of the chain, left to right, whose pieces spell an identifier."""
    first = 0
    left = [0] * (len(chain) + 1)  # characters said from each piece to the chain's end
    for at in range(len(chain) - 1, -1, -1):
        left[at] = left[at + 1] + len(chain[at][2])
    while first < len(chain):
        if left[first] < _SHORTEST:
            break  # too few characters left for any identifier
        cue = cue_before(text, chain[first][0])
        found = None
        if cue != NOT_PHI:
            for last in range(len(chain) - 1, first - 1, -1):
                kind = _grammar(_folded(text, chain[first : last + 1]), cue)
                written_card = kind == "CARD" and cue in (None, "CARD")
                if last == first and not written_card and not _spelled(text, chain[first]):
                    continue  # written digits alone are the written patterns' business, but for a Luhn-valid card
                letters_alone = last > first and any(said.isalpha() for _, _, said in chain[first : last + 1])
                if letters_alone and kind != "MBI" and cue not in ("MEMBER ID", "ACCOUNT"):
                    continue  # letters said alone join an MBI, or an id after its cue ("Springfield, IL 62704")
                if kind:
                    found = last, kind
                    break
        if found is None:
            first += 1
            continue
        last, kind = found
        if kind == cue and cue in ("MEMBER ID", "ACCOUNT"):  # letters said by name at its ends
            start, end, _ = _with_letters(
                text, (chain[first][0], chain[last][1], _folded(text, chain[first : last + 1])), cue
            )
            chain[first] = (start, *chain[first][1:])
            chain[last] = (chain[last][0], end, chain[last][2])
        yield from _spans(text, chain[first : last + 1], kind)
        first = last + 1


def _spelled(text: str, piece: tuple[int, int, str]) -> bool:
    return any(c.isalpha() for c in text[piece[0] : piece[1]])


def _folded(text: str, pieces: list[tuple[int, int, str]]) -> str:
    """The pieces' characters joined, without read-backs (a piece that repeats the end of what was said)
    and false starts (a piece said again at the start of the next, or corrected: "eight g oh, no wait, eight
    g one…")."""
    kept: list[str] = []
    previous_end = 0
    for start, end, said in pieces:
        corrected = kept and _CORRECTION.search(text, previous_end, start) and len(kept[-1]) < len(said)
        previous_end = end
        if kept and len(said) >= _READ_BACK_MIN and "".join(kept).endswith(said):
            continue
        if kept and (said.startswith(kept[-1]) or corrected):
            kept[-1] = said
            continue
        kept.append(said)
    return "".join(kept)


_CORRECTION = re.compile(r"(?i:\b(?:no|wait|sorry|actually|perdón|perdon|espere|me equivoqué)\b)|不对|不是|说错")


def _grammar(said: str, cue: str | None) -> str | None:
    """The identifier `said` is by its characters alone (and the cue before it), or None."""
    chars = said.replace("O", "0")
    if _MBI.fullmatch(chars):
        return "MBI"
    if _CONTRACT.fullmatch(chars):
        return None
    size = len(chars)
    if chars.isdigit():
        if 13 <= size <= 19 and luhn_valid(chars):
            return "CARD"
        if (
            (size == 10 and chars[0] in "23456789")
            or (size == 11 and chars[0] == "1")
            or (size == 7 and cue == "PHONE")
        ):
            return "PHONE"
        if cue in ("MEMBER ID", "ACCOUNT") and 6 <= size <= 15:
            return cue
        if size == 9 and (_ssn(chars) or cue == "SSN"):  # after its cue, a number the SSA never issues too
            return "SSN"
        return None
    letters = sum(c.isalpha() for c in chars)
    digits = size - letters
    if 6 <= size <= 15 and digits >= 4 and 1 <= letters <= 4 and said.isalnum():
        return cue if cue == "ACCOUNT" else "MEMBER ID"
    return None


def _ssn(digits: str) -> bool:
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def _spans(text: str, pieces: list[tuple[int, int, str]], kind: str) -> Iterator[Span]:
    """The pieces as findings: those said in one turn as one finding (fillers between them included),
    those in different turns apart (the "okay, go on" between them stays)."""
    start, end = pieces[0][0], pieces[0][1]
    for piece_start, piece_end, _ in pieces[1:]:
        if _APART.search(text, end, piece_start):
            yield kind, start, end
            start = piece_start
        end = piece_end
    yield kind, start, end


# Letters said by name at a piece's ends, which the runs leave out where a word is likelier ("whiskey four
# eight…", "are pee one seven…", "…four four zero why"): after a member id's cue they are the id's.
_LETTER_NAMES = {**NATO_LETTERS, **WEAK_LETTERS, **ES_LETTERS, "are": "R", "you": "U"}
_LETTER_WORD = (
    rf"(?:(?i:{trie_pattern(_LETTER_NAMES)})|[A-Za-z])(?![\w'’])(?:[ \t]+(?:as in|for|de|como)[ \t]+[A-Za-z-]+)?"
)
_LEADING_LETTERS = re.compile(rf"(?<![\w'’])(?:{_LETTER_WORD}[ \t,]+){{1,3}}\Z")
_TRAILING_LETTER = re.compile(rf"[ \t,]+({_LETTER_WORD})")
_LETTER_LEAD = re.compile(rf"(?<![\w'’]){_LETTER_WORD}")
_EDGE_REACH = 60
_ARTICLES = frozenset(("a", "A", "i", "I", "o", "y", "e", "u"))  # "…two a day", "…zero I think", "y", "o"


def _letter(word: str) -> str:
    name = word.split()[0].casefold() if " as in " not in word and " for " not in word else word[0]
    return _LETTER_NAMES.get(name, name[0]).upper() if len(name) > 1 else name.upper()


def _with_letters(text: str, piece: tuple[int, int, str], cue: str) -> tuple[int, int, str]:
    """The piece with the letters said just before and just after it, when they make it a member id."""
    start, end, said = piece
    lead = _LEADING_LETTERS.search(text, max(0, start - _EDGE_REACH), start)
    if lead:
        letters = "".join(_letter(m.group()) for m in _LETTER_LEAD.finditer(text, lead.start(), start))
        if _grammar(letters + said, cue) == cue:
            start, said = lead.start(), letters + said
    tail = _TRAILING_LETTER.match(text, end)
    if tail and tail.group(1) not in _ARTICLES and _grammar(said + _letter(tail.group(1)), cue) == cue:
        end, said = tail.end(), said + _letter(tail.group(1))
    return start, end, said


# E-mail addresses said in Chinese, glued together by the ASR ("lgl一956圈agmail点com", "haifeng点zhou艾特一六三点
# com", "lgl1九56atqq点com"): the stretch is turned into characters (digits said, 点 → ".", 艾特/圈a/小老鼠 →
# "@", 下划线 → "_", 杠 → "-") and judged as an address: local part, "@", a domain with a known ending.
_ZH_EMAIL_TOKEN = re.compile(
    r"艾特|爱特|愛特|埃特|小老鼠|圈儿?[aA]|下划线|[点點]|杠|[零〇洞一幺二两兩三四五六七八九]|[A-Za-z0-9._@-]|[ \t]|.",
    re.S,
)
_ZH_EMAIL_CHARS = {
    "艾特": "@",
    "爱特": "@",
    "愛特": "@",
    "埃特": "@",
    "小老鼠": "@",
    "下划线": "_",
    "点": ".",
    "點": ".",
    "杠": "-",
}
_ZH_DIGIT_VALUE = {
    c: str(d)
    for d, chars in enumerate(("零〇洞", "一幺", "二两兩", "三", "四", "五", "六", "七", "八", "九"))
    for c in chars
}
_ENDING = r"(?:com|net|org|edu|gov|cn|mx|us|io|co|hk|tw)"
_GLUED_EMAIL = re.compile(
    rf"[a-z0-9][a-z0-9._-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*?\.{_ENDING}(?![a-z0-9])"
    # "at" glued between the address's parts, before a mail provider: "lgl1956atqq.com"
    rf"|[a-z0-9][a-z0-9._-]*?at(?:gmail|yahoo|hotmail|outlook|icloud|aol|qq|163|126|sina|foxmail)\.{_ENDING}(?![a-z0-9])"
)
_ZH_AT = re.compile(r"艾特|爱特|愛特|埃特|小老鼠|圈儿?[aA]|[0-9零〇一幺二两兩三四五六七八九]at[a-z0-9]", re.IGNORECASE)


def glued_emails(text: str) -> Iterator[Span]:
    """E-mail addresses said in Chinese text, their parts glued together or spaced by the ASR."""
    for at in _ZH_AT.finditer(text):
        start, end = max(0, at.start() - 40), min(len(text), at.end() + 40)
        chars: list[str] = []
        origin: list[tuple[int, int]] = []
        for token in _ZH_EMAIL_TOKEN.finditer(text, start, end):
            piece = token.group()
            if piece in (" ", "\t"):
                continue  # the ASR's spaces inside an address
            if piece.startswith("圈"):
                said = "@"
            else:
                said = _ZH_EMAIL_CHARS.get(piece) or _ZH_DIGIT_VALUE.get(piece) or (piece if piece.isascii() else " ")
            for char in said.casefold():
                chars.append(char)
                origin.append(token.span())
        for match in _GLUED_EMAIL.finditer("".join(chars)):
            yield "EMAIL", origin[match.start()][0], origin[match.end() - 1][1]
