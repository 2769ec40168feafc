"""The ingest engine: files and API batches of any tabular kind, checked a column at a time, then stored.

It knows no app. A kind (contacts, cases, survey responses…) plugs in as one `NativeFormat` — its
fields, its warehouse table, and optionally a `fill` for columns Heartline supplies, an `extra_check`
of its own and `vendor_readers` for other layouts — declared in its app's module. The engine reads
(`readers`: CSV, Parquet, JSON Lines, API records), checks (`validation`), reports every problem of
every input by file, row, field and reason (`report`), and stores the valid rows in one idempotent
warehouse batch (`engine`). `api.add_ingest_endpoint` mounts the same path as `POST /{kind}`;
`kinds` is the registry behind `heartline ingest KIND`. docs/architecture.md, "Ingest engine".
"""

from heartline.ingest.formats import FieldKind, FieldRule, NativeFormat, VendorReader
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
