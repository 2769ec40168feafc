"""A page's figures laid out once per answer: the HTML of a part kept beside the answer it shows.

A page whose figures come from `remember()` (kept until a warehouse table changes) still paid Django's
template engine on every view to lay the same figures out again: the Voice analysis page spent half its
time in its tables and number filters, p95 1.7× the API call that gives the same figures (issue 20).
`keep_rendered` keeps what a part's builder returns (its HTML, and anything the page needs besides)
in the same shared cache as the answers, under the answer's own key — the caller's scope and whatever
else the figures depend on, the calendar and the table versions — plus what the HTML depends on beyond
its figures (`rendering_key`): the template files, the language, the time zone and the URL prefix. New
figures, another scope, another language or an edited template give a new part. A part is rendered
without the request: nothing that depends on the person viewing (their name, the menu, a CSRF token)
may go in one; the page around it is rendered per request as before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

from django.template.loader import get_template
from django.urls import get_script_prefix
from django.utils import timezone, translation

from heartline.core.analytics import remember

T = TypeVar("T")


def _templates_fingerprint(template_name: str) -> str:
    """Every template beside `template_name` (the partials it includes live there) by name, size and
    modification time: an edited template, or another release's, gives another fingerprint."""
    origin = get_template(template_name).origin.name  # type: ignore[attr-defined]
    entries = []
    with os.scandir(Path(origin).parent) as listing:
        for entry in listing:
            if entry.name.endswith(".html"):
                info = entry.stat()
                entries.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    return ",".join(sorted(entries))


def rendering_key(template_name: str) -> tuple[str, str, str, str, str]:
    """What `template_name`'s HTML depends on beyond the context it is given."""
    return (
        template_name,
        _templates_fingerprint(template_name),
        translation.get_language() or "",
        timezone.get_current_timezone_name(),
        get_script_prefix(),
    )


def keep_rendered(answer_key: Hashable, template_name: str, build: Callable[[], T]) -> T:
    """`build()` — a part rendered from `template_name` with the answer kept under `answer_key` — or
    what it returned before for the same answer and rendering; `answer_key` must be the key the answer
    itself is remembered under (`core.analytics.remember`), so the part never outlives its figures."""
    return remember(("page_part", answer_key, rendering_key(template_name)), build)
