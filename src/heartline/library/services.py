"""Every write to the practice library: authoring, the review workflow, votes, views, attachments.

Who may do what (docs/library.md):
- trainers, coaches, managers and admins author: they create articles and translations, and edit
  the ones they own (managers and admins edit any);
- managers and admins review: they publish what was submitted, send it back with a note, archive;
  a reviewer does not publish an article they own (an admin may, e.g. for an import);
- everyone signed in reads published articles, votes "Was this helpful?" once per practice (the
  answer can be changed) and is counted as a view.

Workflow: draft → in review → published → archived, one function per transition, each recorded as a
`Transition`. Publishing freezes the content as a new `ArticleVersion` (when it changed), which is
what readers see; editing a published article makes a draft while the published version stays
online. The search index follows on commit: updating one article takes a few milliseconds, so it is
done at once (the publisher finds their article straight away); should the index be busy or fail,
the update is queued for `heartline worker` instead of failing the publication.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import get_valid_filename

from heartline.behaviors.selectors import behavior_by_code
from heartline.core.bounds import DOCUMENT_CHARS, LABEL_CHARS, NAME_CHARS, NOTE_CHARS, check_day, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.errors import NotAllowed as NotAllowed  # re-exported: callers catch services.NotAllowed
from heartline.core.permissions import Capability, require
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import unit_names
from heartline.core.services import log_access
from heartline.library import indexing
from heartline.library.adoption import BEHAVIOR_PASS_RATE, proportion_metrics
from heartline.library.contracts import (
    CONTENT_FIELDS,
    KINDS,
    LANGUAGES,
    TOOL_TYPES,
    ArticleInput,
    HelpfulTally,
)
from heartline.library.models import (
    Article,
    ArticleVersion,
    Attachment,
    HelpfulVote,
    PracticeAdoption,
    Status,
    Transition,
    TranslationGroup,
)
from heartline.library.tasks import refresh_search_index

logger = logging.getLogger(__name__)
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
# What a library file may be: documents, sheets, slides, text, images and video. No HTML, SVG or
# scripts — a download link must never be a page that runs in the site's origin — and no programs.
ATTACHMENT_SUFFIXES = frozenset(
    {
        ".pdf", ".doc", ".docx", ".odt", ".rtf", ".txt", ".md", ".csv",
        ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp",
        ".png", ".jpg", ".jpeg", ".gif", ".webp",
        ".mp4", ".webm", ".mov", ".m4v", ".mp3", ".m4a", ".wav",
        ".vtt", ".srt", ".zip",
    }
)  # fmt: skip


class LibraryError(ActionRefused):
    """An article cannot be saved or moved on as asked (the message says which field and why)."""


# -- permissions ----------------------------------------------------------------------------------


def can_author(caller: Caller) -> bool:
    return caller.can(Capability.AUTHOR_ARTICLES)


def can_review(caller: Caller) -> bool:
    return caller.can(Capability.REVIEW_ARTICLES)


def can_edit(caller: Caller, article: Article) -> bool:
    if article.status == Status.ARCHIVED:
        return False
    return can_review(caller) or (
        can_author(caller) and caller.user_id is not None and article.owner_id == caller.user_id
    )


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


# -- validation -----------------------------------------------------------------------------------


LONG_SECTIONS = ("body", "problem", "what_we_tried", "results", "how_to_adopt", "transcript")


def validate(content: ArticleInput) -> None:
    """Refuse content no page could show: the message names the field and the reason."""
    if not content.title.strip():
        raise LibraryError("title: an article needs a title")
    check_text(content.title, "title", NAME_CHARS, LibraryError)
    check_text(content.summary, "summary", NOTE_CHARS, LibraryError)
    for field in LONG_SECTIONS:
        check_text(getattr(content, field), field, DOCUMENT_CHARS, LibraryError)
    check_text(content.video_url, "video_url", NAME_CHARS, LibraryError)  # a URLField: 200 characters
    if content.kind not in KINDS:
        raise LibraryError(f"kind: {content.kind!r} is not one of {', '.join(KINDS)}")
    if content.language not in LANGUAGES:
        raise LibraryError(f"language: {content.language!r} is not one of {', '.join(LANGUAGES)}")
    if content.tool_type not in TOOL_TYPES:
        raise LibraryError(f"tool_type: {content.tool_type!r} is not one of {', '.join(t for t in TOOL_TYPES if t)}")
    if content.video_url and not content.video_url.startswith(("https://", "http://")):
        raise LibraryError("video_url: must start with https:// or http://")


def missing_for_review(article: Article) -> list[str]:
    """What an article still lacks before a reviewer can publish it (empty when complete)."""
    missing = []
    if article.kind not in ("practice", "video") and not article.body.strip():
        missing.append("body: write the article")
    if article.kind == "practice":
        for name, label in (
            ("problem", "the problem"),
            ("what_we_tried", "what the team tried"),
            ("results", "the results, with figures"),
            ("how_to_adopt", "how to adopt it"),
        ):
            if not getattr(article, name).strip():
                missing.append(f"{name}: a team-tested practice says {label}")
    if article.kind == "video":
        if not article.video_url and not article.attachments.exists():
            missing.append("video_url: give a link to the video or attach the file")
        if not article.transcript.strip():
            missing.append("transcript: a short video needs its transcript (it is what search finds)")
    return missing


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _content_of(article: Article | ArticleVersion) -> dict[str, Any]:
    return {name: getattr(article, name) for name in CONTENT_FIELDS}


def _apply(article: Article, content: ArticleInput) -> None:
    for name, value in content.content().items():
        setattr(article, name, value)
    article.kind = content.kind
    article.unit_code = content.unit_code


def _record(article: Article, caller: Caller, action: str, from_status: str, note: str = "") -> None:
    # Called inside the change's transaction: a note too long undoes the change with it.
    check_text(note, "note", NOTE_CHARS, LibraryError)
    Transition.objects.create(
        article=article,
        from_status=from_status,
        to_status=article.status,
        action=action,
        actor_id=caller.user_id,
        actor_name=caller.username,
        note=note,
    )


def _reindex_on_commit(article_ids: Iterable[int]) -> None:
    ids = list(article_ids)

    def update() -> None:
        try:
            indexing.refresh(ids)
        except Exception:  # an index problem must not undo a publication: the worker retries
            logger.exception("library index update failed for %s; queued for the worker", ids)
            refresh_search_index.enqueue(ids)

    transaction.on_commit(update)


# -- authoring ------------------------------------------------------------------------------------


def create_article(
    caller: Caller,
    content: ArticleInput,
    *,
    group_key: str | None = None,
    owner_username: str | None = None,
    source_path: str = "",
) -> Article:
    """A new draft; `group_key` names the practice it translates (or the new practice's key)."""
    _require(can_author(caller), "only trainers, coaches, managers and admins write library articles")
    validate(content)
    owner_id = caller.user_id
    if owner_username:
        owner = get_user_model().objects.filter(username=owner_username).first()
        if owner is None:
            raise LibraryError(f"owner: no user named {owner_username!r}")
        owner_id = owner.pk
    with transaction.atomic():
        key = group_key or _new_group_key(content.title)
        group, _ = TranslationGroup.objects.get_or_create(key=key, defaults={"source_language": content.language})
        if Article.objects.filter(group=group, language=content.language).exists():
            raise LibraryError(f"language: {key!r} already has a {content.language} article; edit that one")
        article = Article(group=group, language=content.language, owner_id=owner_id, source_path=source_path)
        _apply(article, content)
        article.save()
        _record(article, caller, "created", "")
    return article


def _new_group_key(title: str) -> str:
    from django.utils.text import slugify

    base = slugify(title)[:100] or "article"
    key, n = base, 2
    while TranslationGroup.objects.filter(key=key).exists():
        key, n = f"{base}-{n}", n + 1
    return key


def update_article(caller: Caller, article: Article, content: ArticleInput, note: str = "") -> Article:
    """Change the working copy. A published article becomes a draft again; readers keep seeing the
    published version until the change is reviewed and published."""
    _require(can_edit(caller, article), "you may edit only your own articles (reviewers: any) that are not archived")
    validate(content)
    if content.language != article.language:
        raise LibraryError("language: an article keeps its language; write a translation instead")
    with transaction.atomic():
        before = article.status
        _apply(article, content)
        if article.status != Status.DRAFT:
            article.status = Status.DRAFT
        article.save()
        _record(article, caller, "edited", before, note)
    return article


def submit_for_review(caller: Caller, article: Article, note: str = "") -> Article:
    _require(can_edit(caller, article), "only the article's owner or a reviewer submits it")
    if article.status != Status.DRAFT:
        raise LibraryError(f"status: only a draft goes to review (this one is {article.get_status_display()})")
    missing = missing_for_review(article)
    if missing:
        raise LibraryError("; ".join(missing))
    with transaction.atomic():
        article.status = Status.IN_REVIEW
        article.save(update_fields=["status", "updated_at"])
        _record(article, caller, "submitted", Status.DRAFT, note)
    return article


def publish(caller: Caller, article: Article, note: str = "", *, at: Any = None) -> Article:
    """Publish what is in review: a new version when the content changed since the last one."""
    _require(can_review(caller), "only managers and admins publish library articles")
    _require(
        caller.can(Capability.PUBLISH_OWN_ARTICLES) or article.owner_id is None or article.owner_id != caller.user_id,
        "a reviewer does not publish their own article: ask another reviewer",
    )
    with transaction.atomic():
        # Re-read under a row lock: of two reviewers publishing at once, the second finds it published.
        locked = Article.objects.select_for_update().filter(pk=article.pk).values_list("status", flat=True).first()
        article.status = locked if locked is not None else article.status
        if article.status != Status.IN_REVIEW:
            raise LibraryError(
                f"status: only an article in review is published (this one is {article.get_status_display()})"
            )
        _freeze(article, caller, at or timezone.now())
        article.status = Status.PUBLISHED
        article.save(update_fields=["status", "live", "updated_at"])
        _record(article, caller, "published", Status.IN_REVIEW, note)
    _reindex_on_commit([article.pk])
    return article


def _freeze(article: Article, caller: Caller, at: Any) -> ArticleVersion:
    content = _content_of(article)
    digest = content_hash({**content, "kind": article.kind, "unit_code": article.unit_code})
    live = article.live
    if live is not None and live.content_hash == digest:
        return live
    number = (article.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ArticleVersion.objects.create(
        article=article,
        number=number,
        content_hash=digest,
        published_at=at,
        published_by_id=caller.user_id,
        published_by_name=caller.username,
        **content,
    )
    article.live = version
    return version


def request_changes(caller: Caller, article: Article, note: str) -> Article:
    """Send an article in review back to its author, saying what to change."""
    _require(can_review(caller), "only managers and admins review library articles")
    if article.status != Status.IN_REVIEW:
        raise LibraryError("status: only an article in review can be sent back")
    if not note.strip():
        raise LibraryError("note: say what should change")
    with transaction.atomic():
        article.status = Status.DRAFT
        article.save(update_fields=["status", "updated_at"])
        _record(article, caller, "changes requested", Status.IN_REVIEW, note)
    return article


def archive(caller: Caller, article: Article, note: str = "") -> Article:
    """Take an article out of the library (its versions and history are kept)."""
    _require(can_review(caller), "only managers and admins archive library articles")
    if article.status == Status.ARCHIVED:
        raise LibraryError("status: already archived")
    with transaction.atomic():
        before = article.status
        article.status = Status.ARCHIVED
        article.save(update_fields=["status", "updated_at"])
        _record(article, caller, "archived", before, note)
    _reindex_on_commit([article.pk])
    return article


def restore(caller: Caller, article: Article, note: str = "") -> Article:
    """Bring an archived article back as a draft (publish it again to show it)."""
    _require(can_review(caller), "only managers and admins restore library articles")
    if article.status != Status.ARCHIVED:
        raise LibraryError("status: only an archived article is restored")
    with transaction.atomic():
        article.status = Status.DRAFT
        article.live = None
        article.save(update_fields=["status", "live", "updated_at"])
        _record(article, caller, "restored", Status.ARCHIVED, note)
    return article


def check_attachment_size(size: int) -> None:
    if size > MAX_ATTACHMENT_BYTES:
        raise LibraryError(f"file: {size:,} bytes; at most {MAX_ATTACHMENT_BYTES:,} ({MAX_ATTACHMENT_BYTES >> 20} MB)")


def attachment_filename(filename: str) -> str:
    """The name a file is stored under: its last path part made safe, with an allowed suffix."""
    base = os.path.basename(filename.replace("\\", "/")).strip()
    name = get_valid_filename(base) if base.strip(".") else ""
    if not os.path.splitext(name)[0] or os.path.splitext(name)[1].lower() not in ATTACHMENT_SUFFIXES:
        raise LibraryError(
            f"file: {filename!r} is not a kind of file the library keeps "
            f"(one of {', '.join(sorted(ATTACHMENT_SUFFIXES))})"
        )
    return name


def add_attachment(caller: Caller, article: Article, title: str, data: bytes, filename: str) -> Attachment:
    """Attach a file (a checklist, a template, a video) or replace the one of the same title."""
    _require(can_edit(caller, article), "only the article's owner or a reviewer attaches files")
    title = title.strip()
    if not title:
        raise LibraryError("title: name the attachment")
    check_text(title, "title", NAME_CHARS, LibraryError)
    filename = attachment_filename(filename)
    if not data:
        raise LibraryError(f"file: {filename} is empty")
    check_attachment_size(len(data))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        existing = article.attachments.filter(title=title).first()
        if existing is not None and existing.content_hash == digest:
            return existing
        if existing is not None:
            existing.file.delete(save=False)
            existing.delete()
        attachment = Attachment(article=article, title=title, content_hash=digest)
        attachment.file.save(filename, ContentFile(data), save=False)
        attachment.save()
        _record(article, caller, "attached", article.status, title)
    return attachment


# -- readers --------------------------------------------------------------------------------------


def vote_helpful(caller: Caller, article: Article, helpful: bool) -> HelpfulTally:
    """Record the caller's answer for the practice (replacing an earlier one); returns the new tally."""
    _require(caller.user_id is not None, "sign in to answer")
    if article.live_id is None or article.status == Status.ARCHIVED:
        raise LibraryError("article: not published")
    HelpfulVote.objects.update_or_create(
        group_id=article.group_id, voter_id=caller.user_id, defaults={"helpful": helpful, "article": article}
    )
    votes = HelpfulVote.objects.filter(group_id=article.group_id)
    return HelpfulTally(yes=votes.filter(helpful=True).count(), answered=votes.count(), mine=helpful)


def record_view(article: Article) -> None:
    """Count one reading of the article (a single UPDATE, safe under concurrent readers)."""
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 1)


# -- practices spreading: target metric and adoption by units -------------------------------------


def _practice(article: Article) -> TranslationGroup:
    if article.kind != "practice":
        raise LibraryError(f"only a team-tested practice is adopted by units, not a {article.kind.replace('_', ' ')}")
    if article.live_id is None:
        raise LibraryError("a practice is adopted once it is published")
    return article.group


def set_target_metric(caller: Caller, article: Article, metric: str, behavior_code: str = "") -> TranslationGroup:
    """Say what the practice means to move: a warehouse proportion metric (`one-and-done`, …) or
    `behavior-pass-rate` with a behavior's code; blank clears it."""
    require(caller, Capability.RECORD_PRACTICE_ADOPTION, "set what a practice targets")
    group = _practice(article)
    if metric == BEHAVIOR_PASS_RATE:
        if not behavior_code or behavior_by_code(behavior_code) is None:
            raise LibraryError(f"target_behavior: no behavior {behavior_code!r}")
    elif metric:
        if metric not in proportion_metrics():
            raise LibraryError(
                f"target_metric must be {BEHAVIOR_PASS_RATE} or a rate: {', '.join(sorted(proportion_metrics()))}"
            )
        behavior_code = ""
    else:
        behavior_code = ""
    group.target_metric = metric
    group.target_behavior_code = behavior_code
    group.save(update_fields=["target_metric", "target_behavior_code"])
    return group


def record_adoption(
    caller: Caller, article: Article, *, unit_code: str, adopted_on: dt.date, site: str = "", note: str = ""
) -> PracticeAdoption:
    """A unit of the caller's adopted the practice from `adopted_on` (once per unit)."""
    require(caller, Capability.RECORD_PRACTICE_ADOPTION, "record that a unit adopted a practice")
    group = _practice(article)
    check_day(adopted_on, "adopted_on", LibraryError)
    check_text(site, "site", LABEL_CHARS, LibraryError)
    check_text(note, "note", NOTE_CHARS, LibraryError)
    if unit_code not in unit_names(OPERATOR):
        raise LibraryError(f"unit: no unit {unit_code!r}")
    if unit_code not in unit_names(caller):
        raise NotAllowed(f"{unit_code!r} is not a unit of yours")
    if PracticeAdoption.objects.filter(group=group, unit_code=unit_code).exists():
        raise LibraryError(f"{unit_code} already adopted {group.key}")
    with transaction.atomic():
        adoption = PracticeAdoption.objects.create(
            group=group,
            unit_code=unit_code,
            site=site.strip(),
            adopted_on=adopted_on,
            note=note,
            recorded_by_id=caller.user_id,
            recorded_by_name=caller.username,
        )
        log_access(caller, "library.adopt", f"practice:{group.key}", unit=unit_code)
    return adoption
