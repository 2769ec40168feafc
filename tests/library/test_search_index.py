"""The search index on its own (no database): analysis per language, translations, filters,
snippets, spelling suggestions, ranking and persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from heartline.library.search.index import IndexedArticle, LibraryIndex, Popularity, SearchFilters

DENIAL_EN = IndexedArticle(
    1,
    10,
    "en",
    "how_to",
    "Explaining a claim denial",
    "Read the denial code aloud, explain it plainly, and give the appeal deadline.",
)
DENIAL_ES = IndexedArticle(
    2,
    10,
    "es",
    "how_to",
    "Cómo explicar una reclamación denegada",
    "Lea el código de denegación, explíquelo con palabras sencillas y dé el plazo de apelación.",
)
DENIAL_ZH = IndexedArticle(3, 10, "zh", "how_to", "如何解释理赔被拒", "读出拒赔代码，用简单的话解释，并告知申诉期限。")
CARD_EN = IndexedArticle(
    4,
    11,
    "en",
    "tool",
    "ID card replacement checklist",
    "Verify identity, confirm the mailing address, order the card. Members often say 补办会员卡.",
    unit="commercial",
    tags=("id-card", "checklist"),
)
PA_ZH = IndexedArticle(
    5,
    12,
    "zh",
    "practice",
    "药房事先授权：一次解决",
    "代表在电话中直接联系药房专家，Medicare 会员的事先授权当天完成。",
    tags=("pharmacy",),
)


@pytest.fixture
def index(tmp_path: Path) -> LibraryIndex:
    built = LibraryIndex(tmp_path / "index")
    built.put([DENIAL_EN, DENIAL_ES, DENIAL_ZH, CARD_EN, PA_ZH])
    return built


def ids(results: object) -> list[int]:
    return [hit.article_id for hit in results.hits]  # type: ignore[attr-defined]


def test_english_stemming_finds_a_denial_from_denials(index: LibraryIndex) -> None:
    assert ids(index.search("denials explained", prefer="en")) == [1]


def test_spanish_stemming_and_accents_find_the_spanish_page(index: LibraryIndex) -> None:
    results = index.search("reclamaciones denegadas")
    assert ids(results) == [2]
    assert results.language == "es"


def test_chinese_is_segmented_so_a_question_finds_the_page(index: LibraryIndex) -> None:
    results = index.search("理赔为什么被拒")
    assert ids(results) == [3]
    assert results.language == "zh"


def test_a_practice_is_one_result_in_the_language_asked_for(index: LibraryIndex) -> None:
    assert ids(index.search("理赔被拒", prefer="es")) == [2]


def test_a_query_finds_the_translation_in_the_readers_language(index: LibraryIndex) -> None:
    results = index.search("denial code", prefer="zh")
    assert ids(results) == [3]
    assert results.hits[0].matched_language == "en"


def test_chinese_phrases_inside_an_english_page_are_found(index: LibraryIndex) -> None:
    assert ids(index.search("补办会员卡"))[0] == 4


def test_english_words_inside_a_chinese_page_are_found(index: LibraryIndex) -> None:
    assert ids(index.search("Medicare")) == [5]


def test_filters_by_kind_tag_unit_and_language(index: LibraryIndex) -> None:
    assert ids(index.search("card denial", SearchFilters(kinds=("tool",)))) == [4]
    assert ids(index.search("card denial", SearchFilters(tags=("id-card",)))) == [4]
    assert ids(index.search("card denial", SearchFilters(languages=("zh",)))) == [3]


def test_a_unit_filter_leaves_out_other_units_and_keeps_articles_for_every_unit(index: LibraryIndex) -> None:
    assert ids(index.search("card denial", SearchFilters(units=("medicare",)))) == [1]
    assert sorted(ids(index.search("card denial", SearchFilters(units=("commercial",))))) == [1, 4]


def test_snippets_mark_the_matched_words_and_escape_the_page(tmp_path: Path) -> None:
    index = LibraryIndex(tmp_path / "index")
    index.put(
        [IndexedArticle(9, 90, "en", "story", "A <b>bold</b> title", "Denials & <script>alert(1)</script> appeals")]
    )
    hit = index.search("appeal").hits[0]
    assert hit.snippet_html == "Denials &amp; &lt;script&gt;alert(1)&lt;/script&gt; <mark>appeals</mark>"
    assert hit.title_html == "A &lt;b&gt;bold&lt;/b&gt; title"


def test_a_misspelled_word_is_suggested_and_searched_corrected(index: LibraryIndex) -> None:
    results = index.search("card chekclist")
    assert results.suggestion == "card checklist"
    assert ids(results) == [4]


def test_a_word_whose_stem_the_pages_use_is_not_called_misspelled(index: LibraryIndex) -> None:
    assert index.search("denial").suggestion is None  # the pages say "denials" and "denial"


def test_helpful_votes_lift_a_practice_among_equally_relevant_ones(tmp_path: Path) -> None:
    index = LibraryIndex(tmp_path / "index")
    index.put([IndexedArticle(i, i, "en", "how_to", "Warm transfer script", "Introduce the member.") for i in (1, 2)])
    assert ids(index.search("warm transfer")) == [1, 2]
    assert ids(index.search("warm transfer", popularity=lambda gids: {2: Popularity(helpful=58, views=900)})) == [2, 1]


def test_popularity_does_not_outrank_a_far_better_match(tmp_path: Path) -> None:
    index = LibraryIndex(tmp_path / "index")
    index.put(
        [
            IndexedArticle(
                1, 1, "en", "how_to", "Warm transfer script", "Warm transfer: introduce the member, warm transfer."
            ),
            IndexedArticle(2, 2, "en", "how_to", "Holiday schedule", "Our transfer desk closes early."),
        ]
    )
    popular = {2: Popularity(helpful=58, views=900)}
    assert ids(index.search("warm transfer", popularity=lambda gids: popular)) == [1, 2]


def test_the_index_survives_a_restart_and_follows_removals(index: LibraryIndex) -> None:
    index.remove([4])
    reopened = LibraryIndex(index.path.parent)
    assert reopened.count() == 4
    assert ids(reopened.search("checklist")) == []


def test_replacing_an_article_keeps_one_document(index: LibraryIndex) -> None:
    index.put([IndexedArticle(4, 11, "en", "tool", "ID card replacement checklist", "Now with a new step.")])
    assert index.count() == 5
