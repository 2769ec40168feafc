"""Scorecards: the list with every version, one version read-only, and the editor of a draft
(a new scorecard, or the next version of one) that a QA analyst, manager or admin publishes."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.scoping import caller_of
from heartline.quality.models import Scale, ScorecardDraft, ScorecardKind
from heartline.quality.selectors import scorecards as selectors
from heartline.quality.selectors.audits import scorecard_sections
from heartline.quality.selectors.scorecards import (
    behavior_groups,
    draft_sections,
    drafts_of_scorecards,
    new_scorecard_drafts,
    scorecards_with_versions,
    version_of,
)
from heartline.quality.services import QualityError, QualityNotFound
from heartline.quality.services import scorecard_drafts as drafts
from heartline.quality.services.scorecards import ItemDraft


def _is_editor(caller: Caller) -> bool:
    return caller.can(Capability.EDIT_SCORECARDS) or caller.is_operator


@login_required
def scorecard_list(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    scorecards = list(scorecards_with_versions())
    open_drafts = drafts_of_scorecards()
    context = {
        "scorecards": [(s, open_drafts.get(s.code)) for s in scorecards],
        "new_drafts": list(new_scorecard_drafts()),
        "is_editor": _is_editor(caller),
        "kinds": ScorecardKind.choices,
    }
    return render(request, "quality/scorecards.html", context)


@require_POST
@login_required
def create(request: HttpRequest) -> HttpResponse:
    caller = caller_of(request)
    draft = drafts.start_new_scorecard(
        caller,
        code=request.POST.get("code", ""),
        name=request.POST.get("name", ""),
        kind=request.POST.get("kind", ScorecardKind.AUDIT),
        description=request.POST.get("description", ""),
    )
    return redirect("quality:scorecard-draft", draft_id=draft.pk)


@require_POST
@login_required
def next_version(request: HttpRequest, code: str) -> HttpResponse:
    caller = caller_of(request)
    draft = drafts.start_next_version(caller, code)
    return redirect("quality:scorecard-draft", draft_id=draft.pk)


@login_required
def version_page(request: HttpRequest, code: str, number: int) -> HttpResponse:
    version = version_of(code, number)
    if version is None:
        raise Http404(f"No version {number} of scorecard {code}.")
    sections = scorecard_sections(version, {}, None, version.published_at)
    total = sum(v.item.weight for s in sections for v in s.items)
    others = selectors.version_numbers(version.scorecard)
    context = {"version": version, "sections": sections, "total_weight": total, "others": others}
    return render(request, "quality/scorecard_version.html", context)


def _draft(caller: Caller, draft_id: int) -> ScorecardDraft:
    require(caller, Capability.EDIT_SCORECARDS, "change scorecards")
    draft = selectors.draft(draft_id)
    if draft is None:
        raise Http404("No such draft: it was published or discarded.")
    return draft


def _editor(
    request: HttpRequest, draft: ScorecardDraft, *, error: str = "", partial: bool = False, status: int = 200
) -> HttpResponse:
    groups = behavior_groups()
    context = {
        "draft": draft,
        "sections": draft_sections(draft, groups),
        "groups": groups,
        "scales": Scale.choices,
        "error": error,
    }
    template = "quality/_draft_editor.html" if partial else "quality/scorecard_draft.html"
    return render(request, template, context, status=status)


@login_required
def draft_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    caller = caller_of(request)
    return _editor(request, _draft(caller, draft_id))


def _int(post: QueryDict, name: str, label: str) -> int:
    raw = post.get(name, "").strip()
    try:
        return int(raw)
    except ValueError:
        raise QualityError(f"{label} must be a whole number, not {raw!r}") from None


def _item(post: QueryDict) -> ItemDraft:
    return ItemDraft(
        code=post.get("code", "").strip(),
        text=post.get("text", ""),
        scale=post.get("scale", ""),
        behavior_code=post.get("behavior", "").strip() or None,
        weight=_int(post, "weight", "weight"),
        critical=post.get("critical") in ("on", "1", "true"),
    )


def _apply(caller: Caller, draft_id: int, post: QueryDict) -> Any:
    """One edit of the draft, named by the `action` field (the button pressed)."""
    action = post.get("action", "")
    item_code = post.get("item", "")
    if action == "add-section":
        return drafts.add_section(caller, draft_id, post.get("title", ""))
    if action in ("rename-section", "remove-section", "section-up", "section-down", "add-item"):
        index = _int(post, "section", "section")
        if action == "rename-section":
            return drafts.rename_section(caller, draft_id, index, post.get("title", ""))
        if action == "remove-section":
            return drafts.remove_section(caller, draft_id, index)
        if action == "add-item":
            return drafts.add_item(caller, draft_id, index, _item(post))
        return drafts.move_section(caller, draft_id, index, -1 if action == "section-up" else 1)
    if action == "update-item":
        return drafts.update_item(caller, draft_id, item_code, _item(post))
    if action == "remove-item":
        return drafts.remove_item(caller, draft_id, item_code)
    if action in ("item-up", "item-down"):
        return drafts.move_item(caller, draft_id, item_code, -1 if action == "item-up" else 1)
    raise QualityError(f"unknown change {action!r}")


@require_POST
@login_required
def edit(request: HttpRequest, draft_id: int) -> HttpResponse:
    """One change to the draft. Under HTMX, answers the editor (with the error, if any)."""
    caller = caller_of(request)
    draft = _draft(caller, draft_id)
    htmx = bool(request.htmx)  # type: ignore[attr-defined]
    try:
        draft = _apply(caller, draft.pk, request.POST)
    except QualityNotFound:
        raise  # the 404 page
    except QualityError as exc:
        return _editor(request, draft, error=str(exc), partial=htmx, status=200 if htmx else 400)
    if htmx:
        return _editor(request, draft, partial=True)
    return redirect("quality:scorecard-draft", draft_id=draft.pk)


@require_POST
@login_required
def publish(request: HttpRequest, draft_id: int) -> HttpResponse:
    caller = caller_of(request)
    draft = _draft(caller, draft_id)
    try:
        version = drafts.publish_draft(caller, draft.pk, request.POST.get("note"))
    except QualityNotFound:
        raise  # the 404 page
    except QualityError as exc:
        draft.note = request.POST.get("note", draft.note)  # shown again as typed
        return _editor(request, draft, error=f"Not published: {exc}", status=400)
    target = reverse("quality:scorecard-version", args=[version.scorecard.code, version.number])
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)  # type: ignore[attr-defined]


@require_POST
@login_required
def discard(request: HttpRequest, draft_id: int) -> HttpResponse:
    caller = caller_of(request)
    drafts.discard_draft(caller, _draft(caller, draft_id).pk)
    return redirect("quality:scorecards")
