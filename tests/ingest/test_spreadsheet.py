"""Cells a spreadsheet would run as formulas are written as text (OWASP "CSV Injection")."""

from __future__ import annotations

import pyarrow as pa
import pytest

from heartline.ingest.spreadsheet import spreadsheet_safe, spreadsheet_safe_column


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_a_value_starting_like_a_formula_gets_a_leading_apostrophe(value: str) -> None:
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["", "claims", "1-2", "a=b", " =1", "'=1"])
def test_any_other_value_is_written_as_it_is(value: str) -> None:
    assert spreadsheet_safe(value) == value


def test_a_column_is_made_safe_value_by_value() -> None:
    column = pa.chunked_array([["=1", None, "ok"], ["-5", "@x"]])

    assert spreadsheet_safe_column(column).to_pylist() == ["'=1", None, "ok", "'-5", "'@x"]


def test_a_column_that_is_not_text_is_left_as_it_is() -> None:
    column = pa.array([-1, 2])

    assert spreadsheet_safe_column(column).equals(column)
