"""Consent recorded in Heartline leaves as FHIR `Consent`, one per decision with its history, and a
Heartline that loads the export holds the same decisions: who, from where, when, express or not."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class

from heartline.core.scoping import OPERATOR
from heartline.members import reach
from heartline.members.fhir.export import export_fhir
from heartline.members.fhir.synthetic import member_resources
from heartline.members.models import ConsentDecision, Member, StoredResource
from heartline.warehouse.store import Warehouse
from tests.members.fhir_support import load, write_ndjson

pytestmark = pytest.mark.django_db

FIELDS = ("member__member_id", "channel", "purpose", "granted", "express", "source", "recorded_at", "recorded_by")


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, tzinfo=dt.UTC)


def decide(member: Member, channel: str, purpose: str, granted: bool, when: dt.datetime, **more: Any) -> None:
    values = {"express": False, "source": "call", "recorded_by": "agent", "reference": ""} | more
    ConsentDecision.objects.create(
        member=member, channel=channel, purpose=purpose, granted=granted, recorded_at=when, **values
    )


@pytest.fixture
def member_with_history(tmp_path: Path, app_warehouse: Warehouse) -> Member:
    """Member M0000001 (loaded from FHIR, so it carries one received Consent) who then, on calls,
    gave express SMS consent for care, withdrew it a week later, and opted out of e-mail marketing."""
    load(write_ndjson(tmp_path / "in", member_resources(1)), app_warehouse)
    member = Member.objects.get(member_id="M0000001")
    decide(member, "sms", "care", True, at(2), express=True, source="portal", reference="form 7")
    decide(member, "sms", "care", False, at(9), recorded_by="coach")
    decide(member, "email", "marketing", False, at(10))
    return member


def exported_consents(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (folder / "Consent.ndjson").read_text().splitlines()]


def test_each_recorded_decision_is_a_valid_r4_consent_and_the_replaced_one_is_inactive(
    tmp_path: Path, app_warehouse: Warehouse, member_with_history: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)

    ours = [c for c in exported_consents(tmp_path / "out") if c["id"].startswith("hl-consent-")]
    for resource in ours:
        get_fhir_model_class("Consent").model_validate(resource)
    summary = sorted(
        (c["provision"]["code"][0]["coding"][0]["code"], c["dateTime"][:10], c["status"], c["provision"]["type"])
        for c in ours
    )
    assert summary == [
        ("email", "2026-03-10", "active", "deny"),
        ("sms", "2026-03-02", "inactive", "permit"),
        ("sms", "2026-03-09", "active", "deny"),
    ]
    withdrawn_express = next(c for c in ours if c["status"] == "inactive")
    assert withdrawn_express["verification"] == [{"verified": True}]
    assert withdrawn_express["provision"]["period"]["end"].startswith("2026-03-09")


def test_the_export_loads_into_an_empty_heartline_with_the_same_decisions_and_the_same_answer(
    tmp_path: Path, app_warehouse: Warehouse, member_with_history: Member
) -> None:
    before = sorted(ConsentDecision.objects.values_list(*FIELDS))
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)
    Member.objects.all().delete()
    StoredResource.objects.all().delete()

    load(sorted((tmp_path / "out").iterdir()), Warehouse(tmp_path / "empty"))

    assert sorted(ConsentDecision.objects.values_list(*FIELDS)) == before
    decision = reach.may_reach("M0000001", "sms", "care", at(20))
    assert decision.allowed is False


def test_loading_the_export_again_after_a_later_decision_stores_nothing_twice(
    tmp_path: Path, app_warehouse: Warehouse, member_with_history: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "first", warehouse=app_warehouse)
    decide(member_with_history, "email", "marketing", True, at(15))  # e-mail marketing opt-in replaces the no
    export_fhir(OPERATOR, tmp_path / "second", warehouse=app_warehouse)
    Member.objects.all().delete()
    StoredResource.objects.all().delete()
    empty = Warehouse(tmp_path / "empty")
    load(sorted((tmp_path / "first").iterdir()), empty)

    load(sorted((tmp_path / "second").iterdir()), empty)

    email = ConsentDecision.objects.filter(channel="email", purpose="marketing").order_by("recorded_at")
    assert [(d.granted, d.recorded_at) for d in email] == [(False, at(10)), (True, at(15))]
    assert ConsentDecision.objects.filter(channel="sms", purpose="care").count() == 2


def test_a_reexport_of_loaded_decisions_writes_each_consent_once(
    tmp_path: Path, app_warehouse: Warehouse, member_with_history: Member
) -> None:
    export_fhir(OPERATOR, tmp_path / "out", warehouse=app_warehouse)
    first = sorted(c["id"] for c in exported_consents(tmp_path / "out"))
    Member.objects.all().delete()
    StoredResource.objects.all().delete()
    empty = Warehouse(tmp_path / "empty")
    load(sorted((tmp_path / "out").iterdir()), empty)

    export_fhir(OPERATOR, tmp_path / "again", warehouse=empty)

    assert sorted(c["id"] for c in exported_consents(tmp_path / "again")) == first
