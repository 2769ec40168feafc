"""The transcript pages: `/transcripts/<contact_id>/` (redacted, for whoever may see the contact) and
`/transcripts/<contact_id>/raw/` (as received: compliance and administrators; every read logged);
`/transcripts/questions/`: what members are asking (analysts of member voice; docs/members-asking.md)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from heartline.core.bounds import parse_day
from heartline.core.scoping import caller_of
from heartline.transcripts.asking_selectors import members_asking
from heartline.transcripts.contracts import TranscriptView
from heartline.transcripts.selectors import may_read_raw, raw_transcript_of_contact, transcript_of_contact


def _render(request: HttpRequest, view: TranscriptView, raw_allowed: bool) -> HttpResponse:
    return render(
        request,
        "transcripts/transcript.html",
        {"transcript": view, "raw_allowed": raw_allowed, "seconds": round(view.duration_ms / 1000)},
    )


@login_required
def transcript(request: HttpRequest, contact_id: str) -> HttpResponse:
    caller = caller_of(request)
    return _render(request, transcript_of_contact(caller, contact_id), may_read_raw(caller))


@login_required
def raw_transcript(request: HttpRequest, contact_id: str) -> HttpResponse:
    return _render(request, raw_transcript_of_contact(caller_of(request), contact_id), True)


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    start, end = parse_day(request.GET.get("from"), "from"), parse_day(request.GET.get("to"), "to")
    answer = members_asking(caller_of(request), start, end)
    return render(request, "transcripts/questions.html", {"answer": answer, "asking": answer.asking})
