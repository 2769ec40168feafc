"""Request middleware of the core app."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from heartline.core import clock

# Set by core/static/core/timezone.js from the browser's own time zone.
VIEWER_ZONE_COOKIE = "heartline_tz"


def viewer_zone(request: HttpRequest) -> ZoneInfo:
    """The viewer's time zone (the browser's, when it told us), else the organization's."""
    name = request.COOKIES.get(VIEWER_ZONE_COOKIE, "")
    if name and len(name) <= 64:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    return clock.organization_zone()


class ViewerTimeZoneMiddleware:
    """Pages show instants in the viewer's time zone; days stay the organization's (core.clock)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with timezone.override(viewer_zone(request)):
            return self.get_response(request)
