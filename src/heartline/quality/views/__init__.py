"""The quality pages: the auditor's queue and workspace, scores, calibration."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseBadRequest

from heartline.quality.services import QualityError, QualityNotFound

T = TypeVar("T")


def bad_request(message: str) -> HttpResponse:
    """A 400 whose message is never read as HTML."""
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def attempt(action: Callable[[], T]) -> T | HttpResponse:
    """Run a service call; a refusal is a 403, an unknown id a 404, bad input a 400 that says why."""
    try:
        return action()
    except PermissionDenied:
        raise
    except QualityNotFound as exc:
        raise Http404(str(exc)) from exc
    except (QualityError, ValueError) as exc:
        return bad_request(str(exc))
