"""Reading a transcript: redacted for whoever may see the contact, raw for READ_RAW_TRANSCRIPTS only.

Who may see a transcript is who may see its contact (the contact pages' scope: an agent their own
contacts, a unit role their units'…); a transcript whose contact is not stored is seen only by
people who see everything. Every read is written to the access log — `transcripts.view` for the
redacted text, `transcripts.raw` for the raw text (a refused read is logged as a denial by the
API's and the pages' error handling).
"""

from __future__ import annotations

from typing import Any

from heartline.contacts.records import ContactRecords
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.transcripts import sealing
from heartline.transcripts.contracts import TranscriptView, TurnView
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.runners import MetricQuery

NOT_FOUND = "No such transcript, or not one you may see."


def _stored_row(contact_id: str) -> dict[str, Any] | None:
    source = warehouse_source()
    if source.warehouse.open(TRANSCRIPTS) is None:
        return None
    rows = source.rows_where(TRANSCRIPTS, "contact_id", contact_id, [], 1)
    return rows[0] if rows else None


def _may_see_contact(caller: Caller, contact_id: str) -> bool:
    if caller.scope.unrestricted:
        return True
    records = ContactRecords(MetricQuery(), caller.scope, warehouse_source())
    return records.one(contact_id) is not None


def _visible_row(caller: Caller, contact_id: str) -> dict[str, Any]:
    row = _stored_row(contact_id)
    if row is None or not _may_see_contact(caller, contact_id):
        raise NotFound(NOT_FOUND)
    return row


def may_read_raw(caller: Caller) -> bool:
    return caller.can(Capability.READ_RAW_TRANSCRIPTS) or caller.is_operator


def transcript_of_contact(caller: Caller, contact_id: str, channel: str = "web") -> TranscriptView:
    """The redacted transcript of a contact the caller may see (NotFound otherwise); logged."""
    row = _visible_row(caller, contact_id)
    member_id = str(row.get("member_id") or "")
    log_access(caller, "transcripts.view", f"contact:{contact_id}", channel, member_id=member_id, shown=["redacted"])
    turns = tuple(
        TurnView(str(t["speaker"]), int(t["start_ms"]), int(t["end_ms"]), str(t["text"])) for t in row["turns"] or []
    )
    return TranscriptView(
        contact_id=contact_id,
        member_id=member_id,
        language=str(row.get("language") or ""),
        source=str(row.get("source") or ""),
        contact_known=bool(row.get("contact_known")),
        duration_ms=int(row.get("duration_ms") or 0),
        redactions=int(row.get("redactions") or 0),
        raw=False,
        turns=turns,
    )


def raw_transcript_of_contact(caller: Caller, contact_id: str, channel: str = "web") -> TranscriptView:
    """The transcript as received: READ_RAW_TRANSCRIPTS (NotAllowed otherwise; the API and the pages
    log the denial), a contact the caller may see (NotFound otherwise); every read access-logged."""
    require(caller, Capability.READ_RAW_TRANSCRIPTS, "read raw transcripts")
    stored = _visible_row(caller, contact_id)
    raw = RawTranscript.objects.filter(contact_id=contact_id).first()
    if raw is None:
        raise NotFound("This transcript's raw text is not kept.")
    document = sealing.unseal(raw.sealed)
    member_id = raw.member_id or str(stored.get("member_id") or "")
    log_access(caller, "transcripts.raw", f"contact:{contact_id}", channel, member_id=member_id, shown=["raw"])
    turns = tuple(
        TurnView(str(t["speaker"]), int(t["start_ms"]), int(t["end_ms"]), str(t["text"])) for t in document["turns"]
    )
    return TranscriptView(
        contact_id=contact_id,
        member_id=member_id,
        language=raw.language,
        source=raw.source,
        contact_known=bool(stored.get("contact_known")),
        duration_ms=max((t.end_ms for t in turns), default=0),
        redactions=int(stored.get("redactions") or 0),
        raw=True,
        turns=turns,
    )
