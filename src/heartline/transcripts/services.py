"""`heartline ingest transcripts` and `POST /api/v1/ingest/transcripts`: check, redact, store.

Every transcript of every input is checked first (`checking`, `reading`); any problem refuses the
whole ingest unless `skip_bad`, which stores the good transcripts (an input unreadable as a whole
refuses it all the same). Then each transcript is redacted — the contact's member's names and member
id (looked up through the contacts table and the members app) and every staff name, plus the
redactor's patterns — and only the redacted text is written to the warehouse table `transcripts`, in
one idempotent batch merged on `contact_id`: the same transcript again changes nothing, a changed one
replaces the stored one whole (the last delivered wins). The raw text is then sealed (`sealing`) into
the app database. A transcript whose contact is not stored yet is kept, flagged (`contact_known`
false, no member) and said so in the report; ingesting it again once the contact is loaded links it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import transaction

from heartline.contacts.tables import CONTACTS
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.ingest import context_for
from heartline.core.permissions import Capability, require
from heartline.core.redaction import Redactor
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import phi_redactor
from heartline.core.services import log_access
from heartline.ingest.engine import IngestEvent
from heartline.ingest.outcome import IngestCounts, IngestOptions, IngestReport, StorageFullError, is_disk_full
from heartline.members.selectors import names_of_members
from heartline.transcripts import sealing
from heartline.transcripts.checking import Transcript
from heartline.transcripts.contracts import transcripts_stored
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.reading import FORMATS, Parsed, flag_repeated, read_file, read_records
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.reader import DuckDBSource
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch

KIND = "transcripts"
MAX_API_RECORDS = 5_000
UNKNOWN_LISTED = 5
# The redactor's typed placeholders ([NAME], [MEMBER ID]…), counted to say how many identifiers went.
PLACEHOLDER = re.compile(r"\[[A-Z][A-Z _]*\]")


class TooManyTranscriptsError(ValueError):
    """An API batch larger than one request takes."""


def load_transcript_files(paths: Sequence[Path], options: IngestOptions) -> IngestReport:
    """The `transcripts` ingest kind (`heartline ingest transcripts FILE… [--format contact-lens]`)."""
    return ingest_files(OPERATOR, paths, options)


def ingest_files(
    caller: Caller, paths: Sequence[Path], options: IngestOptions, *, warehouse: Warehouse | None = None
) -> IngestReport:
    if options.format not in FORMATS:
        return IngestReport(
            accepted=False,
            problems=[f"transcripts cannot be read in format {options.format!r} (formats: {', '.join(FORMATS)})"],
        )
    require(caller, Capability.INGEST_TRANSCRIPTS, "ingest transcripts")
    progress = options.progress or (lambda step, done, total: None)
    inputs = []
    for done, path in enumerate(paths, start=1):
        inputs.append(read_file(path, options.format))
        progress("Reading files", done, len(paths))
    detail: dict[str, object] = {"files": [str(p) for p in paths][:20], "format": options.format}
    return ingest(caller, inputs, skip_bad=options.skip_bad, channel="cli", warehouse=warehouse, detail=detail)


def ingest_records(
    caller: Caller,
    records: Sequence[Any],
    *,
    file_format: str = "native",
    skip_bad: bool = False,
    warehouse: Warehouse | None = None,
) -> IngestReport:
    """An API batch: native transcripts, or Contact Lens documents with `file_format="contact-lens"`."""
    require(caller, Capability.INGEST_TRANSCRIPTS, "ingest transcripts")
    if file_format not in FORMATS:
        return IngestReport(accepted=False, problems=[f"format {file_format!r} is not one of {', '.join(FORMATS)}"])
    if len(records) > MAX_API_RECORDS:
        raise TooManyTranscriptsError(
            f"a batch may hold at most {MAX_API_RECORDS:,} transcripts; this one has {len(records):,}: split it"
        )
    parsed = read_records(records, file_format)
    return ingest(
        caller, [parsed], skip_bad=skip_bad, channel="api", warehouse=warehouse, detail={"format": file_format}
    )


def ingest(
    caller: Caller,
    inputs: Sequence[Parsed],
    *,
    skip_bad: bool,
    channel: str,
    warehouse: Warehouse | None = None,
    detail: dict[str, object] | None = None,
) -> IngestReport:
    """Store the checked `inputs` (see the module): all, the good ones with `skip_bad`, or none."""
    context = context_for(caller, channel, warehouse)
    flag_repeated(inputs)
    read = sum(p.read for p in inputs)
    rejected = sum(p.rejected for p in inputs)
    problems = [problem.line() for parsed in inputs for problem in parsed.problems]
    accepted = not any(p.refused_whole for p in inputs) and (not rejected or skip_bad)
    good = [transcript for parsed in inputs for _, transcript in parsed.good]
    counts = IngestCounts(read=read, rejected=rejected)
    notes: list[str] = []
    failure: str | None = None
    if accepted and good:
        try:
            counts, unknown = _store(good, context.warehouse, read, rejected, context.after_store)
        except StorageFullError as exc:
            failure, accepted = str(exc), False
        else:
            notes = _unknown_note(unknown)
    record_detail = dict(detail or {}) | ({"failure": "disk full"} if failure else {})
    context.record(IngestEvent(KIND, TRANSCRIPTS.name, counts, accepted, channel, record_detail))
    return IngestReport(
        counts=counts,
        accepted=accepted,
        problems=([failure] if failure else []) + problems + notes,
    )


def _unknown_note(unknown: list[str]) -> list[str]:
    if not unknown:
        return []
    listed = ", ".join(unknown[:UNKNOWN_LISTED]) + (
        f" … and {len(unknown) - UNKNOWN_LISTED:,} more" if len(unknown) > UNKNOWN_LISTED else ""
    )
    return [
        f"note: {len(unknown):,} transcript(s) name a contact Heartline has not stored ({listed}): stored without "
        "a member, seen only by people who see everything; load the contacts, then ingest these transcripts "
        "again to link them"
    ]


# -- storing --------------------------------------------------------------------------------------


def contacts_of(warehouse: Warehouse, contact_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """contact_id → the contact's member_id, unit and agent_id, for the contacts stored (not scoped:
    the ingest runs for someone who may load data)."""
    if warehouse.open(CONTACTS) is None or not contact_ids:
        return {}
    source = DuckDBSource(warehouse, threads=2)
    table = source.table(CONTACTS)
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(set(contact_ids))
    for start in range(0, len(wanted), 10_000):
        chunk = table.filter(table.contact_id.isin(wanted[start : start + 10_000]))
        for row in source.execute(chunk.select("contact_id", "member_id", "unit", "agent_id")):
            found[str(row["contact_id"])] = row
    return found


class Redactors:
    """The staff's redactor (built once) and, per member, one for their names and member id."""

    def __init__(self, member_names: dict[str, tuple[str, ...]]) -> None:
        self.staff = phi_redactor(look_up_members=False)  # the member's own names: `member` below
        self.member_names = member_names
        self._members: dict[str, Redactor] = {}

    def redact(self, text: str, member_id: str | None) -> tuple[str, int]:
        """`text` redacted, and how many identifiers were replaced (placeholders added: one pass each)."""
        before = len(PLACEHOLDER.findall(text))
        if member_id:
            member = self._members.get(member_id)
            if member is None:
                member = Redactor(names=self.member_names.get(member_id, ()), member_ids=[member_id])
                self._members[member_id] = member
            text = member.redact(text)
        text = self.staff.redact(text)
        return text, len(PLACEHOLDER.findall(text)) - before


def redacted_row(transcript: Transcript, contact: dict[str, Any] | None, redactors: Redactors) -> dict[str, Any]:
    """The warehouse row of `transcript`: its turns redacted, the contact's member, unit and agent."""
    member_id = str(contact["member_id"]) if contact and contact.get("member_id") else None
    turns, total = [], 0
    for turn in transcript.turns:
        text, found = redactors.redact(turn.text, member_id)
        total += found
        turns.append({"speaker": turn.speaker, "start_ms": turn.start_ms, "end_ms": turn.end_ms, "text": text})
    return {
        "contact_id": transcript.contact_id,
        "member_id": member_id,
        "unit": contact.get("unit") if contact else None,
        "agent_id": contact.get("agent_id") if contact else None,
        "language": transcript.language,
        "source": transcript.source,
        "contact_known": contact is not None,
        "turn_count": len(transcript.turns),
        "duration_ms": transcript.duration_ms,
        "redactions": total,
        "turns": turns,
    }


def _store(
    good: list[Transcript], warehouse: Warehouse, read: int, rejected: int, after_store: Any
) -> tuple[IngestCounts, list[str]]:
    contacts = contacts_of(warehouse, [t.contact_id for t in good])
    member_ids = {str(c["member_id"]) for c in contacts.values() if c.get("member_id")}
    redactors = Redactors(names_of_members(member_ids))
    rows = [redacted_row(t, contacts.get(t.contact_id), redactors) for t in good]
    batch = pa.Table.from_pylist(rows, schema=TRANSCRIPTS.schema)
    try:
        result = write_batch(warehouse, TRANSCRIPTS, batch, source="transcripts ingest")
    except Exception as exc:
        if is_disk_full(exc):
            raise StorageFullError(warehouse.root) from exc
        raise
    after_store(TRANSCRIPTS.name, result)
    keep_raw(good, {r["contact_id"]: r["member_id"] for r in rows})
    if result.inserted or result.updated:
        stored_ids = [t.contact_id for t in good]
        transaction.on_commit(lambda: transcripts_stored.send(sender=__name__, contact_ids=stored_ids))
    counts = IngestCounts(
        read=read, inserted=result.inserted, updated=result.updated, unchanged=result.unchanged, rejected=rejected
    )
    return counts, sorted(t.contact_id for t in good if t.contact_id not in contacts)


def keep_raw(transcripts: Sequence[Transcript], member_of: dict[str, str | None]) -> None:
    """Seal each transcript's raw text into the app database: new ones added, changed ones replaced,
    the same ones left alone (the digest says which, without decrypting)."""
    now = clock.now()
    by_id = {t.contact_id: t for t in transcripts}
    with transaction.atomic():
        stored: dict[str, RawTranscript] = {}
        ids = sorted(by_id)
        for start in range(0, len(ids), 500):
            for raw in RawTranscript.objects.filter(contact_id__in=ids[start : start + 500]):
                stored[raw.contact_id] = raw
        new, changed = [], []
        for contact_id, transcript in by_id.items():
            document = sealing.canonical(transcript.as_json())
            digest = sealing.digest(document)
            held = stored.get(contact_id)
            member_id = member_of.get(contact_id) or ""
            if held is not None and held.digest == digest and held.member_id == member_id:
                continue
            fields = {
                "member_id": member_id,
                "language": transcript.language,
                "source": transcript.source,
                "sealed": sealing.seal(document),
                "digest": digest,
                "updated_at": now,
            }
            if held is None:
                new.append(RawTranscript(contact_id=contact_id, received_at=now, **fields))
            else:
                for name, value in fields.items():
                    setattr(held, name, value)
                changed.append(held)
        RawTranscript.objects.bulk_create(new, batch_size=500)
        RawTranscript.objects.bulk_update(
            changed, ["member_id", "language", "source", "sealed", "digest", "updated_at"], batch_size=500
        )


def reseal_raw(caller: Caller, batch_size: int = 500) -> int:
    """Re-encrypt every stored raw transcript with the first key of HEARTLINE_TRANSCRIPT_KEY (after a
    key rotation; docs/transcripts.md, "Key management"). Nothing is shown; the run is access-logged.
    Raises `sealing.UnreadableRawText` (and changes nothing) when a token opens with none of the keys."""
    require(caller, Capability.INGEST_TRANSCRIPTS, "re-seal raw transcripts")
    resealed = 0
    with transaction.atomic():
        ids = list(RawTranscript.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            rows = list(RawTranscript.objects.filter(pk__in=ids[start : start + batch_size]))
            for raw in rows:
                raw.sealed = sealing.reseal(raw.sealed)
            RawTranscript.objects.bulk_update(rows, ["sealed"], batch_size=batch_size)
            resealed += len(rows)
    log_access(caller, "transcripts.reseal", "app:transcripts_rawtranscript", "cli", resealed=resealed)
    return resealed
