"""`/api/v1/transcripts/`: a contact's transcript, redacted (whoever may see the contact) or raw
(READ_RAW_TRANSCRIPTS: compliance and administrators), every read written to the access log."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.core.scoping import caller_of
from heartline.transcripts.contracts import TranscriptView
from heartline.transcripts.selectors import raw_transcript_of_contact, transcript_of_contact

router = Router(tags=["transcripts"])


class TranscriptTurnOut(Schema):
    speaker: str
    start_ms: int
    end_ms: int
    text: str


class TranscriptOut(Schema):
    contact_id: str
    member_id: str
    language: str
    source: str
    contact_known: bool
    duration_ms: int
    redactions: int
    raw: bool
    turns: list[TranscriptTurnOut]


def _out(view: TranscriptView) -> TranscriptOut:
    return TranscriptOut(
        contact_id=view.contact_id,
        member_id=view.member_id,
        language=view.language,
        source=view.source,
        contact_known=view.contact_known,
        duration_ms=view.duration_ms,
        redactions=view.redactions,
        raw=view.raw,
        turns=[
            TranscriptTurnOut(speaker=t.speaker, start_ms=t.start_ms, end_ms=t.end_ms, text=t.text) for t in view.turns
        ],
    )


@router.get(
    "/{contact_id}", response=TranscriptOut, operation_id="transcript", summary="A contact's transcript, redacted"
)
def transcript(request: HttpRequest, contact_id: str) -> TranscriptOut:
    """Identifiers replaced by typed placeholders ([NAME], [PHONE]…). 404 when there is no transcript
    or the caller may not see the contact."""
    return _out(transcript_of_contact(caller_of(request), contact_id, channel="api"))


@router.get(
    "/{contact_id}/raw",
    response=TranscriptOut,
    operation_id="transcript_raw",
    summary="A contact's transcript as received",
)
def raw_transcript(request: HttpRequest, contact_id: str) -> TranscriptOut:
    """The unredacted text: compliance and administrators only (403 otherwise); every read is written
    to the access log with the member it names."""
    return _out(raw_transcript_of_contact(caller_of(request), contact_id, channel="api"))
