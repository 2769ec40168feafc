"""Credentials in the database: evaluation stores each change with its reason and audits, notifies
the agent and their coach, never twice; the nightly run expires; quality's audits drive it."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import selectors, services
from heartline.learning.models import Credential, CredentialEvent, Notification
from heartline.quality.contracts import AuditScore
from tests.learning.conftest import PROGRAM, Training, fake_audits
from tests.support.personas import Personas

_ids = itertools.count(1000)


def audit(day: dt.date, score: float, agent: str = "e-agent", *, critical_ok: bool = True) -> AuditScore:
    started = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
    return AuditScore(next(_ids), agent, "cqa", started, started + dt.timedelta(days=1), score, critical_ok)


def courses_done() -> None:
    for code, day in (("course-1", dt.date(2026, 1, 8)), ("course-2", dt.date(2026, 1, 14))):
        services.record_completion(OPERATOR, "e-agent", PROGRAM, code, day)


PASSING = [audit(dt.date(2026, 2, d), s) for d, s in ((2, 90), (4, 88), (9, 96))]


def test_three_passing_audits_grant_and_store_the_change_with_its_audits(training: Training) -> None:
    courses_done()

    run = services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))

    credential = Credential.objects.get(employee__code="e-agent")
    assert (credential.state, credential.granted_on, credential.expires_on) == (
        "granted",
        dt.date(2026, 2, 10),
        dt.date(2027, 2, 10),
    )
    events = list(CredentialEvent.objects.filter(credential=credential).values_list("to_state", "audit_ids"))
    assert events == [("in_progress", []), ("granted", [a.audit_id for a in PASSING])]
    assert run.changes == {"in_progress": 1, "granted": 1}


def test_the_agent_and_their_coach_are_notified_once(training: Training, personas: Personas) -> None:
    courses_done()
    source = fake_audits(PASSING)

    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=source)
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=source)

    notes = {(n.recipient.code, n.message.split(":")[0]) for n in Notification.objects.all()}
    assert notes == {("e-agent", "Your Call Quality credential"), ("e-coach", "Ana's Call Quality credential")}
    assert CredentialEvent.objects.count() == 2
    assert selectors.inbox(caller_for(personas.agent.user)).unread == 1


def test_the_nightly_run_expires_a_credential_after_twelve_months(training: Training) -> None:
    courses_done()
    source = fake_audits(PASSING)
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=source)

    before = services.recompute_credentials(today=dt.date(2027, 2, 9), audit_source=source)
    after = services.recompute_credentials(today=dt.date(2027, 2, 10), audit_source=source)

    assert before.changes == {}
    assert after.changes == {"expired": 1}
    assert Credential.objects.get().state == "expired"


def test_two_months_below_threshold_flag_the_credential_and_name_the_months(training: Training) -> None:
    courses_done()
    march, april = [audit(dt.date(2026, 3, 5), 80)], [audit(dt.date(2026, 4, 7), 82), audit(dt.date(2026, 4, 20), 70)]
    slipping = [*PASSING, *march, *april]

    services.recompute_credentials(today=dt.date(2026, 5, 2), audit_source=fake_audits(slipping))

    flagged = CredentialEvent.objects.get(to_state="flagged")
    assert flagged.effective_on == dt.date(2026, 5, 1)
    assert "2026-03 average 80.0 (n=1); 2026-04 average 76.0 (n=2)" in flagged.reason
    assert sorted(flagged.audit_ids) == sorted(a.audit_id for a in slipping[3:])


def test_no_credential_before_the_required_courses(training: Training) -> None:
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))

    assert Credential.objects.get().state == "in_progress"


def test_a_trainer_revokes_with_a_reason_and_the_agent_hears_of_it(training: Training) -> None:
    courses_done()
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))
    credential = Credential.objects.get()

    event = services.revoke_credential(caller_for(training.trainer.user), credential.pk, "shared a member's PHI")

    assert event.reason == "revoked by trainer: shared a member's PHI"
    assert Credential.objects.get().state == "revoked"
    assert Notification.objects.filter(event=event, recipient__code="e-agent").exists()


def test_an_agent_may_not_revoke(training: Training, personas: Personas) -> None:
    courses_done()
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))

    with pytest.raises(services.NotAllowed):
        services.revoke_credential(caller_for(personas.agent.user), Credential.objects.get().pk, "no")


def test_marking_notifications_read_touches_only_ones_own(training: Training, personas: Personas) -> None:
    courses_done()
    services.evaluate_agent("e-agent", today=dt.date(2026, 2, 28), audit_source=fake_audits(PASSING))

    marked = services.mark_notifications_read(caller_for(personas.agent.user))

    assert marked == 1
    assert selectors.inbox(caller_for(personas.coach.user)).unread == 1
