"""`heartline export fhir`: members' records as Bulk Data-style NDJSON, one file per resource type.

`Patient.ndjson`, `Coverage.ndjson`, `ExplanationOfBenefit.ndjson`, … and Heartline's own records
(`Communication.ndjson`, `Task.ndjson`, `QuestionnaireResponse.ndjson`) in the output folder, one
resource per line; types with nothing to export get no file. `since` keeps resources whose
`meta.lastUpdated` (their stored `source_updated_at`) is on or after that day's start; `member_ids`
keeps those members (each must exist). Every member exported is one access-log entry (channel
"export") with the types written for them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.members.fhir import own_records
from heartline.members.fhir.everything import ORDER, resources_of, types_for
from heartline.members.models import Member
from heartline.warehouse.store import Warehouse

BATCH = 500  # members read together


def export_fhir(
    caller: Caller,
    out: Path,
    *,
    since: dt.date | None = None,
    member_ids: Sequence[str] = (),
    progress: Callable[[str, int, int], None] | None = None,
    warehouse: Warehouse | None = None,
) -> dict[str, int]:
    """Write the NDJSON files under `out`; returns resources written per type (in ORDER)."""
    require(caller, Capability.EXPORT_MEMBER_RECORDS, "export member records")
    members = Member.objects.order_by("member_id")
    if member_ids:
        wanted = sorted(set(member_ids))
        members = members.filter(member_id__in=wanted)
        missing = sorted(set(wanted) - set(members.values_list("member_id", flat=True)))
        if missing:
            raise NotFound(f"no member {', '.join(missing)}")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ActionRefused(f"{out}: cannot create the folder ({exc.strerror})") from exc
    start = clock.start_of_day(since) if since is not None else None
    types = types_for(caller)
    everyone = list(members)
    written: Counter[str] = Counter()
    handles = {}
    try:
        for offset in range(0, len(everyone), BATCH):
            batch = everyone[offset : offset + BATCH]
            found = resources_of(batch, types, since=start, warehouse=warehouse)
            own = own_records.resources_of_members(
                caller, {m.member_id: m.fhir_id or m.member_id for m in batch}, start
            )
            for member in batch:
                resources = found.get(member.member_id, []) + own.get(member.member_id, [])
                if not resources:
                    continue
                for resource in resources:
                    kind = str(resource["resourceType"])
                    if kind not in handles:
                        handles[kind] = (out / f"{kind}.ndjson").open("w", encoding="utf-8")
                    handles[kind].write(json.dumps(resource, separators=(",", ":"), ensure_ascii=False) + "\n")
                    written[kind] += 1
                shown = sorted({str(r["resourceType"]) for r in resources})
                log_member_access(caller, member.member_id, "members.fhir.export", shown, channel="export")
            if progress is not None:
                progress("Exporting members", min(offset + BATCH, len(everyone)), len(everyone))
    finally:
        for handle in handles.values():
            handle.close()
    known = [t for t in ORDER if t in written]
    return {kind: written[kind] for kind in known + sorted(set(written) - set(known))}
