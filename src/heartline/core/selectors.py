"""Reads of organization data, always limited to what the caller may see (each model's
`visible_to(caller)` queryset says what that is)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry, Employee, Queue, Team, Unit
from heartline.core.permissions import Capability, roles_with

if TYPE_CHECKING:  # the redactor compiles its patterns on import (~0.2 s): only when one is built
    from heartline.core.redaction import Redactor


def visible_units(caller: Caller) -> QuerySet[Unit]:
    return Unit.objects.visible_to(caller).select_related("division")


def visible_teams(caller: Caller) -> QuerySet[Team]:
    return Team.objects.visible_to(caller).select_related("unit")


def visible_employees(caller: Caller) -> QuerySet[Employee]:
    return Employee.objects.visible_to(caller).select_related("user", "unit", "team")


def front_line_staff(caller: Caller) -> QuerySet[Employee]:
    """The representatives (people who take members' contacts) the caller may see, by last name."""
    return visible_employees(caller).filter(role__in=roles_with(Capability.TAKE_CONTACTS)).order_by("user__last_name")


def unit_names(caller: Caller) -> dict[str, str]:
    """Unit code → display name for the units the caller may see."""
    return dict(visible_units(caller).values_list("code", "name"))


def queue_lines_of_business() -> dict[str, str]:
    """Queue code → line of business, for the queues that serve one line (the others are left out).

    Not scoped to a caller: which line a queue serves is organization structure, not a record; the
    metrics that group by it apply the caller's scope to the contacts themselves."""
    return dict(Queue.objects.exclude(line_of_business="").values_list("code", "line_of_business"))


def queue_units() -> dict[str, str]:
    """Queue code → the code of the unit that answers it (to file test calls under a unit). Not scoped,
    for the same reason as `queue_lines_of_business`."""
    return dict(Queue.objects.values_list("code", "unit__code"))


def recent_access(caller: Caller, limit: int = 100) -> QuerySet[AccessLogEntry]:
    """The access log, for compliance officers and admins only."""
    return AccessLogEntry.objects.visible_to(caller).select_related("user")[:limit]


def team_names(caller: Caller) -> dict[str, str]:
    """Team code → display name for the teams the caller may see."""
    return dict(visible_teams(caller).values_list("code", "name"))


def employee_names(caller: Caller) -> dict[str, str]:
    """Employee code (a contact's agent_id) → full name, for the employees the caller may see."""
    rows = visible_employees(caller).values_list("code", "user__first_name", "user__last_name")
    return {code: f"{first} {last}".strip() or code for code, first, last in rows}


# First and last names that are also everyday words: on their own they are not redacted ("I will call",
# "a grace period"), since they would strike ordinary text; the full name ("Will Baker") still is.
_NAMES_THAT_ARE_WORDS = frozenset(
    {
        "will", "may", "june", "april", "august", "rose", "grace", "hope", "joy", "faith", "art", "bill",
        "mark", "pat", "sue", "dawn", "summer", "sky", "young", "king", "long", "rich", "major", "page",
        "hunter", "bishop", "cook", "baker", "carter", "price", "love", "wait", "call", "care", "help",
    }
)  # fmt: skip


def known_names(division_code: str | None = None) -> tuple[str, ...]:
    """Names of the organization's staff (of one division when `division_code` is given), for the
    redactor: full names, and first and last names of three letters or more on their own.

    Not scoped to a caller: these names are what is taken out of text, never shown. Members are too
    many to list: their names are looked up per text (`names_in_text`)."""
    rows = Employee.objects.all()
    if division_code:
        rows = rows.filter(division__code=division_code)
    names: set[str] = set()
    for first, last in rows.values_list("user__first_name", "user__last_name"):
        names.update(name_variants(first, last))
    return tuple(sorted(names))


def phi_redactor(division_code: str | None = None, *, look_up_members: bool = True) -> Redactor:
    """The redactor every free text goes through before it is stored as typed by staff (ideas, comments,
    coaching notes) or shown (survey quotes): PHI patterns, the staff's names (see `known_names`) and
    the names of the members a text names in full (`names_in_text`, a query per text: a transcript's
    turns, redacted of their own member's names already, pass `look_up_members=False`)."""
    return redactor_for_names(known_names(division_code), look_up_members=look_up_members)


@functools.lru_cache(maxsize=16)
def redactor_for_names(names: tuple[str, ...], look_up_members: bool = False) -> Redactor:
    """A redactor for these names, built once per set of names (compiling a long name list is not free)."""
    from heartline.core.redaction import Redactor

    return Redactor(names, names_in_text=names_in_text if look_up_members else None)


# Apps holding people's names too many to list (members) register a function giving, for a text, the
# names of theirs it may hold (`register_names_in_text`, from the app's ready()).
_NAME_FINDERS: list[Callable[[str], Iterable[str]]] = []


def register_names_in_text(finder: Callable[[str], Iterable[str]]) -> None:
    if finder not in _NAME_FINDERS:
        _NAME_FINDERS.append(finder)


def names_in_text(text: str) -> tuple[str, ...]:
    """The names (and their forms, `name_variants`) of people an app knows whom `text` names."""
    return tuple(name for finder in _NAME_FINDERS for name in finder(text))


def name_variants(first: str, last: str) -> tuple[str, ...]:
    """How free text names a person (member or staff) for the redactor: the full name, and the first
    and last names of three letters or more on their own unless they are everyday words (see
    `known_names`); Chinese names also as written, family name first and without a space."""
    first, last = (first or "").strip(), (last or "").strip()
    names = [f"{first} {last}"] if first and last else []
    if first and last and any(ord(c) >= 0x2E80 for c in first + last):  # Chinese: family name first, no space
        names += [f"{last}{first}", f"{first}{last}"]
    names += [p for p in (first, last) if len(p) > 2 and p.casefold() not in _NAMES_THAT_ARE_WORDS]
    return tuple(dict.fromkeys(names))


def own_record(caller: Caller) -> Employee | None:
    """The caller's own employee record, with unit and team (None for someone not on staff)."""
    if not caller.employee_code:
        return None
    return visible_employees(caller).filter(code=caller.employee_code).first()


def team_members(caller: Caller, team_code: str) -> QuerySet[Employee]:
    """The front-line people of one team that the caller may see, by last name."""
    return front_line_staff(caller).filter(team__code=team_code)


def full_name(employee: Employee) -> str:
    """A person's name as pages show it (their code when the login has no name)."""
    return f"{employee.user.first_name} {employee.user.last_name}".strip() or employee.code
