"""`{{ instant|when }}`: an instant as wall-clock time in the viewer's time zone, labelled with it.

Built in to every template (settings.TEMPLATES), so no page shows a UTC time as local or the other
way round: app-database datetimes and the warehouse's ISO strings (UTC) alike become, say,
"2026-11-01 13:03 EST".
"""

from __future__ import annotations

import re

from django import template
from django.utils import dateformat, timezone

from heartline.core import clock

register = template.Library()
# Format characters that show a time of day: only then does the zone's abbreviation follow.
TIME_OF_DAY = frozenset("aAfgGhHisuPv")


@register.filter
def when(value: object, layout: str = "Y-m-d H:i") -> str:
    """`value` (a datetime or an ISO string; naive means UTC) in the viewer's zone, with its
    abbreviation when `layout` shows a time of day (a day alone, "M j, Y", is the viewer's day)."""
    if value in (None, ""):
        return ""
    try:
        moment = clock.instant(value)
    except ValueError:
        return str(value)
    local = timezone.localtime(moment)
    shown = dateformat.format(local, layout)
    unescaped = re.sub(r"\\.", "", layout)  # "\a\t" prints "at": no time of day
    return f"{shown} {local.tzname()}" if TIME_OF_DAY & set(unescaped) else shown
