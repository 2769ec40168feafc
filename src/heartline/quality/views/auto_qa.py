"""Auto-QA pages: coverage and agreement by item; one contact's automatic answers with their evidence
and the auditor's override."""

from __future__ import annotations

import math

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from heartline.core.errors import NotFound
from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import log_access
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.contracts import ANSWERS
from heartline.quality.auto_qa.items import AUTO_ITEMS
from heartline.quality.auto_qa.trust import TRUSTED_ALPHA
from heartline.quality.selectors import auto_qa as reads
from heartline.quality.services import auto_qa as services
from heartline.warehouse.store import Warehouse

ANSWER_WORDS = {"met": "Met", "not_met": "Not met", "na": "N/A"}
NOT_FOUND = "No automatic answers for this contact, or not a contact you may see."


def _figure(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:.2f}"


@login_required
def agreement_page(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    found = reads.agreement(auto_model.load())
    rows = [
        {
            "item": a,
            "alpha": _figure(a.alpha),
            "interval": "—" if math.isnan(a.ci_low) else f"{a.ci_low:.2f}–{a.ci_high:.2f}",
            "confusion": [(ANSWER_WORDS[h], counts) for h, counts in a.confusion],
        }
        for a in found.items
    ]
    context = {
        "agreement": found,
        "rows": rows,
        "coverage": reads.coverage(caller, Warehouse.default()),
        "answers": [ANSWER_WORDS[a] for a in ANSWERS],
        "threshold": TRUSTED_ALPHA,
    }
    return render(request, "quality/auto_qa.html", context)


@login_required
def contact_page(request: HttpRequest, contact_id: str) -> HttpResponse:
    caller = caller_of(request)
    answers = reads.auto_answers_of_contact(caller, contact_id)
    if not answers:
        raise NotFound(NOT_FOUND)
    log_access(caller, "quality.auto_qa.view", f"contact:{contact_id}", "web", shown=["auto answers", "evidence"])
    status = {a.item: a.status for a in reads.agreement(auto_model.load()).items}
    titles = {i.code: i.title for i in AUTO_ITEMS}
    overridden = reads.overrides_of_contact(contact_id)
    rows = [
        {
            "answer": a,
            "title": titles.get(a.item, a.item),
            "word": ANSWER_WORDS.get(a.answer, a.answer),
            "status": status.get(a.item, "suggested"),
            "override": overridden.get(a.item),
            "override_word": ANSWER_WORDS.get(overridden[a.item].answer, "") if a.item in overridden else "",
        }
        for a in answers
    ]
    context = {
        "contact_id": contact_id,
        "rows": rows,
        "first": answers[0],
        "can_override": caller.can(Capability.AUDIT_CONTACTS),
        "choices": list(ANSWER_WORDS.items()),
    }
    return render(request, "quality/auto_qa_contact.html", context)


@require_POST
@login_required
def override(request: HttpRequest, contact_id: str) -> HttpResponse:
    caller = caller_of(request)
    services.override_auto_answer(
        caller,
        contact_id,
        request.POST.get("item", ""),
        request.POST.get("answer", ""),
        note=request.POST.get("note", ""),
    )
    return redirect(reverse("quality:auto-qa-contact", args=[contact_id]))
