"""`heartline members preferences|list|disclosures`: what an operator types and the JSON they get."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from heartline.cli import app
from heartline.core import clock
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR
from heartline.core.services import log_member_access
from heartline.members.models import ConsentDecision
from heartline.members.preferences import record_preference
from tests.members.factories import make_member

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["members", *args])
    return result.exit_code, result.stdout


def test_preferences_json_has_the_documented_shape() -> None:
    make_member("M-1", time_zone="America/Denver", quiet_hours_start=dt.time(21), quiet_hours_end=dt.time(8))

    code, output = run("preferences", "M-1", "--json")

    assert code == 0
    assert json.loads(output) == {
        "member_id": "M-1",
        "preferred_channel": "phone",
        "language": "en",
        "time_zone": "America/Denver",
        "quiet_hours": "21:00-08:00",
        "consent": [],
        "history": [],
    }


def test_an_opt_out_without_a_purpose_covers_every_purpose() -> None:
    make_member("M-1")

    code, output = run("preferences", "M-1", "--opt-out", "sms", "--json")

    assert code == 0
    consent = json.loads(output)["consent"]
    assert [(c["channel"], c["purpose"], c["granted"], c["source"], c["recorded_by"]) for c in consent] == [
        ("sms", "care", False, "import", "operator"),
        ("sms", "marketing", False, "import", "operator"),
        ("sms", "service", False, "import", "operator"),
    ]
    assert set(consent[0]) == {"channel", "purpose", "granted", "express", "source", "recorded_at", "recorded_by"}


def test_opt_in_with_a_purpose_and_source_records_one_decision() -> None:
    make_member("M-1")

    code, output = run("preferences", "M-1", "--opt-in", "email:marketing", "--source", "call", "--json")

    assert code == 0
    decision = ConsentDecision.objects.get()
    assert (decision.channel, decision.purpose, decision.granted, decision.source) == (
        "email",
        "marketing",
        True,
        "call",
    )
    history = json.loads(output)["history"]
    assert [(h["kind"], h["what"], h["new_value"], h["source"]) for h in history] == [
        ("consent", "email:marketing", "granted", "call")
    ]
    assert set(history[0]) == {
        "recorded_at",
        "kind",
        "what",
        "old_value",
        "new_value",
        "source",
        "recorded_by",
        "reference",
    }


def test_history_lists_preference_changes_newest_first() -> None:
    make_member("M-1")
    record_preference(OPERATOR, "M-1", "language", "es", "call", at=dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    record_preference(OPERATOR, "M-1", "language", "zh", "portal", at=dt.datetime(2026, 2, 3, tzinfo=dt.UTC))

    code, output = run("preferences", "M-1", "--json")

    assert code == 0
    history = json.loads(output)["history"]
    assert [(h["old_value"], h["new_value"], h["recorded_at"]) for h in history] == [
        ("es", "zh", "2026-02-03T00:00:00+00:00"),
        ("en", "es", "2026-01-02T00:00:00+00:00"),
    ]


def test_the_table_shows_the_consent() -> None:
    make_member("M-1")

    code, output = run("preferences", "M-1", "--opt-in", "sms:care", "--express")

    assert code == 0
    assert "M-1" in output
    assert "yes (express)" in output


def test_an_unknown_channel_is_a_usage_error() -> None:
    make_member("M-1")

    code, _ = run("preferences", "M-1", "--opt-out", "pager")

    assert code == 2
    assert ConsentDecision.objects.count() == 0


def test_an_unknown_member_exits_2() -> None:
    code, _ = run("preferences", "M-404")

    assert code == 2


def test_list_json_is_a_list_of_members() -> None:
    make_member("M-2", plan="silver-hmo", language="es", preferred_channel="sms")
    make_member("M-1", plan="gold-ppo")
    make_member("M-3", plan="gold-ppo")

    code, output = run("list", "--limit", "2", "--json")

    assert code == 0
    assert json.loads(output) == [
        {"member_id": "M-1", "plan": "gold-ppo", "language": "en", "preferred_channel": "phone"},
        {"member_id": "M-2", "plan": "silver-hmo", "language": "es", "preferred_channel": "sms"},
    ]
    assert AccessLogEntry.objects.get(action="member.list").detail["listed"] == 2


def test_list_refuses_a_limit_of_zero() -> None:
    code, _ = run("list", "--limit", "0")

    assert code == 2


def test_reading_preferences_is_logged_as_the_operators() -> None:
    make_member("M-1")

    run("preferences", "M-1", "--json")

    entry = AccessLogEntry.objects.get(action="member.preferences.view")
    assert (entry.username, entry.member_id, entry.channel, entry.detail["shown"]) == (
        "operator",
        "M-1",
        "cli",
        ["preferences", "consent"],
    )


def test_disclosures_json_lists_each_time_the_member_was_shown() -> None:
    make_member("M-1")
    log_member_access(OPERATOR, "M-1", "member.view", ["header", "claims"], "web")
    log_member_access(OPERATOR, "M-2", "member.view", ["header"], "web")

    code, output = run("disclosures", "M-1", "--json")

    assert code == 0
    rows = json.loads(output)
    assert [(r["recipient"], r["disclosed"], r["purpose"], r["channel"]) for r in rows] == [
        ("operator", ["header", "claims"], "member.view", "web")
    ]
    assert set(rows[0]) == {"at", "recipient", "disclosed", "purpose", "channel"}


def test_disclosures_refuses_a_bad_date() -> None:
    code, _ = run("disclosures", "M-1", "--since", "last week")

    assert code == 2


def test_disclosures_since_leaves_out_earlier_days() -> None:
    log_member_access(OPERATOR, "M-1", "member.view", ["header"], "web")
    old = AccessLogEntry.objects.latest("id")
    AccessLogEntry.objects.filter(pk=old.pk).update(at=old.at - dt.timedelta(days=10))
    log_member_access(OPERATOR, "M-1", "fhir.everything", ["header", "claims"], "fhir")
    since = (clock.today() - dt.timedelta(days=1)).isoformat()

    code, output = run("disclosures", "M-1", "--since", since, "--json")

    assert code == 0
    assert [r["purpose"] for r in json.loads(output)] == ["fhir.everything"]
