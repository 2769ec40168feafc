"""Which practice-library article answers a cluster of member questions, if any (through the library's
own search, `library.selectors.search`: BM25 over every published translation).

BM25 scores are not comparable between libraries of different sizes, so the relevance bar is a
coverage one: for each language the cluster was asked in, the library is searched for its most
frequent words (`QuestionCluster.terms`), and a practice found answers the cluster when it holds at
least half of those words — and at least two of them when there are two or more — each word checked
by a search of its own (stemmed like the library's index, across the practice's translations). The
best such practice (by the search's rank, languages in the order en, es, zh) is the cluster's
article; a cluster none passes is "unanswered" and listed for the library's editors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from heartline.core.contracts import Caller
from heartline.library.selectors import search
from heartline.transcripts.asking import QuestionCluster

COVERAGE = 0.5
CANDIDATES = 5
TERM_DEPTH = 50  # practices read per single-word search


@dataclass(frozen=True)
class ArticleMatch:
    """The practice that answers a cluster: shown in `language`, holding `covered` of `of` words."""

    article_id: int
    title: str
    url: str
    language: str
    covered: int
    of: int

    def as_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "language": self.language,
            "covered": self.covered,
            "of": self.of,
        }


class ArticleFinder:
    """Finds clusters' articles for one caller, remembering each word's search across clusters."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        self._groups: dict[tuple[str, str], frozenset[int]] = {}

    def _groups_with(self, word: str, language: str) -> frozenset[int]:
        key = (word, language)
        if key not in self._groups:
            page = search(self.caller, word, prefer=language, limit=TERM_DEPTH)
            # A correction ("did you mean") is another word: only what the word itself matched counts.
            self._groups[key] = (
                frozenset() if page.results.corrections else frozenset(hit.group_id for hit in page.results.hits)
            )
        return self._groups[key]

    @staticmethod
    def needed(words: int) -> int:
        """How many of a language's `words` a practice must hold to answer the cluster."""
        return max(math.ceil(COVERAGE * words), min(2, words))

    def article_for(self, cluster: QuestionCluster) -> ArticleMatch | None:
        for language in ("en", "es", "zh"):
            words = cluster.terms.get(language, ())
            if not words:
                continue
            page = search(self.caller, " ".join(words), prefer=language, limit=CANDIDATES)
            for hit in page.results.hits:
                covered = sum(1 for word in words if hit.group_id in self._groups_with(word, language))
                if covered >= self.needed(len(words)):
                    return ArticleMatch(
                        article_id=hit.article_id,
                        title=hit.title,
                        url=f"/library/a/{hit.article_id}/",
                        language=hit.language,
                        covered=covered,
                        of=len(words),
                    )
        return None
