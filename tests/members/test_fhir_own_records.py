"""Heartline's own records as FHIR: contacts as Communication, cases as Task, surveys as
QuestionnaireResponse — valid R4, scoped like the member view, verbatims redacted."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from heartline.contacts.tables import CASES
from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR
from heartline.members.fhir.everything import everything
from heartline.members.fhir.export import export_fhir
from heartline.members.fhir.own_records import fhir_id, task
from heartline.members.models import Member
from heartline.warehouse.store import Warehouse
from tests.members.factories import days_ago, write

pytestmark = pytest.mark.django_db

BASE = "https://heartline.example/fhir/"


def valid(resource: dict[str, Any]) -> dict[str, Any]:
    """The resource, after its R4B model accepted it (raises otherwise)."""
    get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    return resource


def of_type(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


@pytest.fixture
def regulated(member: Member, app_warehouse: Warehouse) -> None:
    """A Part C expedited appeal of M0001, received 2 days ago, still open."""
    write(
        app_warehouse,
        CASES,
        [
            {
                "case_id": "APL 7/1",  # not a valid FHIR id
                "member_id": "M0001",
                "unit": "commercial",
                "type": "appeal",
                "priority": "expedited",
                "opened_at": days_ago(2, 9),
                "received_at": days_ago(2, 9),
                "status": "open",
                "line_of_business": "medicare_part_c",
                "category": "appeal",
                "request": "service",
            }
        ],
    )


def test_everything_holds_contacts_cases_and_surveys_as_valid_r4(
    regulated: None, caller_named: Callable[[str], Caller]
) -> None:
    bundle = valid(everything(caller_named("admin"), "M0001", BASE))

    communications = of_type(bundle, "Communication")
    tasks = of_type(bundle, "Task")
    [answer] = of_type(bundle, "QuestionnaireResponse")
    assert all(valid(e["resource"]) for e in bundle["entry"])
    assert [c["identifier"][0]["value"] for c in communications] == ["C-OLD", "C-1", "C-2"]
    escalated = communications[1]
    assert escalated["status"] == "completed"
    assert escalated["subject"] == {"reference": "Patient/M0001"}
    assert escalated["received"] == days_ago(3).astimezone(dt.UTC).isoformat()
    assert escalated["medium"][0]["coding"][0]["code"] == "PHONE"
    assert escalated["reasonCode"][0]["coding"][0]["code"] == "billing"
    assert escalated["about"] == [{"reference": "Task/CASE-1"}]
    assert {"text": "outcome: escalated"} in escalated["note"]
    assert sorted(t["identifier"][0]["value"] for t in tasks) == ["APL 7/1", "CASE-1"]
    assert answer["authored"] == days_ago(1, 18).astimezone(dt.UTC).isoformat()
    assert answer["item"][0] == {
        "linkId": "nps",
        "text": "How likely to recommend (0-10)",
        "answer": [{"valueInteger": 3}],
    }
    entry = AccessLogEntry.objects.get(member_id="M0001")
    assert {"Communication", "Task", "QuestionnaireResponse"} <= set(entry.detail["shown"])


def test_a_regulated_case_carries_its_clock_due_time_category_and_line_of_business(
    regulated: None, caller_named: Callable[[str], Caller]
) -> None:
    bundle = everything(caller_named("compliance"), "M0001", BASE)

    [task] = [t for t in of_type(bundle, "Task") if t["identifier"][0]["value"] == "APL 7/1"]
    assert task["id"] == fhir_id("APL 7/1") != "APL 7/1"
    assert (task["status"], task["priority"], task["intent"]) == ("in-progress", "urgent", "order")
    assert task["businessStatus"]["coding"][0]["code"] in ("open", "overdue")
    assert task["restriction"]["period"]["start"] == days_ago(2, 9).astimezone(dt.UTC).isoformat()
    due = dt.datetime.fromisoformat(task["restriction"]["period"]["end"])
    assert due == days_ago(2, 9) + dt.timedelta(hours=72)  # an expedited Part C appeal: 72 hours
    assert [c["code"] for c in task["reasonCode"]["coding"]] == ["appeal", "medicare_part_c"]
    assert task["authoredOn"] == task["lastModified"] == days_ago(2, 9).astimezone(dt.UTC).isoformat()


def test_a_caller_who_may_not_read_regulated_cases_gets_cases_without_their_clock(
    regulated: None, caller_named: Callable[[str], Caller]
) -> None:
    from heartline.compliance.member_records import regulated_cases_of_members
    from heartline.contacts.member_records import contacts_of_members

    care_manager, admin = caller_named("care_manager"), caller_named("admin")
    case = next(c for c in contacts_of_members(admin, ["M0001"])["M0001"].cases if c.case_id == "APL 7/1")

    assert regulated_cases_of_members(care_manager, ["M0001"]) == {}
    assert [c.case_id for c in regulated_cases_of_members(admin, ["M0001"])["M0001"]] == ["APL 7/1"]
    bare = valid(task(case, "M0001", None))
    assert "restriction" not in bare
    assert bare["businessStatus"]["coding"][0]["code"] == "open"


def test_the_verbatim_is_redacted(member: Member, caller_named: Callable[[str], Caller]) -> None:
    bundle = everything(caller_named("agent"), "M0001", BASE)

    [answer] = of_type(bundle, "QuestionnaireResponse")
    [verbatim] = [i for i in answer["item"] if i["linkId"] == "verbatim"]
    text = verbatim["answer"][0]["valueString"]
    assert text.startswith("Still not paid.")
    assert "555-010-0123" not in text


def test_an_agent_gets_only_the_contacts_their_scope_holds(
    member: Member, app_warehouse: Warehouse, caller_named: Callable[[str], Caller]
) -> None:
    from heartline.contacts.tables import CONTACTS
    from tests.members.factories import contact

    write(app_warehouse, CONTACTS, [contact("C-OTHER", agent_id="e-someone-else", days=2)])

    mine = of_type(everything(caller_named("agent"), "M0001", BASE), "Communication")
    everyone = of_type(everything(caller_named("admin"), "M0001", BASE), "Communication")

    assert (len(mine), len(everyone)) == (3, 4)


def test_export_writes_own_records_as_ndjson_that_reloads(
    regulated: None, tmp_path: Path, app_warehouse: Warehouse
) -> None:
    from tests.members.fhir_support import load

    written = export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)

    assert (written["Communication"], written["Task"], written["QuestionnaireResponse"]) == (3, 2, 1)
    for kind in ("Communication", "Task", "QuestionnaireResponse"):
        for line in (tmp_path / "out" / f"{kind}.ndjson").read_text().splitlines():
            assert valid(json.loads(line))["resourceType"] == kind
    report = load(sorted((tmp_path / "out").iterdir()), app_warehouse)
    assert report.accepted is True, report.problems
    assert report.by_type["Communication"].unchanged + report.by_type["Communication"].inserted == 3
