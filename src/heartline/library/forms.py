"""The authoring form: parses what an author typed into an `ArticleInput` for the services."""

from __future__ import annotations

from typing import Any

from django import forms

from heartline.library.contracts import ArticleInput
from heartline.library.models import Article, ArticleContent, Kind, Language, ToolType


def _codes(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in text.replace("\n", ",").split(",") if part.strip()))


class ArticleForm(forms.Form):
    title = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Kind.choices)
    language = forms.ChoiceField(choices=Language.choices)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), required=False, help_text="Markdown")
    problem = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="The problem")
    what_we_tried = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="What we tried")
    results = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Results (with figures)")
    how_to_adopt = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label="How to adopt it")
    tool_type = forms.ChoiceField(choices=ToolType.choices, required=False)
    video_url = forms.URLField(required=False, label="Video link", assume_scheme="https")
    transcript = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    unit_code = forms.SlugField(required=False, label="Unit code (blank: every unit)")
    tags = forms.CharField(required=False, help_text="comma-separated")
    behavior_codes = forms.CharField(required=False, label="Behavior codes")
    survey_theme_codes = forms.CharField(required=False, label="Survey theme codes")
    idea_ids = forms.CharField(required=False, label="Idea ids")

    def to_input(self) -> ArticleInput:
        data: dict[str, Any] = self.cleaned_data
        return ArticleInput(
            title=data["title"].strip(),
            kind=data["kind"],
            language=data["language"],
            summary=data["summary"],
            body=data["body"],
            problem=data["problem"],
            what_we_tried=data["what_we_tried"],
            results=data["results"],
            how_to_adopt=data["how_to_adopt"],
            tool_type=data["tool_type"] or "",
            video_url=data["video_url"] or "",
            transcript=data["transcript"],
            unit_code=data["unit_code"] or "",
            tags=_codes(data["tags"].lower()),
            behavior_codes=_codes(data["behavior_codes"]),
            survey_theme_codes=_codes(data["survey_theme_codes"]),
            idea_ids=_codes(data["idea_ids"]),
        )

    @classmethod
    def initial_from(cls, article: Article | ArticleContent, **extra: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            name: getattr(article, name)
            for name in ("title", "summary", "body", "problem", "what_we_tried", "results", "how_to_adopt")
        }
        initial.update(
            tool_type=article.tool_type,
            video_url=article.video_url,
            transcript=article.transcript,
            tags=", ".join(article.tags),
            behavior_codes=", ".join(article.behavior_codes),
            survey_theme_codes=", ".join(article.survey_theme_codes),
            idea_ids=", ".join(article.idea_ids),
        )
        if isinstance(article, Article):
            initial.update(kind=article.kind, language=article.language, unit_code=article.unit_code)
        initial.update(extra)
        return initial
