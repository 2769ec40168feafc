"""Names: the ones we know (members, staff, from our own records) and the ones speech announces.

- Known names are found as whole words, ignoring case, in any script (Chinese names as written).
- Unknown names come from cues: "my name is …", "this is … calling", "speaking with …", "Mr./Mrs./Ms./Dr.
  …", "thank you, …"; "me llamo …", "mi nombre es …", "habla …", "soy …", "señor/señora …"; "我叫…",
  "我是…", "我姓…", "…先生/女士/小姐"; and names spelled out letter by letter ("S-M-I-T-H", "S M I T H").
  After a cue that only a name can follow ("my name is", "me llamo", "我叫") the words are taken in any
  case; after others ("this is", "soy", a title, a greeting) only capitalised words that are not common
  words. A Chinese name after 我是 or before 先生 must start with a common surname.
- A name found once by a cue is then found everywhere else in the same text (a transcript says "Mrs.
  Lopez" once and "Lopez" later).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from heartline.core.redaction.scan import Vocabulary, Words, occurrences, scan, windows

Span = tuple[str, int, int]

# Common words that end a name or are never one, lower case (English and Spanish, the words that follow
# the cues in calls).
_STOP_WORDS = """
    a about actually afraid again all also am an and any are as at available back be because been being
    but by bye calling can checking could covered did do doing does done enrolled english even fine for
    from glad going good got great had happy has have having he hello help her here hey hi him his how i
    if i'm in is it it's just last let like looking me member members mine more morning afternoon evening
    my name need new night no not now of oh ok okay on one only or our out over please pleasure pretty
    ready real really right same see she should so sorry speaking spanish still sure talking team thank
    thanks that that's the their them then there they this today tomorrow too trying um uh up us very
    want was we well were what when where which who why will with would yeah yes yesterday you your
    great perfect wonderful correct absolutely exactly alright awesome excellent fantastic understood
    you're we're they're he's she's i've i'll i'd let's what's there's who's don't can't won't isn't
    certainly definitely course sir ma'am madam heartline everyone everybody somebody someone nobody
    representative agent supervisor nurse pharmacist doctor mister miss mrs mr ms dr calling customer
    service services support care plan health insurance medicare medicaid claims pharmacy billing
    monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december
    al algo aquí bien buenas buenos bueno con cómo como de del días el ella ellos en es esta está este
    estoy gracias hablando hablo hola la las le lo los más me mi muy no nos para pero por que qué quiero
    se señor señora señorita si sí soy su sus tardes también tengo un una usted y ya llamando llamo
    servicio servicios miembro afiliado atención cliente español inglés ayudar ayuda favor
    """
STOP_WORDS = frozenset(_STOP_WORDS.split())
_NAME_WORD = r"[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*"
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*|O'[A-Z][a-z]+|Mc[A-Z][a-z]+)"
_PARTICLE = r"(?:de la|de los|del|de|van der|van|von|da|di|le|la|y)"
# Words after a cue: up to three, particles allowed between capitalised words ("María de la Cruz").
_ANY_CASE_NAME = rf"(?P<name>{_NAME_WORD}(?:[ ]{_NAME_WORD}){{0,4}})"
_CAPITAL_NAME = rf"(?P<name>{_CAP_WORD}(?:[ ](?:{_PARTICLE}[ ])?{_CAP_WORD}){{0,2}})"

STRONG_CUES = (
    "my name is",
    "my name's",
    "name is",
    "name's",
    "first name is",
    "last name is",
    "surname is",
    "me llamo",
    "mi nombre es",
    "se llama",
    "su nombre es",
    "nombre es",
    "mi apellido es",
    "el apellido es",
)
_RELATIONS_TEXT = (
    "wife husband son daughter mother father mom dad sister brother caregiver grandson granddaughter "
    "daughter-in-law son-in-law partner friend"
)
_RELATIONS = _RELATIONS_TEXT.split()
_ROLES_TEXT = "pharmacist driver nurse receptionist caseworker aide therapist rep representative technician"
_ROLES = _ROLES_TEXT.split()
_ROLES_ES_TEXT = "farmacéutico farmacéutica chofer conductor enfermera enfermero recepcionista trabajadora trabajador"
_ROLES_ES = _ROLES_ES_TEXT.split()
_RELATIONS_ES_TEXT = "esposo esposa hijo hija madre padre mamá papá hermano hermana nieto nieta"
_RELATIONS_ES = _RELATIONS_ES_TEXT.split()
WEAK_CUES = (
    "this is",
    "it's",
    "i'm",
    "i am",
    "speaking with",
    "speaking to",
    "talking with",
    "talking to",
    "spoke with",
    "spoke to",
    "ask for",
    "transfer you to",
    "behalf of",
    "hi",
    "hello",
    "hey",
    "thanks",
    "thank you",
    "goodbye",
    "bye",
    "dear",
    "habla",
    "soy",
    "hablé con",
    "hable con",
    "hablando con",
    "comunico con",
    "hola",
    "gracias",
    "adiós",
    "le atiende",
    "lo atiende",
    "la atiende",
    "atendido por",
    # people named by what they do, or asked for ("the pharmacist, Greg, said…", "someone named Stephanie",
    # "tell Marjorie…", "dígale a Marcela…")
    "named",
    "tell",
    "llamada",
    "llamado",
    "dígale a",
    "digale a",
    "dile a",
    "pregunte por",
    *(f"the {role}" for role in _ROLES),
    *(f"{article} {role}" for article in ("el", "la") for role in _ROLES_ES),
    *(f"my {r}" for r in _RELATIONS),
    *(f"mi {r}" for r in _RELATIONS_ES),
)
TITLES = (
    "mr",
    "mrs",
    "ms",
    "miss",
    "mister",
    "dr",
    "doctor",
    "sr",
    "sra",
    "srta",
    "señor",
    "señora",
    "señorita",
    "doña",
    "doctora",
    "dra",
    "professor",
)


def _alternatives(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


_STRONG_CUES = _alternatives(STRONG_CUES)
_WEAK_CUES = _alternatives(WEAK_CUES)
_TITLES = rf"(?:{_alternatives(TITLES)})\.?|(?-i:don)"
_FILLER = r"(?:(?i:uh|um|er|eh|este|pues|bueno|it's|es)[ ,]+)?"
STRONG = re.compile(rf"(?<!\w)(?i:{_STRONG_CUES})[ ,:]+{_FILLER}{_ANY_CASE_NAME}")
WEAK = re.compile(rf"(?<!\w)(?i:{_WEAK_CUES})[ ,:]+{_CAPITAL_NAME}")
TITLED = re.compile(rf"(?<!\w)(?i:{_TITLES})[ ]+{_CAPITAL_NAME}")
SPEAKING = re.compile(rf"{_CAPITAL_NAME}(?=,? (?:speaking|here)\b|, calling from )")
# Letters spelled out: hyphenated (S-M-I-T-H), or capitals one at a time (S M I T H, S. M. I. T. H.);
# the look-behind comes after the first letter so the pattern opens with a character set (fast to scan).
# Letters may carry accents (M-A-R-T-Í-N-E-Z); Chinese characters around them are not part of the word (是X-I-E吗).
_LETTER = "A-Za-zÀ-ÖØ-öø-ÿ"
SPELLED = re.compile(rf"[{_LETTER}](?<![^\W\u3400-\u9fff-][{_LETTER}])(?:-[{_LETTER}]){{2,}}(?![^\W\u3400-\u9fff]|-)")
SPELLED_CAPITALS = re.compile(r"[A-Z](?<![^\W\u3400-\u9fff.][A-Z])\.?(?:[ ,]{1,2}[A-Z]\.?){2,}(?![^\W\u3400-\u9fff.])")
# A letter said with a word to tell it apart, just before a spelled name: "B as in boy, K-R-A-U-S".
_AS_IN = r"(?:[A-Z]\.?[ ]+(?i:as in|like|for|de|como|como en)[ ]+[A-Za-zÀ-ÿ]+[ ,;-]+)+"
_LETTERS_AS_IN = re.compile(rf"(?<![\w']){_AS_IN}\Z")
_LEADING_AS_IN = re.compile(_AS_IN)
_ACRONYMS = (
    "HMO PPO EPO POS HSA FSA HRA PCP ER ICU ID SSN MBI DOB USA ATM PIN EOB EOBS CMS FAQ ASAP TTY TDD OTC"
    " DME HIV ADA IRS SNP DSNP CSNP PDP MAPD ACA RX MRI CT ECG EKG ABC OK AM PM NY ZIP NPI NDC OMB CPT ICD"
)
ACRONYMS = frozenset(_ACRONYMS.split())

# The commonest Chinese surnames (the ~100 that cover ~85% of people), and two-character ones.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施"
    "文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷"
    "盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_COMPOUND_SURNAMES = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐"
# Characters that end a Chinese name after a cue (function words and verbs that follow names in calls).
_ZH_STOP = (
    "什谁哪叫姓名的是在想要我你他她打来说呢啊吧了和跟从请问就今昨电现因所有会能可需对也都还已这那给帮找为"
    "，。！？、,.!? 先女小太老医大"
)
_ZH_GIVEN = rf"(?:[\u4e00-\u9fff](?<![{_ZH_STOP}]))"
_ZH_SURNAME = rf"(?:{_COMPOUND_SURNAMES}|[{SURNAMES}])"
# A given name's character after a surname: not a function word, not the start of a title (王小红, not 王小姐).
_ZH_TITLES = "先生|女士|小姐|太太|老师|医生|大夫|阿姨"
_ZH_GIVEN_AFTER_SURNAME = rf"(?:(?!{_ZH_TITLES})[\u4e00-\u9fff](?<![{_ZH_STOP[:-7]}]))"
ZH_STRONG = re.compile(
    rf"我姓(?P<surname>{_ZH_SURNAME})[，,、 ]*(?P<name2>(?P=surname){_ZH_GIVEN_AFTER_SURNAME}{{1,2}})"
    rf"|(?:我叫|她叫|他叫|名字叫|名字是|姓名是|叫做|我姓|贵姓)[:：]?\s*(?P<name>{_ZH_GIVEN}{_ZH_GIVEN_AFTER_SURNAME}{{0,2}})"
)
_ZH_RELATIONS = (
    "我女儿|我儿子|我老伴|我丈夫|我先生|我太太|我妻子|我爱人|我妈妈|我妈|我爸爸|我爸|我母亲|我父亲|我孙子|我孙女|"
    "我老公|我老婆|我外孙女|我外孙|我哥哥|我姐姐|我弟弟|我妹妹|我儿媳|我女婿"
)
ZH_WEAK = re.compile(
    rf"(?:我是|这里是|这是|我就是|联系人是|患者|会员|客服|代表|专员|叫|{_ZH_RELATIONS})"
    rf"(?P<name>[小老]{_ZH_SURNAME}(?![\u4e00-\u9fff])|{_ZH_SURNAME}{_ZH_GIVEN_AFTER_SURNAME}{{1,2}})"
)
ZH_TITLE = re.compile("先生|女士|小姐|太太|老师|医生|大夫|阿姨|奶奶|爷爷|伯伯|叔叔|阿婆|婆婆|大爷|大妈")
# Other ways Chinese speech names people (unknown ones):
# - a given name alone after a relation (我先生国强, 我孙女佳佳), not a word that follows relations (身体, 上班);
# - 阿 and one character (阿伟, 阿芳), 小/老 and a surname (小刘, 老黄), 姓 and a surname (好像姓黄);
# - a Latin-script name beside a title or a role (Feldman医生, 医生Rosenthal, 叫Stephanie的, 我女儿Caroline,
#   诊所的Bernadette).
_NOT_GIVEN = "身上工住生一每平以不没去刚经开出要在有很最又再才只还就都得被让把着过看病做送带陪接"
_ZH_LATIN_NAME = r"[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?"
_ZH_ROLES = "医生|大夫|护士|司机|药剂师|医师|代表|客服|经理|主任|老师"
_ZH_RELATION_TAILS = _ZH_RELATIONS.replace("我", "")
# Each opens with a character or a set of them, so the engine can skip ahead to where one may start.
ZH_OTHER = tuple(
    re.compile(pattern)
    for pattern in (
        # not the relation's own character said twice ("我妈妈打的" is no 妈 called 妈打)
        rf"我(?:{_ZH_RELATION_TAILS})(?P<given>(?![{_NOT_GIVEN}{_ZH_STOP[:-7]}妈爸哥姐弟妹])[\u4e00-\u9fff]{{2}})"
        rf"(?![\u4e00-\u9fff](?<![{_ZH_STOP[:-7]}{_NOT_GIVEN}]))",
        r"(?P<a>阿(?![姨婆公爸妈哥姐弟妹嫂叔伯拉司托莫尔根富联斯米奇])[\u4e00-\u9fff])"
        r"(?=[^\u4e00-\u9fff]|[那这说是的会也都就在来去打叫让给跟和呢吗啊])",
        rf"[小老](?P<familiar>(?![时师于米和全万常向安文方金石白商关应车成明华高伍席单毛宁包路管党])[{SURNAMES}])"
        rf"(?![\u4e00-\u9fff](?<![{_ZH_STOP[:-7]}根没来去说的了]))",
        rf"(?<!百)姓(?P<surname>{_ZH_SURNAME})",
        rf"(?P<latin>{_ZH_LATIN_NAME})(?=(?:{_ZH_TITLES}|护士))",
    )
)
# A Latin-script name just after a Chinese character: a name when what comes before is a role, 叫, a relation
# or "…的" after a place (医生Rosenthal, 叫Stephanie的, 我女儿Caroline, 诊所的Bernadette).
_LATIN_AFTER_HAN = re.compile(rf"(?<=[\u4e00-\u9fff])(?P<latin2>{_ZH_LATIN_NAME})(?![A-Za-z])")
_NAMING_BEFORE = re.compile(rf"(?:{_ZH_ROLES}|叫|{_ZH_RELATIONS}|[所房台院室]的)\Z")
_ZH_TITLED_NAME = re.compile(rf"(?:{_ZH_SURNAME}){_ZH_GIVEN}{{0,2}}")


# "named"/"llamado" after a thing names the thing ("a drug named Eliquis", "una clínica llamada Salud").
_NAMING_WORDS = frozenset(("named", "llamada", "llamado"))
_THING_BEFORE = re.compile(
    r"\b(?:drug|medicine|medication|pill|plan|pharmacy|company|hospital|clinic|program|app|website|store|"
    r"medicamento|medicina|pastilla|farmacia|compañía|hospital|clínica|programa|tienda|aplicación)s?\b[^.?!]*\Z"
)
_CUE_VOCABULARIES = (
    (STRONG, Vocabulary(STRONG_CUES)),
    (WEAK, Vocabulary(WEAK_CUES)),
    (TITLED, Vocabulary((*TITLES, "don"))),
)
_SPEAKING_VOCABULARY = Vocabulary(("speaking", "here", "calling from"))


def cue_names(text: str, words: Words, languages: frozenset[str], han: bool) -> Iterator[Span]:
    """Names announced by cues (see the module's docstring)."""
    low = words.low
    if languages & {"en", "es"}:
        # The cue opens the match: try each pattern only where its cues are.
        for pattern, vocabulary in _CUE_VOCABULARIES:
            for at, end in words.hits(vocabulary):
                match = pattern.match(text, at)
                if match and not (low[at:end] in _NAMING_WORDS and _THING_BEFORE.search(low, max(0, at - 30), at)):
                    yield from _name_words(match, strict=pattern is not STRONG)
        speaking = windows(words.hits(_SPEAKING_VOCABULARY), 50, 0, len(text))
        for match in scan(SPEAKING, text, speaking):
            yield from _name_words(match, strict=True, tail=True)
    yield from _spelled(text, low)
    if "zh" in languages and han:
        for pattern in (ZH_STRONG, ZH_WEAK):
            for match in pattern.finditer(text):
                if match.groupdict().get("name2"):  # 我姓张，张建国: the surname and the full name
                    yield "NAME", match.start("surname"), match.end("surname")
                    yield "NAME", match.start("name2"), match.end("name2")
                else:
                    yield "NAME", match.start("name"), match.end("name")
        for match in ZH_TITLE.finditer(text):
            yield from _titled_before(text, match.start())
        for pattern in ZH_OTHER:
            for match in pattern.finditer(text):
                group = match.lastgroup or 0
                yield "NAME", match.start(group), match.end(group)
        for match in _LATIN_AFTER_HAN.finditer(text):
            if _NAMING_BEFORE.search(text, max(0, match.start() - 6), match.start()):
                yield "NAME", match.start(), match.end()


def _spelled(text: str, low: str) -> Iterator[Span]:
    """Names spelled letter by letter, in any language's text ("S-M-I-T-H", "是X-I-E吗", "B as in boy, K-R-A-U-S")."""
    hyphens = windows(occurrences(low, "-", whole=False), 2, 40, len(text))
    for match in [*scan(SPELLED, text, hyphens), *SPELLED_CAPITALS.finditer(text)]:
        letters = re.sub(rf"[^{_LETTER}]", "", match.group()).upper()
        if any(letters[:size] in ACRONYMS for size in range(2, len(letters) + 1)):
            continue  # "H M O", "P P O, I think"
        end = match.end()
        if match.group().endswith(".") and match.group().count(".") == 1:
            end -= 1  # the sentence's full stop, not an initial's
        lead = _LETTERS_AS_IN.search(text, max(0, match.start() - 60), match.start())
        yield "NAME", lead.start() if lead else match.start(), end


def _name_words(match: re.Match[str], strict: bool, tail: bool = False) -> Iterator[Span]:
    """The words of a cue's name up to the first common word (from the end when `tail`: "Member Services,
    Ana speaking"); capitalised only when `strict` or when the first word is; particles ("de la") only
    between capitalised words."""
    base = match.start("name")
    words = []
    for w in re.finditer(r"\S+", match.group("name")):
        said = _POSSESSIVE.sub("", w.group())  # "Mrs. Bouchard's deductible": the name is Bouchard
        words.append((base + w.start(), base + w.start() + len(said), said.strip("'’-")))
    if tail:
        while words and (words[0][2].casefold() in STOP_WORDS or not words[0][2][:1].isupper()):
            words.pop(0)
    kept: list[tuple[int, int, str]] = []
    for start, end, bare in words:
        capital = bare[:1].isupper()
        if kept and re.fullmatch(_PARTICLE, bare, re.IGNORECASE):
            kept.append((start, end, ""))  # kept only if a capitalised name word follows
            continue
        after_particle = bool(kept) and not kept[-1][2]
        if (
            bare.casefold() in STOP_WORDS
            or bare in ACRONYMS
            or ((strict or after_particle or (kept and kept[0][2][:1].isupper())) and not capital)
        ):
            break
        if kept and not capital and len(kept) >= 2:
            break  # a name in lower case (a lower-cased transcript): two words at most
        kept.append((start, end, bare))
    while kept and not kept[-1][2]:
        kept.pop()
    if kept and kept[-1][1] - kept[0][0] >= 2:  # a letter alone ("it's H as in Henry") is not a name
        yield "NAME", kept[0][0], kept[-1][1]


_POSSESSIVE = re.compile(r"['’]s\Z")


def _titled_before(text: str, title: int) -> Iterator[Span]:
    """王先生 → 王; 张伟先生 → 张伟: the name before a title is the shortest one that starts with a surname."""
    for length in range(1, 5):
        start = title - length
        if start < 0:
            return
        if _ZH_TITLED_NAME.fullmatch(text, start, title):
            if start >= 1 and re.fullmatch(_COMPOUND_SURNAMES, text[start - 1 : start + 1]):
                start -= 1  # 欧阳娜娜: the surname is 欧阳, not 阳
            yield "NAME", start, title
            return


def propagate(text: str, found: Iterable[Span]) -> Iterator[Span]:
    """Every other place a name found by a cue appears in the same text (as written, or capitalised)."""
    words: set[str] = set()
    for _kind, start, end in found:
        name = text[start:end]
        if re.search(r"[\u4e00-\u9fff]", name):
            if len(name) >= 2:
                words.add(name)
            continue
        lead = _LEADING_AS_IN.match(name)
        if lead and lead.end() < len(name):
            name = name[lead.end() :]  # "B as in boy, K-R-A-U-S": the name is what is spelled after the initial
        if re.fullmatch(rf"[{_LETTER}](?:[-., ]{{1,2}}[{_LETTER}])+\.?", name):
            letters = re.sub(rf"[^{_LETTER}]", "", name)  # a spelled name: the name it spells
            words.update({letters.upper(), letters[:1].upper() + letters[1:].lower()})
            continue
        for word in re.findall(r"[^\W\d_][\w'’-]*", name):
            if len(word) >= 2 and word.casefold() not in STOP_WORDS:
                words.update({word, word[:1].upper() + word[1:]})
    # Each name is looked for with `str.find` (a pattern per text would be compiled per text).
    for word in words:
        han = bool(_HAN.search(word))
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if han or ((at == 0 or not _joins(text[at - 1])) and (end >= len(text) or not _joins(text[end]))):
                yield "NAME", at, end
            at = text.find(word, at + 1)


def _joins(char: str) -> bool:
    """Whether `char` next to a name makes it part of a longer word ("Lopezville", "Lopez-Ruiz")."""
    return char.isalnum() or char in "_'’-"


_HAN = re.compile(r"[\u4e00-\u9fff]")
