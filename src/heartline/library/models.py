"""The practice library's records: articles in translation groups, their published versions, the
workflow history, helpful votes and attachments.

An `Article` is one language of a practice; the translations of one practice share a
`TranslationGroup`. The article row is the *working copy* authors edit; what readers see is its
`live` version, a frozen `ArticleVersion` made at each publication, so an edit in progress never
changes the published page and every published change keeps the previous version. Links to
behaviors, survey themes and ideas are stored as those apps' stable codes and ids; nothing here
imports their models. Every write goes through `library.services`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    CHINESE = "zh", "中文"


class Kind(models.TextChoices):
    HOW_TO = "how_to", "How-to guide"
    PRACTICE = "practice", "Team-tested practice"
    TOOL = "tool", "Tool"
    VIDEO = "video", "Short video"
    STORY = "story", "Story"


class ToolType(models.TextChoices):
    NONE = "", "—"
    CHECKLIST = "checklist", "Checklist"
    TEMPLATE = "template", "Template"
    PUZZLE = "puzzle", "Puzzle"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "in_review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class TranslationGroup(models.Model):
    """One practice in every language it is written in; `key` is its stable name (`warm-transfer`)."""

    key = models.SlugField(max_length=120, unique=True)
    source_language = models.CharField(max_length=2, choices=Language.choices, default=Language.ENGLISH)
    created_at = models.DateTimeField(auto_now_add=True)
    # What a practice means to move: a warehouse proportion metric (`one-and-done`) or
    # `behavior-pass-rate` with `target_behavior_code`; blank until someone sets it.
    target_metric = models.CharField(max_length=60, blank=True)
    target_behavior_code = models.SlugField(max_length=60, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class ArticleContent(models.Model):
    """What an author writes: shared by the working copy and each published version."""

    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True, help_text="Markdown")
    # A team-tested practice tells what the problem was, what the team tried, the results with
    # figures, and how another team adopts it (Markdown each).
    problem = models.TextField(blank=True)
    what_we_tried = models.TextField(blank=True)
    results = models.TextField(blank=True)
    how_to_adopt = models.TextField(blank=True)
    tool_type = models.CharField(max_length=12, choices=ToolType.choices, blank=True, default="")
    video_url = models.URLField(blank=True)
    transcript = models.TextField(blank=True)
    tags = models.JSONField(default=list, blank=True)
    behavior_codes = models.JSONField(default=list, blank=True)
    survey_theme_codes = models.JSONField(default=list, blank=True)
    idea_ids = models.JSONField(default=list, blank=True)

    class Meta:
        abstract = True


class Article(ArticleContent):
    """One language of a practice: the working copy, its workflow status and its live version."""

    group = models.ForeignKey(TranslationGroup, on_delete=models.CASCADE, related_name="articles")
    language = models.CharField(max_length=2, choices=Language.choices)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="library_articles"
    )
    unit_code = models.SlugField(max_length=40, blank=True, help_text="The unit it was written for; blank = all")
    live = models.OneToOneField(
        "ArticleVersion", on_delete=models.SET_NULL, null=True, blank=True, related_name="live_of"
    )
    view_count = models.PositiveIntegerField(default=0)
    source_path = models.CharField(max_length=500, blank=True, help_text="The file it was imported from")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["group__key", "language"]
        constraints = [models.UniqueConstraint(fields=["group", "language"], name="library_one_article_per_language")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    @property
    def is_translation(self) -> bool:
        return self.language != self.group.source_language


class ArticleVersion(ArticleContent):
    """A published state of an article, kept for good: version 1, 2, … in publication order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_by_name = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["article", "-number"]
        constraints = [models.UniqueConstraint(fields=["article", "number"], name="library_version_number_unique")]

    def __str__(self) -> str:
        return f"{self.title} v{self.number}"


class Transition(models.Model):
    """One step of an article's workflow (created, submitted, published, changes requested, archived…)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=12, blank=True)
    to_status = models.CharField(max_length=12)
    action = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status or '—'} → {self.to_status}"


class HelpfulVote(models.Model):
    """A person's answer to "Was this helpful?" for a practice (all its translations): one each, changeable."""

    group = models.ForeignKey(TranslationGroup, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.SET_NULL, null=True, related_name="+")
    helpful = models.BooleanField()
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["group", "voter"], name="library_one_vote_per_person")]

    def __str__(self) -> str:
        return f"{self.group.key}: {'yes' if self.helpful else 'no'}"


def attachment_storage() -> Storage:
    """Attachments live in HEARTLINE_HOME/library/attachments (a callable, so migrations keep no path)."""
    return FileSystemStorage(location=Path(settings.HEARTLINE_HOME) / "library" / "attachments")


def attachment_path(instance: Any, filename: str) -> str:
    return f"{instance.article.group.key}/{instance.article.language}/{filename}"


class Attachment(models.Model):
    """A file that comes with an article: a checklist, a template, a puzzle, a video."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(max_length=200)
    file = models.FileField(storage=attachment_storage, upload_to=attachment_path, max_length=400)
    content_hash = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["article", "title"], name="library_attachment_title_unique")]

    def __str__(self) -> str:
        return self.title


class PracticeAdoption(models.Model):
    """A unit (at a site) adopted a practice from a day on: once per practice and unit."""

    group = models.ForeignKey(TranslationGroup, on_delete=models.CASCADE, related_name="adoptions")
    unit_code = models.SlugField(max_length=40)
    site = models.CharField(max_length=120, blank=True, help_text="Where in the unit, e.g. a call-center site")
    adopted_on = models.DateField()
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_by_name = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "adopted_on", "unit_code"]
        constraints = [models.UniqueConstraint(fields=["group", "unit_code"], name="library_one_adoption_per_unit")]

    def __str__(self) -> str:
        return f"{self.group.key} in {self.unit_code} from {self.adopted_on}"
