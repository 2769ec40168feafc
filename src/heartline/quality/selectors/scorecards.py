"""Reading scorecards: every scorecard with its versions and open draft, one version, and the
behavior catalog an editor picks items' behaviors from. Scorecards hold no member data."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from heartline.behaviors.contracts import BehaviorText
from heartline.behaviors.selectors import catalog
from heartline.quality.models import Scorecard, ScorecardDraft, ScorecardVersion


@dataclass(frozen=True)
class BehaviorGroup:
    """The behaviors of one value, front-line first, as the catalog words them for the division."""

    value: str
    behaviors: tuple[BehaviorText, ...]


def scorecards_with_versions() -> QuerySet[Scorecard]:
    """Each scorecard with its versions, newest first, each with its item and audit counts."""
    versions = ScorecardVersion.objects.annotate(
        item_count=Count("items", distinct=True), audit_count=Count("audits", distinct=True)
    ).order_by("-number")
    return Scorecard.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by("name")


def scorecard_names(codes: Iterable[str] | None = None) -> dict[str, str]:
    """Scorecard code → its name (of `codes` only when given), for pages of other apps that name a
    scorecard by code. Scorecards hold no member data: not scoped."""
    scorecards = Scorecard.objects.all() if codes is None else Scorecard.objects.filter(code__in=list(codes))
    return dict(scorecards.values_list("code", "name"))


def new_scorecard_drafts() -> QuerySet[ScorecardDraft]:
    """Drafts of scorecards not yet published at all."""
    return ScorecardDraft.objects.filter(scorecard__isnull=True).select_related("created_by__user")


def draft_of(scorecard: Scorecard) -> ScorecardDraft | None:
    return ScorecardDraft.objects.filter(scorecard=scorecard).first()


def drafts_of_scorecards() -> dict[str, ScorecardDraft]:
    """Scorecard code → its open draft of a next version (scorecards are read by every auditor)."""
    return {d.code: d for d in ScorecardDraft.objects.filter(scorecard__isnull=False)}


def draft(draft_id: int) -> ScorecardDraft | None:
    """An open draft by id (the editor's page; the caller's right to edit is checked before)."""
    return ScorecardDraft.objects.select_related("scorecard").filter(pk=draft_id).first()


def version_numbers(scorecard: Scorecard) -> list[int]:
    """Every version number of a scorecard, newest first."""
    return list(scorecard.versions.order_by("-number").values_list("number", flat=True))


def version_of(code: str, number: int) -> ScorecardVersion | None:
    return ScorecardVersion.objects.select_related("scorecard").filter(scorecard__code=code, number=number).first()


def behavior_groups() -> list[BehaviorGroup]:
    return [
        BehaviorGroup(value.name, value.front_line + value.leadership)
        for value in catalog()
        if value.front_line or value.leadership
    ]


@dataclass(frozen=True)
class DraftItem:
    """A draft's item (as stored in its JSON) with the behavior's title for showing."""

    code: str
    text: str
    scale: str
    behavior: str | None
    weight: int
    critical: bool
    behavior_title: str


@dataclass(frozen=True)
class DraftSection:
    index: int
    title: str
    items: tuple[DraftItem, ...]


def draft_sections(draft: ScorecardDraft, groups: list[BehaviorGroup]) -> list[DraftSection]:
    titles = {b.code: b.title for g in groups for b in g.behaviors}
    sections = []
    for s, section in enumerate(draft.sections):
        items: list[dict[str, Any]] = section["items"]
        sections.append(
            DraftSection(
                s,
                section["title"],
                tuple(
                    DraftItem(
                        code=i["code"],
                        text=i["text"],
                        scale=i["scale"],
                        behavior=i.get("behavior"),
                        weight=int(i.get("weight", 1)),
                        critical=bool(i.get("critical")),
                        behavior_title=titles.get(i.get("behavior") or "", i.get("behavior") or ""),
                    )
                    for i in items
                ),
            )
        )
    return sections
