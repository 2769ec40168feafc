"""Navigation by role, available to every template as `nav` and `caller`."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.core.scoping import caller_of

# (label, url name, roles that see it; empty = everyone signed in)
NAVIGATION: tuple[tuple[str, str, frozenset[str]], ...] = (
    ("Dashboard", "home", frozenset()),
    ("One and Done", "contacts:one-and-done", frozenset()),
    ("API docs", "api-v1:openapi-view", frozenset()),
    ("Admin", "admin:index", frozenset({"admin"})),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav": [], "caller": None}
    caller = caller_of(request)
    items = [(label, name) for label, name, roles in NAVIGATION if not roles or caller.role in roles]
    return {"nav": items, "caller": caller}
