"""Reads of the voice app: ideas of the caller's division, one idea, "you said, we did"; and the
survey answers other apps build on (learning's program impact, quality's risk-weighted sampling).

Everyone signed in with an employee record sees the ideas of their own division (ideas are about
how the division works, not about members); admins and superusers without one see every division's.
Survey answers are read from the `survey_responses` warehouse table with the caller's own scope
applied (an agent sees the responses about their own contacts; a coach their units'), and answer
with the types of `heartline.voice.contracts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed, NotFound
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import unit_names, visible_employees
from heartline.voice import scoring
from heartline.voice.contracts import LOW_CSAT_MAX, LOW_NPS_MAX, NpsAnswer
from heartline.voice.metrics import SurveyRecords
from heartline.voice.models import Idea, IdeaStatus
from heartline.voice.surveys import ITEMS_BY_CODE
from heartline.voice.taxonomy import TAXONOMY
from heartline.warehouse.runners import MetricQuery


class IdeaNotFoundError(NotFound):
    """No idea with that reference in the caller's division."""


class NotAnEmployeeError(NotAllowed):
    """The caller has no employee record (an operator, or a login not linked to staff)."""


@dataclass(frozen=True)
class ActingEmployee:
    pk: int
    code: str
    name: str
    division_code: str
    unit_code: str | None


def acting_employee(caller: Caller) -> ActingEmployee:
    """The employee behind a caller, for writes that record who did them."""
    if caller.employee_code is None:
        raise NotAnEmployeeError("only employees may propose, vote on, comment on or move ideas")
    employee = visible_employees(OPERATOR).select_related("division").filter(code=caller.employee_code).first()
    if employee is None:
        raise NotAnEmployeeError(f"no employee with code {caller.employee_code!r}")
    full = f"{employee.user.first_name} {employee.user.last_name}".strip()
    return ActingEmployee(
        pk=employee.pk,
        code=employee.code,
        name=full or employee.user.get_username(),
        division_code=employee.division.code,
        unit_code=employee.unit.code if employee.unit else None,
    )


def caller_division(caller: Caller) -> str | None:
    """The caller's division code; None for admins and superusers without an employee record (all)."""
    if caller.employee_code is None:
        return None
    return acting_employee(caller).division_code


def visible_ideas(caller: Caller) -> QuerySet[Idea]:
    return Idea.objects.visible_to(caller, caller_division(caller)).annotate(
        vote_count=Count("votes", distinct=True), comment_count=Count("comments", distinct=True)
    )


def idea_for(caller: Caller, reference: str, *, for_update: bool = False) -> Idea:
    ideas = Idea.objects.visible_to(caller, caller_division(caller))
    if for_update:
        ideas = ideas.select_for_update()
    idea = ideas.filter(reference=reference).first()
    if idea is None:
        raise IdeaNotFoundError(f"no idea {reference} in your division")
    return idea


def idea_link_label(kind: str, code: str) -> str:
    """What prompted an idea, in words: "Theme: Wait time", "Key driver: …", "Result: …" (the
    code when no theme or survey item has it)."""
    if kind == "theme":
        labels = {t.code: t.label for t in TAXONOMY}
        return f"Theme: {labels.get(code, code)}"
    item = ITEMS_BY_CODE.get(code)
    return f"{'Key driver' if kind == 'driver' else 'Result'}: {item.label if item else code}"


def idea_unit_names() -> dict[str, str]:
    """Unit code → name of every unit, to say which unit proposed an idea (unit names are no
    secret: whoever may read an idea may read its unit's name)."""
    return unit_names(OPERATOR)


def ideas_list(caller: Caller, status: str | None = None, link: tuple[str, str] | None = None) -> QuerySet[Idea]:
    ideas = visible_ideas(caller)
    if status:
        ideas = ideas.filter(status=status)
    if link:
        ideas = ideas.filter(link_kind=link[0], link_code=link[1])
    return ideas.order_by("-vote_count", "-created_at", "-id")


def you_said_we_did(caller: Caller, limit: int = 50) -> QuerySet[Idea]:
    """Adopted ideas, most recently adopted first, with what was done."""
    return visible_ideas(caller).filter(status=IdeaStatus.ADOPTED).order_by("-updated_at", "-id")[:limit]


def has_voted(caller: Caller, idea: Idea) -> bool:
    if caller.employee_code is None:
        return False
    return idea.votes.filter(voter__code=caller.employee_code).exists()


# -- survey answers for other apps -------------------------------------------------------------


def min_survey_responses() -> int:
    """Survey groups with fewer responses than this are shown greyed, with their n, and never ranked."""
    return scoring.min_responses()


def _survey_records(caller: Caller, since: dt.date | None = None) -> SurveyRecords:
    return SurveyRecords(MetricQuery(start=since), caller.scope, warehouse_source())


def nps_answers(caller: Caller, agent_codes: Sequence[str] | None = None) -> list[NpsAnswer]:
    """Every 0–10 likelihood-to-recommend answer about a representative the caller may see (of
    `agent_codes` when given), oldest first. Responses naming no representative are left out."""
    if agent_codes is not None and not agent_codes:
        return []
    records = _survey_records(caller)
    rows = records.filtered()
    rows = rows.filter(rows.nps.notnull() & rows.agent_id.notnull() & (rows.agent_id != ""))
    if agent_codes is not None:
        rows = rows.filter(rows.agent_id.isin(sorted(set(agent_codes))))
    found = records.fetch(
        rows.select("response_id", "agent_id", "responded_at", "nps", "contact_id").order_by(
            "responded_at", "response_id"
        )
    )
    return [
        NpsAnswer(
            response_id=str(r["response_id"]),
            agent_code=str(r["agent_id"]),
            responded_on=clock.day_of(clock.instant(r["responded_at"])),
            nps=int(str(r["nps"])),
            contact_id=str(r["contact_id"]) if r["contact_id"] else None,
        )
        for r in found
    ]


def low_survey_contacts(caller: Caller, contact_ids: Iterable[str], *, since: dt.date | None = None) -> set[str]:
    """Those of `contact_ids` whose survey response the caller may see was low: NPS 0–6 or CSAT 1–2.

    `since` leaves out responses given before that day (a month's contacts are answered after it
    starts), which keeps the read small; the result is empty when no surveys are loaded.
    """
    wanted = {str(c) for c in contact_ids}
    if not wanted:
        return set()
    records = _survey_records(caller, since)
    rows = records.filtered()
    low = (rows.nps.notnull() & (rows.nps <= LOW_NPS_MAX)) | (rows.csat.notnull() & (rows.csat <= LOW_CSAT_MAX))
    rows = rows.filter(rows.contact_id.notnull() & low)
    found = records.fetch(rows.select("contact_id").distinct())
    return {str(r["contact_id"]) for r in found} & wanted
