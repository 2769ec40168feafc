"""The pages' side of the error model: a refusal raised anywhere below a view becomes a styled page.

`ErrorPageMiddleware` maps what a view lets escape — `NotFound` to the 404 page, `ActionRefused` to
the 400 page with the message — and leaves `PermissionDenied` (so `NotAllowed`) and `Http404` to
Django, whose handlers are the functions below (`handler400` … `handler500` in the URL conf). Every
page shows the exception's message, escaped, in the app's look; the 500 page needs no database.
Views therefore raise and never build an error response by hand. A 403 or 404 a view raises for a
signed-in caller is also written to the access log as denied (`heartline.core.denials`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader

from heartline.core.denials import record_denial
from heartline.core.errors import ActionRefused, NotFound


def message_of(exception: BaseException | None) -> str:
    """The message an exception carries for the person who asked; "" when it has none to show.

    Django's own 404s carry a dict of the URL patterns tried: that is for developers, not shown.
    """
    if exception is None or not exception.args or not isinstance(exception.args[0], str):
        return ""
    return exception.args[0]


def error_page(request: HttpRequest, status: int, message: str = "") -> HttpResponse:
    """The styled page for a 400, 403 or 404, saying `message` (escaped) when there is one."""
    body = loader.render_to_string(f"{status}.html", {"message": message, "status": status}, request)
    return HttpResponse(body, status=status)


class ErrorPageMiddleware:
    """Turns the refusals a view lets escape into their pages (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied):
            record_denial(request, 403, message_of(exception))
            return None  # Django answers with handler403, our 403 page
        if isinstance(exception, Http404):
            # Raised by a view: a record not there or out of scope (an unknown URL never gets here).
            record_denial(request, 404, message_of(exception))
            return None  # Django answers with handler404, our 404 page
        if isinstance(exception, NotFound):
            record_denial(request, 404, message_of(exception))
            return error_page(request, 404, message_of(exception))
        if isinstance(exception, ActionRefused):
            return error_page(request, 400, message_of(exception))
        return None


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: Django's own 400s (a suspicious request); their message is not for the user."""
    return error_page(request, 400)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler403: a refused action, with the reason the service gave."""
    return error_page(request, 403, message_of(exception))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: no such page or record, or not one the caller may see."""
    return error_page(request, 404, message_of(exception))


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: rendered without the request, so no context processor (and no database) runs."""
    return HttpResponse(loader.render_to_string("500.html"), status=500)
