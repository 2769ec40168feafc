"""The library's full-text index (tantivy): what it holds, how it changes, how it answers a query.

One document per published article (one language of a practice). Its Latin-script text is indexed
by the stemming analyzer of the article's language (`*_en` or `*_es` fields), its Chinese text,
segmented by jieba, in the `*_zh` fields, so a mixed page is findable by either part. BM25 ranks;
titles count double. Results are per practice (translation group): a query that matches one
translation finds the practice, which is shown in the reader's language when it exists. Helpful
votes and views, supplied live by the caller, lift a practice mildly:
`score × (1 + 0.08·ln(1 + helpful) + 0.02·ln(1 + views))`.

The index is a folder under HEARTLINE_HOME and survives restarts. Writes from any process are
serialised by a file lock beside it (tantivy allows one writer at a time and refuses a second).
This module knows nothing of Django: it is fed plain `IndexedArticle` values.
"""

from __future__ import annotations

import fcntl
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tantivy import Document, Index, IndexWriter, Occur, Query, SchemaBuilder, Searcher

from heartline.library.search.analysis import (
    CHINESE_STOP_WORDS,
    EN_ANALYZER,
    ES_ANALYZER,
    WORDS_ANALYZER,
    ZH_ANALYZER,
    analyzers,
    chinese_words,
    latin_words,
    query_language,
    split_scripts,
)
from heartline.library.search.snippets import QueryTerms, highlight_title, snippet_html
from heartline.library.search.spelling import corrections

SCHEMA_VERSION = 1
LANGUAGE_CODES = {"en": 0, "es": 1, "zh": 2}
LANGUAGES = {code: language for language, code in LANGUAGE_CODES.items()}
TITLE_BOOST = 2.0
HELPFUL_WEIGHT = 0.08
VIEWS_WEIGHT = 0.02
# How many matching pages are read to form the practices shown (grows with the page asked for,
# up to MAX_CANDIDATES: tantivy allocates room for `limit` hits up front, so an unbounded page
# number would exhaust memory and abort the process).
CANDIDATES = 200
MAX_CANDIDATES = 4_000
# The deepest result a search pages to (offset + limit); deeper pages are empty.
MAX_DEPTH = 1_000
WRITER_HEAP = 64_000_000


@dataclass(frozen=True)
class IndexedArticle:
    """What the index keeps of one published article."""

    article_id: int
    group_id: int
    language: str
    kind: str
    title: str
    text: str
    unit: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchFilters:
    """Only these kinds, tags and units (any of each list; a unit also keeps the articles written
    for every unit, whose unit is blank); `languages`: show only practices that have a translation
    in one of them, in that translation."""

    kinds: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


NO_FILTERS = SearchFilters()


@dataclass(frozen=True)
class Popularity:
    helpful: int = 0
    views: int = 0

    def boost(self) -> float:
        return 1.0 + HELPFUL_WEIGHT * math.log1p(max(self.helpful, 0)) + VIEWS_WEIGHT * math.log1p(max(self.views, 0))


PopularityOf = Callable[[Sequence[int]], Mapping[int, Popularity]]


@dataclass(frozen=True)
class SearchHit:
    """One practice found: the translation shown, and where the query matched best."""

    article_id: int
    group_id: int
    language: str
    matched_language: str
    kind: str
    unit: str
    tags: tuple[str, ...]
    title: str
    title_html: str
    snippet_html: str
    score: float


@dataclass(frozen=True)
class SearchResults:
    query: str
    hits: list[SearchHit]
    total: int  # practices matched (among the first `CANDIDATES`-odd pages)
    language: str  # the language results are shown in where a translation exists
    suggestion: str | None = None  # the query with misspelled words corrected
    corrections: dict[str, str] = field(default_factory=dict)


def build_schema() -> Any:
    builder = SchemaBuilder()
    builder.add_integer_field("article_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("group_id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("lang_code", stored=True, indexed=True, fast=True)
    for name in ("kind", "unit", "tag"):
        builder.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("title", stored=True)
    builder.add_bytes_field("text", stored=True)
    for part, analyzer in (("en", EN_ANALYZER), ("es", ES_ANALYZER), ("zh", ZH_ANALYZER)):
        builder.add_text_field(f"title_{part}", tokenizer_name=analyzer, index_option="freq")
        builder.add_text_field(f"body_{part}", tokenizer_name=analyzer, index_option="freq")
    builder.add_text_field("words", tokenizer_name=WORDS_ANALYZER, index_option="basic")
    return builder.build()


class LibraryIndex:
    """The index folder at `path` (created when missing), ready to search and to write."""

    def __init__(self, path: Path) -> None:
        self.path = path / f"v{SCHEMA_VERSION}"
        self.path.mkdir(parents=True, exist_ok=True)
        self.lock_path = path / "writer.lock"
        self.schema = build_schema()
        self.index = Index(self.schema, path=str(self.path), reuse=True)
        for name, analyzer in analyzers().items():
            self.index.register_tokenizer(name, analyzer)

    # -- writing ------------------------------------------------------------------------------

    @contextmanager
    def _writer(self, heap: int = WRITER_HEAP, threads: int = 1) -> Iterator[IndexWriter]:
        with self.lock_path.open("a+") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                writer = self.index.writer(heap_size=heap, num_threads=threads)
                try:
                    yield writer
                except BaseException:
                    writer.rollback()
                    raise
                writer.commit()
                writer.wait_merging_threads()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self.index.reload()

    def put(self, articles: Iterable[IndexedArticle]) -> int:
        """Add or replace these articles (by article id); returns how many."""
        count = 0
        with self._writer() as writer:
            for article in articles:
                writer.delete_documents_by_term("article_id", article.article_id)
                writer.add_document(self.document(article))
                count += 1
        return count

    def remove(self, article_ids: Iterable[int]) -> None:
        with self._writer() as writer:
            for article_id in article_ids:
                writer.delete_documents_by_term("article_id", article_id)

    def rebuild(
        self, articles: Iterable[IndexedArticle], progress: Callable[[int], None] | None = None, threads: int = 2
    ) -> int:
        """Replace the whole index with `articles`; readers see the old index until the commit."""
        count = 0
        with self._writer(heap=256_000_000, threads=threads) as writer:
            writer.delete_all_documents()
            for article in articles:
                writer.add_document(self.document(article))
                count += 1
                if progress is not None and count % 1000 == 0:
                    progress(count)
        if progress is not None:
            progress(count)
        return count

    @staticmethod
    def document(article: IndexedArticle) -> Document:
        title, text = split_scripts(article.title), split_scripts(article.text)
        latin = "es" if article.language == "es" else "en"
        doc = Document()
        doc.add_integer("article_id", article.article_id)
        doc.add_integer("group_id", article.group_id)
        doc.add_integer("lang_code", LANGUAGE_CODES[article.language])
        doc.add_text("kind", article.kind)
        doc.add_text("unit", article.unit)
        for tag in article.tags:
            doc.add_text("tag", tag)
        doc.add_bytes("title", article.title.encode())
        doc.add_bytes("text", article.text.encode())
        doc.add_text(f"title_{latin}", title.latin)
        doc.add_text(f"body_{latin}", f"{text.latin}\n{' '.join(article.tags)}")
        doc.add_text("title_zh", title.chinese)
        doc.add_text("body_zh", text.chinese)
        doc.add_text("words", f"{title.latin}\n{text.latin}")
        return doc

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        return int(self.index.searcher().num_docs)

    def search(
        self,
        text: str,
        filters: SearchFilters = NO_FILTERS,
        *,
        prefer: str | None = None,
        limit: int = 10,
        offset: int = 0,
        popularity: PopularityOf | None = None,
    ) -> SearchResults:
        """Practices matching `text` within `filters`, best first, shown in `prefer` (or the query's
        evident language, or the language it matched best in) where a translation exists."""
        searcher = self.index.searcher()
        latin = latin_words(text)
        fixed = corrections(
            latin,
            lambda word: self._pages_using(searcher, word),
            lambda first: searcher.terms_with_prefix("words", first),
        )
        terms = self._terms(text, list(fixed.values()))
        if terms.empty:
            return SearchResults(query=text, hits=[], total=0, language=prefer or "en")
        offset = max(offset, 0)
        limit = max(min(limit, MAX_DEPTH - offset), 0)
        query = self._filtered(self._text_query(terms), filters)
        wanted = min(max(CANDIDATES, (offset + limit) * 4), MAX_CANDIDATES)
        hits = searcher.search(query, limit=wanted).hits
        addresses = [address for _, address in hits]
        group_ids = searcher.fast_field_values("group_id", addresses)
        codes = searcher.fast_field_values("lang_code", addresses)
        # group id → {language → (score, address)}; the first (best) hit of a group is its score.
        groups: dict[int, dict[str, tuple[float, Any]]] = {}
        for (score, address), gid, code in zip(hits, group_ids, codes, strict=True):
            groups.setdefault(int(gid or 0), {}).setdefault(LANGUAGES[int(code or 0)], (float(score), address))
        shown_language = prefer or query_language(text) or self._latin_language(searcher, terms)
        targets = list(filters.languages) or [shown_language]
        self._add_translations(searcher, groups, targets[0], filters)
        ranked = self._rank(groups, filters, popularity)
        page = ranked[offset : offset + limit]
        found = [self._hit(searcher, gid, score, groups[gid], targets, terms) for gid, score in page]
        suggestion = " ".join(fixed.get(w, w) for w in latin) if fixed else None
        return SearchResults(
            query=text,
            hits=found,
            total=len(ranked),
            language=targets[0],
            suggestion=suggestion,
            corrections=fixed,
        )

    @staticmethod
    def _pages_using(searcher: Searcher, word: str) -> int:
        """Pages with `word` itself, or a word of the same stem in English or Spanish ("handoff" is
        no misspelling when pages say "handoffs")."""
        pages = int(searcher.doc_freq("words", word))
        for part, analyzer in (("en", EN_ANALYZER), ("es", ES_ANALYZER)):
            for stem in analyzers()[analyzer].analyze(word):
                pages += int(searcher.doc_freq(f"body_{part}", stem)) + int(searcher.doc_freq(f"title_{part}", stem))
        return pages

    @staticmethod
    def _latin_language(searcher: Searcher, terms: QueryTerms) -> str:
        """English or Spanish, for a query in Latin script: the language whose pages use more of its
        words (ties go to English)."""

        def known(part: str, stems: frozenset[str]) -> int:
            return sum(
                1 for s in stems if searcher.doc_freq(f"body_{part}", s) or searcher.doc_freq(f"title_{part}", s)
            )

        return "es" if known("es", terms.spanish) > known("en", terms.english) else "en"

    @staticmethod
    def _terms(text: str, extra_words: list[str]) -> QueryTerms:
        latin = " ".join([split_scripts(text).latin, *extra_words])
        chinese = [w for w in chinese_words(text) if w not in CHINESE_STOP_WORDS]
        return QueryTerms(
            english=frozenset(analyzers()[EN_ANALYZER].analyze(latin)),
            spanish=frozenset(analyzers()[ES_ANALYZER].analyze(latin)),
            chinese=frozenset(w.lower() for w in chinese),
        )

    def _text_query(self, terms: QueryTerms) -> Query:
        clauses: list[tuple[Occur, Query]] = []
        for part, words in (("en", terms.english), ("es", terms.spanish), ("zh", terms.chinese)):
            for word in sorted(words):
                title = Query.term_query(self.schema, f"title_{part}", word)
                clauses.append((Occur.Should, Query.boost_query(title, TITLE_BOOST)))
                clauses.append((Occur.Should, Query.term_query(self.schema, f"body_{part}", word)))
        return Query.boolean_query(clauses)

    def _filtered(self, query: Query, filters: SearchFilters) -> Query:
        clauses: list[tuple[Occur, Query]] = [(Occur.Must, query)]
        # An article with no unit is for every unit, so it stays in a unit's results.
        units = (*filters.units, "") if filters.units else ()
        for name, values in (("kind", filters.kinds), ("tag", filters.tags), ("unit", units)):
            if values:
                clauses.append((Occur.Must, Query.term_set_query(self.schema, name, list(values))))
        return Query.boolean_query(clauses) if len(clauses) > 1 else query

    def _add_translations(
        self, searcher: Searcher, groups: dict[int, dict[str, tuple[float, Any]]], language: str, filters: SearchFilters
    ) -> None:
        """Find the `language` translation of the groups whose matches were all in other languages."""
        missing = [gid for gid, found in groups.items() if language not in found]
        if not missing:
            return
        lookup = Query.boolean_query(
            [
                (Occur.Must, Query.term_set_query(self.schema, "group_id", missing)),
                (Occur.Must, Query.term_query(self.schema, "lang_code", LANGUAGE_CODES[language])),
            ]
        )
        hits = searcher.search(self._filtered(lookup, filters), limit=len(missing)).hits
        addresses = [address for _, address in hits]
        for gid, address in zip(searcher.fast_field_values("group_id", addresses), addresses, strict=True):
            groups[int(gid or 0)][language] = (0.0, address)

    @staticmethod
    def _rank(
        groups: dict[int, dict[str, tuple[float, Any]]], filters: SearchFilters, popularity: PopularityOf | None
    ) -> list[tuple[int, float]]:
        eligible = [
            gid
            for gid, found in groups.items()
            if not filters.languages or any(lang in found for lang in filters.languages)
        ]
        boosts = popularity(eligible) if popularity is not None and eligible else {}
        scored = []
        for gid in eligible:
            relevance = max(score for score, _ in groups[gid].values())
            scored.append((gid, relevance * boosts.get(gid, Popularity()).boost()))
        scored.sort(key=lambda pair: (-pair[1], pair[0]))
        return scored

    @staticmethod
    def _hit(
        searcher: Searcher,
        gid: int,
        score: float,
        found: dict[str, tuple[float, Any]],
        targets: list[str],
        terms: QueryTerms,
    ) -> SearchHit:
        matched_language = max(found, key=lambda lang: found[lang][0])
        language = next((lang for lang in targets if lang in found), matched_language)
        address = found[language][1]
        doc = searcher.doc(address)
        title, text = _stored_text(doc, "title"), _stored_text(doc, "text")
        return SearchHit(
            article_id=int(doc.get_first("article_id") or 0),
            group_id=gid,
            language=language,
            matched_language=matched_language,
            kind=str(doc.get_first("kind")),
            unit=str(doc.get_first("unit") or ""),
            tags=tuple(str(t) for t in doc.get_all("tag")),
            title=title,
            title_html=highlight_title(title, language, terms),
            snippet_html=snippet_html(text, language, terms),
            score=score,
        )


def _stored_text(doc: Document, name: str) -> str:
    value = doc.get_first(name)
    return bytes(value).decode() if isinstance(value, (bytes, list)) else ""
