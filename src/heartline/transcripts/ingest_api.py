"""`POST /api/v1/ingest/transcripts`: a batch of transcripts, checked, redacted and stored exactly as
files are by `heartline ingest transcripts`. Only administrators (INGEST_TRANSCRIPTS) may."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status

from heartline.core.auth import administrators_only
from heartline.core.permissions import as_superuser
from heartline.core.scoping import caller_of
from heartline.ingest.outcome import StorageFullError
from heartline.transcripts.services import MAX_API_RECORDS, TooManyTranscriptsError, ingest_records

router = Router(tags=["ingest"])


class TranscriptsIngestIn(Schema):
    records: list[dict[str, Any]]
    skip_bad: bool = False
    format: Literal["native", "contact-lens"] = "native"


class TranscriptsIngestOut(Schema):
    read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    accepted: bool
    problems: list[str]


class TranscriptsIngestError(Schema):
    detail: str


@router.post(
    "/transcripts",
    response={
        200: TranscriptsIngestOut,
        400: TranscriptsIngestOut,
        413: TranscriptsIngestError,
        507: TranscriptsIngestError,
    },
    operation_id="ingest_transcripts",
    auth=administrators_only("ingest transcripts"),
    summary="Load a batch of transcripts",
    description=(
        "`records` are transcripts in the native format (`contact_id`, `language` en|es|zh, `turns`: "
        "`speaker` agent|member|system, `start_ms`, `end_ms`, `text`), or Amazon Connect Contact Lens "
        f"analysis documents with `format: contact-lens`; at most {MAX_API_RECORDS:,} per request "
        "(docs/transcripts.md). Text is redacted before it is stored; the raw text is kept encrypted. "
        "Any invalid record refuses the batch (400, nothing stored) unless `skip_bad`; each problem names "
        "the record (`row N`, counted from 1) and the field. Re-sending changes nothing; a changed "
        "transcript replaces the stored one. Administrators only."
    ),
)
def ingest_transcripts(request: HttpRequest, body: TranscriptsIngestIn) -> Status[dict[str, Any]]:
    caller = caller_of(request)
    if getattr(request.user, "is_superuser", False):
        caller = as_superuser(caller)
    try:
        report = ingest_records(caller, body.records, file_format=body.format, skip_bad=body.skip_bad)
    except TooManyTranscriptsError as exc:
        return Status(413, {"detail": str(exc)})
    except StorageFullError as exc:
        return Status(507, {"detail": str(exc)})
    answer = {**report.counts.as_dict(), "accepted": report.accepted, "problems": report.problems[:1_000]}
    return Status(200 if report.accepted else 400, answer)
