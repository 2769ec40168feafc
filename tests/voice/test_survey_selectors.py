"""What voice offers other apps about survey responses: NPS answers by representative (learning's
program impact) and the contacts whose survey was low (quality's risk-weighted sampling), each read
with the caller's own scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa
import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.voice.selectors import low_survey_contacts, nps_answers
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.support.personas import Personas

JUNE = dt.datetime(2026, 6, 2, 15, tzinfo=dt.UTC)


def response(rid: str, agent: str | None, unit: str, nps: int | None, csat: int | None = None, **extra: Any) -> dict:
    return {
        "response_id": rid,
        "survey": "post_contact",
        "responded_at": extra.pop("at", JUNE),
        "agent_id": agent,
        "unit": unit,
        "contact_id": extra.pop("contact", f"c-{rid}"),
        "nps": nps,
        "csat": csat,
        **extra,
    }


def write(warehouse: Warehouse, rows: list[dict]) -> None:
    write_batch(warehouse, SURVEY_RESPONSES, pa.Table.from_pylist(rows, schema=SURVEY_RESPONSES.schema), source="t")


def as_user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return caller_for(get_user_model().objects.get(username=username))


@pytest.mark.django_db
def test_nps_answers_are_the_callers_own_for_an_agent_and_the_units_for_a_coach(
    personas: Personas, app_warehouse: Warehouse
) -> None:
    write(
        app_warehouse,
        [
            response("r2", "e-agent", "commercial", 9, at=JUNE + dt.timedelta(days=1)),
            response("r1", "e-agent", "commercial", 3),
            response("r3", "e-other", "commercial", 10),
            response("r4", "e-medicare", "medicare", 0),
            response("r5", None, "commercial", 7),  # names no representative (a CAHPS-style survey)
            response("r6", "e-agent", "commercial", None, 2),  # answered CSAT only
        ],
    )

    mine = nps_answers(as_user("agent"))
    coach = nps_answers(as_user("coach"))

    assert [(a.response_id, a.agent_code, a.responded_on, a.nps, a.contact_id) for a in mine] == [
        ("r1", "e-agent", dt.date(2026, 6, 2), 3, "c-r1"),
        ("r2", "e-agent", dt.date(2026, 6, 3), 9, "c-r2"),
    ]
    assert [a.response_id for a in coach] == ["r1", "r3", "r2"]  # oldest first
    assert [a.response_id for a in nps_answers(OPERATOR, ["e-other", "e-medicare"])] == ["r3", "r4"]
    assert nps_answers(OPERATOR, []) == []


@pytest.mark.django_db
def test_nps_answers_are_empty_before_any_survey_is_loaded(personas: Personas, app_warehouse: Warehouse) -> None:
    assert nps_answers(as_user("coach")) == []
    assert low_survey_contacts(as_user("qa"), ["q-1"]) == set()


@pytest.mark.django_db
def test_a_survey_is_low_at_nps_0_to_6_or_csat_1_to_2_and_only_given_contacts_count(
    personas: Personas, app_warehouse: Warehouse
) -> None:
    write(
        app_warehouse,
        [
            response("n6", "e-agent", "commercial", 6, 5, contact="q-nps6"),
            response("n7", "e-agent", "commercial", 7, 3, contact="q-nps7"),
            response("c2", "e-agent", "commercial", 8, 2, contact="q-csat2"),
            response("c3", "e-agent", "commercial", None, 3, contact="q-csat3"),
            response("old", "e-agent", "commercial", 0, 1, contact="q-old", at=JUNE - dt.timedelta(days=40)),
            response("mc", "e-medicare", "medicare", 0, 1, contact="q-medicare"),
            response("other", "e-agent", "commercial", 0, 1, contact="q-not-asked"),
        ],
    )
    asked = ["q-nps6", "q-nps7", "q-csat2", "q-csat3", "q-old", "q-medicare", "q-none"]

    qa = as_user("qa")  # commercial's QA analyst: medicare's responses are out of scope

    assert low_survey_contacts(qa, asked) == {"q-nps6", "q-csat2", "q-old"}
    assert low_survey_contacts(qa, asked, since=dt.date(2026, 6, 1)) == {"q-nps6", "q-csat2"}
    assert low_survey_contacts(OPERATOR, asked) == {"q-nps6", "q-csat2", "q-old", "q-medicare"}
