"""The demo organization: Northbridge's member-services division, its units, teams, queues and staff.

Builds the division of the merged plan — seven units from two legacy HMOs plus the new rapid-resolution
team — with a manager per unit, a coach per team of 12–15 representatives, QA analysts, trainers,
CX analysts, workforce planners, compliance officers, care managers, an executive and an admin, and the named
personas people sign in as. Rows are bulk-created with one precomputed password hash, so the org
takes a fraction of a second; the wipe removes every user and org row of the demo division.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
from django.contrib.auth import get_user_model
from django.db.models import Q

from heartline.core.models import Division, Employee, Queue, Role, Team, Unit
from heartline.demo import blueprint as bp
from heartline.demo.names import FIRST_NAMES, LAST_NAMES
from heartline.demo.roster import OrgDirectory, RepRoster
from heartline.demo.steps import DemoContext

# Sign-in usernames of the demo personas and the role each holds.
PERSONAS: Mapping[str, Role] = MappingProxyType(
    {
        "exec": Role.EXECUTIVE,
        "manager": Role.MANAGER,
        "coach": Role.COACH,
        "qa": Role.QA_ANALYST,
        "trainer": Role.TRAINER,
        "analyst": Role.CX_ANALYST,
        "planner": Role.WORKFORCE_PLANNER,
        "agent": Role.AGENT,
        "compliance": Role.COMPLIANCE,
        "admin": Role.ADMIN,
        "care": Role.CARE_MANAGER,
    }
)
PERSONA_UNIT = "commercial-inbound"  # the manager's unit, the coach's and the agent's
FIRST_EMPLOYEE_NUMBER = 10001


@dataclass
class StaffDraft:
    """One employee before it is written: the person, the login and where they sit."""

    code: str
    username: str
    first_name: str
    last_name: str
    role: Role
    unit: str | None = None
    team: str | None = None
    scope_units: tuple[str, ...] = ()
    hire_date: dt.date | None = None
    languages: list[str] = field(default_factory=lambda: ["en"])


class _Hiring:
    """Hands out employee codes, names, unique usernames and hire dates in a fixed order."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng
        self.drafts: list[StaffDraft] = []
        self.usernames: set[str] = set(PERSONAS)

    def hire(
        self,
        role: Role,
        persona: str | None = None,
        *,
        unit: str | None = None,
        team: str | None = None,
        scope_units: tuple[str, ...] = (),
        earliest: dt.date = dt.date(2009, 1, 1),
    ) -> StaffDraft:
        first = FIRST_NAMES[int(self.rng.integers(len(FIRST_NAMES)))]
        last = LAST_NAMES[int(self.rng.integers(len(LAST_NAMES)))]
        username = persona or self._username(first, last)
        latest = dt.date(2025, 3, 31)
        hired = earliest + dt.timedelta(days=int(self.rng.integers((latest - earliest).days)))
        draft = StaffDraft(
            code=f"E{FIRST_EMPLOYEE_NUMBER + len(self.drafts)}",
            username=username,
            first_name=first,
            last_name=last,
            role=role,
            unit=unit,
            team=team,
            scope_units=scope_units,
            hire_date=hired,
        )
        self.drafts.append(draft)
        return draft

    def _username(self, first: str, last: str) -> str:
        stem = f"{first}.{last}".lower()
        username, n = stem, 1
        while username in self.usernames:
            n += 1
            username = f"{stem}{n}"
        self.usernames.add(username)
        return username


def plan_staff(rng: np.random.Generator) -> tuple[list[StaffDraft], dict[str, list[str]]]:
    """Every employee of the division in a fixed order, and each unit's team codes."""
    hiring = _Hiring(rng)
    hiring.hire(Role.EXECUTIVE, "exec", earliest=dt.date(2005, 1, 1))
    teams: dict[str, list[str]] = {}
    for unit in bp.UNITS:
        persona = "manager" if unit.code == PERSONA_UNIT else None
        hiring.hire(Role.MANAGER, persona, unit=unit.code, scope_units=(unit.code,), earliest=dt.date(2006, 1, 1))
    for unit in bp.UNITS:
        teams[unit.code] = []
        for t in range(unit.teams):
            team = f"{unit.short}-{bp.TEAM_NAMES[t]}"
            teams[unit.code].append(team)
            first_team = unit.code == PERSONA_UNIT and t == 0
            hiring.hire(
                Role.COACH, "coach" if first_team else None, unit=unit.code, team=team, earliest=dt.date(2010, 1, 1)
            )
            low, high = bp.TEAM_SIZE_RANGE
            for r in range(int(rng.integers(low, high + 1))):
                rep = hiring.hire(
                    Role.AGENT,
                    "agent" if first_team and r == 0 else None,
                    unit=unit.code,
                    team=team,
                    earliest=dt.date(2014, 1, 1),
                )
                rep.languages = _rep_languages(rng, persona_agent=first_team and r == 0)
    named = {
        "qa_analyst": "qa",
        "trainer": "trainer",
        "cx_analyst": "analyst",
        "workforce_planner": "planner",
        "compliance": "compliance",
        "admin": "admin",
        "care_manager": "care",
    }
    for role_code, count, scope in bp.SUPPORT_STAFF:
        for _ in range(count):
            role = Role(role_code)
            persona = named.pop(role_code, None)
            hiring.hire(role, persona, scope_units=scope)
    _ensure_each_unit_speaks_every_language(hiring.drafts)
    return hiring.drafts, teams


def _rep_languages(rng: np.random.Generator, *, persona_agent: bool) -> list[str]:
    spanish = persona_agent or bool(rng.random() < bp.REP_SPANISH_SHARE)
    chinese = not persona_agent and bool(rng.random() < bp.REP_CHINESE_SHARE)
    return ["en"] + (["es"] if spanish else []) + (["zh"] if chinese else [])


def _ensure_each_unit_speaks_every_language(drafts: list[StaffDraft]) -> None:
    """Give every unit enough Spanish and Chinese speakers for its members who speak them."""
    for unit in bp.UNITS:
        reps = [d for d in drafts if d.role == Role.AGENT and d.unit == unit.code and d.username != "agent"]
        for language, share in (("es", bp.REP_SPANISH_SHARE), ("zh", bp.REP_CHINESE_SHARE)):
            needed = math.ceil(share * len(reps))
            speakers = sum(language in d.languages for d in reps)
            for rep in reps[-1::-1]:
                if speakers >= needed:
                    break
                if language not in rep.languages:
                    rep.languages = [*rep.languages, language]
                    speakers += 1


def build_org(ctx: DemoContext) -> None:
    """Create the division, units, teams, queues, logins and employees; leave the roster in the context."""
    drafts, teams = plan_staff(ctx.rng("org"))
    ctx.report(0, len(drafts))
    division = Division.objects.create(code=bp.DIVISION_CODE, name=bp.DIVISION_NAME)
    units = {
        u.code: Unit(division=division, code=u.code, name=u.name, legacy_company=u.legacy_company) for u in bp.UNITS
    }
    Unit.objects.bulk_create(units.values())
    units = {u.code: u for u in Unit.objects.filter(division=division)}
    Team.objects.bulk_create(
        Team(unit=units[unit_code], code=code, name=f"{units[unit_code].name} — {code.split('-', 1)[1].title()}")
        for unit_code, codes in teams.items()
        for code in codes
    )
    team_rows = {t.code: t for t in Team.objects.filter(unit__division=division)}
    Queue.objects.bulk_create(
        Queue(unit=units[u.code], code=code, name=name, line_of_business=bp.UNIT_LINES.get(u.code, ""))
        for u in bp.UNITS
        for code, name in u.queues.items()
    )
    _create_staff(ctx, division, units, team_rows, drafts)
    ctx.org = _directory(drafts)
    ctx.counts.update(units=len(units), teams=len(team_rows), employees=len(drafts))
    ctx.report(len(drafts), len(drafts))


def _create_staff(
    ctx: DemoContext, division: Division, units: dict[str, Unit], teams: dict[str, Team], drafts: list[StaffDraft]
) -> None:
    user_model = get_user_model()
    user_model.objects.bulk_create(
        user_model(
            username=d.username,
            first_name=d.first_name,
            last_name=d.last_name,
            email=f"{d.username}@{bp.EMAIL_DOMAIN}",
            password=ctx.password_hash,
            is_staff=d.role == Role.ADMIN,
            is_superuser=d.role == Role.ADMIN,
        )
        for d in drafts
    )
    user_ids = dict(user_model.objects.filter(username__in=[d.username for d in drafts]).values_list("username", "pk"))
    Employee.objects.bulk_create(
        Employee(
            user_id=user_ids[d.username],
            code=d.code,
            role=d.role,
            division=division,
            unit=units[d.unit] if d.unit else None,
            team=teams[d.team] if d.team else None,
            hire_date=d.hire_date,
            languages=d.languages,
        )
        for d in drafts
    )
    employee_ids = dict(Employee.objects.filter(division=division).values_list("code", "pk"))
    scoped = Employee.scope_units.through
    scoped.objects.bulk_create(
        scoped(employee_id=employee_ids[d.code], unit_id=units[code].pk) for d in drafts for code in d.scope_units
    )


def _directory(drafts: list[StaffDraft]) -> OrgDirectory:
    reps = [d for d in drafts if d.role == Role.AGENT]
    speaks = np.array([[lang in d.languages for lang in bp.LANGUAGES] for d in reps], dtype=np.bool_)
    roster = RepRoster(
        codes=tuple(d.code for d in reps),
        unit=np.array([bp.UNIT_INDEX[d.unit or ""] for d in reps], dtype=np.int64),
        team_codes=tuple(d.team or "" for d in reps),
        speaks=speaks,
    )
    personas = {d.username: d.code for d in drafts if d.username in PERSONAS}
    return OrgDirectory(division_code=bp.DIVISION_CODE, reps=roster, persona_codes=personas)


def wipe_org(ctx: DemoContext) -> None:
    """Remove the demo division: its employees' logins (and so the employees), queues, teams, units.

    Logins with a persona's username are removed too, even outside the division, so the rebuilt
    personas can take their names.
    """
    division = Q(employee__division__code=bp.DIVISION_CODE)
    get_user_model().objects.filter(division | Q(username__in=list(PERSONAS))).delete()
    Employee.objects.filter(division__code=bp.DIVISION_CODE).delete()
    Queue.objects.filter(unit__division__code=bp.DIVISION_CODE).delete()
    Team.objects.filter(unit__division__code=bp.DIVISION_CODE).delete()
    Unit.objects.filter(division__code=bp.DIVISION_CODE).delete()
    Division.objects.filter(code=bp.DIVISION_CODE).delete()
