"""The member pages and API: what they show, with n, and the access-log entry every look writes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.models import AccessLogEntry, AccessOutcome
from heartline.members.models import Member

pytestmark = pytest.mark.django_db


def test_the_member_page_shows_header_open_items_timeline_with_their_n(
    member: Member, signed_in: Callable[[str], Client]
) -> None:
    response = signed_in("agent").get("/members/M0001/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Maria Lopez" in html
    assert "n = 2, from 3 contacts, 1 cases, 1 surveys, 3 claims, 1 encounters, 0 audits, 0 coaching" in html
    assert "n = 9 events, newest first" in html
    assert "Not shown to your role: Conditions, Medications." in html
    assert "called twice about it" in html


def test_opening_the_member_page_is_logged_with_the_sections_shown(
    member: Member, signed_in: Callable[[str], Client]
) -> None:
    signed_in("agent").get("/members/M0001/?from=search")

    entry = AccessLogEntry.objects.get(action="members.view")
    assert (entry.username, entry.member_id, entry.channel, entry.outcome) == ("agent", "M0001", "web", "shown")
    assert entry.detail["shown"] == [
        "header",
        "contacts",
        "cases",
        "surveys",
        "claims",
        "encounters",
        "audits",
        "coaching",
    ]
    assert entry.detail["opened_from"] == "search"


def test_the_search_page_lists_members_linking_to_their_view(
    member: Member, signed_in: Callable[[str], Client]
) -> None:
    response = signed_in("agent").get("/members/", {"q": "lopez"})

    html = response.content.decode()
    assert 'href="/members/M0001/?from=search"' in html
    assert "n = 1" in html
    assert "<html" in html.lower()


def test_an_htmx_search_answers_with_the_results_table_only(member: Member, signed_in: Callable[[str], Client]) -> None:
    response = signed_in("agent").get("/members/", {"q": "lopez"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<section class="card" id="member-results"')
    assert "M0001" in html


def test_the_menu_offers_members_to_those_who_may_look_them_up(
    member: Member, signed_in: Callable[[str], Client]
) -> None:
    assert 'href="/members/"' in signed_in("agent").get("/").content.decode()
    assert 'href="/members/"' not in signed_in("exec").get("/").content.decode()


def test_a_role_that_may_not_look_up_members_gets_403_logged_as_denied(
    member: Member, signed_in: Callable[[str], Client]
) -> None:
    response = signed_in("exec").get("/members/M0001/")

    assert response.status_code == 403
    entry = AccessLogEntry.objects.get(outcome=AccessOutcome.DENIED)
    assert (entry.username, entry.resource, entry.member_id) == ("exec", "member:M0001", "")


def test_an_unknown_member_is_404_logged_as_denied(member: Member, signed_in: Callable[[str], Client]) -> None:
    response = signed_in("agent").get("/members/M9999/")

    assert response.status_code == 404
    entry = AccessLogEntry.objects.get(outcome=AccessOutcome.DENIED)
    assert (entry.username, entry.resource) == ("agent", "member:M9999")


def test_the_api_gives_the_member_with_withheld_sections_named(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})

    body = client.get("/api/v1/members/M0001").json()

    assert {"member_id", "name", "birth_date", "language", "coverage", "claims", "conditions", "timeline"} <= set(body)
    assert (body["member_id"], body["name"], body["birth_date"], body["language"]) == (
        "M0001",
        "Maria Lopez",
        "1950-04-02",
        "en",
    )
    assert (body["conditions"], body["medications"], body["withheld"]) == ([], [], ["conditions", "medications"])
    assert len(body["claims"]) == 3
    assert body["coverage"][0]["plan"] == "HMO Gold"
    entry = AccessLogEntry.objects.get(action="members.view")
    assert (entry.channel, entry.member_id) == ("api", "M0001")


def test_the_api_gives_a_care_manager_the_conditions(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token('care_manager')}"})

    body = client.get("/api/v1/members/M0001").json()

    assert [c["code"] for c in body["conditions"]] == ["E11.9"]
    assert body["withheld"] == []


def test_the_api_search_lists_members_and_is_logged(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})

    body = client.get("/api/v1/members", {"q": "1950-04-02"}).json()

    assert [m["member_id"] for m in body["members"]] == ["M0001"]
    assert body["matched_by"] == "birth date"
    assert AccessLogEntry.objects.get(action="members.search").detail["member_ids"] == ["M0001"]


def test_the_api_refuses_an_unknown_member_with_404_logged(
    member: Member, api_token: Callable[[str], str], people: object
) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})

    response = client.get("/api/v1/members/M9999")

    assert response.status_code == 404
    entry = AccessLogEntry.objects.get(outcome=AccessOutcome.DENIED)
    assert (entry.channel, entry.username) == ("api", "agent")


def test_the_api_refuses_a_bad_date_with_400(member: Member, api_token: Callable[[str], str], people: object) -> None:
    client = Client(headers={"Authorization": f"Bearer {api_token('agent')}"})

    response = client.get("/api/v1/members", {"q": "13/45/1950"})

    assert response.status_code == 400
    assert "not a date" in response.json()["detail"]
