"""What the files of one table version hold, read once from their Parquet footers.

Two facts make a point read cheap (docs/members.md, "Speed"): whether every file has the same
columns (then DuckDB reads them without matching columns by name, which costs it half the time of a
one-row-group read), and, for each column the table is clustered by, each file's range of values
(then a read of one value opens only the files whose range holds it). Files never change once
written, so a layout is good for as long as the table version it was read for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyarrow.parquet as pq

# A file's (lowest, highest) value of a column, None when its footer does not say.
Range = tuple[object, object] | None


@dataclass(frozen=True)
class FileLayout:
    """The data files of a table version, whether they share one schema, and per clustered column
    each file's range of values (in the order of `files`)."""

    files: tuple[str, ...]
    uniform: bool
    ranges: dict[str, tuple[Range, ...]] = field(default_factory=dict)

    def holding(self, column: str, value: object) -> tuple[str, ...] | None:
        """The files that may hold rows whose `column` equals `value`; None when the layout cannot
        tell (not a clustered column, or files of different schemas)."""
        ranges = self.ranges.get(column)
        if ranges is None or not self.uniform:
            return None
        return tuple(f for f, span in zip(self.files, ranges, strict=True) if _may_hold(span, value))


def _may_hold(span: Range, value: object) -> bool:
    if span is None:
        return True
    low, high = span
    try:
        return bool(low <= value <= high)  # type: ignore[operator]
    except TypeError:
        return True


def _local(uri: str) -> str | None:
    if uri.startswith("file://"):
        return uri.removeprefix("file://")
    return None if "://" in uri else uri


def _range(metadata: pq.FileMetaData, column: str) -> Range:
    names = metadata.schema.names
    if column not in names:
        return None
    index = names.index(column)
    lows, highs = [], []
    for group in range(metadata.num_row_groups):
        statistics = metadata.row_group(group).column(index).statistics
        if statistics is None or not statistics.has_min_max:
            return None
        lows.append(statistics.min)
        highs.append(statistics.max)
    if not lows:
        return None
    try:
        return min(lows), max(highs)
    except TypeError:
        return None


def _columns(metadata: pq.FileMetaData) -> tuple[tuple[str, str, str], ...]:
    """The file's columns as DuckDB reads them: names in order with their Parquet types (the Arrow
    types writers note beside them differ — `string` or `string_view` — and do not matter here)."""
    schema = metadata.schema
    return tuple(
        (column.path, str(column.physical_type), str(column.logical_type))
        for column in (schema.column(i) for i in range(len(schema)))
    )


def read_layout(files: Sequence[str], clustered_by: Sequence[str]) -> FileLayout:
    """The layout of `files` (URIs of one table version), from their footers. Files elsewhere than on
    this machine's disk are not read: their layout tells nothing (every read goes to every file)."""
    paths = [_local(f) for f in files]
    if not files or any(p is None for p in paths):
        return FileLayout(files=tuple(files), uniform=False)
    footers = [pq.ParquetFile(p).metadata for p in paths if p is not None]
    schemas = {_columns(footer) for footer in footers}
    ranges = {column: tuple(_range(footer, column) for footer in footers) for column in clustered_by}
    return FileLayout(files=tuple(files), uniform=len(schemas) == 1, ranges=ranges)
