"""Helpers for the FHIR tests: write resources as NDJSON (gzip or not) or a Bundle, load them."""

from __future__ import annotations

import gzip
import json
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from heartline.core.scoping import OPERATOR
from heartline.ingest.outcome import IngestOptions, IngestReport
from heartline.members.fhir.loading import load_inputs
from heartline.members.fhir.reading import read_path
from heartline.warehouse.store import Warehouse

DATA = Path(__file__).parent / "data"


def write_ndjson(folder: Path, resources: Sequence[dict[str, Any]], compress: bool = False) -> list[Path]:
    """One `<Type>.ndjson` (or `.ndjson.gz`) per resource type, as a Bulk Data export writes them."""
    by_type: dict[str, list[str]] = defaultdict(list)
    for resource in resources:
        by_type[resource["resourceType"]].append(json.dumps(resource))
    paths = []
    folder.mkdir(parents=True, exist_ok=True)
    for kind, lines in by_type.items():
        text = "\n".join(lines) + "\n"
        path = folder / (f"{kind}.ndjson.gz" if compress else f"{kind}.ndjson")
        path.write_bytes(gzip.compress(text.encode()) if compress else text.encode())
        paths.append(path)
    return paths


def write_bundle(path: Path, resources: Sequence[dict[str, Any]], kind: str = "collection") -> Path:
    entries = [{"fullUrl": f"http://example.org/fhir/{r['resourceType']}/{r['id']}", "resource": r} for r in resources]
    path.write_text(json.dumps({"resourceType": "Bundle", "type": kind, "entry": entries}, indent=2))
    return path


def load(
    paths: Sequence[Path], warehouse: Warehouse, skip_bad: bool = False, parallel_from: int = 4_000
) -> IngestReport:
    return load_inputs(
        OPERATOR,
        [read_path(p) for p in paths],
        IngestOptions(skip_bad=skip_bad),
        warehouse=warehouse,
        parallel_from=parallel_from,
    )
