"""A member's preferences and consent as a page: read, change on a call, and the history as CSV.

`/members/<id>/preferences/` shows the current preferences, consent per channel and purpose and every
change (newest first). A caller who may record preferences gets two forms: one for channel, language,
time zone and quiet hours, one for a yes or no to a channel and purpose. Both post to the same write
path as the API and the command line (`heartline.members.preferences`), then redirect back (so a
reload posts nothing twice); a refused value is shown above the form with what to type instead.
`/members/<id>/preferences/history.csv` is the same history as a file, e.g. for a member's request or
a consent dispute. Every read and write is logged against the member by the selectors and services.
"""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.ingest.spreadsheet import spreadsheet_safe
from heartline.members import preference_selectors, preferences
from heartline.members.models import Channel, Member, Purpose, Source

HISTORY_COLUMNS = ("recorded_at", "kind", "what", "old_value", "new_value", "source", "recorded_by", "reference")


def _record_preferences(caller: Caller, member_id: str, data: dict[str, str]) -> int:
    changed = 0
    source = data.get("source", Source.CALL)
    for field in preferences.FIELDS:
        if field in data:
            changed += preferences.record_preference(caller, member_id, field, data[field], source)
    return changed


def _record_consent(caller: Caller, member_id: str, data: dict[str, str]) -> int:
    answer = data.get("answer", "")
    if answer not in ("yes", "express", "no"):
        raise ActionRefused("answer: choose yes, yes with express (written) consent, or no")
    changed = preferences.record_consent(
        caller,
        member_id,
        data.get("channel", ""),
        data.get("purpose", ""),
        granted=answer != "no",
        express=answer == "express",
        source=data.get("source", Source.CALL),
        reference=data.get("reference", "").strip(),
    )
    return int(changed)


FORMS = {"preferences": _record_preferences, "consent": _record_consent}


@login_required
@require_http_methods(["GET", "POST"])
def member_preferences(request: HttpRequest, member_id: str) -> HttpResponse:
    """The page; a POST (`form=preferences` or `form=consent`) records the change and redirects."""
    caller = caller_of(request)
    if request.method == "POST":
        require(caller, Capability.RECORD_MEMBER_PREFERENCES, "record a member's preferences")
        record = FORMS.get(request.POST.get("form", ""))
        if record is None:
            messages.error(request, "form: post either the preferences form or the consent form")
        else:
            data = {key: str(value) for key, value in request.POST.items()}
            try:
                changed = record(caller, member_id, data)
            except ActionRefused as exc:
                messages.error(request, str(exc))
            else:
                done = f"{changed} change{'s' if changed != 1 else ''} recorded"
                messages.success(request, done if changed else "Nothing changed: the member already had that on record")
        return redirect("members:preferences", member_id=member_id)
    found = preference_selectors.member_preferences(caller, member_id, channel="web")
    context = {
        "found": found,
        "may_record": caller.can(Capability.RECORD_MEMBER_PREFERENCES),
        "channels": Channel.choices,
        "purposes": Purpose.choices,
        "sources": Source.choices,
        "preferred_channels": Member.Channel.choices,
        "languages": Member.Language.choices,
    }
    return render(request, "members/preferences.html", context)


@login_required
def preference_history_csv(request: HttpRequest, member_id: str) -> HttpResponse:
    """Every preference and consent change of the member, oldest first, as CSV (UTC times)."""
    found = preference_selectors.member_preferences(caller_of(request), member_id, channel="export")
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HISTORY_COLUMNS)
    for entry in reversed(found.history):
        cells = (
            entry.recorded_at.isoformat(),
            entry.kind,
            entry.what,
            entry.old_value,
            entry.new_value,
            entry.source,
            entry.recorded_by,
            entry.reference,
        )
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="preferences-{member_id}.csv"'
    return response
