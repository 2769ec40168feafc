"""A phone number's grammar around the digits found: what is said with the number belongs to it, and what
kind of line a number is says whether it is anyone's identifier.

- The country code said before it ("+1", "plus one", "más uno", 加一) and an extension said after it
  ("extension two oh four", "ext. 204", "x204", "extensión ochenta y nueve", 分机五八二) are the number's:
  a member's work number with its extension reaches that member.
- A toll-free number (800, 888, 877, 866, 855, 844, 833; said, or written as a phone number whatever cue
  comes before it) is a business's line — the plan's member
  services, a pharmacy help desk, 1-800-MEDICARE — never a member's own phone: it stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from heartline.core.redaction.numbers import NUMBER_WORD, digits_of

Span = tuple[str, int, int]

_TOLL_FREE = frozenset(("800", "888", "877", "866", "855", "844", "833"))
# A toll-free number written as one, whatever cue was said before it ("Medicare: 1-800-633-4227",
# "1-800-MEDICARE"): its shape says it is a phone line, not a member's id.
_TOLL_FREE_WRITTEN = re.compile(
    r"(?:\+?1[ .-]?)?(?:\(8(?:00|88|77|66|55|44|33)\)|8(?:00|88|77|66|55|44|33))(?:[ .-][0-9A-Z]{3,7}){0,2}"
)
_ZH_DIGIT = "零〇洞一幺二两兩三四五六七八九"
# Up to six digits, written, said as words ("two oh four", "ochenta y nueve") or in Chinese characters.
_SHORT_NUMBER = (
    rf"(?:\d{{1,6}}(?!\d)"
    rf"|(?i:{NUMBER_WORD})(?![\w'’])(?:[ \t,-]+(?:y[ \t]+)?(?i:{NUMBER_WORD})(?![\w'’])){{0,5}}"
    rf"|[{_ZH_DIGIT}\d]{{1,6}})"
)
_EXTENSION = re.compile(
    r"[ \t,]*(?:(?i:extension|extensión|extension number|ext\.?|extn\.?)[ \t.:#]*(?:(?i:number|número)[ \t]+)?"
    r"|(?i:x)(?=\d)|(?:分机|分機|转|轉|内线|內線)(?:号|號)?(?:是)?[ \t]*)"
    rf"(?P<number>{_SHORT_NUMBER})"
)
# "+1", "plus one", "más uno", "加一" just before the number; the "1" may be the number's own first digit.
_COUNTRY_CODE = re.compile(
    r"(?:\+|(?<![\w'’])(?i:plus|más|mas)(?![\w'’])[ \t]*|加)[ \t]*"
    r"(?P<one>(?:1|(?i:one|uno)(?![\w'’])|一|幺)[ \t.-]*)?\Z"
)
_CLOSING = re.compile(r"[)）]")
_STARTS_WITH_ONE = re.compile(r"(?:1|(?i:one|uno)(?![\w'’])|一|幺)")
_REACH = 12


def phone_grammar(text: str, spans: Iterable[Span]) -> list[Span]:
    """`spans` with each PHONE widened to its country code and extension, and toll-free numbers left out."""
    out: list[Span] = []
    extensions: list[tuple[int, int]] = []
    for kind, start, end in spans:
        if _TOLL_FREE_WRITTEN.fullmatch(text, start, end):
            continue  # a business's line, whatever kind a cue gave it
        if kind != "PHONE":
            out.append((kind, start, end))
            continue
        said = digits_of(text[start:end])[0]
        national = said[1:] if len(said) == 11 and said.startswith("1") else said
        if len(national) == 10 and national[:3] in _TOLL_FREE:
            continue  # a business's line, not a member's phone
        if start and text[start - 1] in "(（" and _CLOSING.search(text, start, end):
            start -= 1  # "(512)5550143", "（512）555-0143": the area code's opening bracket
        code = _COUNTRY_CODE.search(text, max(0, start - _REACH), start)
        if code and (code.group("one") or _STARTS_WITH_ONE.match(text, start)):
            start = code.start()
        extension = _EXTENSION.match(text, end)
        if extension:
            extensions.append((end, extension.end("number")))
            end = extension.end("number")
        out.append((kind, start, end))
    # The extension's digits are the phone's, not a short number of another kind ("…分机五八二").
    return [s for s in out if s[0] == "PHONE" or not any(a <= s[1] and s[2] <= b for a, b in extensions)]
