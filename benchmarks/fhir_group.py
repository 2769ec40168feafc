"""The `fhir` group: FHIR R4 ingest speed from Bulk Data NDJSON, beside a plain baseline in the same run.

Goal (from the member-view issue; reported, never asserted): >= 5,000 resources/s from NDJSON on 2
cores. Input: `RESOURCES` synthetic resources (`heartline.members.fhir.synthetic`: per member a
Patient, Coverage, two-line ExplanationOfBenefit, Encounter, Condition, MedicationRequest,
MedicationDispense and Consent), one NDJSON file per type.

- `heartline_first_load`: `heartline ingest fhir` end to end (read, R4B validation in worker
  processes, mapping, member ids resolved, app database and warehouse written) into an empty store;
- `heartline_reload`: the same files again (everything `unchanged`: checked, compared, nothing written);
- `heartline_check_only`: reading + validation + mapping alone (the worker-process part);
- `baseline_validate_one_by_one`: plain `json.loads` + fhir.resources R4B `model_validate` per line in
  one process — validation only, nothing mapped or stored.

Each section gives its wall-clock seconds and `cpu_seconds` (this process and its worker processes):
on a shared machine the wall clock follows the load average, the CPU time much less.
"""

from __future__ import annotations

import json
import resource as process_resources
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from harness import LoadWatch, note

RESOURCES = 40_000


def _write(folder: Path, count: int) -> list[Path]:
    from heartline.members.fhir.synthetic import member_resources

    by_type: dict[str, list[str]] = defaultdict(list)
    members = count // 8
    for n in range(1, members + 1):
        for resource in member_resources(n):
            by_type[resource["resourceType"]].append(json.dumps(resource))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, lines in by_type.items():
        path = folder / f"{kind}.ndjson"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths


def _cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the worker processes, once joined)."""
    mine, children = (
        process_resources.getrusage(process_resources.RUSAGE_SELF),
        process_resources.getrusage(process_resources.RUSAGE_CHILDREN),
    )
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _rate(count: int, seconds: float, cpu_seconds: float) -> dict[str, Any]:
    return {
        "resources": count,
        "seconds": round(seconds, 2),
        "resources_per_second": round(count / seconds),
        "cpu_seconds": round(cpu_seconds, 2),
    }


def run(scratch: Path) -> dict[str, Any]:
    from fhir.resources.R4B import get_fhir_model_class

    from heartline.core.scoping import OPERATOR
    from heartline.ingest.outcome import IngestOptions
    from heartline.members.fhir.checking import check_items, workers
    from heartline.members.fhir.loading import load_inputs
    from heartline.members.fhir.reading import read_path
    from heartline.warehouse.store import Warehouse

    note(f"fhir: writing {RESOURCES:,} synthetic resources as NDJSON")
    paths = _write(scratch / "ndjson", RESOURCES)
    count = sum(len(p.read_text().splitlines()) for p in paths)
    warehouse = Warehouse(scratch / "warehouse")
    report: dict[str, Any] = {"goal_resources_per_second": 5000, "worker_processes": workers()}

    note("fhir: baseline (json.loads + R4B model_validate, one by one)")
    with LoadWatch() as load:
        began, cpu_began = time.perf_counter(), _cpu_seconds()
        for path in paths:
            with path.open() as handle:
                for line in handle:
                    resource = json.loads(line)
                    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
        figures = _rate(count, time.perf_counter() - began, _cpu_seconds() - cpu_began)
    report["baseline_validate_one_by_one"] = {**figures, "load_average": load.summary()}

    note("fhir: check only (read, validate, map)")
    with LoadWatch() as load:
        began, cpu_began = time.perf_counter(), _cpu_seconds()
        inputs = [read_path(p) for p in paths]
        checked = check_items([item for i in inputs for item in i.items], "")
        if any(c.problem for c in checked):
            raise RuntimeError("the synthetic resources should all be valid")
        figures = _rate(count, time.perf_counter() - began, _cpu_seconds() - cpu_began)
    report["heartline_check_only"] = {**figures, "load_average": load.summary()}
    del inputs, checked  # a load starts without another check's 40,000 results in memory

    for name in ("heartline_first_load", "heartline_reload"):
        note(f"fhir: {name}")
        with LoadWatch() as load:
            began, cpu_began = time.perf_counter(), _cpu_seconds()
            result = load_inputs(OPERATOR, [read_path(p) for p in paths], IngestOptions(), warehouse=warehouse)
            figures = _rate(count, time.perf_counter() - began, _cpu_seconds() - cpu_began)
        report[name] = {**figures, "counts": result.counts.as_dict(), "load_average": load.summary()}
    return report
