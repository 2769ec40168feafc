"""`heartline ingest fhir` and `POST /api/v1/ingest/fhir`: check every resource, then store all or nothing.

Every resource of every input is checked (R4B model, member id, a Patient it belongs to) before
anything is stored. A problem anywhere refuses the whole load unless `skip_bad`, which stores the
good resources and reports the bad ones. Storing compares with what is stored: an identical resource
changes nothing (`unchanged`), a newer `meta.lastUpdated` replaces the older, and an older one never
replaces a newer (it counts as `unchanged`). App-database rows are written in one transaction; the
warehouse rows through the idempotent writer, only those that changed.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.ingest import context_for
from heartline.core.permissions import Capability, require
from heartline.core.scoping import OPERATOR
from heartline.ingest.engine import IngestEvent
from heartline.ingest.outcome import IngestCounts, IngestOptions, IngestReport, Progress
from heartline.members import tables
from heartline.members.fhir import reading
from heartline.members.fhir.checking import PARALLEL_FROM, Checked, check_items
from heartline.members.fhir.inbound import KEPT_AS_RECEIVED, Mapped, name_of
from heartline.members.fhir.new_rows import insert_rows
from heartline.members.fhir.unchanged import known_unchanged, line_hash, remember
from heartline.members.fhir.warehouse_rows import changed_rows
from heartline.members.models import ConsentDecision, Coverage, Member, PreferenceChange, Source, StoredResource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.tables import TableSpec
from heartline.warehouse.writer import write_batch

SPECS: dict[str, TableSpec] = {spec.name: spec for spec in tables.HISTORY_TABLES}
Outcome = str  # "inserted", "updated" or "unchanged"
COVERAGE_FIELDS = (
    "status",
    "payer",
    "plan",
    "product",
    "subscriber_id",
    "relationship",
    "starts_on",
    "ends_on",
    "source_updated_at",
)


@dataclass
class Tally:
    """The counts of one load, in total and per resource type."""

    read: Counter[str] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)
    stored: dict[str, Counter[Outcome]] = field(default_factory=lambda: defaultdict(Counter))

    def counts(self, resource_type: str | None = None) -> IngestCounts:
        types = [resource_type] if resource_type else sorted(set(self.read) | set(self.rejected))
        outcome: Counter[Outcome] = Counter()
        for name in types:
            outcome.update(self.stored.get(name, Counter()))
        return IngestCounts(
            read=sum(self.read[t] for t in types),
            inserted=outcome["inserted"],
            updated=outcome["updated"],
            unchanged=outcome["unchanged"],
            rejected=sum(self.rejected[t] for t in types),
        )

    def by_type(self, accepted: bool) -> dict[str, IngestCounts]:
        names = sorted(set(self.read) | set(self.rejected))
        return {name: self.counts(name) if accepted else self.counts(name).refused() for name in names}


def member_id_system() -> str:
    return str(getattr(settings, "HEARTLINE_FHIR_MEMBER_ID_SYSTEM", "") or "")


def load_fhir_files(paths: Sequence[Path], options: IngestOptions) -> IngestReport:
    """The `fhir` ingest kind (`heartline ingest fhir PATH…`), run as the operator."""
    return load_inputs(OPERATOR, [reading.read_path(p) for p in paths], options, channel="cli")


def load_inputs(
    caller: Caller,
    inputs: Sequence[reading.Input],
    options: IngestOptions,
    *,
    channel: str = "cli",
    warehouse: Warehouse | None = None,
    parallel_from: int = PARALLEL_FROM,
) -> IngestReport:
    """Check and store `inputs` for `caller` (who must hold INGEST_MEMBER_RECORDS); see the module."""
    require(caller, Capability.INGEST_MEMBER_RECORDS, "load FHIR member records")
    with collector_paused():
        return _load(caller, inputs, options, channel, warehouse, parallel_from)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a load runs: a load makes hundreds of thousands of small
    objects that live until it ends (and hold no cycles), and each collection on the way walked them
    all again (a third of a 40,000-resource load). It is back on, as it was, when the load ends."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _load(
    caller: Caller,
    inputs: Sequence[reading.Input],
    options: IngestOptions,
    channel: str,
    warehouse: Warehouse | None,
    parallel_from: int,
) -> IngestReport:
    context = context_for(caller, channel, warehouse)
    progress: Progress = options.progress or (lambda step, done, total: None)
    tally = Tally()
    problems: list[str] = []
    good: list[tuple[reading.Item, Mapped]] = []
    system = member_id_system()
    every_item = [(source, item) for source in inputs for item in source.items]
    hashes = [line_hash(item.text, system) if item.text is not None else None for _, item in every_item]
    skipped = known_unchanged(hashes, context.warehouse)
    for resource_type, _ in skipped.values():  # the stored version, byte for byte: see `unchanged`
        tally.read[resource_type] += 1
        tally.stored[resource_type]["unchanged"] += 1
    all_items = [pair for position, pair in enumerate(every_item) if position not in skipped]
    hash_of = {id(item): h for (_, item), h in zip(every_item, hashes, strict=True) if h is not None}
    progress("Checking resources", 0, len(all_items))
    checked = check_items([item for _, item in all_items], system, parallel_from)
    progress("Checking resources", len(all_items), len(all_items))
    for source in inputs:
        problems.extend(source.problems)
        if source.problems:  # an unreadable input counts once: its resources are unknown
            tally.rejected["(file)"] += len(source.problems)
    bad: list[tuple[str, Checked]] = []
    for (source, item), result in zip(all_items, checked, strict=True):
        tally.read[result.resource_type or "(unknown)"] += 1
        if result.mapped is None:
            bad.append((source.name, result))
        else:
            good.append((item, result.mapped))
    good, unresolved = _resolve_patients(good)
    bad.extend(unresolved)
    for name, result in bad:
        tally.rejected[result.resource_type or "(unknown)"] += 1
        label = f"{result.resource_type}/{result.resource_id}" if result.resource_id else result.resource_type
        problems.append(f"{name} {result.where} ({label or 'no resource'}): {result.problem}")
    accepted = not problems or options.skip_bad
    if accepted and good:
        progress("Storing", 0, 1)
        chosen = _newest_per_id(good)
        lines = [(m, hash_of[id(item)]) for item, m in chosen if id(item) in hash_of]
        _store([mapped for _, mapped in chosen], tally, context.warehouse, context.after_store, lines)
        progress("Storing", 1, 1)
    counts = tally.counts() if accepted else tally.counts().refused()
    context.record(
        IngestEvent(
            kind="fhir",
            table="members",
            counts=counts,
            accepted=accepted,
            channel=channel,
            detail={"by_type": {name: c.as_dict() for name, c in tally.by_type(accepted).items()}},
        )
    )
    return IngestReport(counts, accepted=accepted, problems=problems, by_type=tally.by_type(accepted))


def _newest_per_id(good: Iterable[tuple[reading.Item, Mapped]]) -> list[tuple[reading.Item, Mapped]]:
    """One version per resource: the newest meta.lastUpdated (the later in the input on a tie)."""
    chosen: dict[tuple[str, str], tuple[reading.Item, Mapped]] = {}
    for item, mapped in good:
        key = (mapped.resource_type, mapped.resource_id)
        held = chosen.get(key)
        if held is None or not _older(mapped.updated_at, held[1].updated_at):
            chosen[key] = (item, mapped)
    return list(chosen.values())


def _older(incoming: dt.datetime | None, stored: dt.datetime | None) -> bool:
    """Whether a resource last updated at `incoming` is older than the stored one (unknown is not older)."""
    return incoming is not None and stored is not None and incoming < stored


def _resolve_patients(
    good: list[tuple[reading.Item, Mapped]],
) -> tuple[list[tuple[reading.Item, Mapped]], list[tuple[str, Checked]]]:
    """Fill in each resource's member id from its Patient reference: a Patient of this load (by id or
    fullUrl) or a member stored from an earlier one (Member.fhir_id). Unresolved ones become problems."""
    in_load: dict[str, str] = {}
    for item, mapped in good:
        if mapped.resource_type == "Patient":
            in_load[f"Patient/{mapped.resource_id}"] = mapped.member_id
            if item.full_url:
                in_load[item.full_url] = mapped.member_id
    wanted = {_patient_id(m.patient) for _, m in good if m.patient and m.patient not in in_load}
    stored = dict(Member.objects.filter(fhir_id__in=wanted).values_list("fhir_id", "member_id")) if wanted else {}
    resolved, unresolved = [], []
    for item, mapped in good:
        if mapped.patient:
            member_id = (
                in_load.get(mapped.patient)
                or in_load.get(f"Patient/{_patient_id(mapped.patient)}")
                or stored.get(_patient_id(mapped.patient))
            )
            if member_id is None:
                unresolved.append(
                    (
                        "",
                        Checked(
                            item.where,
                            mapped.resource_type,
                            mapped.resource_id,
                            problem=f"{mapped.patient!r} is no Patient of this load nor a stored member",
                        ),
                    )
                )
                continue
            mapped.member_id = member_id
            for row in mapped.rows:
                row["member_id"] = member_id
        resolved.append((item, mapped))
    return resolved, unresolved


def _patient_id(ref: str) -> str:
    """The Patient id of a relative or absolute reference (`Patient/abc`, `https://…/Patient/abc/_history/2`)."""
    return ref.split("/_history/")[0].rsplit("Patient/", 1)[-1]


# -- storing --------------------------------------------------------------------------------------


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _store(
    mapped: list[Mapped],
    tally: Tally,
    warehouse: Warehouse,
    after_store: Callable[[str, Any], None],
    lines: Sequence[tuple[Mapped, str]] = (),
) -> None:
    by_type: dict[str, list[Mapped]] = defaultdict(list)
    for one in mapped:
        by_type[one.resource_type].append(one)
    with transaction.atomic():
        consent_outcomes = _store_kept([m for t in KEPT_AS_RECEIVED for m in by_type.get(t, [])], tally)
        names = _names([m for t in ("Practitioner", "Organization") for m in by_type.get(t, [])], mapped)
        _store_members(by_type.get("Patient", []), names, tally)
        _store_coverages(by_type.get("Coverage", []), names, tally)
        _store_consent_decisions(by_type.get("Consent", []), consent_outcomes)
        _store_preference_changes(by_type.get("Provenance", []), tally)
        rows_by_table: dict[str, list[Mapped]] = defaultdict(list)
        for one in mapped:
            if one.table:
                for field_name, ref in one.names.items():
                    if field_name == "provider" and ref in names:
                        for row in one.rows:
                            row["provider_name"] = names[ref][0] or row.get("provider_name")
                            if "provider_npi" in row:
                                row["provider_npi"] = row.get("provider_npi") or names[ref][1] or None
                rows_by_table[one.table].append(one)
        for table_name, resources in rows_by_table.items():
            spec = SPECS[table_name]
            outcomes, batch = changed_rows(warehouse, spec, resources)
            for resource, outcome in zip(resources, outcomes, strict=True):
                resource.outcome = outcome
                tally.stored[resource.resource_type][outcome] += 1
            if batch.num_rows:
                result = write_batch(warehouse, spec, batch, source="fhir")
                after_store(spec.name, result)
        remember(
            (m.resource_type, m.resource_id, digest) for m, digest in lines if m.outcome in ("inserted", "updated")
        )


def _store_kept(kept: list[Mapped], tally: Tally) -> dict[str, Outcome]:
    """Practitioner, Organization and Consent resources as received; the outcome per Consent id."""
    outcomes: dict[str, Outcome] = {}
    if not kept:
        return outcomes
    existing = {
        (r.resource_type, r.resource_id): r
        for r in StoredResource.objects.filter(
            resource_type__in={m.resource_type for m in kept}, resource_id__in={m.resource_id for m in kept}
        )
    }
    new: list[dict[str, Any]] = []
    changed: list[StoredResource] = []
    for one in kept:
        content = one.content or {}
        digest = content_hash(content)
        stored = existing.get((one.resource_type, one.resource_id))
        if stored is None:
            outcome = "inserted"
            new.append(
                {
                    "resource_type": one.resource_type,
                    "resource_id": one.resource_id,
                    "member_id": one.member_id,
                    "source_updated_at": one.updated_at,
                    "content": content,
                    "content_hash": digest,
                }
            )
        elif stored.content_hash == digest or _older(one.updated_at, stored.source_updated_at):
            outcome = "unchanged"
        else:
            outcome = "updated"
            stored.member_id, stored.source_updated_at = one.member_id, one.updated_at
            stored.content, stored.content_hash = content, digest
            changed.append(stored)
        one.outcome = outcome
        tally.stored[one.resource_type][outcome] += 1
        if one.resource_type == "Consent":
            outcomes[one.resource_id] = outcome
    insert_rows(StoredResource, new)
    StoredResource.objects.bulk_update(
        changed, ["member_id", "source_updated_at", "content", "content_hash"], batch_size=1000
    )
    return outcomes


def _names(loaded: list[Mapped], mapped: list[Mapped]) -> dict[str, tuple[str, str]]:
    """Reference → (name, NPI) of the practitioners and organizations referenced in this load."""
    names = {f"{m.resource_type}/{m.resource_id}": name_of(m.content or {}) for m in loaded}
    wanted = {ref for m in mapped for ref in m.names.values() if ref and ref not in names}
    keys = [tuple(ref.split("/", 1)) for ref in wanted if ref.count("/") == 1]
    if keys:
        for stored in StoredResource.objects.filter(
            resource_type__in={k[0] for k in keys}, resource_id__in={k[1] for k in keys}
        ):
            names[f"{stored.resource_type}/{stored.resource_id}"] = name_of(stored.content)
    return names


def _outcome(record: object, values: dict[str, Any], incoming: dt.datetime | None) -> Outcome:
    """Whether writing `values` to the stored `record` would change it ("unchanged" for older ones)."""
    if _older(incoming, getattr(record, "source_updated_at", None)):
        return "unchanged"
    same = all(getattr(record, name) == value for name, value in values.items())
    return "unchanged" if same else "updated"


def _store_members(patients: list[Mapped], names: dict[str, tuple[str, str]], tally: Tally) -> None:
    existing = {m.member_id: m for m in Member.objects.filter(member_id__in=[p.member_id for p in patients])}
    new: list[dict[str, Any]] = []
    changed: list[Member] = []
    fields_changed: set[str] = set()
    for patient in patients:
        values = dict(patient.fields, fhir_id=patient.resource_id, source_updated_at=patient.updated_at)
        pcp = patient.names.get("pcp")
        if pcp in names:
            values["pcp_name"], values["pcp_npi"] = names[pcp][0][:200] or values["pcp_name"], names[pcp][1][:20]
        member = existing.get(patient.member_id)
        if member is None:
            outcome = "inserted"
            new.append(dict(values, member_id=patient.member_id))
        else:
            outcome = _outcome(member, values, patient.updated_at)
            if outcome == "updated":
                for name, value in values.items():
                    setattr(member, name, value)
                fields_changed.update(values)
                changed.append(member)
        patient.outcome = outcome
        tally.stored["Patient"][outcome] += 1
    insert_rows(Member, new)
    if changed:
        Member.objects.bulk_update(changed, sorted(fields_changed), batch_size=1000)


def _store_coverages(coverages: list[Mapped], names: dict[str, tuple[str, str]], tally: Tally) -> None:
    members = {m.member_id: m for m in Member.objects.filter(member_id__in={c.member_id for c in coverages})}
    existing = {c.coverage_id: c for c in Coverage.objects.filter(coverage_id__in=[c.resource_id for c in coverages])}
    new: list[dict[str, Any]] = []
    changed: list[Coverage] = []
    planned: dict[int, Member] = {}  # members whose plan an active coverage sets
    for coverage in coverages:
        values = dict(coverage.fields, source_updated_at=coverage.updated_at)
        payer = coverage.names.get("payer")
        if payer in names:
            values["payer"] = names[payer][0][:200]
        member = members[coverage.member_id]
        stored = existing.get(coverage.resource_id)
        if stored is None:
            outcome = "inserted"
            new.append(dict(values, member_id=member.pk, coverage_id=coverage.resource_id))
        else:
            outcome = _outcome(stored, dict(values, member_id=member.pk), coverage.updated_at)
            if outcome == "updated":
                for name, value in values.items():
                    setattr(stored, name, value)
                stored.member = member
                changed.append(stored)
        coverage.outcome = outcome
        tally.stored["Coverage"][outcome] += 1
        if not member.plan and values["plan"] and values["status"] == "active":
            member.plan = values["plan"][:60]
            planned[member.pk] = member
    insert_rows(Coverage, new)
    by_plan: dict[str, list[int]] = defaultdict(list)
    for member in planned.values():
        by_plan[member.plan].append(member.pk)
    for plan, pks in by_plan.items():  # few plans: one UPDATE each (bulk_update's CASE is slow)
        for start in range(0, len(pks), 5_000):
            Member.objects.filter(pk__in=pks[start : start + 5_000]).update(plan=plan)
    if changed:
        Coverage.objects.bulk_update(changed, ["member", *COVERAGE_FIELDS], batch_size=1000)


def _store_consent_decisions(consents: list[Mapped], outcomes: dict[str, Outcome]) -> None:
    """A new or newer Consent appends its decisions (ConsentDecision rows are never changed)."""
    members = dict(Member.objects.filter(member_id__in={c.member_id for c in consents}).values_list("member_id", "pk"))
    # The same decision twice (a Heartline's export re-loaded after the decision was superseded, which
    # changes its resource) is stored once.
    stored = set(
        ConsentDecision.objects.filter(member_id__in=list(members.values())).values_list(
            "member_id", "channel", "purpose", "granted", "recorded_at"
        )
    )
    decisions: list[dict[str, Any]] = []
    for consent in consents:
        if outcomes.get(consent.resource_id) == "unchanged":
            continue
        # A decision another Heartline recorded (its export says how) keeps its source and author.
        said = consent.recorded
        source = said["source"] if said.get("source") in Source.values else Source.FHIR
        for rule in consent.consent:
            at = consent.recorded_at or consent.updated_at or clock.now()
            key = (members[consent.member_id], rule.channel, rule.purpose, rule.granted, at)
            if key in stored:
                continue
            stored.add(key)
            decisions.append(
                {
                    "member_id": members[consent.member_id],
                    "channel": rule.channel,
                    "purpose": rule.purpose,
                    "granted": rule.granted,
                    "express": consent.express and rule.granted,
                    "source": source,
                    "recorded_at": at,
                    "recorded_by": (said.get("recordedBy", "") if said else "fhir")[:150],
                    "reference": (said.get("reference", "") if said else f"Consent/{consent.resource_id}")[:200],
                }
            )
    insert_rows(ConsentDecision, decisions)


def _store_preference_changes(provenances: list[Mapped], tally: Tally) -> None:
    """Each Provenance's preference change, once: a change already held (same member, field, values
    and time) is `unchanged`. History only: the member's current preferences come from the Patient."""
    if not provenances:
        return
    members = dict(
        Member.objects.filter(member_id__in={p.member_id for p in provenances}).values_list("member_id", "pk")
    )
    held = set(
        PreferenceChange.objects.filter(member_id__in=list(members.values())).values_list(
            "member_id", "field", "old_value", "new_value", "recorded_at"
        )
    )
    new: list[dict[str, Any]] = []
    for provenance in provenances:
        change = provenance.preference
        if change is None:  # every Provenance mapped carries one (inbound._provenance)
            continue
        key = (members[provenance.member_id], change.field, change.old_value, change.new_value, change.recorded_at)
        provenance.outcome = "unchanged" if key in held else "inserted"
        tally.stored["Provenance"][provenance.outcome] += 1
        if key in held:
            continue
        held.add(key)
        new.append(
            {
                "member_id": key[0],
                "field": change.field,
                "old_value": change.old_value,
                "new_value": change.new_value,
                "source": change.source,
                "recorded_at": change.recorded_at,
                "recorded_by": change.recorded_by,
            }
        )
    insert_rows(PreferenceChange, new)
