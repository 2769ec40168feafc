"""The ingest engine: files and API batches of any tabular kind, checked a column at a time, then stored.

It knows no app. A kind (contacts, cases, survey responses…) plugs in as one `NativeFormat` — its
fields, its warehouse table, and optionally a `fill` for columns Heartline supplies, an `extra_check`
of its own and `vendor_readers` for other layouts — declared in its app's module. The engine reads
(`readers`: CSV, Parquet, JSON Lines, API records), checks (`validation`), reports every problem of
every input by file, row, field and reason (`report`), and stores the valid rows in one idempotent
warehouse batch (`engine`). `api.add_ingest_endpoint` mounts the same path as `POST /{kind}`;
`kinds` is the registry behind `heartline ingest KIND`. docs/architecture.md, "Ingest engine".
"""

from typing import TYPE_CHECKING, Any

from heartline.ingest.outcome import (
    IngestCounts,
    IngestForbiddenError,
    IngestOptions,
    IngestRefusedError,
    IngestReport,
    RecordsResult,
    StorageFullError,
    TooManyRecordsError,
)

if TYPE_CHECKING:
    from heartline.ingest.formats import FieldKind, FieldRule, NativeFormat, VendorReader

# The formats build on pyarrow: imported when a name is first used, not by every `import heartline.ingest`
# (app start-up registers ingest kinds and would otherwise import pyarrow for every command).
_FROM_FORMATS = frozenset({"FieldKind", "FieldRule", "NativeFormat", "VendorReader"})


def __getattr__(name: str) -> Any:
    if name in _FROM_FORMATS:
        from heartline.ingest import formats

        return getattr(formats, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FieldKind",
    "FieldRule",
    "IngestCounts",
    "IngestForbiddenError",
    "IngestOptions",
    "IngestRefusedError",
    "IngestReport",
    "NativeFormat",
    "RecordsResult",
    "StorageFullError",
    "TooManyRecordsError",
    "VendorReader",
]
