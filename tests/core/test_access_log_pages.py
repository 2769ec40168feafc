"""The compliance officer's access log: page, API, filters, a member's accounting of disclosures, CSV.

Only compliance and admins read it (READ_ACCESS_LOG); every read is itself in the log.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR
from heartline.core.services import log_denied, log_member_access
from tests.members.factories import care_manager, compliance_officer
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]
ROLE_USERNAMES = ["agent", "coach", "qa", "manager", "exec", "admin", "compliance", "care"]
MAY_READ = {"admin", "compliance"}


@pytest.fixture
def staff(personas: Personas) -> Personas:
    compliance_officer(personas)
    care_manager(personas)
    return personas


def sign_in(client: Client, username: str) -> Client:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


def seen(username: str, member_id: str, shown: list[str], days_ago: int = 0, channel: str = "web") -> AccessLogEntry:
    caller = Caller(None, username, "agent", None, None, OPERATOR.scope)
    log_member_access(caller, member_id, "member.view", shown, channel)
    entry = AccessLogEntry.objects.latest("id")
    if days_ago:
        AccessLogEntry.objects.filter(pk=entry.pk).update(at=clock.now() - dt.timedelta(days=days_ago))
    return entry


@pytest.mark.parametrize("username", ROLE_USERNAMES)
def test_who_may_open_the_access_log(client: Client, staff: Personas, username: str) -> None:
    signed_in = sign_in(client, username)

    statuses = (
        signed_in.get("/compliance/access-log/").status_code,
        signed_in.get("/compliance/access-log/disclosures/M-1/").status_code,
        signed_in.get("/compliance/access-log/disclosures/M-1/csv").status_code,
    )

    expected = 200 if username in MAY_READ else 403
    assert statuses == (expected, expected, expected)


@pytest.mark.parametrize("username", ROLE_USERNAMES)
def test_who_may_read_the_access_log_api(client: Client, staff: Personas, api_token: TokenFor, username: str) -> None:
    response = client.get("/api/v1/access-log", headers={"Authorization": f"Bearer {api_token(username)}"})

    assert response.status_code == (200 if username in MAY_READ else 403)


def test_the_menu_shows_the_access_log_to_compliance_only(client: Client, staff: Personas) -> None:
    assert 'href="/compliance/access-log/"' in sign_in(client, "compliance").get("/").content.decode()
    assert 'href="/compliance/access-log/"' not in sign_in(client, "agent").get("/").content.decode()


def test_the_api_lists_a_members_viewers_newest_first(client: Client, staff: Personas, api_token: TokenFor) -> None:
    seen("agent", "M-1", ["header"], days_ago=2)
    seen("coach", "M-1", ["header", "claims"], channel="api")
    seen("agent", "M-2", ["header"])

    response = client.get(
        "/api/v1/access-log", {"member_id": "M-1"}, headers={"Authorization": f"Bearer {api_token('compliance')}"}
    )

    rows = response.json()
    assert [(r["username"], r["member_id"], r["shown"], r["channel"], r["outcome"]) for r in rows] == [
        ("coach", "M-1", ["header", "claims"], "api", "shown"),
        ("agent", "M-1", ["header"], "web", "shown"),
    ]
    assert set(rows[0]) == {"at", "username", "action", "resource", "member_id", "channel", "outcome", "shown"}
    assert response.headers["X-Total-Count"] == "2"


def test_reading_the_log_is_itself_logged_with_the_filters(client: Client, staff: Personas) -> None:
    sign_in(client, "compliance").get("/compliance/access-log/", {"member_id": "M-1", "outcome": "denied"})

    entry = AccessLogEntry.objects.get(action="access_log.read")
    assert (entry.username, entry.channel, entry.member_id, entry.detail["filters"]) == (
        "compliance",
        "web",
        "",
        {"member_id": "M-1", "outcome": "denied"},
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"member_id": "M-1"}, ["agent M-1 old", "coach M-1 new"]),
        ({"username": "coach"}, ["coach M-1 new", "coach M-2 denied"]),
        ({"outcome": "denied"}, ["coach M-2 denied"]),
        ({"since": "{today}"}, ["coach M-1 new", "coach M-2 denied"]),
        ({"until": "{three_days_ago}"}, ["agent M-1 old"]),
    ],
)
def test_the_page_filters(client: Client, staff: Personas, query: dict[str, str], expected: list[str]) -> None:
    labels = {
        seen("agent", "M-1", ["header"], days_ago=5).pk: "agent M-1 old",
        seen("coach", "M-1", ["header"]).pk: "coach M-1 new",
    }
    coach = Caller(None, "coach", "coach", None, None, OPERATOR.scope)
    log_denied(coach, "member.view", "member:M-2", member_id="M-2")
    labels[AccessLogEntry.objects.latest("id").pk] = "coach M-2 denied"
    days = {"today": clock.today().isoformat(), "three_days_ago": (clock.today() - dt.timedelta(days=3)).isoformat()}
    filled = {name: value.format(**days) for name, value in query.items()}

    response = sign_in(client, "compliance").get("/compliance/access-log/", filled)

    rows = response.context["found"].rows
    matched = AccessLogEntry.objects.filter(at__in=[r.at for r in rows], pk__in=labels).order_by("at")
    assert sorted(labels[entry.pk] for entry in matched) == sorted(expected)
    assert response.context["found"].total == len(expected)
    assert f"{len(expected)} entr" in response.content.decode()


def test_the_page_shows_who_when_what_and_is_paginated(client: Client, staff: Personas) -> None:
    for _ in range(51):
        seen("agent", "M-1", ["header"])

    first = sign_in(client, "compliance").get("/compliance/access-log/", {"member_id": "M-1"})
    second = client.get("/compliance/access-log/", {"member_id": "M-1", "page": "2"})

    assert (len(first.context["found"].rows), len(second.context["found"].rows)) == (50, 1)
    assert "51 entries match the filters; page 1 of 2" in first.content.decode()
    assert 'data-testid="older"' in first.content.decode()


@pytest.mark.parametrize(
    "query",
    [{"since": "yesterday"}, {"outcome": "maybe"}, {"page": "x"}, {"since": "2026-03-02", "until": "2026-03-01"}],
)
def test_bad_filters_are_a_400_not_a_500(client: Client, staff: Personas, query: dict[str, str]) -> None:
    assert sign_in(client, "compliance").get("/compliance/access-log/", query).status_code == 400


def test_the_accounting_of_disclosures_lists_what_was_shown_oldest_first(client: Client, staff: Personas) -> None:
    seen("coach", "M-1", ["header", "claims"], days_ago=1)
    seen("agent", "M-1", ["header"])
    coach = Caller(None, "coach", "coach", None, None, OPERATOR.scope)
    log_denied(coach, "member.view", "member:M-1", member_id="M-1")

    response = sign_in(client, "compliance").get("/compliance/access-log/disclosures/M-1/")

    rows = response.context["rows"]
    assert [(r.recipient, r.disclosed, r.purpose, r.channel) for r in rows] == [
        ("coach", ("header", "claims"), "member.view", "web"),
        ("agent", ("header",), "member.view", "web"),
    ]
    assert "2 disclosures" in response.content.decode()
    logged = AccessLogEntry.objects.get(action="access_log.disclosures")
    assert (logged.username, logged.member_id) == ("compliance", "M-1")


def test_the_disclosures_csv_is_safe_to_open_in_a_spreadsheet(client: Client, staff: Personas) -> None:
    seen('=HYPERLINK("http://x")', "M-1", ["header"])

    response = sign_in(client, "compliance").get("/compliance/access-log/disclosures/M-1/csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="disclosures-M-1.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["date", "recipient", "disclosed", "purpose", "channel"]
    assert rows[1][1:] == ['\'=HYPERLINK("http://x")', "header", "member.view", "web"]
    assert AccessLogEntry.objects.get(action="access_log.disclosures").channel == "export"
