"""`{{ instant|when }}`: an instant as wall-clock time in the viewer's time zone, labelled with it.

Built in to every template (settings.TEMPLATES), so no page shows a UTC time as local or the other
way round: app-database datetimes and the warehouse's ISO strings (UTC) alike become, say,
"2026-11-01 13:03 EST".
"""

from __future__ import annotations

from django import template
from django.utils import dateformat, timezone

from heartline.core import clock

register = template.Library()


@register.filter
def when(value: object, layout: str = "Y-m-d H:i") -> str:
    """`value` (a datetime or an ISO string; naive means UTC) in the viewer's zone, with its abbreviation."""
    if value in (None, ""):
        return ""
    try:
        moment = clock.instant(value)
    except ValueError:
        return str(value)
    local = timezone.localtime(moment)
    return f"{dateformat.format(local, layout)} {local.tzname()}"
