"""Edit distance and suggestions (optimal string alignment, as defined by Damerau 1964 / Boytsov 2011:
a transposition of neighbours counts as one edit)."""

from heartline.library.search.spelling import best_correction, corrections, edit_distance


def test_edit_distances_of_textbook_pairs() -> None:
    # kitten → sitting needs 3 edits (k→s, e→i, +g): the classic Levenshtein example.
    assert edit_distance("kitten", "sitting", 5) == 3
    assert edit_distance("ca", "ac", 5) == 1  # one transposition
    assert edit_distance("flaw", "lawn", 5) == 2


def test_distance_stops_counting_past_the_limit() -> None:
    assert edit_distance("authorization", "appeal", 2) == 3


def test_the_closest_then_most_used_word_is_suggested() -> None:
    candidates = [("denial", 40), ("dental", 90), ("denials", 10)]
    assert best_correction("denail", candidates) == "denial"


def test_known_short_and_numeric_words_are_left_alone() -> None:
    found = corrections(["card", "id", "2024", "athorization"], lambda w: 0, lambda first: [("authorization", 3)])
    assert found == {"athorization": "authorization"}
