"""Editing the draft of a scorecard's next version (or of a new scorecard), then publishing it.

A draft belongs to the scorecard, not to one editor: any scorecard editor may continue it. Every
change is checked as it is made (an item's code, scale, weight and behavior), so the page can say
what is wrong on the row that is wrong; publishing runs the checks of `scorecards` again and writes
the version through `create_scorecard` or `publish_version` — the only paths that write versions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.db import transaction

from heartline.behaviors.selectors import behavior_ids_by_code
from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, SHORT_NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.quality.models import Scale, Scorecard, ScorecardDraft, ScorecardKind, ScorecardVersion
from heartline.quality.services import (
    QualityError,
    QualityNotFound,
    caller_employee_id,
)
from heartline.quality.services.scorecards import (
    ItemDraft,
    create_scorecard,
    publish_version,
    sections_from_dicts,
)

SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")
Sections = list[dict[str, Any]]


def _editor_id(caller: Caller, what: str) -> int | None:
    require(caller, Capability.EDIT_SCORECARDS, what)
    return caller_employee_id(caller) if caller.employee_code else None


def start_new_scorecard(
    caller: Caller, *, code: str, name: str, kind: str = ScorecardKind.AUDIT, description: str = ""
) -> ScorecardDraft:
    """A draft of a new scorecard; it becomes the scorecard and its version 1 when published."""
    editor = _editor_id(caller, "build scorecards")
    code = code.strip()
    if not SLUG.match(code):
        raise QualityError(f"code {code!r}: use lower-case letters, digits, - and _ (up to 60)")
    if not name.strip():
        raise QualityError("give the scorecard a name")
    check_text(name.strip(), "name", NAME_CHARS, QualityError)
    check_text(description.strip(), "description", NOTE_CHARS, QualityError)
    if kind not in ScorecardKind.values:
        raise QualityError(f"kind must be one of {', '.join(ScorecardKind.values)}, not {kind!r}")
    if Scorecard.objects.filter(code=code).exists():
        raise QualityError(f"a scorecard {code!r} exists; edit its next version instead")
    if ScorecardDraft.objects.filter(code=code).exists():
        raise QualityError(f"a draft of a scorecard {code!r} is already open")
    return ScorecardDraft.objects.create(
        code=code,
        name=name.strip(),
        kind=kind,
        description=description.strip(),
        note="first version",
        sections=[{"title": "Section 1", "items": []}],
        created_by_id=editor,
    )


def start_next_version(caller: Caller, scorecard_code: str) -> ScorecardDraft:
    """The draft of `scorecard_code`'s next version: the open one, or a copy of its latest version."""
    editor = _editor_id(caller, "change scorecards")
    scorecard = Scorecard.objects.filter(code=scorecard_code).first()
    if scorecard is None:
        raise QualityNotFound(f"no scorecard {scorecard_code!r}")
    with transaction.atomic():
        existing = ScorecardDraft.objects.select_for_update().filter(scorecard=scorecard).first()
        if existing is not None:
            return existing
        latest = ScorecardVersion.objects.filter(scorecard=scorecard).order_by("-number").first()
        return ScorecardDraft.objects.create(
            scorecard=scorecard,
            code=scorecard.code,
            name=scorecard.name,
            kind=scorecard.kind,
            description=scorecard.description,
            sections=_sections_of(latest) if latest else [],
            created_by_id=editor,
        )


def _sections_of(version: ScorecardVersion) -> Sections:
    sections: Sections = []
    for section in version.sections.order_by("position").prefetch_related("items__behavior"):
        items = [
            {
                "code": item.code,
                "text": item.text,
                "scale": item.scale,
                "behavior": item.behavior.code if item.behavior else None,
                "weight": item.weight,
                "critical": item.critical,
            }
            for item in section.items.order_by("position")
        ]
        sections.append({"title": section.title, "items": items})
    return sections


def _edit(caller: Caller, draft_id: int, change: Callable[[Sections], None]) -> ScorecardDraft:
    require(caller, Capability.EDIT_SCORECARDS, "change scorecards")
    with transaction.atomic():
        draft = ScorecardDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise QualityNotFound(f"no scorecard draft {draft_id} (published or discarded?)")
        sections: Sections = [dict(s, items=[dict(i) for i in s["items"]]) for s in draft.sections]
        change(sections)
        draft.sections = sections
        draft.save()
    return draft


def _section(sections: Sections, index: int) -> dict[str, Any]:
    if not 0 <= index < len(sections):
        raise QualityError(f"no section {index + 1} (the draft has {len(sections)})")
    return sections[index]


def _find_item(sections: Sections, code: str) -> tuple[list[dict[str, Any]], int]:
    for section in sections:
        for i, item in enumerate(section["items"]):
            if item["code"] == code:
                return section["items"], i
    raise QualityError(f"no item {code!r} in this draft")


def _title(title: str) -> str:
    if not title.strip():
        raise QualityError("give the section a title")
    return check_text(title.strip(), "section title", NAME_CHARS, QualityError)


def _checked(item: ItemDraft) -> dict[str, Any]:
    """The item as stored, or a QualityError naming the item and the field that is wrong."""
    label = f"item {item.code!r}" if item.code else "the new item"
    if not SLUG.match(item.code):
        raise QualityError(f"{label}: code must be lower-case letters, digits, - and _ (up to 60)")
    if not item.text.strip():
        raise QualityError(f"{label}: the question text is empty")
    check_text(item.text.strip(), f"{label}: text", SHORT_NOTE_CHARS, QualityError)
    if item.scale not in Scale.values:
        raise QualityError(f"{label}: scale must be one of {', '.join(Scale.values)}, not {item.scale!r}")
    if not 1 <= item.weight <= 100:
        raise QualityError(f"{label}: weight must be between 1 and 100, not {item.weight}")
    if item.behavior_code and item.behavior_code not in behavior_ids_by_code([item.behavior_code]):
        raise QualityError(f"{label}: no behavior {item.behavior_code!r} in the catalog")
    return {
        "code": item.code,
        "text": item.text.strip(),
        "scale": item.scale,
        "behavior": item.behavior_code or None,
        "weight": item.weight,
        "critical": item.critical,
    }


def _move(rows: list[Any], index: int, delta: int) -> None:
    target = index + delta
    if delta not in (-1, 1) or not 0 <= target < len(rows):
        raise QualityError("cannot move it further that way")
    rows[index], rows[target] = rows[target], rows[index]


def add_section(caller: Caller, draft_id: int, title: str) -> ScorecardDraft:
    return _edit(caller, draft_id, lambda s: s.append({"title": _title(title), "items": []}))


def rename_section(caller: Caller, draft_id: int, index: int, title: str) -> ScorecardDraft:
    return _edit(caller, draft_id, lambda s: _section(s, index).update(title=_title(title)))


def remove_section(caller: Caller, draft_id: int, index: int) -> ScorecardDraft:
    """Remove a section and its items."""

    def change(sections: Sections) -> None:
        _section(sections, index)
        sections.pop(index)

    return _edit(caller, draft_id, change)


def move_section(caller: Caller, draft_id: int, index: int, delta: int) -> ScorecardDraft:
    """Move a section one place up (`delta` -1) or down (+1)."""

    def change(sections: Sections) -> None:
        _section(sections, index)
        _move(sections, index, delta)

    return _edit(caller, draft_id, change)


def add_item(caller: Caller, draft_id: int, section_index: int, item: ItemDraft) -> ScorecardDraft:
    def change(sections: Sections) -> None:
        section = _section(sections, section_index)
        if any(i["code"] == item.code for s in sections for i in s["items"]):
            raise QualityError(f"item code {item.code!r} is already used in this scorecard")
        section["items"].append(_checked(item))

    return _edit(caller, draft_id, change)


def update_item(caller: Caller, draft_id: int, item_code: str, item: ItemDraft) -> ScorecardDraft:
    """Change an item's code, text, behavior, scale, weight or critical flag."""

    def change(sections: Sections) -> None:
        rows, index = _find_item(sections, item_code)
        if item.code != item_code and any(i["code"] == item.code for s in sections for i in s["items"]):
            raise QualityError(f"item code {item.code!r} is already used in this scorecard")
        rows[index] = _checked(item)

    return _edit(caller, draft_id, change)


def remove_item(caller: Caller, draft_id: int, item_code: str) -> ScorecardDraft:
    def change(sections: Sections) -> None:
        rows, index = _find_item(sections, item_code)
        rows.pop(index)

    return _edit(caller, draft_id, change)


def move_item(caller: Caller, draft_id: int, item_code: str, delta: int) -> ScorecardDraft:
    """Move an item one place up or down within its section."""

    def change(sections: Sections) -> None:
        rows, index = _find_item(sections, item_code)
        _move(rows, index, delta)

    return _edit(caller, draft_id, change)


def discard_draft(caller: Caller, draft_id: int) -> None:
    require(caller, Capability.EDIT_SCORECARDS, "change scorecards")
    deleted, _ = ScorecardDraft.objects.filter(pk=draft_id).delete()
    if not deleted:
        raise QualityNotFound(f"no scorecard draft {draft_id} (published or discarded?)")


def publish_draft(caller: Caller, draft_id: int, note: str | None = None) -> ScorecardVersion:
    """The draft becomes the scorecard's next version (or a new scorecard's version 1).

    `note` says what changed (shown beside the version number); None keeps the draft's.
    """
    require(caller, Capability.EDIT_SCORECARDS, "change scorecards")
    with transaction.atomic():
        draft = ScorecardDraft.objects.select_for_update().filter(pk=draft_id).first()
        if draft is None:
            raise QualityNotFound(f"no scorecard draft {draft_id} (published or discarded?)")
        empty = [s["title"] for s in draft.sections if not s["items"]]
        if empty:
            raise QualityError(f"section(s) with no items: {', '.join(empty)}; add items or remove them")
        if note is not None:
            draft.note = check_text(note.strip(), "note", SHORT_NOTE_CHARS, QualityError)
        sections = sections_from_dicts(draft.sections)
        if draft.scorecard_id is None:
            version = create_scorecard(
                caller,
                code=draft.code,
                name=draft.name,
                kind=draft.kind,
                sections=sections,
                description=draft.description,
                note=draft.note,
            )
        else:
            version = publish_version(caller, draft.code, sections, draft.note)
        draft.delete()
    return version
