"""`POST /api/v1/ingest/survey-responses`: a batch of survey responses, checked and stored exactly as a
file is by `heartline ingest survey-responses`. Only administrators (and superusers) may ingest.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from heartline.core.auth import administrators_only
from heartline.core.scoping import caller_of
from heartline.voice.ingest import (
    MAX_API_RECORDS,
    IngestForbiddenError,
    TooManyRecordsError,
    ingest_records,
    may_ingest,
)

router = Router(tags=["ingest"])


class SurveyIngestIn(Schema):
    records: list[dict[str, Any]]
    skip_bad: bool = False


class SurveyProblemOut(Schema):
    row: int | None
    field: str | None
    reason: str


class SurveyIngestOut(Schema):
    read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[SurveyProblemOut]
    problems_not_listed: int = 0


class SurveyRefusedOut(SurveyIngestOut):
    detail: str


class SurveyErrorOut(Schema):
    detail: str


@router.post(
    "/survey-responses",
    response={200: SurveyIngestOut, 400: SurveyRefusedOut, 403: SurveyErrorOut, 413: SurveyErrorOut},
    operation_id="ingest_survey_responses",
    auth=administrators_only("ingest survey-responses"),
    summary="Load a batch of survey responses",
    description=(
        "`records` are survey responses in the native format (fields and values as in docs/voice.md); at most "
        f"{MAX_API_RECORDS:,} per request. Without `skip_bad`, any invalid record refuses the whole batch (400, "
        "nothing stored) and `problems` lists each one (`row` counts records from 1); with `skip_bad` the valid "
        "records are stored and the invalid ones listed. Re-sending a batch changes nothing. Administrators only."
    ),
)
def ingest_survey_responses(request: HttpRequest, body: SurveyIngestIn) -> Status[dict[str, Any]]:
    caller = caller_of(request)
    if getattr(request.user, "is_superuser", False) and not may_ingest(caller):
        caller = replace(caller, role="admin")
    try:
        result = ingest_records(caller, body.records, skip_bad=body.skip_bad)
    except IngestForbiddenError as exc:
        return Status(403, {"detail": str(exc)})
    except TooManyRecordsError as exc:
        return Status(413, {"detail": str(exc)})
    answer: dict[str, Any] = {
        **result.counts.as_dict(),
        "problems": result.problems,
        "problems_not_listed": result.problems_not_listed,
    }
    if not result.accepted:
        detail = "refused: nothing was stored; fix the problems listed"
        if not body.skip_bad and not any(p["row"] is None for p in result.problems):
            detail += ', or send "skip_bad": true to store the valid records'
        return Status(400, {"detail": detail, **answer})
    return Status(200, answer)
