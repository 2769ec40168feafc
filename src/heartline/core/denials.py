"""Refused requests in the access log: who was turned away from what, and when.

A signed-in caller who asks for an object outside their scope gets a 404 (never told it exists), and
one who asks for an action their role does not allow gets a 403. Compliance needs those attempts as
much as the accesses that succeeded, so the two places that turn refusals into answers — the API's
exception handlers (config/api.py) and the pages' `ErrorPageMiddleware` — call `record_denial`.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest

from heartline.core.scoping import caller_of
from heartline.core.services import log_denied

logger = logging.getLogger(__name__)


def refused_resource(request: HttpRequest) -> str:
    """What was asked for, in the log's `kind:id` form when the URL names an object, else the path.

    `/contacts/C123/` (a `contact_id` in the URL) is `contact:C123`, as the entry a permitted view
    writes; with several ids in the URL the last, most specific one is named.
    """
    match = request.resolver_match
    named = [(key, value) for key, value in (match.kwargs if match else {}).items() if key.endswith("_id")]
    if not named:
        return request.path
    key, value = named[-1]
    return f"{key.removesuffix('_id')}:{value}"


def refused_action(request: HttpRequest) -> str:
    """The view that refused, by its URL name when it has one (`contacts:detail`), else its route."""
    match = request.resolver_match
    if match is None:
        return request.path
    return match.view_name if match.url_name else match.route


def record_denial(request: HttpRequest, status: int, reason: str, channel: str = "web") -> None:
    """Log a refused request as denied when a signed-in caller made it; never raises.

    The refusal is the answer the caller gets whatever happens here, so a failure to write the
    entry (a broken transaction, a database gone away) is logged as an error and swallowed.
    """
    try:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        log_denied(
            caller_of(request),
            refused_action(request),
            refused_resource(request),
            channel,
            status=status,
            method=request.method,
            path=request.path,
            reason=reason,
        )
    except Exception:
        logger.exception("could not log the refused request %s %s", request.method, request.path)
