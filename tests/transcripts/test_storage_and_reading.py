"""Only redacted text reaches the warehouse; the raw text is sealed in the app database and read only
by compliance and administrators, every read access-logged; the pages and the API are scoped like
the contact pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed, NotFound
from heartline.core.models import AccessLogEntry, AccessOutcome
from heartline.core.scoping import OPERATOR, caller_for
from heartline.transcripts import sealing
from heartline.transcripts.models import RawTranscript
from heartline.transcripts.selectors import raw_transcript_of_contact, transcript_of_contact
from heartline.transcripts.services import ingest_records, reseal_raw
from heartline.transcripts.tables import TRANSCRIPTS
from heartline.warehouse.store import Warehouse
from tests.support.personas import Personas, make_employee
from tests.transcripts.world import IDENTIFIERS, transcript, write_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    write_world(app_warehouse)
    make_employee("compliance", "compliance", personas.org.division, first_name="Cora")
    report = ingest_records(OPERATOR, [transcript("t-1"), transcript("t-2"), transcript("t-404")])
    assert report.accepted, report.problems
    return app_warehouse


def person(personas: Personas, username: str) -> Caller:
    return caller_for(get_user_model().objects.get(username=username))


def signed_in(client: Client, username: str) -> Client:
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_no_identifier_the_member_said_reaches_the_warehouse_table(world: Warehouse) -> None:
    delta = world.open(TRANSCRIPTS)
    assert delta is not None
    rows = {r["contact_id"]: r for r in delta.to_pyarrow_table().to_pylist()}
    files = b"".join(Path(path).read_bytes() for path in world.parquet_files(TRANSCRIPTS))

    for contact_id in ("t-1", "t-2"):
        said = " ".join(turn["text"] for turn in rows[contact_id]["turns"])
        for identifier in IDENTIFIERS:
            assert identifier not in said, (contact_id, identifier)
    # A contact not stored yet has no member to take the name from; its numbers go all the same.
    unlinked = " ".join(turn["text"] for turn in rows["t-404"]["turns"])
    for identifier in IDENTIFIERS[2:]:
        assert identifier not in unlinked
    for identifier in IDENTIFIERS[3:]:  # the member id is the member_id column's value, as in every table
        assert identifier.encode() not in files


def test_the_staff_names_and_service_words_are_handled(world: Warehouse) -> None:
    view = transcript_of_contact(OPERATOR, "t-1")

    assert view.turns[0].text == "Thank you for calling, this is [NAME]. Who am I speaking with?"
    assert view.turns[2].text == "Call me back at [PHONE] or [EMAIL] about my deductible."
    assert view.redactions == 8


def test_the_raw_text_is_sealed_in_the_app_database(world: Warehouse) -> None:
    raw = RawTranscript.objects.get(contact_id="t-1")

    assert raw.member_id == "NBH000012345"
    for identifier in IDENTIFIERS:
        assert identifier not in raw.sealed
    assert sealing.unseal(raw.sealed)["turns"][1]["text"].startswith("Hi Ana, this is Rosalind Okafor")


def test_a_configured_key_seals_and_a_rotated_key_still_opens(world: Warehouse) -> None:
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(HEARTLINE_TRANSCRIPT_KEY=old):
        token = sealing.seal({"a": 1})
    with override_settings(HEARTLINE_TRANSCRIPT_KEY=f"{new},{old}"):
        assert sealing.unseal(token) == {"a": 1}
        rotated = sealing.reseal(token)
    with override_settings(HEARTLINE_TRANSCRIPT_KEY=new):
        assert sealing.unseal(rotated) == {"a": 1}
        with pytest.raises(sealing.UnreadableRawText):
            sealing.unseal(token)


def test_compliance_reads_the_raw_text_and_the_read_is_logged(world: Warehouse, personas: Personas) -> None:
    compliance = person(personas, "compliance")

    view = raw_transcript_of_contact(compliance, "t-1", channel="api")

    assert view.raw
    assert "Rosalind Okafor" in view.turns[1].text
    entry = AccessLogEntry.objects.get(action="transcripts.raw")
    assert (entry.username, entry.resource, entry.member_id, entry.channel) == (
        "compliance", "contact:t-1", "NBH000012345", "api"
    )  # fmt: skip


@pytest.mark.parametrize("username", ["agent", "coach", "qa", "manager", "exec"])
def test_no_other_role_reads_the_raw_text(username: str, world: Warehouse, personas: Personas) -> None:
    with pytest.raises(NotAllowed):
        raw_transcript_of_contact(person(personas, username), "t-1")
    assert not AccessLogEntry.objects.filter(action="transcripts.raw").exists()


def test_the_redacted_transcript_is_scoped_like_the_contact(world: Warehouse, personas: Personas) -> None:
    agent = person(personas, "agent")  # e-agent in commercial: t-1 is theirs, t-2 (medicare) is not
    manager = person(personas, "manager")  # looks after medicare

    assert transcript_of_contact(agent, "t-1").contact_id == "t-1"
    assert transcript_of_contact(manager, "t-2").contact_id == "t-2"
    for caller, contact_id in ((agent, "t-2"), (manager, "t-1"), (agent, "t-404"), (manager, "t-404"), (agent, "nope")):
        with pytest.raises(NotFound):
            transcript_of_contact(caller, contact_id)
    assert transcript_of_contact(OPERATOR, "t-404").contact_known is False
    logged = AccessLogEntry.objects.filter(action="transcripts.view")
    assert sorted((e.username, e.resource) for e in logged) == sorted(
        [(OPERATOR.username, "contact:t-404"), ("agent", "contact:t-1"), ("manager", "contact:t-2")]
    )


def test_the_page_shows_the_redacted_text_and_offers_raw_only_to_those_who_may(
    world: Warehouse, client_as: Callable[[str], Client]
) -> None:
    page = client_as("agent").get("/transcripts/t-1/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "this is [NAME], member id [MEMBER ID]" in html
    assert "Okafor" not in html
    assert 'data-testid="show-raw"' not in html
    assert client_as("agent").get("/transcripts/t-1/raw/").status_code == 403
    denied = AccessLogEntry.objects.get(outcome=AccessOutcome.DENIED, username="agent")
    assert denied.resource == "contact:t-1"
    assert client_as("agent").get("/transcripts/t-2/").status_code == 404

    compliance = signed_in(Client(), "compliance")
    assert 'data-testid="show-raw"' in compliance.get("/transcripts/t-1/").content.decode()
    raw = compliance.get("/transcripts/t-1/raw/")
    assert raw.status_code == 200
    assert "Rosalind Okafor" in raw.content.decode()
    assert AccessLogEntry.objects.filter(action="transcripts.raw", username="compliance", channel="web").count() == 1


def test_the_api_answers_redacted_and_raw(world: Warehouse, client_as: Callable[[str], Client]) -> None:
    agent = client_as("agent")
    redacted = agent.get("/api/v1/transcripts/t-1")
    assert redacted.status_code == 200
    assert redacted.json()["turns"][1]["text"] == "Hi [NAME], this is [NAME], member id [MEMBER ID], born [DATE]."
    assert agent.get("/api/v1/transcripts/t-1/raw").status_code == 403

    raw = signed_in(Client(), "compliance").get("/api/v1/transcripts/t-1/raw")
    assert raw.status_code == 200
    assert raw.json()["raw"] is True
    assert "Rosalind Okafor" in raw.json()["turns"][1]["text"]


def test_the_ingest_endpoint_takes_a_batch_from_administrators_only(
    app_warehouse: Warehouse, personas: Personas, client_as: Callable[[str], Client]
) -> None:
    write_world(app_warehouse)
    body = {"records": [transcript("t-1")]}

    refused = client_as("manager").post("/api/v1/ingest/transcripts", body, content_type="application/json")
    loaded = client_as("admin").post("/api/v1/ingest/transcripts", body, content_type="application/json")
    again = client_as("admin").post("/api/v1/ingest/transcripts", body, content_type="application/json")
    bad = client_as("admin").post(
        "/api/v1/ingest/transcripts", {"records": [transcript("t-2", language="fr")]}, content_type="application/json"
    )

    assert refused.status_code == 403
    assert loaded.status_code == 200
    assert loaded.json() | {"problems": []} == {
        "read": 1, "inserted": 1, "updated": 0, "unchanged": 0, "rejected": 0, "accepted": True, "problems": []
    }  # fmt: skip
    assert again.json()["unchanged"] == 1
    assert bad.status_code == 400
    assert bad.json()["problems"] == ['request row 1, field language: "fr" is not one of en, es, zh']
    assert RawTranscript.objects.count() == 1


def test_reseal_moves_every_raw_transcript_to_the_new_key(world: Warehouse) -> None:
    from cryptography.fernet import Fernet

    new = Fernet.generate_key().decode()
    old_key = sealing._keys()[0].decode()  # the key derived from SECRET_KEY, which sealed the world
    with override_settings(HEARTLINE_TRANSCRIPT_KEY=f"{new},{old_key}"):
        assert reseal_raw(OPERATOR) == 3
    with override_settings(HEARTLINE_TRANSCRIPT_KEY=new):
        view = raw_transcript_of_contact(OPERATOR, "t-1")
    assert "Rosalind Okafor" in view.turns[1].text
    assert AccessLogEntry.objects.filter(action="transcripts.reseal").count() == 1
