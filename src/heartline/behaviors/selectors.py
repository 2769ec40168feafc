"""Reads of values, behaviors, their wordings in force and rehearsal sessions.

The catalog is readable by everyone signed in; rehearsal sessions are limited to the caller's units
(an agent sees the sessions they attended).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from heartline.behaviors.contracts import BehaviorText
from heartline.behaviors.models import Behavior, BehaviorWording, RehearsalSession, Value
from heartline.core.contracts import Caller


@dataclass(frozen=True)
class ValueWithBehaviors:
    code: str
    name: str
    description: str
    front_line: tuple[BehaviorText, ...]
    leadership: tuple[BehaviorText, ...]


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _text(
    behavior: Behavior, wording: BehaviorWording, unit_code: str | None, reinforced: tuple[str, ...]
) -> BehaviorText:
    return BehaviorText(
        behavior_id=behavior.pk,
        code=behavior.code,
        kind=behavior.kind,
        value_name=behavior.value.name,
        title=wording.title,
        description=wording.description,
        looks_like=_lines(wording.looks_like),
        does_not_look_like=_lines(wording.does_not_look_like),
        version=wording.version,
        unit_code=unit_code if wording.unit_id is not None else None,
        effective_from=wording.effective_from,
        reinforced_by=reinforced,
    )


def wording_in_force(
    behavior_ids: Iterable[int] | None = None, unit_code: str | None = None, at: dt.datetime | None = None
) -> dict[int, BehaviorText]:
    """Behavior id → its words for `unit_code` at `at` (default now): the unit's latest wording in
    force then, else the division's. Behaviors with no wording in force yet are left out."""
    at = at or timezone.now()
    behaviors = Behavior.objects.select_related("value").prefetch_related("reinforced_by")
    if behavior_ids is not None:
        behaviors = behaviors.filter(pk__in=list(behavior_ids))
    by_id = {b.pk: b for b in behaviors}
    wordings = BehaviorWording.objects.filter(behavior_id__in=by_id, effective_from__lte=at)
    wordings = (
        wordings.filter(Q(unit__isnull=True) | Q(unit__code=unit_code))
        if unit_code
        else wordings.filter(unit__isnull=True)
    )
    best: dict[int, BehaviorWording] = {}
    # Unit wordings beat the division's; within each, the highest version in force wins.
    for wording in wordings.order_by("behavior_id", "version"):
        current = best.get(wording.behavior_id)
        if current is None or (wording.unit_id is not None, wording.version) >= (
            current.unit_id is not None,
            current.version,
        ):
            best[wording.behavior_id] = wording
    return {
        bid: _text(by_id[bid], w, unit_code, tuple(sorted(r.code for r in by_id[bid].reinforced_by.all())))
        for bid, w in best.items()
    }


def catalog(unit_code: str | None = None, at: dt.datetime | None = None) -> list[ValueWithBehaviors]:
    """Every value with its front-line and leadership behaviors as worded for `unit_code` at `at`."""
    texts = wording_in_force(None, unit_code, at)
    result = []
    for value in Value.objects.prefetch_related("behaviors"):
        behaviors = [texts[b.pk] for b in value.behaviors.all() if b.pk in texts]
        result.append(
            ValueWithBehaviors(
                code=value.code,
                name=value.name,
                description=value.description,
                front_line=tuple(b for b in behaviors if b.kind == "front_line"),
                leadership=tuple(b for b in behaviors if b.kind == "leadership"),
            )
        )
    return result


def behavior_by_code(code: str) -> Behavior | None:
    return Behavior.objects.select_related("value").filter(code=code).first()


def behavior_ids_by_code(codes: Iterable[str]) -> dict[str, int]:
    return dict(Behavior.objects.filter(code__in=list(codes)).values_list("code", "pk"))


def behavior_codes(kind: str | None = None) -> list[tuple[int, str]]:
    """(id, code) of every behavior, optionally of one kind, in catalog order."""
    behaviors = Behavior.objects.all() if kind is None else Behavior.objects.filter(kind=kind)
    return list(behaviors.values_list("pk", "code"))


def wording_history(code: str, unit_code: str | None = None) -> list[BehaviorWording]:
    """Every wording of a behavior, the division's and `unit_code`'s, newest first."""
    wordings = BehaviorWording.objects.filter(behavior__code=code).select_related("unit", "written_by")
    condition = Q(unit__isnull=True) | Q(unit__code=unit_code) if unit_code else Q(unit__isnull=True)
    return list(wordings.filter(condition).order_by("-effective_from", "-version"))


def reinforcing_behaviors(behavior_ids: Iterable[int]) -> dict[int, list[int]]:
    """Front-line behavior id → ids of the leadership behaviors that reinforce it."""
    through = Behavior.reinforced_by.through
    result: dict[int, list[int]] = {}
    for front, leader in through.objects.filter(from_behavior_id__in=list(behavior_ids)).values_list(
        "from_behavior_id", "to_behavior_id"
    ):
        result.setdefault(front, []).append(leader)
    return result


def rehearsals(caller: Caller) -> QuerySet[RehearsalSession]:
    """Rehearsal sessions of the caller's units (an agent: the ones they attended), newest first."""
    return (
        RehearsalSession.objects.visible_to(caller)
        .select_related("unit", "facilitator__user")
        .prefetch_related("behaviors", "attendees__user")
    )


def behavior_titles(codes: Iterable[str], unit_code: str | None = None) -> dict[str, str]:
    """Behavior code → its title as worded for `unit_code` now (codes with no wording are left out)."""
    ids = behavior_ids_by_code(codes)
    texts = wording_in_force(ids.values(), unit_code)
    return {code: texts[pk].title for code, pk in ids.items() if pk in texts}
