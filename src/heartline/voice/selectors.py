"""Reads of the voice app database: ideas of the caller's division, one idea, "you said, we did".

Everyone signed in with an employee record sees the ideas of their own division (ideas are about
how the division works, not about members); admins and superusers without one see every division's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from heartline.core.contracts import Caller
from heartline.core.scoping import OPERATOR
from heartline.core.selectors import visible_employees
from heartline.voice.models import Idea, IdeaStatus


class IdeaNotFoundError(LookupError):
    """No idea with that reference in the caller's division."""


class NotAnEmployeeError(PermissionError):
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
    ideas = Idea.objects.annotate(
        vote_count=Count("votes", distinct=True), comment_count=Count("comments", distinct=True)
    )
    if caller.employee_code is None:
        return ideas if caller.scope.unrestricted else ideas.none()
    return ideas.filter(division_code=caller_division(caller))


def idea_for(caller: Caller, reference: str, *, for_update: bool = False) -> Idea:
    ideas = Idea.objects.all()
    division = caller_division(caller)
    if division is not None:
        ideas = ideas.filter(division_code=division)
    elif not caller.scope.unrestricted:
        raise IdeaNotFoundError(f"no idea {reference}")
    if for_update:
        ideas = ideas.select_for_update()
    idea = ideas.filter(reference=reference).first()
    if idea is None:
        raise IdeaNotFoundError(f"no idea {reference} in your division")
    return idea


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
