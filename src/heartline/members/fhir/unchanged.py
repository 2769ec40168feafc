"""NDJSON lines a load already stored: known unchanged before they are parsed or validated again.

Bulk Data exports re-deliver mostly what they delivered before. Each line stored (inserted or
updated) is remembered as the sha256 of the member-id system setting and the line (`LoadedResource`,
by resource type and id). A later line with the same hash is the stored version of that resource,
byte for byte, so checking it would find it valid and comparing it would find it unchanged: it is
counted `unchanged` without either — provided its record is still stored (the member, coverage,
kept resource or warehouse rows), so a wiped warehouse or deleted member is loaded again in full.
Bundle entries are always checked.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence

from heartline.members import tables
from heartline.members.fhir.inbound import KEPT_AS_RECEIVED
from heartline.members.fhir.new_rows import insert_rows
from heartline.members.fhir.warehouse_rows import stored_keys
from heartline.members.models import Coverage, LoadedResource, Member, StoredResource
from heartline.warehouse.store import Warehouse

BATCH = 5_000  # values per `IN (…)` (SQLite allows 32,766 parameters)
# Resource type → (table, column, how the resource id is written there).
IN_WAREHOUSE = {
    "ExplanationOfBenefit": (tables.CLAIM_LINES, "claim_id", ""),
    "Encounter": (tables.ENCOUNTERS, "encounter_id", ""),
    "Condition": (tables.CONDITIONS, "condition_id", ""),
    "MedicationRequest": (tables.MEDICATIONS, "medication_record_id", "request/"),
    "MedicationDispense": (tables.MEDICATIONS, "medication_record_id", "dispense/"),
}
Key = tuple[str, str]  # (resource type, resource id)


def line_hash(text: str, member_id_system: str) -> str:
    return hashlib.sha256(f"{member_id_system}\n{text.strip()}".encode()).hexdigest()


def _batches(values: Iterable[str]) -> Iterable[list[str]]:
    ordered = sorted(set(values))
    for start in range(0, len(ordered), BATCH):
        yield ordered[start : start + BATCH]


def known_unchanged(hashes: Sequence[str | None], warehouse: Warehouse) -> dict[int, Key]:
    """Position → (type, id) of the lines (by their hash; None for a Bundle entry) that are the stored
    version of a resource still stored."""
    found: dict[str, Key] = {}
    for batch in _batches(h for h in hashes if h):
        for resource_type, resource_id, digest in LoadedResource.objects.filter(line_hash__in=batch).values_list(
            "resource_type", "resource_id", "line_hash"
        ):
            found[digest] = (resource_type, resource_id)
    if not found:
        return {}
    candidates = {position: found[h] for position, h in enumerate(hashes) if h in found}
    present = still_stored(set(candidates.values()), warehouse)
    return {position: key for position, key in candidates.items() if key in present}


def still_stored(keys: set[Key], warehouse: Warehouse) -> set[Key]:
    """Which of `keys` Heartline still holds a record of."""
    ids: dict[str, set[str]] = defaultdict(set)
    for resource_type, resource_id in keys:
        ids[resource_type].add(resource_id)
    present: set[Key] = set()
    for resource_type, wanted in ids.items():
        for batch in _batches(wanted):
            held: Iterable[str]
            if resource_type == "Patient":
                held = Member.objects.filter(fhir_id__in=batch).values_list("fhir_id", flat=True)
            elif resource_type == "Coverage":
                held = Coverage.objects.filter(coverage_id__in=batch).values_list("coverage_id", flat=True)
            elif resource_type in KEPT_AS_RECEIVED:
                held = StoredResource.objects.filter(resource_type=resource_type, resource_id__in=batch).values_list(
                    "resource_id", flat=True
                )
            elif resource_type == "Provenance":
                # A preference change is found by what it says, not by the Provenance id (the load
                # compares member, field, values and time), so its line is checked again.
                held = []
            else:
                spec, column, prefix = IN_WAREHOUSE[resource_type]
                stored = stored_keys(warehouse, spec, column, [prefix + i for i in batch])
                held = [key.removeprefix(prefix) for key in stored]
            present.update((resource_type, str(i)) for i in held)
    return present


def remember(stored: Iterable[tuple[str, str, str]]) -> None:
    """Record (type, id, line hash) of lines just stored, replacing what was recorded for those ids."""
    by_type: dict[str, dict[str, str]] = defaultdict(dict)
    for resource_type, resource_id, digest in stored:
        by_type[resource_type][resource_id] = digest
    insert_rows(
        LoadedResource,
        (
            {"resource_type": resource_type, "resource_id": i, "line_hash": h}
            for resource_type, digests in by_type.items()
            for i, h in digests.items()
        ),
        replace_on=["resource_type", "resource_id"],
        replace=["line_hash"],
    )
