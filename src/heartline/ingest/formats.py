"""A format: the fields one kind of record has, as data the vectorised checks read.

One `NativeFormat` per kind (`contacts`, `cases`, `survey-responses`, …), declared by the app that
owns the kind. Each field says how its text is checked and converted; the warehouse table says the
stored type. Columns the table has but the format does not (`team`) are filled by `fill` before
storing, never read from a file. Inputs in a vendor's layout (Amazon Connect) are read by a
`VendorReader` into the native columns and then checked by the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from heartline.warehouse.tables import TableSpec

if TYPE_CHECKING:
    from heartline.ingest.outcome import IngestOptions
    from heartline.ingest.readers import RawRecords
    from heartline.ingest.validation import Checked

INT32_MAX = 2**31 - 1
INT16_MAX = 2**15 - 1
TIMESTAMP = pa.timestamp("us", tz="UTC")  # how every TIME field is stored
# The longest TEXT value a field takes unless it says otherwise: ids, codes and short labels. Free text
# has its own bound (a survey verbatim: 5,000); none is unbounded, so a 1 MB value is refused, not stored.
TEXT_MAX_LENGTH = 200


class FieldKind(Enum):
    TEXT = "text"  # any text; empty is null
    CHOICE = "choice"  # one of `choices`, exactly as written
    TIME = "time"  # ISO 8601 date and time with an explicit offset (Z or ±hh:mm), stored in UTC
    COUNT = "count"  # a whole number from `minimum` (0 unless said) to `maximum`
    FLAG = "flag"  # true or false (any letter case)


@dataclass(frozen=True)
class FieldRule:
    name: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    maximum: int = INT32_MAX
    minimum: int = 0  # COUNT only; 0 or more
    max_length: int = TEXT_MAX_LENGTH  # TEXT only; in characters (Unicode code points)


# Reads a vendor's files into native columns: (format, files, options, HEARTLINE_HOME) → one RawRecords
# per input. A problem with the vendor's own settings (a bad mapping file) refuses every input.
VendorRead = Callable[["NativeFormat", Sequence[Path], "IngestOptions", Path], list["RawRecords"]]


@dataclass(frozen=True)
class VendorReader:
    """A `--format` other than native: how its files are read, and how its reports count rows."""

    read: VendorRead
    row_numbers: str  # e.g. "row numbers are the line each record starts on"


@dataclass(frozen=True)
class NativeFormat:
    """One kind of record in Heartline's own layout and the warehouse table it loads into."""

    kind: str
    table: TableSpec
    fields: tuple[FieldRule, ...]
    # (earlier, later): when both are present, `later` may not be before `earlier`.
    time_order: tuple[tuple[str, str], ...] = ()
    # Table columns that are filled by Heartline, never read from a file, with the reason why.
    filled_by_heartline: tuple[tuple[str, str], ...] = ()
    # Fills those columns on the valid rows just before they are stored (contacts' `team`).
    fill: Callable[[pa.Table], pa.Table] | None = None
    # A check of the kind's own after the shared column checks (see `validation.flag_rows`).
    extra_check: Callable[[Checked], Checked] | None = None
    # `--format` names other than "native" that this kind can be read from.
    vendor_readers: Mapping[str, VendorReader] = field(default_factory=dict)
    # Where people read the format's fields (named in the API description).
    documented_in: str = "docs/data-formats.md"

    @property
    def key(self) -> str:
        return self.table.natural_key[0]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    @property
    def file_formats(self) -> tuple[str, ...]:
        return ("native", *self.vendor_readers)

    def rule(self, name: str) -> FieldRule:
        for rule in self.fields:
            if rule.name == name:
                return rule
        raise KeyError(name)
