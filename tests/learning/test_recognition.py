"""Recognition: who may recognise whom, the unit's counts by behavior with small counts withheld,
and members' praise matched to the representative through the survey's contact, passed on once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

import pyarrow as pa
import pytest

from heartline.core.scoping import caller_for
from heartline.learning import selectors, services

if TYPE_CHECKING:
    from django.test import Client

    from heartline.warehouse.store import Warehouse
    from tests.support.personas import Personas

APRIL = dt.datetime(2026, 3, 20, 15, tzinfo=dt.UTC)


@pytest.fixture
def world(personas: Personas) -> Personas:
    from tests.quality.world import add_second_agent, build_behaviors

    add_second_agent(personas)
    build_behaviors()
    return personas


def test_a_representative_recognises_a_colleague_of_their_unit(world: Personas) -> None:
    made = services.give_recognition(
        caller_for(world.by_username("agent").user), "e-bo", "listen-fully", "Let the member finish.", contact_id="q-7"
    )
    assert (made.recipient.code, made.unit.code, made.giver_kind, made.contact_id) == (
        "e-bo",
        "commercial",
        "peer",
        "q-7",
    )


def test_no_one_recognises_themselves(world: Personas) -> None:
    with pytest.raises(services.LearningError):
        services.give_recognition(caller_for(world.agent.user), "e-agent", "listen-fully", "Me!")


def test_a_representative_may_not_recognise_someone_of_another_unit(world: Personas) -> None:
    with pytest.raises(services.NotAllowed):
        services.give_recognition(caller_for(world.agent.user), "e-medicare-agent", "listen-fully", "Great call.")


def test_a_manager_recognises_only_in_the_units_they_look_after(world: Personas) -> None:
    manager = caller_for(world.manager.user)
    assert (
        services.give_recognition(manager, "e-medicare-agent", "own-the-outcome", "Owned it.").giver_kind == "manager"
    )
    with pytest.raises(services.NotAllowed):
        services.give_recognition(manager, "e-agent", "own-the-outcome", "Owned it.")


def test_a_recognition_is_for_a_known_behavior(world: Personas) -> None:
    with pytest.raises(services.LearningError):
        services.give_recognition(caller_for(world.coach.user), "e-agent", "no-such-behavior", "Nice.")


def test_counts_by_behavior_are_withheld_below_three_people(world: Personas) -> None:
    from heartline.core.models import Role
    from tests.support.personas import make_employee

    coach = caller_for(world.coach.user)
    make_employee("cy", Role.AGENT, world.org.division, unit=world.org.commercial, team=world.org.commercial_team)
    for code in ("e-agent", "e-bo", "e-cy"):
        services.give_recognition(coach, code, "listen-fully", "Listened well.")
    services.give_recognition(coach, "e-agent", "own-the-outcome", "Owned it.")
    services.give_recognition(coach, "e-agent", "own-the-outcome", "Owned it again.")
    counts = {c.behavior_code: c for c in selectors.counts_by_behavior(coach, "commercial")}
    assert (counts["listen-fully"].shown, counts["listen-fully"].recognitions) == (True, 3)
    assert (counts["own-the-outcome"].shown, counts["own-the-outcome"].people) == (False, 1)


def test_the_api_gives_no_number_for_a_withheld_count(world: Personas, client_as: Callable[[str], Client]) -> None:
    services.give_recognition(caller_for(world.coach.user), "e-agent", "own-the-outcome", "Owned it.")
    answer = client_as("coach").get("/api/v1/learning/recognitions/counts?unit=commercial").json()
    assert answer == [{"behavior": "own-the-outcome", "shown": False, "recognitions": None, "people": None}]


def test_the_representative_sees_it_on_their_home_and_the_unit_page(
    world: Personas, client_as: Callable[[str], Client]
) -> None:
    services.give_recognition(caller_for(world.coach.user), "e-agent", "listen-fully", "Let the member finish.")
    client = client_as("agent")
    assert "Let the member finish." in client.get("/").content.decode()
    assert "Let the member finish." in client.get("/learning/recognition/").content.decode()


def _survey(response_id: str, contact_id: str, agent_on_survey: str, nps: int, text: str) -> dict[str, object]:
    return {
        "response_id": response_id,
        "survey": "post_contact",
        "responded_at": APRIL,
        "language": "en",
        "contact_id": contact_id,
        "agent_id": agent_on_survey,
        "unit": "commercial",
        "nps": nps,
        "csat": None,
        "verbatim": text,
    }


@pytest.fixture
def surveys(world: Personas, quality_contacts: Warehouse) -> None:
    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch

    rows = [
        # The survey names e-bo, but contact q-1 was the agent's: the contact decides.
        _survey("R-1", "q-1", "e-bo", 10, "She was so kind and helpful, she explained my bill."),
        _survey("R-2", "q-2", "e-agent", 10, "Terrible wait and a rude transfer."),
        _survey("R-3", "q-3", "e-agent", 3, "Kind and helpful."),
        _survey("R-7", "q-7", "e-bo", 9, "Great, very helpful."),
    ]
    table = pa.Table.from_pylist(rows, schema=pa.schema([SURVEY_RESPONSES.schema.field(k) for k in rows[0]]))
    write_batch(quality_contacts, SURVEY_RESPONSES, table, source="tests")


def test_praise_is_matched_through_the_contact_and_must_be_high_and_positive(world: Personas, surveys: None) -> None:
    found = selectors.praise_to_pass_on(caller_for(world.coach.user), ["e-agent", "e-bo"], limit=10)
    assert sorted((p.response_id, p.agent_code) for p in found) == [("R-1", "e-agent"), ("R-7", "e-bo")]


def test_passing_praise_on_recognises_the_contacts_representative_once(world: Personas, surveys: None) -> None:
    coach = caller_for(world.coach.user)
    made = services.pass_on_praise(coach, "R-1", "listen-fully")
    again = services.pass_on_praise(coach, "R-1", "listen-fully")
    assert (made.recipient.code, made.giver_kind, made.contact_id, again.pk) == ("e-agent", "member", "q-1", made.pk)
    assert "explained my bill" in made.message
    assert [p.response_id for p in selectors.praise_to_pass_on(coach, ["e-agent", "e-bo"])] == ["R-7"]


def test_a_representative_may_not_pass_praise_on(world: Personas, surveys: None) -> None:
    with pytest.raises(services.NotAllowed):
        services.pass_on_praise(caller_for(world.agent.user), "R-1", "listen-fully")


def test_the_coach_sees_praise_to_pass_on_on_their_home(
    world: Personas, surveys: None, client_as: Callable[[str], Client]
) -> None:
    page = client_as("coach").get("/").content.decode()
    assert "explained my bill" in page


def test_praise_to_pass_on_names_the_representative(
    world: Personas, surveys: None, client_as: Callable[[str], Client]
) -> None:
    page = client_as("coach").get("/learning/recognition/").content.decode()
    assert 'about <span data-testid="praise-agent">Ana</span>\'s contact q-1' in page
    assert 'about <span data-testid="praise-agent">Bo</span>\'s contact q-7' in page


def test_praise_to_pass_on_is_redacted_of_the_members_own_name(world: Personas, quality_contacts: Warehouse) -> None:
    from heartline.voice.tables import SURVEY_RESPONSES
    from heartline.warehouse.writer import write_batch
    from tests.members.factories import make_member

    make_member("NBH000054321", given="Donna", family="Kowalski")
    row = _survey("R-9", "q-1", "e-agent", 10, "So kind and helpful! Donna Kowalski thanks her, call 2125551234.")
    row["member_id"] = "NBH000054321"
    table = pa.Table.from_pylist([row], schema=pa.schema([SURVEY_RESPONSES.schema.field(k) for k in row]))
    write_batch(quality_contacts, SURVEY_RESPONSES, table, source="tests")

    (found,) = selectors.praise_to_pass_on(caller_for(world.coach.user), ["e-agent"], limit=10)

    assert found.verbatim == "So kind and helpful! [NAME] thanks her, call [PHONE]."
