"""The booster catalog's edit pages: a trainer adds a booster tied to a behavior and changes its rule
or retires it; every mistake in the form is named beside its field and nothing is saved; people who
do not keep the catalog are refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from heartline.core.scoping import OPERATOR
from heartline.learning import services
from heartline.learning.models import Booster

if TYPE_CHECKING:
    from django.test import Client

    from tests.support.personas import Personas

NEW = {
    "code": "boost-listen",
    "title": "Let them finish",
    "behavior": "listen-fully",
    "body": "Listen to three calls where the member finished first.",
    "link": "",
    "minutes": "10",
    "misses_to_assign": "2",
    "of_last_audits": "3",
    "due_days": "14",
    "active": "on",
}


@pytest.fixture
def trainer(personas: Personas, client: Client) -> Client:
    """The test client, signed in as a trainer of unit commercial (the behaviors' catalog built)."""
    from heartline.core.models import Role
    from tests.quality.world import build_behaviors
    from tests.support.personas import make_employee

    build_behaviors()
    org = personas.org
    tara = make_employee("trainer", Role.TRAINER, org.division, scope_units=[org.commercial], first_name="Tara")
    client.force_login(tara.user)
    return client


def test_a_trainer_adds_a_booster_tied_to_a_behavior(trainer: Client) -> None:
    client = trainer
    assert 'data-testid="booster-form"' in client.get("/learning/boosters/catalog/new/").content.decode()
    response = client.post("/learning/boosters/catalog/new/", NEW)
    assert response.status_code == 302
    booster = Booster.objects.get(code="boost-listen")
    assert (booster.behavior_code, booster.misses_to_assign, booster.of_last_audits, booster.active) == (
        "listen-fully",
        2,
        3,
        True,
    )
    assert "/learning/boosters/catalog/boost-listen/" in client.get("/learning/boosters/").content.decode()


def test_every_mistake_is_named_beside_its_field_and_nothing_is_saved(trainer: Client) -> None:
    response = trainer.post("/learning/boosters/catalog/new/", {**NEW, "title": "", "minutes": "ten", "due_days": ""})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Title: required" in page
    assert "Minutes: &#x27;ten&#x27; is not a whole number" in page
    assert "Due in (days): required" in page
    assert 'value="Listen to three calls' not in page  # the body is a textarea, kept as typed
    assert "Listen to three calls where the member finished first." in page
    assert not Booster.objects.exists()


def test_the_services_refusal_is_shown_above_the_form(trainer: Client) -> None:
    client = trainer
    too_many = client.post("/learning/boosters/catalog/new/", {**NEW, "misses_to_assign": "4"})
    assert too_many.status_code == 400
    assert "misses_to_assign must be between 1 and 3, not 4" in too_many.content.decode()
    bad_link = client.post("/learning/boosters/catalog/new/", {**NEW, "link": "ftp://files/x"})
    assert "is not a web address" in bad_link.content.decode()
    bad_code = client.post("/learning/boosters/catalog/new/", {**NEW, "code": "Boost Listen"})
    assert "use lowercase letters, digits and single hyphens" in bad_code.content.decode()
    assert not Booster.objects.exists()


def test_a_code_in_use_is_refused_for_a_new_booster(trainer: Client) -> None:
    services.define_booster(OPERATOR, services.BoosterPlan("boost-listen", "Old", "listen-fully", "Old text."))
    response = trainer.post("/learning/boosters/catalog/new/", NEW)
    assert response.status_code == 400
    assert "exists already" in response.content.decode()
    assert Booster.objects.get(code="boost-listen").title == "Old"


def test_a_trainer_changes_a_boosters_rule_and_retires_it(trainer: Client) -> None:
    services.define_booster(OPERATOR, services.BoosterPlan("boost-listen", "Old", "listen-fully", "Old text."))
    client = trainer
    assert "Old text." in client.get("/learning/boosters/catalog/boost-listen/").content.decode()
    changed = {k: v for k, v in NEW.items() if k not in ("code", "active")}
    response = client.post(
        "/learning/boosters/catalog/boost-listen/", {**changed, "misses_to_assign": "3", "of_last_audits": "4"}
    )
    assert response.status_code == 302
    booster = Booster.objects.get(code="boost-listen")
    assert (booster.title, booster.misses_to_assign, booster.of_last_audits, booster.active) == (
        "Let them finish",
        3,
        4,
        False,
    )


def test_an_unknown_booster_is_not_found(trainer: Client) -> None:
    assert trainer.get("/learning/boosters/catalog/no-such/").status_code == 404


def test_a_coach_may_not_edit_the_catalog(trainer: Client, client_as) -> None:
    client = client_as("coach")
    assert client.get("/learning/boosters/catalog/new/").status_code == 403
    assert client.post("/learning/boosters/catalog/new/", NEW).status_code == 403
    assert not Booster.objects.exists()
    assert "/learning/boosters/catalog/new/" not in client.get("/learning/boosters/").content.decode()
