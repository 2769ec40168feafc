"""Helpers for the ingest tests: the sample files, a copy of them to ingest, and what the warehouse holds.

Inputs are copied into the test's own folder first: the ingest writes its report beside the input,
and the sample folder must stay as it is in the repository.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv

from heartline.ingest import IngestOptions
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec

DATA = Path(__file__).parent / "data"
TS = pa.timestamp("us", tz="UTC")


def sample(name: str, folder: Path) -> Path:
    """A copy of the sample file `name` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(DATA / name, folder / name))


def options(file_format: str = "native", skip_bad: bool = False) -> IngestOptions:
    return IngestOptions(format=file_format, skip_bad=skip_bad)


def stored(warehouse: Warehouse, spec: TableSpec) -> pa.Table:
    """The table's current rows, ordered by its natural key (empty when nothing was written)."""
    table = warehouse.open(spec)
    if table is None:
        return spec.empty()
    return table.to_pyarrow_table().sort_by([(k, "ascending") for k in spec.natural_key])


def stored_rows(warehouse: Warehouse, spec: TableSpec) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = stored(warehouse, spec).to_pylist()
    return rows


def typed_contacts_csv(path: Path) -> pa.Table:
    """A native contacts CSV read with Arrow's own typed parsing (independent of the ingest's checks)."""
    types = {
        **dict.fromkeys(("started_at", "answered_at", "ended_at"), TS),
        **{name: pa.int32() for name in ("hold_seconds", "talk_seconds", "wrap_seconds")},
        "consult_count": pa.int16(),
        "abandoned": pa.bool_(),
    }
    return pcsv.read_csv(path, convert_options=pcsv.ConvertOptions(column_types=types, strings_can_be_null=True))
