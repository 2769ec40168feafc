"""What members are asking: the asking sentences of member turns, clustered across languages, named,
counted and compared with the previous period. Pure: fed plain values, knows nothing of Django.

Each question becomes a vector of two parts: the service topics it names (`asking_cues.TOPICS`, the
same topic in en/es/zh is one coordinate, so "How do I meet my deductible?", "¿Cómo llego a mi
deducible?" and "我的免赔额怎么算?" meet there) weighted `TOPIC_WEIGHT`, and the character 2–4-grams of
its folded text (TF-IDF), weighted `TEXT_WEIGHT`, which separate questions no topic names. The two
parts are L2-normalised and joined; questions are clustered by average linkage on cosine distance
(cut at `DISTANCE`); at most `MAX_CLUSTERED` questions, drawn with a fixed seed, form the clusters,
and every question then joins the cluster whose centre it is nearest (cosine ≥ `JOIN_SIMILARITY`;
otherwise it is counted as unclustered). The same questions give the same clusters.

A cluster is named by its most central question (in English where it has one) — text that was
redacted before it was stored — with its topics and most frequent words per language. Counts are
contacts, not sentences (a member who asks twice counts once). The trend compares the cluster's
share of the contacts that asked anything this period with its share in the previous period:
Newcombe's interval for the change (stats.proportion_difference); "up" only when the interval is above 0.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from heartline.stats.proportion_difference import ProportionChange, proportion_change
from heartline.transcripts.asking_cues import STOP_WORDS, TOPICS, TOPICS_BY_CODE, topics_of, without_placeholders
from heartline.voice.text import fold, tokens

TOPIC_WEIGHT = 1.0
TEXT_WEIGHT = 0.5
DISTANCE = 0.5  # average-linkage cut: cosine distance
JOIN_SIMILARITY = 0.5
MAX_CLUSTERED = 2_000
SEED = 17
MIN_QUESTIONS = 2  # a cluster is reported when this many questions (both periods) fall in it
EXAMPLES = 3
TERMS = 4
NAME_LENGTH = 120


@dataclass(frozen=True)
class AskedQuestion:
    """One asking sentence of a member turn (redacted text), and when its contact started."""

    contact_id: str
    language: str
    text: str
    day: dt.date
    current: bool  # in the period asked about; False: in the previous period of the same length


@dataclass(frozen=True)
class Example:
    language: str
    text: str


@dataclass(frozen=True)
class Trend:
    """The cluster's share of asking contacts, this period against the previous one."""

    this_n: int
    this_total: int
    previous_n: int
    previous_total: int
    change: ProportionChange | None  # None when a period has no asking contacts

    @property
    def direction(self) -> str:
        """up or down (the 95% interval of the change excludes 0), steady, or unknown (no previous period)."""
        if self.change is None:
            return "unknown"
        if self.change.ci_low > 0:
            return "up"
        if self.change.ci_high < 0:
            return "down"
        return "steady"

    def as_dict(self) -> dict[str, object]:
        change = self.change
        return {
            "direction": self.direction,
            "this_n": self.this_n,
            "this_total": self.this_total,
            "previous_n": self.previous_n,
            "previous_total": self.previous_total,
            "change": None if change is None else round(change.change, 4),
            "ci_low": None if change is None else round(change.ci_low, 4),
            "ci_high": None if change is None else round(change.ci_high, 4),
            "p_value": None if change is None or change.p_value != change.p_value else round(change.p_value, 4),
        }


@dataclass(frozen=True)
class QuestionCluster:
    key: str  # stable within one answer: its topics and central question
    name: str  # the most central question, redacted
    topics: tuple[str, ...]  # topic labels shared by most of its questions
    terms: dict[str, tuple[str, ...]]  # language → most frequent words of its questions
    n: int  # contacts asking it this period
    questions: int  # asking sentences this period
    languages: dict[str, int]  # language → contacts this period
    examples: tuple[Example, ...]
    trend: Trend


@dataclass(frozen=True)
class Asking:
    """Everything asked in a period: the clusters, largest first, and what fell outside them."""

    start: dt.date
    end: dt.date
    contacts: int  # contacts that asked anything this period
    questions: int  # asking sentences this period
    previous_contacts: int
    unclustered: int  # asking sentences this period in no reported cluster
    clusters: list[QuestionCluster] = field(default_factory=list)


def _features(questions: Sequence[AskedQuestion]) -> sparse.csr_matrix:
    codes = [t.code for t in TOPICS]
    rows, cols = [], []
    for i, q in enumerate(questions):
        for code in topics_of(q.text, q.language):
            rows.append(i)
            cols.append(codes.index(code))
    topic = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(questions), len(codes)))
    texts = [fold(without_placeholders(q.text)) for q in questions]
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    text = vectorizer.fit_transform(texts)
    joined = sparse.hstack([normalize(topic) * TOPIC_WEIGHT, normalize(text) * TEXT_WEIGHT]).tocsr()
    return normalize(joined)


def cluster_labels(vectors: sparse.csr_matrix, seed: int = SEED) -> list[int]:
    """A cluster number for each question's vector (`_features`; -1: near no cluster's centre)."""
    count = vectors.shape[0]
    if count == 0:
        return []
    if count == 1:
        return [0]
    chosen = np.arange(count)
    if count > MAX_CLUSTERED:
        chosen = np.sort(np.random.default_rng(seed).choice(count, MAX_CLUSTERED, replace=False))
    sample = vectors[chosen]
    distance = np.clip(1.0 - (sample @ sample.T).toarray(), 0.0, 2.0)
    model = AgglomerativeClustering(
        n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE
    )
    sample_labels = model.fit_predict(distance)
    centres = normalize(
        np.vstack([np.asarray(sample[sample_labels == label].mean(axis=0)) for label in range(sample_labels.max() + 1)])
    )
    similarity = np.asarray(vectors @ centres.T)
    best = similarity.argmax(axis=1)
    return [int(b) if similarity[i, b] >= JOIN_SIMILARITY else -1 for i, b in enumerate(best)]


def _terms(members: Sequence[AskedQuestion]) -> dict[str, tuple[str, ...]]:
    """Per language, the words most of its questions use: words of a topic first (card, tarjeta, 会员卡),
    then the others, each by how many questions use it (stop words, numbers and placeholders left out)."""
    by_language: dict[str, Counter[str]] = {}
    for q in members:
        words = {w for w in tokens(without_placeholders(q.text), q.language) if len(w) > 1 or q.language == "zh"}
        stop = STOP_WORDS.get(q.language, frozenset())
        by_language.setdefault(q.language, Counter()).update(w for w in words if w not in stop and not w.isdigit())
    return {
        language: tuple(
            w for w, _ in sorted(counts.items(), key=lambda p: (not topics_of(p[0], language), -p[1], p[0]))[:TERMS]
        )
        for language, counts in sorted(by_language.items())
    }


def _topics(members: Sequence[AskedQuestion]) -> tuple[str, ...]:
    counts = Counter(code for q in members for code in topics_of(q.text, q.language))
    shared = [code for code, n in counts.items() if n * 2 >= len(members)]
    return tuple(TOPICS_BY_CODE[c].label for c in (t.code for t in TOPICS) if c in shared)


def _central_first(members: Sequence[AskedQuestion], vectors: sparse.csr_matrix) -> list[AskedQuestion]:
    centre = normalize(np.asarray(vectors.mean(axis=0)))
    similarity = np.asarray(vectors @ centre.T).ravel()
    order = sorted(range(len(members)), key=lambda i: (-similarity[i], members[i].text))
    return [members[i] for i in order]


def _examples(central: Sequence[AskedQuestion]) -> tuple[Example, ...]:
    """Up to EXAMPLES distinct questions, one per language first, most central first."""
    picked: list[AskedQuestion] = []
    seen_texts: set[str] = set()
    for pass_ in (0, 1):
        for q in central:
            if len(picked) >= EXAMPLES:
                break
            if q.text in seen_texts or (pass_ == 0 and q.language in {p.language for p in picked}):
                continue
            picked.append(q)
            seen_texts.add(q.text)
    return tuple(Example(q.language, q.text) for q in picked)


def _trend(members: Sequence[AskedQuestion], this_total: int, previous_total: int) -> Trend:
    this_n = len({q.contact_id for q in members if q.current})
    previous_n = len({q.contact_id for q in members if not q.current})
    change = None
    if this_total > 0 and previous_total > 0:
        change = proportion_change(previous_n, previous_total, this_n, this_total)
    return Trend(this_n, this_total, previous_n, previous_total, change)


def _name(central: Sequence[AskedQuestion]) -> str:
    english = [q for q in central if q.language == "en"]
    text = (english or list(central))[0].text
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1].rstrip() + "…"


def summarize(questions: Sequence[AskedQuestion], start: dt.date, end: dt.date, seed: int = SEED) -> Asking:
    """The clusters of `questions` (both periods), each counted in this period and trended."""
    vectors = _features(questions) if questions else sparse.csr_matrix((0, 0))
    labels = cluster_labels(vectors, seed)
    this_total = len({q.contact_id for q in questions if q.current})
    previous_total = len({q.contact_id for q in questions if not q.current})
    groups: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        if label >= 0:
            groups.setdefault(label, []).append(index)
    clusters: list[QuestionCluster] = []
    for indexes in groups.values():
        members = [questions[i] for i in indexes]
        current = [q for q in members if q.current]
        if len(members) < MIN_QUESTIONS or not current:
            continue
        central = _central_first(members, vectors[indexes])
        central_now = [q for q in central if q.current]
        languages = Counter(language for language, _ in {(q.language, q.contact_id) for q in current})
        name = _name(central_now)
        topics = _topics(members)
        clusters.append(
            QuestionCluster(
                key=fold("|".join((*topics, name))),
                name=name,
                topics=topics,
                terms=_terms(members),
                n=len({q.contact_id for q in current}),
                questions=len(current),
                languages=dict(sorted(languages.items())),
                examples=_examples(central_now),
                trend=_trend(members, this_total, previous_total),
            )
        )
    clusters.sort(key=lambda c: (-c.n, -c.questions, c.name))
    reported = sum(c.questions for c in clusters)
    asked_now = sum(1 for q in questions if q.current)
    return Asking(
        start=start,
        end=end,
        contacts=this_total,
        questions=asked_now,
        previous_contacts=previous_total,
        unclustered=asked_now - reported,
        clusters=clusters,
    )
