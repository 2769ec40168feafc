"""Which practice-library article answers a cluster of member questions, if any (through the library's
own search, `library.selectors.search_results`: BM25 over every published translation; each
practice's popularity, which lifts its rank, read once per finder).

BM25 scores are not comparable between libraries of different sizes, so the relevance bar is one of
weighted coverage: for each language the cluster was asked in, the library is searched for its most
frequent words (`QuestionCluster.terms`), and each word alone (stemmed like the library's index,
across a practice's translations). A word weighs its inverse document frequency, ln(1 + N / df) (N
practices in the library, df those holding the word; a word no practice holds weighs ln(1 + N)), so
"plan", in every practice, counts for little and "cardiologist" for much. A practice found answers
the cluster when the words it holds carry at least `COVERAGE` of the weight, and it holds at least
two of the words (one when there is one). Of the first `CANDIDATES` practices each language's search
finds, the one with the largest coverage (ties: the earlier language, en, es, zh, then the search's
rank) is the cluster's article; a cluster none passes is "unanswered", listed for the library's editors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from heartline.core.contracts import Caller
from heartline.library.selectors import popular, popularity_kept, search_results
from heartline.transcripts.asking import QuestionCluster

COVERAGE = 0.6
CANDIDATES = 5
TERM_DEPTH = 50  # practices read per single-word search
MAX_PRACTICES = 100_000


@dataclass(frozen=True)
class ArticleMatch:
    """The practice that answers a cluster: shown in `language`, holding `covered` of `of` words."""

    article_id: int
    title: str
    url: str
    language: str
    covered: int  # words of the cluster the practice holds
    of: int
    coverage: float  # the share of the words' weight they carry

    def as_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "language": self.language,
            "covered": self.covered,
            "of": self.of,
            "coverage": round(self.coverage, 3),
        }


class ArticleFinder:
    """Finds clusters' articles for one caller, remembering each word's search across clusters."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        self._groups: dict[tuple[str, str], tuple[frozenset[int], int]] = {}
        self._practices: int | None = None
        self._popularity = popularity_kept()  # one request: each practice's popularity read once

    @property
    def practices(self) -> int:
        """N: the practices in the library (translations together)."""
        if self._practices is None:
            self._practices = max(len(popular(self.caller, limit=MAX_PRACTICES)), 1)
        return self._practices

    def _groups_with(self, word: str, language: str) -> tuple[frozenset[int], int]:
        """The practices holding `word` (the first TERM_DEPTH), and how many hold it (df)."""
        key = (word, language)
        if key not in self._groups:
            results = search_results(word, prefer=language, limit=TERM_DEPTH, popularity=self._popularity)
            # A correction ("did you mean") is another word: only what the word itself matched counts.
            if results.corrections:
                self._groups[key] = (frozenset(), 0)
            else:
                self._groups[key] = (frozenset(hit.group_id for hit in results.hits), results.total)
        return self._groups[key]

    def weight(self, word: str, language: str) -> float:
        """ln(1 + N / df): a word few practices hold weighs much; one no practice holds, ln(1 + N)."""
        held_by = self._groups_with(word, language)[1]
        return math.log1p(self.practices / max(held_by, 1))

    def coverage(self, group_id: int, words: tuple[str, ...], language: str) -> tuple[int, float]:
        """How many of `words` practice `group_id` holds, and the share of their weight those carry."""
        weights = {word: self.weight(word, language) for word in words}
        held = [word for word in words if group_id in self._groups_with(word, language)[0]]
        total = sum(weights.values())
        return len(held), (sum(weights[w] for w in held) / total if total else 0.0)

    def article_for(self, cluster: QuestionCluster) -> ArticleMatch | None:
        """The practice that answers `cluster` best (the largest weighted coverage over its languages,
        ties to the earlier language and search rank), or None when none passes the bar."""
        best: ArticleMatch | None = None
        for language in ("en", "es", "zh"):
            words = cluster.terms.get(language, ())
            if not words:
                continue
            found = search_results(" ".join(words), prefer=language, limit=CANDIDATES, popularity=self._popularity)
            for hit in found.hits:
                covered, share = self.coverage(hit.group_id, words, language)
                if covered < min(2, len(words)) or share < COVERAGE or (best and share <= best.coverage):
                    continue
                best = ArticleMatch(
                    article_id=hit.article_id,
                    title=hit.title,
                    url=f"/library/a/{hit.article_id}/",
                    language=hit.language,
                    covered=covered,
                    of=len(words),
                    coverage=share,
                )
        return best
