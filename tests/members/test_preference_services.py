"""The one write path of preferences and consent: versioned, validated, logged, a no-op when nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core import clock
from heartline.core.errors import ActionRefused, NotAllowed, NotFound
from heartline.core.models import AccessLogEntry
from heartline.core.scoping import OPERATOR
from heartline.members.models import ConsentDecision, Member, PreferenceChange
from heartline.members.preferences import record_consent, record_preference
from tests.members.factories import caller_of, make_member
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db


def test_a_changed_preference_is_stored_and_versioned(personas: Personas) -> None:
    make_member("M-1")
    at = clock.now() - dt.timedelta(hours=2)

    changed = record_preference(caller_of(personas.agent), "M-1", "language", "es", "call", at=at)

    assert changed is True
    assert Member.objects.get(member_id="M-1").language == "es"
    change = PreferenceChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.source, change.recorded_by) == (
        "language",
        "en",
        "es",
        "call",
        "agent",
    )
    assert change.recorded_at == at


def test_each_change_is_a_new_version_and_the_old_ones_stay(personas: Personas) -> None:
    make_member("M-1")
    agent = caller_of(personas.agent)

    record_preference(agent, "M-1", "preferred_channel", "sms", "call")
    record_preference(agent, "M-1", "preferred_channel", "email", "portal")

    versions = list(PreferenceChange.objects.order_by("id").values_list("old_value", "new_value", "source"))
    assert versions == [("phone", "sms", "call"), ("sms", "email", "portal")]
    assert Member.objects.get(member_id="M-1").preferred_channel == "email"


def test_setting_a_preference_to_what_it_is_writes_nothing(personas: Personas) -> None:
    make_member("M-1", time_zone="America/Chicago")

    changed = record_preference(caller_of(personas.agent), "M-1", "time_zone", "America/Chicago", "call")

    assert changed is False
    assert PreferenceChange.objects.count() == 0
    assert AccessLogEntry.objects.filter(action="member.preference.record").count() == 0


def test_quiet_hours_are_stored_as_times_and_versioned_as_text(personas: Personas) -> None:
    make_member("M-1")

    record_preference(caller_of(personas.agent), "M-1", "quiet_hours", "21:30 – 7:00", "call")

    member = Member.objects.get(member_id="M-1")
    assert (member.quiet_hours_start, member.quiet_hours_end) == (dt.time(21, 30), dt.time(7, 0))
    assert PreferenceChange.objects.get().new_value == "21:30-07:00"


def test_blank_quiet_hours_clear_them(personas: Personas) -> None:
    make_member("M-1", quiet_hours_start=dt.time(22), quiet_hours_end=dt.time(7))

    record_preference(caller_of(personas.agent), "M-1", "quiet_hours", "", "portal")

    member = Member.objects.get(member_id="M-1")
    assert (member.quiet_hours_start, member.quiet_hours_end) == (None, None)
    assert PreferenceChange.objects.get().old_value == "22:00-07:00"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("time_zone", "Mars/Olympus", "'Mars/Olympus' is not an IANA time zone name (e.g. America/Chicago)"),
        ("time_zone", "EST5EDT/../x", "'EST5EDT/../x' is not an IANA time zone name (e.g. America/Chicago)"),
        ("language", "fr", "'fr' is not a language; choose one of: en, es, zh"),
        (
            "preferred_channel",
            "fax",
            "'fax' is not a preferred channel; choose one of: phone, chat, email, portal, sms",
        ),
        ("quiet_hours", "late", "quiet hours 'late' must read HH:MM-HH:MM, e.g. 21:00-08:00"),
        ("quiet_hours", "25:00-07:00", "quiet hours '25:00-07:00': 25:00 or 07:00 is not a time of day"),
        (
            "quiet_hours",
            "08:00-08:00",
            "quiet hours '08:00-08:00' start and end at the same time; leave blank for none",
        ),
        (
            "shoe_size",
            "9",
            "'shoe_size' is not a preference; choose one of: preferred_channel, language, time_zone, quiet_hours",
        ),
    ],
)
def test_an_invalid_preference_is_refused_with_what_is_wrong(
    personas: Personas, field: str, value: str, message: str
) -> None:
    make_member("M-1")

    with pytest.raises(ActionRefused) as refused:
        record_preference(caller_of(personas.agent), "M-1", field, value, "call")

    assert str(refused.value) == message
    assert PreferenceChange.objects.count() == 0


def test_an_unknown_source_is_refused(personas: Personas) -> None:
    make_member("M-1")

    with pytest.raises(ActionRefused, match=r"^'fax' is not a source; choose one of: call, portal, fhir, import$"):
        record_preference(caller_of(personas.agent), "M-1", "language", "es", "fax")


def test_a_naive_time_of_change_is_refused(personas: Personas) -> None:
    make_member("M-1")

    with pytest.raises(ActionRefused, match="must carry its time zone"):
        record_preference(caller_of(personas.agent), "M-1", "language", "es", "call", at=dt.datetime(2026, 1, 1))  # noqa: DTZ001 - the naive time under test


def test_an_unknown_member_is_not_found(personas: Personas) -> None:
    with pytest.raises(NotFound, match=r"^no member 'M-404'$"):
        record_preference(caller_of(personas.agent), "M-404", "language", "es", "call")


@pytest.mark.parametrize("username", ["qa", "exec"])
def test_roles_without_the_capability_may_not_record_preferences(personas: Personas, username: str) -> None:
    make_member("M-1")
    caller = caller_of(personas.by_username(username))

    with pytest.raises(NotAllowed, match="may not record a member's preferences"):
        record_preference(caller, "M-1", "language", "es", "call")
    with pytest.raises(NotAllowed, match="may not record a member's consent"):
        record_consent(caller, "M-1", "sms", "care", True, True, "call")


def test_a_change_is_written_to_the_access_log_against_the_member(personas: Personas) -> None:
    make_member("M-1")

    record_preference(caller_of(personas.agent), "M-1", "language", "zh", "call")

    entry = AccessLogEntry.objects.get(action="member.preference.record")
    assert (entry.username, entry.member_id, entry.channel, entry.detail["field"]) == (
        "agent",
        "M-1",
        "app",
        "language",
    )


def test_a_consent_is_appended_with_its_source_and_reference(personas: Personas) -> None:
    make_member("M-1")

    changed = record_consent(OPERATOR, "M-1", "sms", "care", True, True, "fhir", reference="Consent/c-9")

    assert changed is True
    decision = ConsentDecision.objects.get()
    assert (decision.channel, decision.purpose, decision.granted, decision.express) == ("sms", "care", True, True)
    assert (decision.source, decision.reference, decision.recorded_by) == ("fhir", "Consent/c-9", "operator")
    assert AccessLogEntry.objects.get(action="member.consent.record").channel == "cli"


def test_the_same_consent_again_writes_nothing(personas: Personas) -> None:
    make_member("M-1")
    agent = caller_of(personas.agent)
    record_consent(agent, "M-1", "email", "marketing", True, False, "portal")

    again = record_consent(agent, "M-1", "email", "marketing", True, False, "fhir", reference="Consent/x")

    assert again is False
    assert ConsentDecision.objects.count() == 1


def test_a_changed_answer_is_a_new_decision_and_the_old_one_stays(personas: Personas) -> None:
    make_member("M-1")
    agent = caller_of(personas.agent)
    record_consent(agent, "M-1", "sms", "marketing", True, True, "portal")

    record_consent(agent, "M-1", "sms", "marketing", False, False, "call")

    assert list(ConsentDecision.objects.order_by("id").values_list("granted", "source")) == [
        (True, "portal"),
        (False, "call"),
    ]


def test_a_refusal_is_never_express(personas: Personas) -> None:
    make_member("M-1")

    record_consent(caller_of(personas.agent), "M-1", "sms", "care", False, True, "call")

    assert ConsentDecision.objects.get().express is False


@pytest.mark.parametrize(
    ("channel", "purpose", "message"),
    [
        ("pager", "care", "'pager' is not a channel; choose one of: phone, autodialed, sms, email, mail, portal, chat"),
        ("sms", "fundraising", "'fundraising' is not a purpose; choose one of: service, care, marketing"),
    ],
)
def test_an_unknown_channel_or_purpose_is_refused(personas: Personas, channel: str, purpose: str, message: str) -> None:
    make_member("M-1")

    with pytest.raises(ActionRefused) as refused:
        record_consent(caller_of(personas.agent), "M-1", channel, purpose, True, False, "call")

    assert str(refused.value) == message
