"""Themes and pain points from verbatims: taxonomy themes, their sentiment, quotes, trends, discovered themes.

`assign(text, language)` reads one verbatim clause by clause (`voice.text`) and returns the taxonomy
themes it mentions, each with the sentiment of the clauses that mention it. `summarize(verbatims)`
adds them up over many responses: per theme the number of verbatims (n) and its share of all
verbatims with a 95% Wilson interval, the share of its mentions that are negative (with its
interval), up to three representative quotes redacted of PHI, and — when the verbatims span two
periods — whether the theme is trending up (Newcombe's interval for the change in share excludes 0).
`discover` lists frequent, distinctive words and word pairs of the verbatims no theme covers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from heartline.core.redaction import Redactor
from heartline.stats.proportion_difference import ProportionChange, proportion_change
from heartline.stats.proportions import wilson_interval
from heartline.voice.sentiment import label, score
from heartline.voice.taxonomy import TAXONOMY, THEMES_BY_CODE, Theme
from heartline.voice.text import clauses, fold, guess_language, tokens

QUOTES_PER_THEME = 3
QUOTE_LENGTH = (30, 220)  # quotes of readable length are preferred


@dataclass(frozen=True)
class Verbatim:
    response_id: str
    text: str
    language: str | None = None
    responded_at: dt.datetime | None = None
    member_id: str | None = None  # the responding member, whose own names a quote must not show


@dataclass(frozen=True)
class ThemeMention:
    theme: str
    sentiment: int  # summed over the clauses that mention the theme


@dataclass(frozen=True)
class ThemeSummary:
    code: str
    label: str
    polarity: str
    n: int  # verbatims mentioning the theme
    share: float
    share_ci: tuple[float, float]
    negative: int  # of those, how many mention it negatively
    negative_share: float
    negative_ci: tuple[float, float]
    quotes: list[str]
    trend: ProportionChange | None = None

    @property
    def trending_up(self) -> bool:
        return self.trend is not None and self.trend.ci_low > 0


@dataclass(frozen=True)
class DiscoveredTheme:
    term: str
    language: str
    n: int  # uncovered verbatims using the term
    share: float  # of the uncovered verbatims
    quote: str


@dataclass
class ThemeReport:
    verbatims: int
    themes: list[ThemeSummary]
    discovered: list[DiscoveredTheme] = field(default_factory=list)
    uncovered: int = 0
    split_at: dt.datetime | None = None


# -- one verbatim ---------------------------------------------------------------------------------


def _phrase_words(phrase: str, language: str) -> tuple[str, ...]:
    if language == "zh":
        return tuple(tokens(phrase, "zh")) or (phrase,)
    return tuple(fold(phrase).replace("-", " ").split())


@dataclass(frozen=True)
class _PhraseIndex:
    """A language's phrases by their first word: exact first words in a dict, prefixes (`wait*`) by
    their first three characters, so each word of a verbatim looks up only the phrases it could start."""

    exact: dict[str, list[tuple[str, tuple[str, ...]]]]
    prefixed: dict[str, list[tuple[str, tuple[str, ...]]]]

    def starting_with(self, word: str) -> list[tuple[str, tuple[str, ...]]]:
        found = list(self.exact.get(word, ()))
        found += [(c, p) for c, p in self.prefixed.get(word[:3], ()) if word.startswith(p[0][:-1])]
        return found


_INDEXES: dict[str, _PhraseIndex] = {}


def _index(language: str) -> _PhraseIndex:
    if language not in _INDEXES:
        exact: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        prefixed: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for theme in TAXONOMY:
            for phrase in theme.phrases.get(language, ()):
                words = _phrase_words(phrase, language)
                if words[0].endswith("*"):
                    prefixed[words[0][:3]].append((theme.code, words))
                else:
                    exact[words[0]].append((theme.code, words))
        _INDEXES[language] = _PhraseIndex(dict(exact), dict(prefixed))
    return _INDEXES[language]


def _word_matches(word: str, pattern: str) -> bool:
    return word.startswith(pattern[:-1]) if pattern.endswith("*") else word == pattern


def _mentions(words: list[str], language: str) -> set[str]:
    index = _index(language)
    found: set[str] = set()
    for start, word in enumerate(words):
        for code, phrase in index.starting_with(word):
            if code in found or start + len(phrase) > len(words):
                continue
            if all(_word_matches(words[start + k], phrase[k]) for k in range(1, len(phrase))):
                found.add(code)
    return found


def assign(text: str, language: str | None = None) -> list[ThemeMention]:
    """The taxonomy themes one verbatim mentions, in taxonomy order, each with its clauses' sentiment
    (the lexicon score of the clauses that mention it, plus −1 for a pain-point theme or +1 for praise)."""
    language = language if language in ("en", "es", "zh") else guess_language(text)
    sentiment: dict[str, int] = {}
    for clause in clauses(text):
        words = tokens(clause, language)
        themes = _mentions(words, language)
        if not themes:
            continue
        value = score(words, language)
        for code in themes:
            # A pain point mentioned without a feeling word is still a complaint ("I waited 40 minutes").
            prior = {"negative": -1, "positive": 1}.get(THEMES_BY_CODE[code].polarity, 0)
            sentiment[code] = sentiment.get(code, 0) + value + prior
    order = {theme.code: i for i, theme in enumerate(TAXONOMY)}
    return [ThemeMention(code, sentiment[code]) for code in sorted(sentiment, key=order.__getitem__)]


def verbatim_sentiment(text: str, language: str | None = None) -> str:
    """positive, negative or neutral for a whole verbatim."""
    language = language if language in ("en", "es", "zh") else guess_language(text)
    return label(sum(score(tokens(c, language), language) for c in clauses(text)))


# -- many verbatims -------------------------------------------------------------------------------


def summarize(
    verbatims: Sequence[Verbatim],
    *,
    redactor: Redactor | None = None,
    split_at: dt.datetime | None = None,
    discover_min: int = 5,
    names_of_member: Callable[[str], tuple[str, ...]] | None = None,
) -> ThemeReport:
    """Theme counts, shares, sentiment and quotes over `verbatims` (blank ones skipped).

    With `split_at`, each theme's share before that moment is compared with its share from then on.
    `names_of_member` gives a member's names as text may say them: a quote is redacted of its
    responding member's names and id too, which `redactor` (PHI patterns, the staff's names) does not know.
    """
    redactor = redactor or Redactor()
    kept = [v for v in verbatims if v.text and v.text.strip()]
    total = len(kept)
    by_theme: dict[str, list[tuple[Verbatim, int]]] = defaultdict(list)
    uncovered: list[tuple[Verbatim, str]] = []
    for verbatim in kept:
        language = verbatim.language if verbatim.language in ("en", "es", "zh") else guess_language(verbatim.text)
        mentions = assign(verbatim.text, language)
        for mention in mentions:
            by_theme[mention.theme].append((verbatim, mention.sentiment))
        if not mentions:
            uncovered.append((verbatim, language))
    earlier_total = later_total = 0
    if split_at is not None:
        later_total = sum(1 for v in kept if v.responded_at is not None and v.responded_at >= split_at)
        earlier_total = sum(1 for v in kept if v.responded_at is not None and v.responded_at < split_at)
    summaries = []
    for code, theme_mentions in by_theme.items():
        theme = THEMES_BY_CODE[code]
        n = len(theme_mentions)
        negative = sum(1 for _, value in theme_mentions if value < 0)
        trend = None
        if split_at is not None and earlier_total and later_total:
            later = sum(1 for v, _ in theme_mentions if v.responded_at is not None and v.responded_at >= split_at)
            earlier = sum(1 for v, _ in theme_mentions if v.responded_at is not None and v.responded_at < split_at)
            trend = proportion_change(earlier, earlier_total, later, later_total)
        summaries.append(
            ThemeSummary(
                code=code,
                label=theme.label,
                polarity=theme.polarity,
                n=n,
                share=n / total,
                share_ci=wilson_interval(n, total),
                negative=negative,
                negative_share=negative / n,
                negative_ci=wilson_interval(negative, n),
                quotes=_quotes(theme, theme_mentions, redactor, names_of_member),
                trend=trend,
            )
        )
    summaries.sort(key=lambda s: (-s.n, s.code))
    return ThemeReport(
        verbatims=total,
        themes=summaries,
        discovered=discover(uncovered, kept, redactor, minimum=discover_min),
        uncovered=len(uncovered),
        split_at=split_at,
    )


def _quotes(
    theme: Theme,
    mentions: list[tuple[Verbatim, int]],
    redactor: Redactor,
    names_of_member: Callable[[str], tuple[str, ...]] | None = None,
) -> list[str]:
    """Readable-length quotes whose sentiment matches the theme's (complaints for pain points), each
    redacted of its member's own names and id first (see `summarize`), then by `redactor`."""
    wanted = {"negative": -1, "positive": 1}.get(theme.polarity, 0)

    def rank(item: tuple[Verbatim, int]) -> tuple[int, int, str]:
        verbatim, value = item
        agrees = (value < 0) if wanted < 0 else (value > 0) if wanted > 0 else True
        low, high = QUOTE_LENGTH
        length = len(verbatim.text)
        return (0 if agrees else 1, 0 if low <= length <= high else 1, verbatim.response_id)

    quotes: list[str] = []
    for verbatim, _ in sorted(mentions, key=rank):
        quote = verbatim.text.strip()
        if names_of_member is not None and verbatim.member_id:
            own = Redactor(names=names_of_member(verbatim.member_id), member_ids=[verbatim.member_id])
            quote = own.redact(quote)
        quote = redactor.redact(quote)
        if quote not in quotes:  # the same words from two members are one quote
            quotes.append(quote)
        if len(quotes) == QUOTES_PER_THEME:
            break
    return quotes


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words(
        "the a an and or but i me my we our you your they them their it its is was were be been am are to of "
        "in on for with at by from this that these those have has had do did does not no so very just about "
        "as if then than when what which who how all any can could would should will one get got also there "
        "here after before again because out up over more most some such only own same too into her his she "
        "he him us let said told time call called calling phone plan health insurance member really still "
        "even went go going make made "
    ),
    "es": _words(
        "el la los las un una unos unas y o pero que de del en con por para mi me mis su sus se lo le les es "
        "fue era muy ya no si al como mas pero este esta esto eso estaba estoy tengo tiene tenia hay porque "
        "cuando donde yo usted ellos nos todo nada sobre entre hasta desde plan seguro llame llamada llamar "
        "salud miembro "
    ),
    "zh": _words(
        "的 了 是 我 你 他 她 我们 他们 在 和 也 就 都 很 有 这 那 一个 要 说 对 给 "
        "吗 吧 呢 啊 把 被 让 还 又 因为 所以 但是 然后 已经 可以 没有 什么 电话 打电话 计划 保险 会员"
    ),
}


def discover(
    uncovered: Sequence[tuple[Verbatim, str]],
    everything: Sequence[Verbatim],
    redactor: Redactor,
    *,
    minimum: int = 5,
    limit: int = 10,
) -> list[DiscoveredTheme]:
    """Words and word pairs common among verbatims no theme covers, and at least twice as common there
    as among the covered ones: candidates for new themes (at least `minimum` verbatims each)."""
    if not uncovered:
        return []
    covered_ids = {v.response_id for v, _ in uncovered}
    covered = [v for v in everything if v.response_id not in covered_ids]
    uncovered_terms, examples = _term_documents(uncovered)
    covered_terms, _ = _term_documents([(v, v.language or guess_language(v.text)) for v in covered])
    found = []
    for (term, language), n in uncovered_terms.items():
        if n < minimum or _names_someone(term, redactor):
            continue
        share = n / len(uncovered)
        background = (covered_terms.get((term, language), 0) + 1) / (len(covered) + 1)
        if share < 2 * background:
            continue
        found.append(DiscoveredTheme(term, language, n, share, redactor.redact(examples[(term, language)])))
    found.sort(key=lambda d: (-d.n, -len(d.term), d.term))
    # A pair and its own words say the same thing: keep the pair when it is nearly as common.
    kept: list[DiscoveredTheme] = []
    for candidate in found:
        if any(candidate.term in other.term.split() and other.n >= 0.8 * candidate.n for other in kept):
            continue
        kept.append(candidate)
    return kept[:limit]


def _names_someone(term: str, redactor: Redactor) -> bool:
    """Whether a discovered term is itself PHI (a member ID, a phone number, a known name): terms are
    shown as they are, so one that names someone is never listed. Tokens are lower-cased, the ID
    patterns are not, hence the second look."""
    return bool(redactor.findings(term) or redactor.findings(term.upper()))


def _term_documents(
    items: Iterable[tuple[Verbatim, str]],
) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], str]]:
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for verbatim, language in items:
        stop = STOPWORDS.get(language, frozenset())
        words = [w for w in tokens(verbatim.text, language) if w not in stop and (len(w) > 2 or language == "zh")]
        words = [w for w in words if not w.isdigit()]
        joiner = "" if language == "zh" else " "
        terms = set(words) | {joiner.join(pair) for pair in itertools.pairwise(words)}
        for term in terms:
            counts[(term, language)] += 1
            examples.setdefault((term, language), verbatim.text)
    return counts, examples


def f1_scores(predicted: Sequence[set[str]], expected: Sequence[set[str]]) -> dict[str, float]:
    """Micro-averaged precision, recall and F1 of theme assignment over labeled verbatims."""
    true_positive = sum(len(p & e) for p, e in zip(predicted, expected, strict=True))
    predicted_total = sum(len(p) for p in predicted)
    expected_total = sum(len(e) for e in expected)
    precision = true_positive / predicted_total if predicted_total else math.nan
    recall = true_positive / expected_total if expected_total else math.nan
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "n": float(len(expected))}
