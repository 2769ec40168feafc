"""The credential rules, worked by hand: grant, critical fails, expiry, flagging, re-credentialing."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import replace

import pytest

from heartline.learning import credential_rules as rules
from heartline.learning.credential_rules import Courses, Rule, Standing, next_transitions, replay
from heartline.quality.contracts import AuditScore

RULE = Rule(scorecard_code="call-quality", threshold=85.0)
COURSES_DONE = Courses(required=6, done_on=dt.date(2026, 1, 10))
_ids = itertools.count(1)


def audit(day: dt.date, score: float, *, critical_ok: bool = True, scorecard: str = "call-quality") -> AuditScore:
    """An audit of a call on `day`, completed the day after."""
    started = dt.datetime.combine(day, dt.time(15), tzinfo=dt.UTC)
    return AuditScore(
        audit_id=next(_ids),
        agent_code="e-agent",
        scorecard_code=scorecard,
        contact_started_at=started,
        completed_at=started + dt.timedelta(days=1),
        score=score if critical_ok else 0.0,
        passed_critical=critical_ok,
    )


def states(transitions: list[rules.Transition]) -> list[str]:
    return [t.to_state for t in transitions]


def test_three_passing_audits_after_the_courses_grant_the_credential() -> None:
    audits = [audit(dt.date(2026, 1, 12), 90), audit(dt.date(2026, 1, 14), 86), audit(dt.date(2026, 1, 20), 95)]

    history = replay(RULE, audits, COURSES_DONE, today=dt.date(2026, 1, 31))

    assert states(history) == ["in_progress", "granted"]
    granted = history[-1]
    assert granted.effective_on == dt.date(2026, 1, 21)  # the third audit was completed the day after the call
    assert granted.expires_on == dt.date(2027, 1, 21)
    assert granted.audit_ids == tuple(a.audit_id for a in audits)
    assert f"#{audits[1].audit_id} scored 86" in granted.reason


def test_two_passing_audits_are_not_enough() -> None:
    audits = [audit(dt.date(2026, 1, 12), 90), audit(dt.date(2026, 1, 14), 86)]

    assert states(replay(RULE, audits, COURSES_DONE, today=dt.date(2026, 3, 1))) == ["in_progress"]


def test_a_critical_fail_does_not_count_even_with_a_high_raw_score() -> None:
    # Quality scores a critical fail 0; the rule must not lean on that, so keep the raw 97 here.
    critical_fail = replace(audit(dt.date(2026, 1, 13), 97), passed_critical=False)
    audits = [audit(dt.date(2026, 1, 12), 90), critical_fail, audit(dt.date(2026, 1, 14), 88)]

    assert states(replay(RULE, audits, COURSES_DONE, today=dt.date(2026, 2, 1))) == ["in_progress"]
    fourth = audit(dt.date(2026, 1, 20), 85)  # exactly at the threshold counts
    history = replay(RULE, [*audits, fourth], COURSES_DONE, today=dt.date(2026, 2, 1))
    assert states(history) == ["in_progress", "granted"]
    assert audits[1].audit_id not in history[-1].audit_ids


def test_audits_before_the_courses_or_on_another_scorecard_do_not_count() -> None:
    audits = [
        audit(dt.date(2026, 1, 5), 99),  # before the courses were done
        audit(dt.date(2026, 1, 12), 90, scorecard="chat-quality"),
        audit(dt.date(2026, 1, 13), 90),
        audit(dt.date(2026, 1, 14), 90),
    ]

    assert states(replay(RULE, audits, COURSES_DONE, today=dt.date(2026, 2, 1))) == ["in_progress"]


def test_nothing_is_granted_before_the_required_courses_are_done() -> None:
    audits = [audit(dt.date(2026, 1, d), 95) for d in (12, 13, 14)]

    history = replay(RULE, audits, Courses(required=6, done_on=None), today=dt.date(2026, 2, 1))

    assert states(history) == ["in_progress"]
    assert history[0].reason.startswith("first passing audit")


def granted_standing() -> Standing:
    return Standing(rules.GRANTED, dt.date(2026, 1, 21), dt.date(2026, 1, 21), dt.date(2027, 1, 21))


def test_the_credential_expires_after_twelve_months() -> None:
    assert next_transitions(RULE, granted_standing(), [], COURSES_DONE, today=dt.date(2027, 1, 20)) == []

    history = next_transitions(RULE, granted_standing(), [], COURSES_DONE, today=dt.date(2027, 1, 21))

    assert states(history) == ["expired"]
    assert history[0].effective_on == dt.date(2027, 1, 21)


def test_two_consecutive_months_below_threshold_flag_the_credential() -> None:
    february = [audit(dt.date(2026, 2, 3), 80), audit(dt.date(2026, 2, 17), 84)]  # average 82
    march = [audit(dt.date(2026, 3, 4), 90), audit(dt.date(2026, 3, 18), 70)]  # average 80

    assert next_transitions(RULE, granted_standing(), [*february, *march], COURSES_DONE, dt.date(2026, 3, 31)) == []
    history = next_transitions(RULE, granted_standing(), [*february, *march], COURSES_DONE, dt.date(2026, 4, 1))

    assert states(history) == ["flagged"]
    flagged = history[0]
    assert flagged.effective_on == dt.date(2026, 4, 1)
    assert set(flagged.audit_ids) == {a.audit_id for a in [*february, *march]}
    assert "2026-02 average 82.0 (n=2); 2026-03 average 80.0 (n=2)" in flagged.reason


def test_one_month_below_between_good_months_does_not_flag() -> None:
    audits = [audit(dt.date(2026, 2, 3), 80), audit(dt.date(2026, 3, 3), 92), audit(dt.date(2026, 4, 3), 80)]

    assert next_transitions(RULE, granted_standing(), audits, COURSES_DONE, dt.date(2026, 6, 1)) == []


def test_a_month_without_audits_breaks_the_run() -> None:
    audits = [audit(dt.date(2026, 2, 3), 80), audit(dt.date(2026, 4, 3), 80)]

    assert next_transitions(RULE, granted_standing(), audits, COURSES_DONE, dt.date(2026, 6, 1)) == []


def flagged_standing() -> Standing:
    return Standing(rules.FLAGGED, dt.date(2026, 4, 1), dt.date(2026, 1, 21), dt.date(2027, 1, 21))


def test_re_credentialing_with_three_passing_audits_renews_for_twelve_months() -> None:
    audits = [audit(dt.date(2026, 3, 30), 60), *(audit(dt.date(2026, 4, d), 90) for d in (2, 6, 9))]

    history = next_transitions(RULE, flagged_standing(), audits, COURSES_DONE, dt.date(2026, 4, 30))

    assert states(history) == ["renewed"]
    renewed = history[0]
    assert renewed.effective_on == dt.date(2026, 4, 10)
    assert renewed.expires_on == dt.date(2027, 4, 10)
    assert renewed.audit_ids == tuple(a.audit_id for a in audits[1:])


def test_re_credentialing_with_a_failing_audit_revokes() -> None:
    audits = [audit(dt.date(2026, 4, 2), 90), audit(dt.date(2026, 4, 6), 70), audit(dt.date(2026, 4, 9), 90)]

    history = next_transitions(RULE, flagged_standing(), audits, COURSES_DONE, dt.date(2026, 4, 30))

    assert states(history) == ["revoked"]
    assert f"#{audits[1].audit_id} scored 70 (below 85)" in history[0].reason
    assert history[0].expires_on is None


def test_a_revoked_agent_earns_it_back_with_three_new_passing_audits() -> None:
    revoked = Standing(rules.REVOKED, dt.date(2026, 4, 10), None, None)
    audits = [audit(dt.date(2026, 4, 2), 95), *(audit(dt.date(2026, 5, d), 90) for d in (4, 5, 6))]

    history = next_transitions(RULE, revoked, audits, COURSES_DONE, dt.date(2026, 5, 31))

    assert states(history) == ["granted"]
    assert history[0].audit_ids == tuple(a.audit_id for a in audits[1:])


def test_an_expired_credential_is_renewed_by_the_next_three_audits() -> None:
    expired = Standing(rules.EXPIRED, dt.date(2027, 1, 21), dt.date(2026, 1, 21), dt.date(2027, 1, 21))
    audits = [audit(dt.date(2027, 1, d), 90) for d in (22, 25, 26)]

    history = next_transitions(RULE, expired, audits, COURSES_DONE, dt.date(2027, 2, 28))

    assert states(history) == ["renewed"]


def test_a_whole_year_replays_in_order_and_a_second_run_adds_nothing() -> None:
    audits = [
        *(audit(dt.date(2026, 1, d), 92) for d in (12, 13, 14)),
        audit(dt.date(2026, 2, 10), 80),
        audit(dt.date(2026, 3, 10), 78),
        *(audit(dt.date(2026, 4, d), 70) for d in (2, 3)),
        audit(dt.date(2026, 4, 6), 95),
    ]
    today = dt.date(2026, 6, 1)

    history = replay(RULE, audits, COURSES_DONE, today)

    assert states(history) == ["in_progress", "granted", "flagged", "revoked"]
    days = [t.effective_on for t in history]
    assert days == sorted(days)
    assert next_transitions(RULE, history[-1].standing(), audits, COURSES_DONE, today) == []


def test_the_states_match_the_stored_choices() -> None:
    from heartline.learning.models import CredentialState

    assert set(rules.STATES) == set(CredentialState.values)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [(dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)), (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28))],
)
def test_months_are_added_on_the_calendar(day: dt.date, months: int, expected: dt.date) -> None:
    assert rules.add_months(day, months) == expected
