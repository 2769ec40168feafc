"""The preferences page: a representative records a change on a call, sees it in the history, and a
compliance officer downloads the history as CSV; refused values come back with what to type."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.core.models import AccessLogEntry
from heartline.members.models import ConsentDecision, PreferenceChange
from tests.members.factories import make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

SignedIn = Callable[[str], Client]
URL = "/members/M-1/preferences/"


@pytest.fixture
def one_member(people: Personas) -> None:
    make_member("M-1")


def test_an_agent_changes_time_zone_and_quiet_hours_and_sees_the_change_in_the_history(
    one_member: None, signed_in: SignedIn
) -> None:
    client = signed_in("agent")
    form = {"form": "preferences", "preferred_channel": "phone", "language": "en"}
    form |= {"time_zone": "America/Phoenix", "quiet_hours": "20:00-09:00", "source": "call"}

    response = client.post(URL, form, follow=True)

    html = response.content.decode()
    assert "2 changes recorded" in html
    assert "n = 2 changes, newest first" in html
    assert set(PreferenceChange.objects.values_list("field", "new_value", "source", "recorded_by")) == {
        ("time_zone", "America/Phoenix", "call", "agent"),
        ("quiet_hours", "20:00-09:00", "call", "agent"),
    }


def test_posting_the_same_preferences_again_records_nothing(one_member: None, signed_in: SignedIn) -> None:
    client = signed_in("agent")
    form = {"form": "preferences", "preferred_channel": "sms", "language": "en", "time_zone": "", "quiet_hours": ""}
    client.post(URL, form)

    response = client.post(URL, form, follow=True)

    assert "Nothing changed: the member already had that on record" in response.content.decode()
    assert PreferenceChange.objects.count() == 1


def test_a_bad_quiet_hours_value_is_refused_with_the_expected_form_and_nothing_is_stored(
    one_member: None, signed_in: SignedIn
) -> None:
    form = {"form": "preferences", "preferred_channel": "phone", "language": "en", "quiet_hours": "late"}

    response = signed_in("agent").post(URL, form, follow=True)

    assert "must read HH:MM-HH:MM, e.g. 21:00-08:00" in response.content.decode()
    assert not PreferenceChange.objects.exists()


def test_an_opt_out_of_sms_marketing_is_recorded_as_a_no_with_its_reference(
    one_member: None, signed_in: SignedIn
) -> None:
    form = {"form": "consent", "channel": "sms", "purpose": "marketing", "answer": "no", "reference": "call 42"}

    response = signed_in("agent").post(URL, form, follow=True)

    decision = ConsentDecision.objects.get()
    assert (decision.channel, decision.purpose) == ("sms", "marketing")
    assert (decision.granted, decision.express) == (False, False)
    assert (decision.source, decision.reference) == ("call", "call 42")
    assert "1 change recorded" in response.content.decode()


def test_a_role_that_may_only_read_sees_no_forms_and_may_not_post(one_member: None, signed_in: SignedIn) -> None:
    client = signed_in("compliance")

    page = client.get(URL).content.decode()
    refused = client.post(URL, {"form": "consent", "channel": "sms", "purpose": "care", "answer": "yes"})

    assert 'data-testid="current-preferences"' in page
    assert 'data-testid="preferences-form"' not in page
    assert refused.status_code == 403
    assert not ConsentDecision.objects.exists()


def test_the_history_downloads_as_csv_oldest_first_and_the_download_is_logged(
    one_member: None, signed_in: SignedIn
) -> None:
    agent = signed_in("agent")
    agent.post(URL, {"form": "consent", "channel": "email", "purpose": "care", "answer": "yes"})
    agent.post(URL, {"form": "consent", "channel": "email", "purpose": "care", "answer": "no"})

    response = signed_in("compliance").get(URL + "history.csv")

    assert response["Content-Disposition"] == 'attachment; filename="preferences-M-1.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["kind"], r["what"], r["new_value"], r["recorded_by"]) for r in rows] == [
        ("consent", "email:care", "granted", "agent"),
        ("consent", "email:care", "refused", "agent"),
    ]
    entry = AccessLogEntry.objects.filter(action="member.preferences.view", channel="export").get()
    assert (entry.username, entry.member_id) == ("compliance", "M-1")


def test_a_reference_typed_like_a_formula_is_neutralised_in_the_csv(
    one_member: None, signed_in: SignedIn, api_token: Callable[[str], str]
) -> None:
    formula = '=HYPERLINK("http://evil.example/","click")'
    recorded = signed_in("agent").post(
        "/api/v1/members/M-1/consent",
        {"channel": "sms", "purpose": "care", "granted": True, "express": True, "source": "call", "reference": formula},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('agent')}"},
    )

    response = signed_in("compliance").get(URL + "history.csv")

    assert recorded.status_code == 200
    (row,) = csv.DictReader(io.StringIO(response.content.decode()))
    assert row["reference"] == "'" + formula
