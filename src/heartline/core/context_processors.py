"""Navigation by role, available to every template as `menu` (grouped), `nav` (flat) and `caller`
(with `role_label`, the role in words); and `can`, the caller's
capabilities by name (`{% if can.audit_contacts %}`), so templates ask the policy, never a role."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.core.navigation import entries_for, menu_for
from heartline.core.permissions import capabilities_of
from heartline.core.roles import Role
from heartline.core.scoping import caller_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"nav": [], "menu": [], "caller": None, "can": capabilities_of(""), "role_label": ""}
    caller = caller_of(request)
    items = [(entry.label, entry.url_name) for entry in entries_for(caller)]
    role_label = Role(caller.role).label if caller.role in Role.values else "no role"
    return {
        "nav": items,
        "menu": menu_for(caller),
        "caller": caller,
        "can": capabilities_of(caller.role),
        "role_label": role_label,
    }
