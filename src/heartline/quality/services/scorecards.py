"""Writing scorecards: a scorecard and its first version, and later versions (never edited in place)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from heartline.behaviors.selectors import behavior_ids_by_code
from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, SHORT_NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.quality.models import Scale, Scorecard, ScorecardItem, ScorecardKind, ScorecardSection, ScorecardVersion
from heartline.quality.services import QualityError


@dataclass(frozen=True)
class ItemDraft:
    code: str
    text: str
    scale: str
    behavior_code: str | None = None
    weight: int = 1
    critical: bool = False


@dataclass(frozen=True)
class SectionDraft:
    title: str
    items: Sequence[ItemDraft] = field(default_factory=tuple)


def sections_from_dicts(raw: Sequence[Mapping[str, object]]) -> list[SectionDraft]:
    """Sections as sent by the API or a JSON file: `[{title, items: [{code, text, scale, …}]}]`."""
    sections = []
    for s, section in enumerate(raw, start=1):
        items = section.get("items")
        if not isinstance(items, list):
            raise QualityError(f"section {s}: items must be a list")
        drafts = []
        for i, item in enumerate(items, start=1):
            try:
                drafts.append(
                    ItemDraft(
                        code=str(item["code"]),
                        text=str(item["text"]),
                        scale=str(item["scale"]),
                        behavior_code=str(item["behavior"]) if item.get("behavior") else None,
                        weight=int(item.get("weight", 1)),
                        critical=bool(item.get("critical", False)),
                    )
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise QualityError(f"section {s}, item {i}: needs code, text and scale ({exc})") from exc
        sections.append(SectionDraft(title=str(section.get("title", f"Section {s}")), items=drafts))
    return sections


def create_scorecard(
    caller: Caller,
    *,
    code: str,
    name: str,
    kind: str,
    sections: Sequence[SectionDraft],
    description: str = "",
    note: str = "first version",
) -> ScorecardVersion:
    """A new scorecard and its version 1."""
    require(caller, Capability.EDIT_SCORECARDS, "build scorecards")
    if kind not in ScorecardKind.values:
        raise QualityError(f"kind must be one of {', '.join(ScorecardKind.values)}, not {kind!r}")
    check_text(name, "name", NAME_CHARS, QualityError)
    check_text(description, "description", NOTE_CHARS, QualityError)
    if Scorecard.objects.filter(code=code).exists():
        raise QualityError(f"a scorecard {code!r} exists; publish a new version of it instead")
    with transaction.atomic():
        scorecard = Scorecard.objects.create(code=code, name=name, kind=kind, description=description)
        return _write_version(scorecard, 1, sections, note)


def publish_version(caller: Caller, code: str, sections: Sequence[SectionDraft], note: str = "") -> ScorecardVersion:
    """The next version of scorecard `code`; audits already scored keep the version they used."""
    require(caller, Capability.EDIT_SCORECARDS, "change scorecards")
    scorecard = Scorecard.objects.filter(code=code).first()
    if scorecard is None:
        raise QualityError(f"no scorecard {code!r}")
    with transaction.atomic():
        latest = ScorecardVersion.objects.filter(scorecard=scorecard).aggregate(n=Max("number"))["n"] or 0
        return _write_version(scorecard, latest + 1, sections, note)


def _write_version(scorecard: Scorecard, number: int, sections: Sequence[SectionDraft], note: str) -> ScorecardVersion:
    check_text(note, "note", SHORT_NOTE_CHARS, QualityError)
    for section in sections:
        check_text(section.title, "section title", NAME_CHARS, QualityError)
    items = [item for section in sections for item in section.items]
    if not items:
        raise QualityError("a scorecard needs at least one item")
    codes = [item.code for item in items]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise QualityError(f"item code(s) used twice: {', '.join(duplicates)}")
    behaviors = behavior_ids_by_code({i.behavior_code for i in items if i.behavior_code})
    for item in items:
        if item.scale not in Scale.values:
            raise QualityError(
                f"item {item.code!r}: scale must be one of {', '.join(Scale.values)}, not {item.scale!r}"
            )
        if item.behavior_code and item.behavior_code not in behaviors:
            raise QualityError(f"item {item.code!r}: no behavior {item.behavior_code!r}")
        if not 1 <= item.weight <= 100:
            raise QualityError(f"item {item.code!r}: weight must be between 1 and 100")
        check_text(item.text, f"item {item.code!r}: text", SHORT_NOTE_CHARS, QualityError)
    version = ScorecardVersion.objects.create(
        scorecard=scorecard, number=number, published_at=timezone.now(), note=note
    )
    for s, section in enumerate(sections):
        row = ScorecardSection.objects.create(version=version, title=section.title, position=s)
        ScorecardItem.objects.bulk_create(
            ScorecardItem(
                version=version,
                section=row,
                code=item.code,
                text=item.text,
                behavior_id=behaviors.get(item.behavior_code or ""),
                scale=item.scale,
                weight=item.weight,
                critical=item.critical,
                position=i,
            )
            for i, item in enumerate(section.items)
        )
    return version
