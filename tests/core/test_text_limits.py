"""The one table of free-text lengths (heartline.core.bounds): at the limit accepted, past it refused
naming the field and the limit (issue 13)."""

from __future__ import annotations

import pytest

from heartline.core.bounds import DOCUMENT_CHARS, NAME_CHARS, NOTE_CHARS, TEXT_LIMITS, check_lines, check_text
from heartline.core.errors import ActionRefused


def test_text_at_its_limit_is_returned_unchanged() -> None:
    text = "é" * NOTE_CHARS  # characters, not bytes

    assert check_text(text, "notes", NOTE_CHARS) is text


def test_text_one_past_its_limit_is_refused_naming_the_field_and_the_limit() -> None:
    with pytest.raises(ActionRefused) as refused:
        check_text("x" * (NOTE_CHARS + 1), "notes", NOTE_CHARS)

    assert str(refused.value) == "notes is 5,001 characters long; at most 5,000 are allowed"


def test_lines_are_checked_one_by_one_and_together() -> None:
    with pytest.raises(ActionRefused, match="looks_like is 5,001 characters long"):
        check_lines(["x" * 2500, "y" * 2500], "looks_like", NOTE_CHARS)


def test_the_table_names_each_kind_of_field_once() -> None:
    assert dict(TEXT_LIMITS) == {"label": 120, "name": 200, "short note": 300, "note": 5_000, "document": 100_000}
    assert (NAME_CHARS, NOTE_CHARS, DOCUMENT_CHARS) == (200, 5_000, 100_000)
