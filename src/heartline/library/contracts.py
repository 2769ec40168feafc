"""What other apps may import from the library: plain values, no models.

`ArticleInput` is what an author (a page, the API, an import, another app promoting an idea into a
practice) hands to `library.services`; `ArticleRef` is how an article is referred to elsewhere
(a behavior's page listing the practices that show it, an idea linking to the practice it became).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LANGUAGES = ("en", "es", "zh")
KINDS = ("how_to", "practice", "tool", "video", "story")
TOOL_TYPES = ("", "checklist", "template", "puzzle")


@dataclass(frozen=True)
class ArticleInput:
    """The content of one article in one language, as an author writes it (Markdown texts)."""

    title: str
    kind: str
    language: str
    summary: str = ""
    body: str = ""
    problem: str = ""
    what_we_tried: str = ""
    results: str = ""
    how_to_adopt: str = ""
    tool_type: str = ""
    video_url: str = ""
    transcript: str = ""
    unit_code: str = ""
    tags: tuple[str, ...] = ()
    behavior_codes: tuple[str, ...] = ()
    survey_theme_codes: tuple[str, ...] = ()
    idea_ids: tuple[str, ...] = ()

    def content(self) -> dict[str, object]:
        """The fields an article version keeps, as stored (lists for the link and tag fields)."""
        return {
            "title": self.title,
            "summary": self.summary,
            "body": self.body,
            "problem": self.problem,
            "what_we_tried": self.what_we_tried,
            "results": self.results,
            "how_to_adopt": self.how_to_adopt,
            "tool_type": self.tool_type,
            "video_url": self.video_url,
            "transcript": self.transcript,
            "tags": list(self.tags),
            "behavior_codes": list(self.behavior_codes),
            "survey_theme_codes": list(self.survey_theme_codes),
            "idea_ids": list(self.idea_ids),
        }


CONTENT_FIELDS = tuple(ArticleInput("", "", "").content())


@dataclass(frozen=True)
class ArticleRef:
    """A published article as other apps refer to it."""

    article_id: int
    group_key: str
    language: str
    kind: str
    title: str
    url: str


@dataclass(frozen=True)
class HelpfulTally:
    """Answers to "Was this helpful?" for a practice (all translations): `yes` of `answered` people."""

    yes: int
    answered: int
    mine: bool | None = None  # the caller's own answer, None when they have not answered

    @property
    def no(self) -> int:
        return self.answered - self.yes


@dataclass(frozen=True)
class ImportOutcome:
    """What importing one file did to the library."""

    path: str
    article_id: int | None
    action: str  # "created", "new version", "unchanged"
    problems: list[str] = field(default_factory=list)
