"""Cells of every CSV Heartline writes, made safe to open in a spreadsheet (CSV formula injection).

A spreadsheet opening a CSV runs a cell that starts with `=`, `+`, `-` or `@` as a formula — and a
value a member or a vendor typed (a contact `reason`, a survey verbatim, a name) can be made to start
so (`=HYPERLINK(…)`). Tab and carriage return are also treated as a formula start by some programs.
Such a cell is written with a leading `'`, which spreadsheets read as "this is text" and do not show
(OWASP, "CSV Injection"). Every CSV export routes its text cells through `spreadsheet_safe` (one value)
or `spreadsheet_safe_column` (a whole column, vectorised); a value read back from such a file keeps
the `'`, so docs/data-formats.md tells people to remove it when they correct a rejects file.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = r"^[=+\-@\t\r]"


def spreadsheet_safe(value: str) -> str:
    """`value`, with a `'` in front when a spreadsheet would take it for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def spreadsheet_safe_column(column: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Every text value of `column` as `spreadsheet_safe` would write it; other types are returned as they are."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return column
    formula = pc.fill_null(pc.match_substring_regex(column, _FORMULA_START), False)
    if not pc.any(formula).as_py():
        return column
    return pc.if_else(formula, pc.binary_join_element_wise("'", column, ""), column)
