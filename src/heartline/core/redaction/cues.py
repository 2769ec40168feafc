"""What a number is, from the words said just before it ("my phone number is …", "mi seguro social es …",
"会员号是…"): the nearest cue in the few words before a number names its kind.

Cues for service numbers (claim, reference, confirmation, authorization, NPI, group) mean "not PHI":
a call's reference number is read back to the member so they can quote it, and a claim number is not
one of Safe Harbor's identifiers; the number stays.
"""

from __future__ import annotations

import re

from heartline.core.redaction.scan import trie_pattern

NOT_PHI = "NOT PHI"
# Kind ← words (English, Spanish, Chinese), lower case. Longer cues first within each kind does not matter:
# the nearest cue before the number wins, whichever kind it is.
CUES: dict[str, tuple[str, ...]] = {
    "SSN": (
        "ssn", "social security", "social", "last four", "last 4", "seguro social", "número social", "社保", "社会安全",
        "社会保障", "安全号", "身份证", "社安号", "社会安全号", "últimos cuatro", "ultimos cuatro", "últimos 4",
        "ultimos 4", "cuatro últimos", "后四位", "后4位", "最后四位", "末四位",
    ),
    "MEMBER ID": (
        # "member" alone is also the speaker's label in a transcript ("Member: it's 415-555-0132").
        "member id", "member number", "member's id", "membership number", "member card", "member #",
        "subscriber", "medicare", "medicaid", "id number", "identification", "policy",
        "insurance id", "id", "número de miembro", "número de afiliado", "asegurado", "póliza", "poliza",
        "identificación", "suscriptor", "medi-cal", "identificador", "保险卡",
        "会员号", "会员卡", "会员编号", "保单", "医保", "保险号", "卡号", "编号",
    ),
    "ACCOUNT": (
        "account", "acct", "mrn", "medical record", "record number", "chart number", "cuenta", "expediente",
        "historia clínica", "账号", "账户", "帐号", "病历",
        # a QQ number is a Chinese caller's e-mail address and messaging account
        "qq", "qq号", "qq号码", "qq邮箱",
    ),
    "CARD": (
        "credit card", "debit card", "card number", "visa", "mastercard", "amex", "american express",
        "discover card", "tarjeta", "信用卡", "银行卡", "借记卡",
        # the last four digits of a card on file ("the card ends in four two four two", "termina en", "尾号")
        "ends in", "ending in", "ends with", "ending with", "termina en", "terminada en", "que termina en", "尾号",
        "尾数",
    ),
    "PHONE": (
        "phone", "telephone", "area code", "código de área", "extension", "cell", "mobile", "call me",
        "call back", "callback", "reach me", "reach you",
        "contact number", "fax", "lada", "teléfono", "telefono", "celular", "móvil", "llamar", "llámeme", "llameme",
        "whatsapp", "电话", "手机", "联系方式", "打给", "回电", "传真",
        # a number of one's own, unqualified, is a phone ("my number's 829 5902"; "my member number" is not)
        "my number is", "my number's", "your number is", "best number", "mi número es", "su número es",
        "mejor número", "我的号码", "您的号码",
    ),
    "DATE": (
        "birth", "born", "dob", "d.o.b", "birthday", "birthdate", "nacimiento", "nací", "naci", "nació",
        "cumpleaños", "出生", "生日",
    ),
    "ZIP": ("zip", "zip code", "postal code", "código postal", "codigo postal", "邮编", "邮政编码"),
    NOT_PHI: (
        "claim", "reference", "confirmation", "ticket", "case number", "order number", "authorization", "auth",
        "tracking", "npi", "group", "prior auth", "rx number", "prescription number", "reclamo", "reclamación",
        "referencia", "confirmación", "caso", "autorización", "grupo", "receta", "理赔", "单号", "参考号",
        "确认号", "工单", "授权", "处方号", "订单", "团体号", "合同号", "contract",
        # a service word before 编号/号码 makes it the service's number ("授权编号", "理赔号码")
        "授权编号", "授权号码", "理赔编号", "理赔号码", "参考编号", "参考号码", "确认编号", "确认号码", "订单编号",
    ),
}  # fmt: skip

# The same cues in traditional characters (Cantonese and Taiwanese callers, ASR set to traditional).
_TRADITIONAL = str.maketrans(
    "会员号编单医险卡话机联系回电社会证账户帐历邮确参赔权团后划线",
    "會員號編單醫險卡話機聯繫回電社會證賬戶帳歷郵確參賠權團後劃線",
)
for _kind, _cues in list(CUES.items()):
    CUES[_kind] = (*_cues, *{c.translate(_TRADITIONAL) for c in _cues if not c.isascii()} - set(_cues))
_KIND_OF = {cue: kind for kind, cues in CUES.items() for cue in cues}
_ASCII_CUES = sorted((c for c in _KIND_OF if c.isascii()), key=len, reverse=True)
_OTHER_CUES = sorted((c for c in _KIND_OF if not c.isascii()), key=len, reverse=True)
_CUE = re.compile(
    # Latin cues as whole words; a Chinese character beside one does not join it ("Visa卡").
    r"(?<![^\W\d_\u3400-\u9fff])" + trie_pattern(_ASCII_CUES) + r"(?![^\W\d_\u3400-\u9fff])"
    r"|" + trie_pattern(_OTHER_CUES),
    re.IGNORECASE,
)
# A number between a cue and the number looked at: digits, a tag, three digits said in Chinese or three digit
# words ("NPI是一三八四…。打这个号码七七三…": the NPI cue is the NPI's, not the phone's).
_NUMBER = re.compile(
    r"\d|\[[A-Z ]+\]|[零〇洞一幺二两兩三四五六七八九]{3}"
    r"|(?i:\b(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete|ocho"
    r"|nueve)[ ,]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis|siete"
    r"|ocho|nueve)[ ,]+(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|cero|uno|dos|tres|cuatro|cinco|seis"
    r"|siete|ocho|nueve)\b)"
)
WINDOW = 60  # characters before a number searched for its cue (about ten words, one clause)
# After a service word: the end of its clause ("claim.", "authorization?", "理赔。", "reclamo,"), no "number"
# or "is" announcing a number of its own.
_IN_PASSING = re.compile(r"s?[ \t]*(?:[.?!;。？！；]|,(?![ \t]*(?:is|es|number|número)\b))")
_REACH_PAST = 80  # characters before a service word said in passing searched for the question's cue


def cue_before(text: str, start: int, window: int = WINDOW) -> str | None:
    """The kind the nearest cue within `window` characters before `start` names, or None. A cue with
    another number between it and `start` belongs to that number ("zip 10001, and 10001 members"); digits
    just before `start` are the same number ("理赔号是4 4 0 1…" looked at from its second digit)."""
    while start > 0 and (text[start - 1].isdigit() or text[start - 1] in " \t-"):
        start -= 1
    found = None
    for match in _CUE.finditer(text, max(0, start - window), start):
        found = match
    if found is None or _NUMBER.search(text, found.end(), start):
        return None
    kind = _KIND_OF[found.group().casefold()]
    if kind == NOT_PHI and _IN_PASSING.match(text, found.end()):
        # A service named in passing, its clause closed before the number ("…so I can look up the claim?"
        # / "Sure, 4421", "我帮您查一下理赔。"): the number is what the question before it asked for.
        earlier = None
        for match in _CUE.finditer(text, max(0, found.start() - _REACH_PAST), found.start()):
            earlier = match
        if earlier is None or _NUMBER.search(text, earlier.end(), start):
            return None
        kind = _KIND_OF[earlier.group().casefold()]
        return None if kind == NOT_PHI else kind
    return kind


def cue_near(text: str, start: int, end: int, kind: str, window: int = 12) -> bool:
    """Whether a cue of `kind` is within `window` characters either side (Chinese puts 出生 after the date)."""
    for match in _CUE.finditer(text, max(0, start - window), min(len(text), end + window)):
        if _KIND_OF[match.group().casefold()] == kind:
            return True
    return False


_AFTER_REACH = 50  # characters after a number searched for a cue said after it
# What stands between a number and a cue that says what it is: "that's the", "those are my", "son los de mi",
# "是我的".
_SAYING_WHAT_IT_IS_TEXT = """
    that's thats that is it's its it those these are were was the my our his her your of for
    son es era eso esos esas los las el la mi mis su sus de del
    是 我 的 那 这 就 他 她 您 你
    """
_SAYING_WHAT_IT_IS = frozenset(_SAYING_WHAT_IT_IS_TEXT.split())
_GAP_WORD = re.compile(r"[^\W\d_\u3400-\u9fff]+(?:['’][^\W\d_\u3400-\u9fff]+)?|[\u3400-\u9fff]")
_SENTENCE_END = re.compile(r"[.?!。？！\n]")
_NEXT_NUMBER_REACH = 20  # a cue with a number this close after it is that number's


def cue_after(text: str, end: int, window: int = _AFTER_REACH) -> str | None:
    """The kind a cue said just after a number names, in the same sentence ("4821, that's the last four of
    my social", "4821，是我社安号的后四位", "4821, son los últimos cuatro de mi seguro social"), or None;
    not a cue that goes on to a number of its own ("4821 and my phone is 555…")."""
    limit = min(len(text), end + window)
    stop = _SENTENCE_END.search(text, end, limit)
    match = _CUE.search(text, end, stop.start() if stop else limit)
    if match is None or _NUMBER.search(text, end, match.start()):
        return None
    if not all(word in _SAYING_WHAT_IT_IS for word in _GAP_WORD.findall(text[end : match.start()].casefold())):
        return None  # "I paid 1250 and my phone is…": the cue is another thing's
    if _NUMBER.search(text, match.end(), min(len(text), match.end() + _NEXT_NUMBER_REACH)):
        return None
    return _KIND_OF[match.group().casefold()]
