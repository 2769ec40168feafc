"""Known names and member IDs from our own records, found as whole words, ignoring case (Chinese names
wherever they appear).

A known name is also found in the forms speech gives it: any run of its words ("Maria Lopez Garcia" →
"Lopez Garcia", "Lopez", "de la Cruz"), lower-cased (ASR output), and next to Chinese characters
("我是Hugo"), without accents ("gutierrez"), spelled out ("r a g h u…", "K as in kite, R, A…"). Parts
that are everyday words ("Will", "Rose", "Flores") count inside the full name, after a title ("doña rosa")
or capitalised inside a sentence ("…and Flores said"); Chinese surnames also in pinyin ("Ms. Zhang",
"zhang lihua").
A Chinese name (张丽华) is also found as its given name alone (丽华) and as its surname where speech uses
a surname alone: before a title or a kinship word (张女士, 杨奶奶, 江伯伯), after 老/小 (老张), and where
the caller says how it is written (弓长张, "三横一竖的王", "曾经的曾").
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from heartline.core.redaction.nicknames import NICKNAMES, WORDLIKE

# Words that are names and everyday words: as parts of a known name they count only with the rest of it.
_EVERYDAY_TEXT = """
    will may june april august rose grace hope joy faith art bill mark pat sue dawn summer sky young king
    long rich major page hunter bishop cook baker carter price love wait call care help bell rich green
    white black brown gray grey hill wood stone lane park field hall street north south west east case
    bond cash gay guy jean jack frank sterling chase miles lee ma ng ray dean gene penny ruby
    luz paz sol mar flor cruz rosa pilar blanca nieves consuelo amparo angeles ángeles león leon santos
    reyes flores blanco moreno rubio calvo bravo franco luna campos sierra prieto delgado banks brooks fields
    rivers woods little small strong sharp best good hand bush church story moon day frost snow winter
    spring march
    """
EVERYDAY = frozenset(_EVERYDAY_TEXT.split())
_TITLES = frozenset(("mr", "mrs", "ms", "miss", "dr", "don", "doña", "señor", "señora", "señorita", "sr", "sra"))
_PARTICLES = frozenset(("de", "del", "la", "las", "los", "y", "van", "von", "der", "da", "di", "le", "e"))
# Titles and kinship words said after a Chinese surname (张女士, 杨奶奶).
ZH_TITLES_AFTER = (
    "先生|女士|小姐|太太|夫人|老师|医生|大夫|阿姨|奶奶|爷爷|伯伯|伯母|叔叔|婶婶|大爷|大妈|大姐|大哥|老伯|阿婆|"
    "婆婆|姐|哥|总|经理|护士|老先生|老太太|"
    # Cantonese and Hong Kong forms (陈生, 黄太太, 李伯, 王sir) and the rest of the kinship words alone (张叔, 刘姨)
    "生(?![日病活气產产])|伯|叔|姨|婶|爷|奶|师傅|師傅|[Ss]ir|SIR|醫生|護士|老師|"
    # Cantonese 陈太 (Mrs Chan), not 太 as "too" (陈太忙了 is "Chen is too busy": a name all the same)
    "太(?![多少大久晚早远近累难小高低快慢了热冷长短差坏对重贵好])"
)
# Characters common in Chinese names, simplified ↔ traditional: a known 王建国 is also 王建國 (a Cantonese
# caller, ASR set to traditional) and a known 陳志明 also 陈志明.
_SIMPLIFIED = (
    "国华丽强伟东陈张刘黄赵吴郑孙马杨许苏卢叶邓冯韩罗谢钟谭蒋杰凤兰红军涛辉龙鹏飞宝贵"
    "荣兴广庆莲鸣顺亚娇艳莹云传锦银铁剑书维贤义礼诚聪进达发财长开学爱梦萧严龚邵汤温庄"
    "顾钱贺汪陆夏傅沈卫韦邹刚敏颖玲凯"
    "欧阳赖颜关洁仪诗钧胜绮玮乐宁贞铭鸿权彦标声远区邝伦锋韵婵琼钰静晖炜坚锐丰泽润汉乔齐邬阎贾纪聂骆吕闫万连车麦项单寿禄灿烨纬"
    "纯绍继经绿颂宾贝赛赞赐钦锡镇钢铃闻闵鹤鹃莺龄岚滨渊济侠俭优劲励启咏园圆圣壮奋娴实宽巩帅师应怀怜扬挥斋显晓晋栋树桥楼欢毕满"
    "灵烁焕献玛环珑瑶畅祯简纳绪绵缘缤艺节苍蓝蕴誉训诺谊谦谨资跃轩轮运逊钊顿风驰驹骄骏骐鲁鲍鸥临俪净勋厦双妩娄娅尧屿岗峥嵘帼庐"
    "庞恋恺恽愿荫纶绣绫缨韬颐"
)
_TRADITIONAL = (
    "國華麗強偉東陳張劉黃趙吳鄭孫馬楊許蘇盧葉鄧馮韓羅謝鍾譚蔣傑鳳蘭紅軍濤輝龍鵬飛寶貴"
    "榮興廣慶蓮鳴順亞嬌艷瑩雲傳錦銀鐵劍書維賢義禮誠聰進達發財長開學愛夢蕭嚴龔邵湯溫莊"
    "顧錢賀汪陸夏傅沈衛韋鄒剛敏穎玲凱"
    "歐陽賴顏關潔儀詩鈞勝綺瑋樂寧貞銘鴻權彥標聲遠區鄺倫鋒韻嬋瓊鈺靜暉煒堅銳豐澤潤漢喬齊鄔閻賈紀聶駱呂閆萬連車麥項單壽祿燦燁緯"
    "純紹繼經綠頌賓貝賽贊賜欽錫鎮鋼鈴聞閔鶴鵑鶯齡嵐濱淵濟俠儉優勁勵啟詠園圓聖壯奮嫻實寬鞏帥師應懷憐揚揮齋顯曉晉棟樹橋樓歡畢滿"
    "靈爍煥獻瑪環瓏瑤暢禎簡納緒綿緣繽藝節蒼藍蘊譽訓諾誼謙謹資躍軒輪運遜釗頓風馳駒驕駿騏魯鮑鷗臨儷淨勳廈雙嫵婁婭堯嶼崗崢嶸幗廬"
    "龐戀愷惲願蔭綸繡綾纓韜頤"
)
_TO_TRADITIONAL = str.maketrans(_SIMPLIFIED, _TRADITIONAL)
_TO_SIMPLIFIED = str.maketrans(_TRADITIONAL, _SIMPLIFIED)
# Surnames in pinyin (the commonest): a known Chinese name is also found by its surname in Latin letters
# ("Ms. Zhang", "thank you mrs wang"). Those that are English or Spanish words (He, Ma, Long, Song, Fan…)
# are left out.
_PINYIN_SURNAMES = {
    "王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang",
    "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun", "朱": "zhu", "胡": "hu", "郭": "guo",
    "林": "lin", "罗": "luo", "郑": "zheng", "梁": "liang", "谢": "xie", "唐": "tang", "许": "xu",
    "韩": "han", "冯": "feng", "邓": "deng", "曹": "cao", "彭": "peng", "曾": "zeng", "肖": "xiao",
    "田": "tian", "董": "dong", "袁": "yuan", "潘": "pan", "蒋": "jiang", "蔡": "cai", "余": "yu",
    "杜": "du", "叶": "ye", "程": "cheng", "苏": "su", "魏": "wei", "吕": "lyu", "丁": "ding", "沈": "shen",
    "姚": "yao", "卢": "lu", "姜": "jiang", "崔": "cui", "钟": "zhong", "谭": "tan", "陆": "lu",
    "汪": "wang", "金": "jin", "石": "shi", "廖": "liao", "贾": "jia", "夏": "xia", "韦": "wei",
    "方": "fang", "邹": "zou", "孟": "meng", "熊": "xiong", "秦": "qin", "邱": "qiu", "江": "jiang",
    "尹": "yin", "薛": "xue", "段": "duan", "雷": "lei", "侯": "hou", "陶": "tao", "黎": "li", "贺": "he",
    "顾": "gu", "毛": "mao", "郝": "hao", "龚": "gong", "邵": "shao", "钱": "qian", "严": "yan", "戴": "dai",
    "孔": "kong", "汤": "tang", "温": "wen", "康": "kang", "倪": "ni", "庄": "zhuang", "萧": "xiao",
    "傅": "fu", "欧阳": "ouyang", "司马": "sima", "诸葛": "zhuge", "上官": "shangguan",
}  # fmt: skip
_PINYIN_WORDS = frozenset(
    ("he", "ma", "long", "song", "fan", "an", "bai", "yan", "tang", "pan", "tan", "dong", "ni", "su")
)

# How people say a surname is written: by its parts (弓长张) or "X的X".
_ZH_SPELLINGS = {
    "张": "弓长张", "陈": "耳东陈", "李": "木子李", "吴": "口天吴", "章": "立早章", "胡": "古月胡",
    "林": "双木林", "黄": "草头黄", "杨": "木易杨", "徐": "双人徐", "许": "言午许", "何": "人可何",
    "周": "周吉周", "程": "禾呈程", "赵": "走肖赵", "吕": "双口吕",
    "王": "三横王", "刘": "文刀刘", "郑": "关耳郑", "孙": "子小孙", "杜": "木土杜",
}  # fmt: skip


class NameIndex:
    """Known names found as whole words, ignoring case. Names in spaced scripts are looked up word by word
    in a set — a regular expression of thousands of alternatives tries each one at every position, which
    is too slow for tens of thousands of verbatims; Chinese names (no spaces) keep a pattern."""

    def __init__(self, names: list[str]) -> None:
        spaced = [n for n in names if not _CJK.search(n)]
        self._words: set[tuple[str, ...]] = set()
        self._split_words: set[str] = set()  # long words of names, found also as two words ("kowa lczyk")
        for name in spaced:
            words = tuple(w.casefold() for w in _WORD.findall(name))
            self._words.update(_parts(words))
            plain = tuple(_plain(w) for w in words)  # "gutierrez" for Gutiérrez, as ASR and keyboards write it
            if plain != words:
                self._words.update(_parts(plain))
            spoken = tuple(_SAID_IN_FULL.get(w, w) for w in plain)  # "saint clair" for St. Clair
            if spoken != plain:
                self._words.update(_parts(spoken))
            if _APOSTROPHE.search(name):  # "obrien" for O'Brien, as ASR writes it
                joined = tuple(_plain(w) for w in _WORD.findall(_APOSTROPHE.sub("", name)))
                self._words.update(_parts(joined))
            for at, word in enumerate(plain):  # "mc allister" for McAllister, as ASR writes it
                split = _MC.fullmatch(word)
                if split:
                    apart = (*plain[:at], split.group(1), split.group(2), *plain[at + 1 :])
                    self._words.update({apart, (split.group(1), split.group(2))})
        for (
            name
        ) in spaced:  # as the ASR splits a long word ("whit field", "kowa lczyk") or joins two ("doloreswhitfield")
            plain = tuple(_plain(w.casefold()) for w in _WORD.findall(name))
            self._split_words.update(w for w in plain if len(w) >= _SPLIT_MIN)
            self._words.update(("".join(pair),) for pair in pairwise(plain))
        # The first halves a long word may be split into ("de" of "de luca"): a text holding none of them
        # and no first word of a name holds no known name.
        self._split_firsts = {w[:cut] for w in self._split_words for cut in range(2, len(w) - 1)}
        # Each word of a known name, as it would be spelled out letter by letter ("r a g h u n a t h a n").
        self._spellable = {_plain(w[0]) for w in self._words if len(w) == 1 and len(w[0]) >= 3}
        # Parts that are everyday words count after a title or capitalised inside a sentence (`_named_here`).
        self._titled = {w for n in spaced for w in map(str.casefold, _WORD.findall(n)) if w in EVERYDAY}
        for name in spaced:  # "Bill" for William, "Lupe Ramos" for Guadalupe Ramos Vela
            said = [_plain(w) for w in _WORD.findall(name)]
            for short in (s for w in said[:-1] for s in NICKNAMES.get(w, ())):
                self._words.add((short, said[-1]))
                if short in WORDLIKE or short in EVERYDAY:
                    self._titled.add(short)
                else:
                    self._words.add((short,))
        self._pinyin: set[str] = set()
        for name in names:
            han = "".join(_CJK.findall(name))
            surname = han[:2] if han[:2] in COMPOUND_SURNAMES else han[:1]
            pinyin = _PINYIN_SURNAMES.get(surname)
            if len(han) >= 2 and pinyin and pinyin not in _PINYIN_WORDS:
                self._words.add((pinyin,))
                self._pinyin.add(pinyin)
        self._longest = max((len(w) for w in self._words), default=0)
        self._first_words = {w[0] for w in self._words} | self._titled
        self._cjk = _chinese_pattern([n for n in names if _CJK.search(n)])

    def spans(self, text: str, low: str | None = None) -> list[tuple[int, int]]:
        """Where known names are in `text` (`low`: the same in lower case), longest first at each place,
        not overlapping."""
        found: list[tuple[int, int]] = []
        said = set(_WORD.findall(low if low is not None else text.lower()))
        if (self._longest or self._titled) and (
            not self._first_words.isdisjoint(said)
            or not self._split_firsts.isdisjoint(said)
            or any(w.endswith("s") and w[:-1] in self._first_words for w in said)
            or any(not w.isascii() and _plain(w) in self._first_words for w in said)
        ):
            words = list(_WORD.finditer(text))
            firsts = self._first_words
            i = 0
            while i < len(words):
                first = words[i].group().casefold()
                known = first in firsts or (not first.isascii() and _plain(first) in firsts)
                size = self._match_at(text, words, i) if known else 0
                if not size and len(first) > _PLURAL_MIN and first.endswith("s") and (first[:-1],) in self._words:
                    size = 1  # "the Okafors' home", "gwendolyn okafors daughter" (ASR drops the apostrophe)
                if not size and i + 1 < len(words) and _plain(first) in self._split_firsts:
                    size = self._split_at(text, words, i)
                if not size and first in self._titled and _named_here(text, words, i):
                    size = 1
                start, end = i, i + size - 1
                if size == 1 and first in self._pinyin:  # "zhang lihua", "lihua zhang": the given name in pinyin too
                    if end + 1 < len(words) and _given_in_pinyin(text, words[end + 1], words[end]):
                        end += 1  # and a second syllable said apart ("xie jia hao")
                        if end + 1 < len(words) and _ONE_SYLLABLE.fullmatch(words[end].group()):
                            end += _given_in_pinyin(text, words[end + 1], words[end]) and bool(
                                _ONE_SYLLABLE.fullmatch(words[end + 1].group())
                            )
                    if start and (not found or found[-1][1] <= words[start - 1].start()):
                        start -= _given_in_pinyin(text, words[start - 1], words[start])
                if size:
                    found.append((words[start].start(), words[end].end()))
                    i = end + 1
                else:
                    i += 1
        merged: list[tuple[int, int]] = []
        for span in found:  # "Dolores J. Whitfield": a middle initial between two parts of a name
            if merged and _INITIAL_GAP.fullmatch(text, merged[-1][1], span[0]):
                merged[-1] = (merged[-1][0], span[1])
            else:
                merged.append(span)
        found = merged
        if self._spellable:
            for match in _SPELLED_OUT.finditer(text):
                if _plain("".join(_SPELLED_LETTER.findall(match.group()))) in self._spellable:
                    found.append(match.span())
            if not said.isdisjoint(_ES_LETTER_NAMES):  # "erre a eme o ese": spelled with Spanish letter names
                for match in _SPELLED_ES.finditer(low if low is not None else text.lower()):
                    letters = "".join(_ES_LETTER_NAMES.get(t, t) for t in _SPELLED_ES_TOKEN.findall(match.group()))
                    if letters in self._spellable:
                        found.append(match.span())
        if self._cjk is not None:
            for match in self._cjk.finditer(text):
                name = match.lastgroup
                found.append(match.span(name) if name else match.span())
        return found

    def _split_at(self, text: str, words: list[re.Match[str]], i: int) -> int:
        """2 where the word at `i` and the next, one space apart, are a long word of a name split in two."""
        if words[i].end() + 1 != words[i + 1].start() or text[words[i].end()] != " ":
            return 0
        joined = _plain((words[i].group() + words[i + 1].group()).casefold())
        return 2 if joined in self._split_words else 0

    def _match_at(self, text: str, words: list[re.Match[str]], i: int) -> int:
        for size in range(min(self._longest, len(words) - i), 0, -1):
            # The words of a name stand together: a space, an apostrophe or a hyphen between them.
            gaps = (text[words[j].end() : words[j + 1].start()] for j in range(i, i + size - 1))
            if not all(_NAME_GAP.fullmatch(gap) for gap in gaps):
                continue
            said = tuple(words[j].group().casefold() for j in range(i, i + size))
            if said in self._words or (not all(w.isascii() for w in said) and tuple(map(_plain, said)) in self._words):
                return size
        return 0


# Characters that said twice are everyday words (明明 "clearly", 天天 "every day", 谢谢, 妈妈…), not a name.
_DOUBLED_WORDS = (
    "明天常刚慢好多大小谢妈哥姐爸宝人家年样个弟妹奶爷叔婆公渐偏仅恰往稍悄轻快早晚高亮红白清真满远久重点些处时"
)
_PLURAL_MIN = 4  # letters of a name said with an "s" after it ("the Okafors"): not "Li" → "lis"
_SPLIT_MIN = 6  # letters of a name's word the ASR may split in two
# Words of names written short and said in full ("St. Clair" is said, and transcribed, "saint clair").
_SAID_IN_FULL = {"st": "saint", "ste": "sainte", "sta": "santa", "sto": "santo", "mt": "mount"}

# A given name in pinyin: one or two syllables (initial and final), not an English or Spanish word.
_SYLLABLE = (
    "(?:zh|ch|sh|[bpmfdtnlgkhjqxzcsryw])?"
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|ve|er|a|e|i|o|u|v)"
)
_PINYIN_GIVEN = re.compile(f"(?:{_SYLLABLE}){{1,2}}", re.IGNORECASE)
_ONE_SYLLABLE = re.compile(_SYLLABLE, re.IGNORECASE)
_NOT_GIVEN_TEXT = """
    he she you me we a an i in on no so to go do be the and man men can fan pan tan ban hang long song ten
    pin tin bin sun lie die tie pie mao hen den gen ran wan shang wen ma la ya yo yes una uno dos tres
    """
_NOT_GIVEN = frozenset(_NOT_GIVEN_TEXT.split())


def _given_in_pinyin(text: str, given: re.Match[str], surname: re.Match[str]) -> bool:
    """Whether `given`, the word just before or after a known surname in pinyin, is a given name in pinyin
    ("zhang lihua", "lihua zhang")."""
    gap = (
        text[given.end() : surname.start()] if given.start() < surname.start() else text[surname.end() : given.start()]
    )
    word = given.group()
    return gap == " " and len(word) >= 2 and word.casefold() not in _NOT_GIVEN and bool(_PINYIN_GIVEN.fullmatch(word))


def _named_here(text: str, words: list[re.Match[str]], i: int) -> bool:
    """Whether an everyday word that is part of a known name names the person here: after a title ("doña
    rosa", "Ms. Flores"), or capitalised inside a sentence ("…and Flores said")."""
    if i and words[i - 1].group().casefold() in _TITLES:
        return True
    before = text[: words[i].start()].rstrip()
    return words[i].group()[:1].isupper() and bool(before) and before[-1] not in '.!?:\n"“¿¡'


def _parts(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The full name and every run of its words that can name the person alone: not only particles
    ("de la"), not starting or ending with "y", not a lone everyday word or a single letter."""
    found = {words} if words else set()
    for start in range(len(words)):
        for end in range(start + 1, len(words) + 1):
            run = words[start:end]
            if all(w in _PARTICLES for w in run) or run[-1] in _PARTICLES or run[0] in ("y", "e"):
                continue
            if len(run) == 1 and (len(run[0]) < 2 or run[0] in EVERYDAY):
                continue
            if len(run) == 1 and run[0] in _PARTICLES:
                continue
            found.add(run)
    return found


def _chinese_pattern(names: list[str]) -> re.Pattern[str] | None:
    """Chinese names as written, their given names alone, and their surnames where speech uses them."""
    if not names:
        return None
    whole: set[str] = set()
    surnames: set[str] = set()
    given_characters: set[str] = set()
    last_given: set[str] = set()  # the character a familiar name is made of: 志明 → 阿明, 小明, 明仔
    for written in names:
        for name in {written, written.translate(_TO_TRADITIONAL), written.translate(_TO_SIMPLIFIED)}:
            han = "".join(_CJK.findall(name))
            whole.add(name.strip())
            whole.add(han)  # "陈 志明" in the records is 陈志明 in speech
            if len(han) < 2:
                continue
            surname = han[:2] if han[:2] in COMPOUND_SURNAMES else han[0]
            surnames.add(surname)
            given = han[len(surname) :]
            given_characters.update(given)
            if given:
                last_given.add(given[-1])
            if len(given) >= 2:
                whole.add(given)
    # ASR may put spaces between a name's characters ("王 建 国", "陈美 玲"); a caller saying it character by
    # character, pauses ("王、建、国", "王——建——国").
    alternatives = "|".join(
        "[ 、，,·—–-]{0,3}".join(re.escape(c) for c in w) if all(_CJK.match(c) for c in w) else re.escape(w)
        for w in sorted(whole, key=len, reverse=True)
    )
    surname = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    spelled = "|".join(_ZH_SPELLINGS[s] for s in surnames if s in _ZH_SPELLINGS)
    parts = [
        f"(?P<whole>{alternatives})",
        f"(?P<titled>{surname})(?={ZH_TITLES_AFTER})",
        f"(?<=[老小阿])(?P<familiar>{surname})(?![时师于米区姐])",
        f"(?<=的)(?P<said>{surname})(?=[，。,.！？!?\\s]|$)",
    ]
    if last_given:
        last = "".join(sorted(last_given - set("时心孩姐学区便姨")))
        if last:
            parts.append(f"(?<=[阿小])(?P<nickname>[{last}])(?![\u4e00-\u9fff]{{2}})|(?P<boy>[{last}])(?=仔|姐|哥)")
        doubled = "".join(sorted(last_given - set(_DOUBLED_WORDS)))
        if doubled:  # the last character said twice, as family and friends do: 李娜 → 娜娜
            parts.append(f"(?P<doubled>(?P<twice>[{doubled}])(?P=twice))")
    if given_characters:
        # A given name's character told by a word it is in: "建设的建，国家的国", "爱国的国".
        chars = "".join(sorted(given_characters))
        parts.append(
            f"(?P<described>(?:[\u4e00-\u9fff](?P<told_end>[{chars}])|(?P<told_start>[{chars}])[\u4e00-\u9fff])的"
            "(?:(?P=told_end)|(?P=told_start)))"
        )
    if spelled:
        parts.insert(0, f"(?P<spelled>{spelled})")
        parts.insert(1, f"(?P<told>{surname})(?=是(?:{spelled}))")  # "周是周吉周"
    return re.compile("|".join(parts))


_LATIN = "A-Za-zÀ-ÖØ-öø-ÿ"
# Letters said one at a time, in any case, with spaces, dots, commas or hyphens between ("k-r-a-u-s", "M. A. R").
_AS_IN = f"(?:[ ]+(?:as in|like|for|de|como)[ ]+[{_LATIN}]+)?"  # "K as in kite, R, A, U, S"
_SPELLED_OUT = re.compile(
    f"(?<![{_LATIN}'’])[{_LATIN}](?![{_LATIN}'’]){_AS_IN}(?:[ .,-]{{1,2}}[{_LATIN}](?![{_LATIN}]){_AS_IN}){{2,}}"
)
_SPELLED_LETTER = re.compile(f"(?<![{_LATIN}'’])[{_LATIN}](?![{_LATIN}'’])")


def _plain(word: str) -> str:
    """A word without its accents, in lower case (Martínez and MARTINEZ spell the same)."""
    return unicodedata.normalize("NFKD", word.casefold()).encode("ascii", "ignore").decode()


# Words: letters and digits of spaced scripts; Chinese characters are not part of a word ("我是Hugo").
_WORD = re.compile(r"[^\W\u3400-\u9fff]+")
_APOSTROPHE = re.compile(r"['’]")
_INITIAL_GAP = re.compile(r"\s+[A-Z]\.?\s+")
_MC = re.compile(r"(ma?c)([a-z]{3,})")
_ES_LETTER_NAMES = {
    "be": "b", "ce": "c", "de": "d", "efe": "f", "ge": "g", "hache": "h", "jota": "j", "ka": "k", "ele": "l",
    "eme": "m", "ene": "n", "eñe": "ñ", "pe": "p", "cu": "q", "erre": "r", "ere": "r", "ese": "s", "te": "t",
    "uve": "v", "ve": "v", "equis": "x", "zeta": "z", "i griega": "y", "doble u": "w", "doble ve": "w",
    "elle": "ll", "ye": "y", "che": "ch",
}  # fmt: skip
_ES_LETTER_TOKEN = "|".join(sorted(_ES_LETTER_NAMES, key=len, reverse=True))
_SPELLED_ES = re.compile(
    rf"(?<![\w'’])(?:{_ES_LETTER_TOKEN}|[a-z])(?:[ ,.-]{{1,2}}(?:{_ES_LETTER_TOKEN}|[a-z])(?![\w'’])){{2,}}"
)
_SPELLED_ES_TOKEN = re.compile(rf"{_ES_LETTER_TOKEN}|[a-z]")
_NAME_GAP = re.compile(r"[\s'’.-]{1,3}")
_COMPOUND_SURNAMES_TEXT = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 "
    "歐陽 司馬 諸葛 東方 尉遲 公孫 長孫"  # in traditional characters
)
COMPOUND_SURNAMES = frozenset(_COMPOUND_SURNAMES_TEXT.split())


# "Not inside a word of a spaced script": no word character before (after), or a Chinese character
# (Chinese has no spaces between words). Said with `\w` and a lookaround rather than the class
# `[^\W\u3400-\u9fff]` under IGNORECASE, which takes Python ~11 ms to compile: a redactor is built
# per member (their names and id), and an ingest of calls builds thousands.
_WORD_START = r"(?:(?<!\w)|(?<=[\u3400-\u9fff]))"
_WORD_END = r"(?:(?!\w)|(?=[\u3400-\u9fff]))"


def word_pattern(words: list[str]) -> re.Pattern[str] | None:
    """The pattern that finds any of `words` (case aside): a word of a spaced script only as a whole
    word, a Chinese one wherever it appears."""
    if not words:
        return None
    cjk = [w for w in words if _CJK.search(w)]
    spaced = [w for w in words if not _CJK.search(w)]
    parts = []
    if spaced:
        parts.append(_WORD_START + "(?i:" + "|".join(re.escape(w) for w in spaced) + ")" + _WORD_END)
    if cjk:
        parts.append("(?i:" + "|".join(re.escape(w) for w in cjk) + ")")
    return re.compile("|".join(parts))


_CJK = re.compile(r"[\u3400-\u9fff]")
