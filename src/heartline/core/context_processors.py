"""Navigation by role, available to every template as `nav` and `caller`; and `can`, the caller's
capabilities by name (`{% if can.audit_contacts %}`), so templates ask the policy, never a role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.core.navigation import entries_for
from heartline.core.permissions import capabilities_of
from heartline.core.scoping import caller_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav": [], "caller": None, "can": capabilities_of("")}
    caller = caller_of(request)
    items = [(entry.label, entry.url_name) for entry in entries_for(caller)]
    return {"nav": items, "caller": caller, "can": capabilities_of(caller.role)}
