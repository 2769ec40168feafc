"""The demo organization and its personas: the people a demo visitor signs in as."""

from __future__ import annotations

import duckdb
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee, Queue, Role, Unit
from heartline.demo import blueprint
from heartline.demo.build import PERSONAS
from heartline.members.models import Member
from tests.support.shared_demo import BuiltDemo

pytestmark = pytest.mark.usefixtures("small_demo", "db")


def persona(username: str) -> Employee:
    return Employee.objects.select_related("user", "unit", "team", "team__unit").get(user__username=username)


@pytest.mark.parametrize("username", list(PERSONAS))
def test_each_persona_is_an_employee_with_its_role(username: str) -> None:
    assert persona(username).role == PERSONAS[username]


@pytest.mark.parametrize("username", list(PERSONAS))
def test_each_persona_signs_in_with_the_demo_password(username: str) -> None:
    user = get_user_model().objects.get(username=username)

    assert user.check_password(settings.HEARTLINE_DEMO_PASSWORD)


def test_the_manager_runs_commercial_inbound() -> None:
    assert persona("manager").unit.code == "commercial-inbound"  # type: ignore[union-attr]


def test_the_coach_coaches_a_team_in_the_managers_unit() -> None:
    coach = persona("coach")

    assert coach.team is not None
    assert coach.team.unit == persona("manager").unit == coach.unit


def test_the_agent_is_on_the_coachs_team() -> None:
    agent = persona("agent")

    assert (agent.team, agent.unit) == (persona("coach").team, persona("coach").unit)


def test_the_agent_has_handled_contacts(small_demo: BuiltDemo) -> None:
    files = small_demo.warehouse.parquet_files(CONTACTS)
    handled = (
        duckdb.connect()
        .execute(
            "SELECT count(*) FROM read_parquet($files) WHERE agent_id = $agent",
            {"files": files, "agent": persona("agent").code},
        )
        .fetchall()
    )

    assert handled[0][0] >= 50


def test_the_qa_analyst_looks_after_assigned_units() -> None:
    units = set(persona("qa").scope_units.values_list("code", flat=True))

    assert units == {"commercial-inbound", "commercial-outbound", "membership-admin"}


def test_the_executive_leads_the_division_from_no_unit() -> None:
    executive = persona("exec")

    assert (executive.division.code, executive.unit) == (blueprint.DIVISION_CODE, None)


def test_only_the_admin_persona_can_use_django_admin() -> None:
    staff = get_user_model().objects.filter(employee__division__code=blueprint.DIVISION_CODE, is_staff=True)

    assert list(staff.values_list("username", "is_superuser")) == [("admin", True)]


def test_every_coach_has_a_team_of_twelve_to_fifteen_representatives() -> None:
    coaches = Employee.objects.filter(division__code=blueprint.DIVISION_CODE, role=Role.COACH)
    sizes = {c.code: c.team.members.filter(role=Role.AGENT).count() for c in coaches.select_related("team")}  # type: ignore[union-attr]

    assert len(sizes) == 22
    assert all(12 <= size <= 15 for size in sizes.values())


def test_units_come_from_both_legacy_companies() -> None:
    companies = set(
        Unit.objects.filter(division__code=blueprint.DIVISION_CODE).values_list("legacy_company", flat=True)
    )

    assert companies == {blueprint.BAYSIDE, blueprint.VALLEY_CREST, ""}


def test_every_unit_has_queues() -> None:
    units = Unit.objects.filter(division__code=blueprint.DIVISION_CODE)

    assert all(Queue.objects.filter(unit=unit).exists() for unit in units)


def test_members_speak_english_spanish_and_chinese_in_plausible_shares() -> None:
    members = Member.objects.filter(member_id__startswith=blueprint.MEMBER_ID_PREFIX)
    total = members.count()
    shares = {code: members.filter(language=code).count() / total for code in ("en", "es", "zh")}

    assert shares["en"] == pytest.approx(0.70, abs=0.03)
    assert shares["es"] == pytest.approx(0.20, abs=0.03)
    assert shares["zh"] == pytest.approx(0.10, abs=0.03)


def test_members_hold_every_kind_of_plan() -> None:
    plans = set(Member.objects.filter(member_id__startswith=blueprint.MEMBER_ID_PREFIX).values_list("plan", flat=True))

    assert plans == set(blueprint.MEMBER_PLANS)
