"""Mount a kind's `POST /api/v1/ingest/{kind}` with Heartline's rule: administrators (and superusers) only.

Callers who are neither are refused with 403 by the route's authentication, before the body is read.
"""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from heartline.core.auth import administrators_only
from heartline.core.ingest import context_for, may_ingest, require_ingest
from heartline.core.permissions import as_superuser
from heartline.core.scoping import caller_of
from heartline.ingest import NativeFormat
from heartline.ingest.api import add_ingest_endpoint
from heartline.ingest.engine import IngestContext


def api_context(request: HttpRequest, kind: str) -> IngestContext:
    """The ingest context of an API request; IngestForbiddenError when its caller may not load data."""
    caller = caller_of(request)
    if getattr(request.user, "is_superuser", False) and not may_ingest(caller):
        caller = as_superuser(caller)
    require_ingest(caller, kind)
    return context_for(caller, "api")


def mount_ingest_endpoint(router: Router, fmt: NativeFormat) -> None:
    """`POST /{fmt.kind}` on `router`, for administrators."""
    add_ingest_endpoint(
        router,
        fmt,
        auth=administrators_only(f"ingest {fmt.kind}"),
        context_of=lambda request: api_context(request, fmt.kind),
    )
