"""An id that appears on more than one row of one input: every such row is bad, naming the other row.

Two rows with the same natural key in one file (or one API batch) are two different records that
claim the same id — merging them would silently keep one and drop the other. So each of them is a
problem on the key field: the first names the row the id appears again at, each later one the row
it first appeared at (`"X-30" appears again (first at row 3)`). With --skip-bad all of them are left
out. Found with one group-by over the whole input, never row by row. Repeats across the files of one
ingest are not checked here: a later file replaces an earlier one (docs/data-formats.md).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.ingest.formats import NativeFormat
from heartline.ingest.validation import SHOWN_VALUE_LENGTH, Checked, flag_indices


def _key_of(table: pa.Table, fmt: NativeFormat) -> pa.ChunkedArray:
    """The natural key of each row; a key of several columns (a queue and an interval) as one text,
    shown as "q-medicare · 2026-12-07 14:00:00+00:00" and reported on its first field."""
    names = fmt.table.natural_key
    if len(names) == 1:
        return table.column(names[0])
    parts = [pc.cast(table.column(name), pa.string()) for name in names]
    return pc.binary_join_element_wise(*parts, " · ")


def flag_repeated_keys(checked: Checked, fmt: NativeFormat, row_numbers: np.ndarray) -> Checked:
    """`checked` with every row whose key another row of the input also has marked bad."""
    key = _key_of(checked.table, fmt)
    present = len(key) - key.null_count
    if present < 2:
        return checked
    distinct = len(pc.unique(key)) - (1 if key.null_count else 0)  # unique: ~3x faster than count_distinct
    if distinct == present:
        return checked
    rows = pa.array(row_numbers, pa.int64())
    keyed = pa.table({"key": key, "index": pa.array(np.arange(len(key), dtype=np.int64))}).filter(pc.is_valid(key))
    groups = keyed.group_by("key", use_threads=False).aggregate([("index", "min"), ("index", "count")])
    groups = groups.filter(pc.greater(groups.column("index_count"), 1)).drop_columns(["index_count"])
    repeats = keyed.join(groups, "key", join_type="inner", use_threads=False)
    is_first = pc.equal(repeats.column("index"), repeats.column("index_min"))
    later = repeats.filter(pc.invert(is_first))
    seconds = later.group_by("key", use_threads=False).aggregate([("index", "min")])
    seconds = seconds.rename_columns(["key", "index_second"])
    repeats = repeats.join(seconds, "key", join_type="inner", use_threads=False).sort_by("index")
    is_first = pc.equal(repeats.column("index"), repeats.column("index_min"))
    shown = pc.utf8_slice_codeunits(repeats.column("key"), 0, SHOWN_VALUE_LENGTH)
    first_row = pc.take(rows, repeats.column("index_min")).cast(pa.string())
    second_row = pc.take(rows, repeats.column("index_second")).cast(pa.string())
    reasons = pc.if_else(
        is_first,
        pc.binary_join_element_wise('"', shown, '" appears again at row ', second_row, ""),
        pc.binary_join_element_wise('"', shown, '" appears again (first at row ', first_row, ")", ""),
    )
    return flag_indices(checked, fmt, fmt.key, repeats.column("index"), reasons)
