"""Reads of recognition: a person's own, a unit's feed and its counts by behavior, and the members'
praise a coach may pass on.

Who sees what: everyone sees the recognitions of the people they may see and of their own unit
(recognition is praise said in front of the unit). Counts are by behavior and unit, never per
person: a behavior's count is shown only when at least `MIN_PEOPLE_SHOWN` different people of the
unit were recognised for it in the period, so a count cannot single out one person or rank people
with few data. A person sees every recognition they received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from heartline.core.contracts import Caller
from heartline.core.selectors import visible_employees
from heartline.learning.models import Recognition

MIN_PEOPLE_SHOWN = 3


def recognitions(
    caller: Caller, *, recipient_code: str | None = None, unit_code: str | None = None, since: dt.date | None = None
) -> QuerySet[Recognition]:
    """Recognitions the caller may see, newest first."""
    seen = Q(recipient__in=visible_employees(caller).values("pk"))
    if caller.unit_code:
        seen |= Q(unit__code=caller.unit_code)
    found = Recognition.objects.filter(seen).select_related("recipient__user", "given_by__user", "unit")
    if recipient_code is not None:
        found = found.filter(recipient__code=recipient_code)
    if unit_code is not None:
        found = found.filter(unit__code=unit_code)
    if since is not None:
        found = found.filter(given_on__gte=since)
    return found.order_by("-given_on", "-id")


@dataclass(frozen=True)
class BehaviorCount:
    """Recognitions for one behavior in one unit: n, and how many different people; `shown` False
    when fewer than MIN_PEOPLE_SHOWN people were recognised (the count is then withheld)."""

    behavior_code: str
    recognitions: int
    people: int

    @property
    def shown(self) -> bool:
        return self.people >= MIN_PEOPLE_SHOWN


def counts_by_behavior(caller: Caller, unit_code: str, since: dt.date | None = None) -> list[BehaviorCount]:
    """The unit's recognitions by behavior (most first, withheld ones last)."""
    rows = (
        recognitions(caller, unit_code=unit_code, since=since)
        .order_by()
        .values("behavior_code")
        .annotate(n=Count("pk"), people=Count("recipient", distinct=True))
    )
    counts = [BehaviorCount(str(r["behavior_code"]), int(r["n"]), int(r["people"])) for r in rows]
    return sorted(counts, key=lambda c: (not c.shown, -c.recognitions if c.shown else 0, c.behavior_code))


@dataclass(frozen=True)
class UnitRecognition:
    """What a unit's results page shows of recognition: counts by behavior over the year to `until`
    (withheld below MIN_PEOPLE_SHOWN people), each with the behavior's title, and the totals."""

    unit_code: str
    since: dt.date
    until: dt.date
    rows: list[tuple[str, BehaviorCount]]  # (behavior title, count), most recognised first
    recognitions: int  # every recognition in the period, shown or withheld
    min_people: int = MIN_PEOPLE_SHOWN


def unit_recognition(caller: Caller, unit_code: str, until: dt.date, *, days: int = 365) -> UnitRecognition:
    """The unit's recognitions counted by behavior for its results page (never by person)."""
    from heartline.behaviors.selectors import behavior_titles

    since = until - dt.timedelta(days=days)
    counts = [c for c in counts_by_behavior(caller, unit_code, since) if c.behavior_code]
    titles = behavior_titles([c.behavior_code for c in counts], unit_code)
    rows = [(titles.get(c.behavior_code, c.behavior_code), c) for c in counts]
    return UnitRecognition(unit_code, since, until, rows, sum(c.recognitions for c in counts))


def passed_on_response_ids(response_ids: Sequence[str]) -> set[str]:
    """Which of these survey responses were already passed on (system read)."""
    return set(
        Recognition.objects.filter(survey_response_id__in=list(response_ids)).values_list(
            "survey_response_id", flat=True
        )
    )


def praise_to_pass_on(
    caller: Caller, agent_codes: Sequence[str], *, since: dt.date | None = None, limit: int = 5
) -> list[Any]:
    """Members' praising verbatims about these representatives (voice.praise, matched through the
    contact) not yet passed on, newest first."""
    from heartline.voice.praise import praise_for_agents

    if not agent_codes:
        return []
    found = praise_for_agents(caller, agent_codes, since=since)
    done = passed_on_response_ids([p.response_id for p in found])
    return [p for p in found if p.response_id not in done][:limit]


def recognisable_people(caller: Caller) -> list[Any]:
    """Whom the caller may recognise: a representative, the colleagues of their own unit; a coach or
    manager, the representatives they may see. Sorted by name; never the caller."""
    from heartline.core.permissions import Capability, roles_with
    from heartline.core.scoping import OPERATOR
    from heartline.core.selectors import front_line_staff

    if caller.can(Capability.TAKE_CONTACTS):
        if not caller.unit_code:
            return []
        people = visible_employees(OPERATOR).filter(
            unit__code=caller.unit_code, role__in=roles_with(Capability.TAKE_CONTACTS)
        )
    else:
        people = front_line_staff(caller)
    people = people.exclude(code=caller.employee_code or "").select_related("user", "unit")
    return sorted(people, key=lambda p: (p.user.first_name, p.user.last_name, p.code))
