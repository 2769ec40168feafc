"""`POST /api/v1/ingest/contacts` and `/api/v1/ingest/cases`: a batch of native records, checked and
stored exactly as a file is by `heartline ingest`. Only administrators (and superusers) may ingest.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status

from heartline.contacts.ingest.fields import FORMATS, NativeFormat
from heartline.contacts.ingest.service import (
    MAX_API_RECORDS,
    IngestForbiddenError,
    TooManyRecordsError,
    ingest_records,
    may_ingest,
)
from heartline.core.auth import administrators_only
from heartline.core.scoping import caller_of

KINDS = ("contacts", "cases")


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


def build_router() -> Router:
    """A router with one endpoint per kind (a function, so tests can mount a fresh one)."""
    router = Router(tags=["ingest"])
    for kind in KINDS:
        add_ingest_endpoint(router, FORMATS[kind], "docs/data-formats.md")
    return router


def add_ingest_endpoint(router: Router, fmt: NativeFormat, formats_doc: str) -> None:
    """`POST /{fmt.kind}` on `router`: a batch of `fmt` records (other apps mount their kinds with it)."""
    kind = fmt.kind

    @router.post(
        f"/{kind}",
        response={200: IngestOut, 400: RefusedOut, 403: ErrorOut, 413: ErrorOut},
        operation_id=f"ingest_{kind.replace('-', '_')}",
        auth=administrators_only(f"ingest {kind}"),
        summary=f"Load a batch of {kind}",
        description=(
            f"`records` are {kind} in the native format (field names and values as in {formats_doc}); "
            f"at most {MAX_API_RECORDS:,} per request. Without `skip_bad`, any invalid record refuses the "
            "whole batch (400, nothing stored) and `problems` lists each one (`row` counts records from 1); "
            "with `skip_bad` the valid records are stored and the invalid ones listed. Re-sending a batch "
            "changes nothing; a changed record replaces the stored one. Administrators only."
        ),
    )
    def ingest(request: HttpRequest, body: IngestIn) -> Status[dict[str, Any]]:
        caller = caller_of(request)
        if getattr(request.user, "is_superuser", False) and not may_ingest(caller):
            caller = replace(caller, role="admin")  # a superuser may load data whatever their employee role
        try:
            result = ingest_records(caller, fmt, body.records, skip_bad=body.skip_bad)
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


router = build_router()
