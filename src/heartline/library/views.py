"""The library's pages: search as you type, the article with its helpful buttons, authoring and review.

Search filters live in the URL (`/library/?q=…&kind=practice&language=zh&tag=…&unit=…`), so a
search can be shared; typing updates the results in place (HTMX) and the address bar with them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.scoping import caller_of
from heartline.core.selectors import unit_names
from heartline.library import selectors, services
from heartline.library.contracts import KINDS, LANGUAGES
from heartline.library.forms import ArticleForm
from heartline.library.models import Article, Kind, Language
from heartline.library.search.analysis import warm_up_in_background
from heartline.library.search.index import MAX_DEPTH, SearchFilters
from heartline.transcripts.asking_selectors import unanswered_questions

PAGE_SIZE = 10
LAST_PAGE = MAX_DEPTH // PAGE_SIZE
_ID = re.compile(r"[0-9]{1,9}")
KIND_NAMES = dict(Kind.choices)
LANGUAGE_NAMES = dict(Language.choices)


def _values(request: HttpRequest, name: str, allowed: tuple[str, ...] | None = None) -> tuple[str, ...]:
    raw = [v.strip() for v in request.GET.get(name, "").split(",") if v.strip()]
    return tuple(v for v in raw if allowed is None or v in allowed)


def filters_from(request: HttpRequest) -> SearchFilters:
    return SearchFilters(
        kinds=_values(request, "kind", KINDS),
        languages=_values(request, "language", LANGUAGES),
        tags=_values(request, "tag"),
        units=_values(request, "unit"),
    )


def _prefer(request: HttpRequest) -> str | None:
    prefer = request.GET.get("prefer", "")
    return prefer if prefer in LANGUAGES else None


def _page(request: HttpRequest) -> int:
    """The results page asked for, 1 to LAST_PAGE (anything else: the first)."""
    raw = request.GET.get("page", "1")
    page = int(raw) if _ID.fullmatch(raw) else 1
    return page if 1 <= page <= LAST_PAGE else 1


def _link(request: HttpRequest, **changes: str) -> str:
    params = {k: v for k, v in request.GET.items() if v}
    params.update(changes)
    return "?" + urlencode({k: v for k, v in params.items() if v})


def _results_context(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    query = request.GET.get("q", "").strip()[:200]
    filters = filters_from(request)
    page = _page(request)
    context: dict[str, Any] = {"query": query, "filters": filters, "page": page}
    if query:
        found = selectors.search(
            caller, query, filters, prefer=_prefer(request), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
        total = found.results.total
        context.update(
            results=found.results,
            found=found.found,
            total=total,
            first=(page - 1) * PAGE_SIZE + 1,
            last=(page - 1) * PAGE_SIZE + len(found.found),
            newer=_link(request, page=str(page - 1)) if page > 1 else None,
            older=_link(request, page=str(page + 1)) if page * PAGE_SIZE < min(total, MAX_DEPTH) else None,
            suggestion_link=_link(request, q=found.results.suggestion or "", page="")
            if found.results.suggestion
            else None,
        )
    else:
        context["popular"] = selectors.popular(caller, filters, prefer=_prefer(request) or "en")
    return context


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The library: a search box, filters, and results (or the most helpful practices)."""
    warm_up_in_background()  # jieba is ready by the time someone has typed a Chinese question
    caller = caller_of(request)
    context = _results_context(request, caller)
    if request.htmx and request.htmx.target == "results":  # type: ignore[attr-defined]
        return render(request, "library/_results.html", context)
    filters = context["filters"]
    context.update(
        kinds=[(k, KIND_NAMES[k], k in filters.kinds) for k in KINDS],
        languages=[(code, LANGUAGE_NAMES[code], code in filters.languages) for code in LANGUAGES],
        tags=[(t, n, t in filters.tags) for t, n in selectors.tag_choices()[:40]],
        units=[(code, name, code in filters.units) for code, name in sorted(unit_names(caller).items())],
        prefer=request.GET.get("prefer", ""),
        can_author=services.can_author(caller),
        stale_count=len(selectors.stale_translations()) if services.can_author(caller) else 0,
    )
    return render(request, "library/home.html", context)


@login_required
@require_safe
def article(request: HttpRequest, article_id: int) -> HttpResponse:
    """One article as readers see it (its live version); each reading is counted (a POST is no
    reading: 405, nothing counted)."""
    caller = caller_of(request)
    found = selectors.readable_article(article_id)
    if found is None:
        raise Http404("No such published article")
    services.record_view(found)
    page = selectors.reader_page(caller, found)
    return render(
        request,
        "library/article.html",
        {
            "page": page,
            "kind_name": KIND_NAMES.get(found.kind, found.kind),
            "language_name": LANGUAGE_NAMES.get(found.language, found.language),
            "can_edit": services.can_edit(caller, found),
            "can_author": services.can_author(caller),
            "query": request.GET.get("q", ""),
        },
    )


@login_required
@require_POST
def helpful(request: HttpRequest, article_id: int) -> HttpResponse:
    """Record "Was this helpful?" and answer with the updated box (HTMX) or the page."""
    caller = caller_of(request)
    found = selectors.readable_article(article_id)
    if found is None:
        raise Http404("No such published article")
    answer = request.POST.get("helpful")
    if answer not in ("yes", "no"):
        raise ActionRefused("helpful must be yes or no")
    tally = services.vote_helpful(caller, found, answer == "yes")
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "library/_helpful.html", {"tally": tally, "article": found})
    return redirect("library:article", article_id=found.pk)


@login_required
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Download a file of a published article (anyone signed in) or of a draft (its owner and
    reviewers): always as a download, never shown inline, so no file runs in the site's pages."""
    caller = caller_of(request)
    item = selectors.attachment_for(caller, attachment_id)
    if item is None:
        raise Http404("No such attachment")
    try:
        opened = item.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The attachment's file is missing from the library's storage") from exc
    return FileResponse(opened, as_attachment=True, filename=item.file.name.rsplit("/", 1)[-1])


# -- authoring and review -------------------------------------------------------------------------


@login_required
def authoring(request: HttpRequest) -> HttpResponse:
    """What the caller writes and reviews, and the translations that fell behind their source."""
    caller = caller_of(request)
    if not services.can_author(caller):
        raise NotAllowed("Trainers, coaches, managers and admins write library articles.")
    return render(
        request,
        "library/authoring.html",
        {
            "articles": selectors.authoring_list(caller),
            "queue": selectors.review_queue(caller),
            "stale": selectors.stale_translations(),
            "can_review": services.can_review(caller),
            "asking": unanswered_questions(caller),
        },
    )


@login_required
def new_article(request: HttpRequest) -> HttpResponse:
    """Write a new article, or (`?translate=ID`) a translation of an existing one."""
    caller = caller_of(request)
    if not services.can_author(caller):
        raise NotAllowed("Trainers, coaches, managers and admins write library articles.")
    source: Article | None = None
    if _ID.fullmatch(request.GET.get("translate", "")):
        source = selectors.readable_article(int(request.GET["translate"]))
    error = ""
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if form.is_valid():
            try:
                created = services.create_article(
                    caller, form.to_input(), group_key=source.group.key if source else None
                )
            except services.LibraryError as exc:
                error = str(exc)
            else:
                return redirect("library:edit", article_id=created.pk)
    else:
        initial = (
            ArticleForm.initial_from(source.live, kind=source.kind, unit_code=source.unit_code)
            if source and source.live
            else {}
        )
        form = ArticleForm(initial=initial)
    return render(request, "library/edit.html", {"form": form, "source": source, "error": error, "article": None})


@login_required
def edit_article(request: HttpRequest, article_id: int) -> HttpResponse:
    """Edit the working copy; move it through review; attach files; see its history and versions."""
    caller = caller_of(request)
    found = selectors.authored_article(caller, article_id)
    if found is None:
        raise Http404("No such article of yours")
    error = ""
    if request.method == "POST":
        form = ArticleForm(request.POST)
        if form.is_valid():
            try:
                services.update_article(caller, found, form.to_input())
            except (services.LibraryError, services.NotAllowed) as exc:
                error = str(exc)
            else:
                return redirect("library:edit", article_id=found.pk)
    else:
        form = ArticleForm(initial=ArticleForm.initial_from(found))
    return render(
        request,
        "library/edit.html",
        {
            "form": form,
            "article": found,
            "error": error,
            "can_edit": services.can_edit(caller, found),
            "can_review": services.can_review(caller),
            "missing": services.missing_for_review(found),
            "history": selectors.history_of(found),
            "versions": selectors.versions_of(found),
            "translations": selectors.translations_of(found) if found.live else [],
        },
    )


TRANSITIONS: dict[str, Callable[[Caller, Article, str], Article]] = {
    "submit": services.submit_for_review,
    "publish": services.publish,
    "request-changes": services.request_changes,
    "archive": services.archive,
    "restore": services.restore,
}


@login_required
@require_POST
def transition(request: HttpRequest, article_id: int, action: str) -> HttpResponse:
    caller = caller_of(request)
    found = selectors.authored_article(caller, article_id)
    if found is None or action not in TRANSITIONS:
        raise Http404("No such article or action")
    try:
        TRANSITIONS[action](caller, found, request.POST.get("note", ""))
    except (services.LibraryError, services.NotAllowed) as exc:
        messages.error(request, str(exc))
    return redirect("library:edit", article_id=found.pk)


@login_required
@require_POST
def upload(request: HttpRequest, article_id: int) -> HttpResponse:
    caller = caller_of(request)
    found = selectors.authored_article(caller, article_id)
    uploaded = request.FILES.get("file")
    if found is None:
        raise Http404("No such article of yours")
    try:
        if uploaded is None:
            raise services.LibraryError("file: choose a file to attach")
        # Refused before it is read into memory (the service checks again, for other callers).
        services.check_attachment_size(uploaded.size or 0)
        services.add_attachment(
            caller,
            found,
            request.POST.get("title", "").strip() or uploaded.name or "file",
            uploaded.read(),
            uploaded.name or "file",
        )
    except (services.LibraryError, services.NotAllowed) as exc:
        messages.error(request, str(exc))
    return redirect("library:edit", article_id=found.pk)
