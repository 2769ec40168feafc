"""The API endpoint factory: `POST /{kind}` on a router, a batch of records checked and stored exactly as
a file is by `heartline ingest`. Apps mount their kinds through the platform's binding
(`heartline.core.ingest_api`), which supplies who may call it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from heartline.ingest import engine
from heartline.ingest.engine import IngestContext
from heartline.ingest.formats import NativeFormat
from heartline.ingest.outcome import IngestForbiddenError, StorageFullError, TooManyRecordsError


class IngestIn(Schema):
    records: list[dict[str, Any]]
    skip_bad: bool = False


class ProblemOut(Schema):
    row: int | None
    field: str | None
    reason: str


class IngestOut(Schema):
    read: int
    inserted: int
    updated: int
    unchanged: int
    rejected: int
    problems: list[ProblemOut]
    problems_not_listed: int = 0


class RefusedOut(IngestOut):
    detail: str


class ErrorOut(Schema):
    detail: str


def add_ingest_endpoint(
    router: Router,
    fmt: NativeFormat,
    *,
    auth: Sequence[Any],
    context_of: Callable[[HttpRequest], IngestContext],
    who: str = "Administrators only.",
) -> None:
    """`POST /{fmt.kind}` on `router`: a batch of `fmt` records.

    `auth` refuses callers before the body is read; `context_of` builds the ingest's surroundings for
    the request and raises IngestForbiddenError (403) when its caller may not load data."""
    kind = fmt.kind

    @router.post(
        f"/{kind}",
        response={200: IngestOut, 400: RefusedOut, 403: ErrorOut, 413: ErrorOut, 507: ErrorOut},
        operation_id=f"ingest_{kind.replace('-', '_')}",
        auth=list(auth),
        summary=f"Load a batch of {kind}",
        description=(
            f"`records` are {kind} in the native format (field names and values as in {fmt.documented_in}); "
            f"at most {engine.MAX_API_RECORDS:,} per request. Without `skip_bad`, any invalid record refuses the "
            "whole batch (400, nothing stored) and `problems` lists each one (`row` counts records from 1); "
            "with `skip_bad` the valid records are stored and the invalid ones listed. Re-sending a batch "
            f"changes nothing; a changed record replaces the stored one. 507: the warehouse's disk is full (nothing "
            f"stored; send the batch again once there is room). {who}"
        ),
    )
    def ingest(request: HttpRequest, body: IngestIn) -> Status[dict[str, Any]]:
        try:
            result = engine.ingest_records(fmt, body.records, context_of(request), skip_bad=body.skip_bad)
        except IngestForbiddenError as exc:
            return Status(403, {"detail": str(exc)})
        except TooManyRecordsError as exc:
            return Status(413, {"detail": str(exc)})
        except StorageFullError as exc:
            return Status(507, {"detail": str(exc)})
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
