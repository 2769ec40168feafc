"""Behaviors: the catalog, unit wordings with versions, who may change them, rehearsals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from heartline.behaviors.selectors import behavior_titles, catalog, rehearsals, wording_in_force
from heartline.behaviors.services import BehaviorError, define_behavior, record_rehearsal, reword_behavior
from heartline.core.scoping import OPERATOR
from heartline.quality.models import ScorecardVersion
from tests.quality.test_audits import caller
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

JAN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_the_catalog_groups_behaviors_by_value_and_kind(personas: Personas, scorecard: ScorecardVersion) -> None:
    values = {v.code: v for v in catalog()}

    assert [b.code for b in values["compassion"].front_line] == ["welcome-warmly", "listen-fully"]
    assert [b.code for b in values["compassion"].leadership] == ["model-listening"]
    assert values["compassion"].front_line[1].reinforced_by == ("model-listening",)


def test_a_managers_unit_wording_is_a_new_version_that_keeps_the_old_one(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    from heartline.behaviors.models import BehaviorWording

    BehaviorWording.objects.update(effective_from=JAN)
    manager = caller(personas, "manager")  # manages medicare
    soon = timezone.now() + dt.timedelta(days=1)
    reword_behavior(
        manager, "listen-fully", unit_code="medicare", title="Let Medicare members finish", effective_from=soon
    )
    second = reword_behavior(
        manager,
        "listen-fully",
        unit_code="medicare",
        title="Let members finish, then recap",
        effective_from=soon + dt.timedelta(days=30),
    )

    behavior_id = second.behavior_id

    def title(unit: str | None, day: dt.datetime) -> str:
        return wording_in_force([behavior_id], unit, day)[behavior_id].title

    assert second.version == 2
    assert title("medicare", soon - dt.timedelta(days=2)) == "Listen fully before answering"
    assert title("medicare", soon + dt.timedelta(days=15)) == "Let Medicare members finish"
    assert title("medicare", soon + dt.timedelta(days=45)) == "Let members finish, then recap"
    assert title("commercial", soon + dt.timedelta(days=45)) == "Listen fully before answering"


def test_a_manager_cannot_backdate_a_wording_so_past_audits_keep_their_words(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    with pytest.raises(BehaviorError, match="backdating"):
        reword_behavior(
            caller(personas, "manager"),
            "listen-fully",
            unit_code="medicare",
            title="Rewritten history",
            effective_from=timezone.now() - dt.timedelta(days=10),
        )


def test_a_manager_cannot_reword_another_units_behaviors(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(PermissionDenied, match="not one of yours"):
        reword_behavior(caller(personas, "manager"), "listen-fully", unit_code="commercial", title="x")


def test_only_executives_and_admins_reword_the_division(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(PermissionDenied):
        reword_behavior(caller(personas, "manager"), "listen-fully", unit_code=None, title="x")


def test_a_behavior_cannot_be_defined_twice(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(BehaviorError, match="already exists"):
        define_behavior(OPERATOR, value_code="compassion", code="listen-fully", kind="front_line", title="x")


def test_a_rehearsal_is_recorded_and_seen_by_its_attendees_only(
    personas: Personas, scorecard: ScorecardVersion
) -> None:
    session = record_rehearsal(
        caller(personas, "coach"),
        unit_code="commercial",
        held_on=dt.date(2026, 2, 3),
        behavior_codes=["listen-fully", "welcome-warmly"],
        attendee_codes=["e-agent"],
        notes="Role-played a billing call",
    )

    assert list(rehearsals(caller(personas, "agent"))) == [session]
    assert list(rehearsals(caller(personas, "bo"))) == []
    assert list(rehearsals(caller(personas, "manager"))) == []


def test_the_rehearsals_page_names_the_behaviors_rehearsed_not_their_codes(
    personas: Personas, scorecard: ScorecardVersion, client: Client
) -> None:
    record_rehearsal(
        caller(personas, "coach"),
        unit_code="commercial",
        held_on=dt.date(2026, 2, 3),
        behavior_codes=["listen-fully"],
        attendee_codes=["e-agent"],
    )
    client.force_login(personas.by_username("coach").user)

    html = client.get("/behaviors/rehearsals/").content.decode()

    rows = html.split("<tbody>")[-1].split("</tbody>")[0]
    assert behavior_titles(["listen-fully"])["listen-fully"] in rows
    assert "listen-fully" not in rows


def test_a_rehearsal_needs_known_behaviors(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(BehaviorError, match="unknown: no-such"):
        record_rehearsal(
            caller(personas, "coach"),
            unit_code="commercial",
            held_on=dt.date(2026, 2, 3),
            behavior_codes=["no-such"],
            attendee_codes=[],
        )
