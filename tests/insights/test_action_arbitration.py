"""Arbitration: eligibility → contact policy → consent (may_reach) → propensity × value × lever,
each proposal with its reasons in words. Members are real rows so `may_reach` answers as in
production; 2026-06-15 16:00 UTC is noon in New York (the organization's zone in tests)."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core.scoping import OPERATOR
from heartline.insights.actions.arbitration import arbitrate
from heartline.insights.actions.catalog import catalog
from heartline.insights.actions.contracts import CampaignSend, FillFact, Tally
from heartline.members.preferences import record_consent
from heartline.members.reach import may_reach
from tests.insights.support import calls, denied, facts, outcome, run, window_of
from tests.members.factories import make_member, utc

pytestmark = pytest.mark.django_db

NOON_NY = utc(2026, 6, 15, 16)
TODAY = dt.date(2026, 6, 15)


def codes(found: object) -> list[str]:
    return [p.action for p in found.actions]  # type: ignore[attr-defined]


def test_a_denied_claim_is_explained_with_the_reason_in_words() -> None:
    member = make_member("M1", language="zh")
    found = run(
        member, facts("M1", TODAY, language="zh", denied_claims=denied(TODAY), contacts=calls(TODAY, 2, 4)), NOON_NY
    )
    explain = next(p for p in found.actions if p.action == "explain_denied_claim")
    assert explain.channel == "phone"
    assert explain.send_at is None  # offered in contact
    assert explain.reasons[0] == "denied claim CLM-9 6 days ago (Precertification absent)"
    assert "prefers Chinese: message in Chinese" in explain.reasons
    assert explain.language == "zh"
    assert explain.message.startswith("我看到")


def test_consent_refusal_removes_the_action() -> None:
    member = make_member("M1")
    record_consent(OPERATOR, "M1", "phone", "service", False, False, "call")
    found = run(member, facts("M1", TODAY, denied_claims=denied(TODAY)), NOON_NY)
    assert "explain_denied_claim" not in codes(found)
    held = next(w for w in found.withheld if w.action == "explain_denied_claim")
    assert held.stage == "suitability"
    assert "opted out of phone call for service" in held.reason


def test_a_grievance_cools_off_outreach_but_not_the_explanation() -> None:
    member = make_member("M1", birth_date=dt.date(1950, 1, 1))
    known = facts(
        "M1",
        TODAY,
        age=76,
        denied_claims=denied(TODAY),
        grievance_days=(TODAY - dt.timedelta(days=3),),
    )
    found = run(member, known, NOON_NY)
    assert "explain_denied_claim" in codes(found)
    assert "annual_wellness_visit" not in codes(found)
    held = next(w for w in found.withheld if w.action == "annual_wellness_visit")
    assert held.reason == "cool-off after a grievance 3 days ago (14 days)"
    later = run(member, facts("M1", TODAY, age=76, grievance_days=(TODAY - dt.timedelta(days=20),)), NOON_NY)
    assert "annual_wellness_visit" in codes(later)


def test_the_per_action_weekly_limit() -> None:
    member = make_member("M1")
    known = facts("M1", TODAY, denied_claims=denied(TODAY))
    twice = [outcome("M1", "explain_denied_claim", "accepted", NOON_NY - dt.timedelta(days=d)) for d in (2, 5)]
    found = run(member, known, NOON_NY, recent=twice)
    assert "explain_denied_claim" not in codes(found)
    held = next(w for w in found.withheld if w.action == "explain_denied_claim")
    assert held.reason == "offered twice in the last 7 days (at most 2 a week)"
    a_week_on = run(member, known, NOON_NY + dt.timedelta(days=3), recent=twice)
    assert "explain_denied_claim" in codes(a_week_on)


def test_the_member_weekly_offer_limit_cuts_the_list() -> None:
    member = make_member("M1", birth_date=dt.date(1950, 1, 1))
    known = facts("M1", TODAY, age=76, denied_claims=denied(TODAY), contacts=calls(TODAY, 1, 2, 3, reason="billing"))
    assert len(run(member, known, NOON_NY).actions) >= 3
    three = [outcome("M1", "set_up_auto_pay", "accepted", NOON_NY - dt.timedelta(days=d)) for d in (1, 2, 3)]
    capped = run(member, known, NOON_NY, recent=three[:2])
    assert len(capped.actions) == 1
    assert any(w.stage == "arbitration" for w in capped.withheld)
    assert run(member, known, NOON_NY, recent=three).actions == ()


def test_declined_and_not_now_cool_the_action_off() -> None:
    member = make_member("M1")
    known = facts("M1", TODAY, denied_claims=denied(TODAY))
    no = [outcome("M1", "explain_denied_claim", "declined", NOON_NY - dt.timedelta(days=3))]
    held = run(member, known, NOON_NY, recent=no)
    assert "explain_denied_claim" not in codes(held)
    assert "said declined 3 days ago; not offered again for 7 days" in held.withheld[0].reason
    assert "explain_denied_claim" in codes(run(member, known, NOON_NY + dt.timedelta(days=5), recent=no))


def test_campaign_sends_count_as_offers_for_the_weekly_limits() -> None:
    member = make_member("M1", birth_date=dt.date(1950, 1, 1))
    known = facts("M1", TODAY, age=76, denied_claims=denied(TODAY), contacts=calls(TODAY, 1, reason="billing"))
    sent = [
        CampaignSend("M1", "refill_reminder", "mail", NOON_NY - dt.timedelta(days=1), "Refills"),
        CampaignSend("M1", "annual_wellness_visit", "mail", NOON_NY + dt.timedelta(days=2, hours=1), "Wellness"),
        CampaignSend("M1", "detractor_follow_up", "email", NOON_NY - dt.timedelta(days=7), "Too old to count"),
    ]
    found = run(member, known, NOON_NY, sent=sent)
    assert codes(found) == ["explain_denied_claim"]  # 3 a week, less the 2 campaign sends
    wellness = next(w for w in found.withheld if w.action == "annual_wellness_visit")
    assert (wellness.stage, wellness.reason) == (
        "applicability",
        "offered once within 7 days of now, including the campaign 'Wellness' due in 2 days (at most 1 a week)",
    )
    cut = next(w for w in found.withheld if w.stage == "arbitration")
    assert cut.reason == (
        "2 offers within 7 days of now, including 2 campaign sends ('Refills', 'Wellness') "
        "and 1 better ones now (at most 3 a week)"
    )


def test_a_spanish_preferring_member_gets_the_spanish_template() -> None:
    member = make_member("M1", language="es")
    found = run(member, facts("M1", TODAY, language="es", denied_claims=denied(TODAY)), NOON_NY)
    explain = found.actions[0]
    assert explain.language == "es"
    assert explain.message.startswith("Veo que hace poco se negó")
    assert "prefers Spanish: message in Spanish" in explain.reasons


def test_send_at_is_in_the_members_zone_inside_8am_to_9pm() -> None:
    """A refill reminder asked for at 03:00 in Los Angeles is sent at 08:00 there (-07:00 in June)."""
    member = make_member("M1", time_zone="America/Los_Angeles")
    record_consent(OPERATOR, "M1", "sms", "care", True, True, "call")
    fill = FillFact(TODAY - dt.timedelta(days=28), 30, mail_order=False)
    at = utc(2026, 6, 15, 10)  # 03:00 in Los Angeles
    found = run(member, facts("M1", TODAY, preferred_channel="sms", fills=(fill,)), at)
    refill = next(p for p in found.actions if p.action == "refill_reminder")
    assert refill.channel == "sms"
    assert refill.send_at is not None
    assert refill.send_at.isoformat() == "2026-06-15T08:00:00-07:00"
    assert dt.time(8) <= refill.send_at.time() < dt.time(21)
    assert "by sms, the member's preferred channel: the member consented to sms for care" in refill.reasons


def test_send_at_waits_for_quiet_hours_to_end() -> None:
    member = make_member(
        "M1", time_zone="America/Chicago", quiet_hours_start=dt.time(7, 0), quiet_hours_end=dt.time(9, 30)
    )
    record_consent(OPERATOR, "M1", "sms", "care", True, True, "call")
    fill = FillFact(TODAY - dt.timedelta(days=28), 30, mail_order=False)
    at = utc(2026, 6, 15, 12)  # 07:00 in Chicago: in the quiet hours
    found = run(member, facts("M1", TODAY, preferred_channel="sms", fills=(fill,)), at)
    refill = next(p for p in found.actions if p.action == "refill_reminder")
    assert refill.send_at is not None
    assert refill.send_at.isoformat() == "2026-06-15T09:30:00-05:00"


def test_sms_without_express_consent_falls_back_to_a_channel_allowed() -> None:
    member = make_member("M1")
    fill = FillFact(TODAY - dt.timedelta(days=28), 30, mail_order=False)
    found = run(member, facts("M1", TODAY, preferred_channel="sms", fills=(fill,)), NOON_NY)
    refill = next(p for p in found.actions if p.action == "refill_reminder")
    assert refill.channel == "portal"  # sms and autodialed need express consent, email an opt-in


def test_propensity_learns_from_outcomes() -> None:
    member = make_member("M1")
    known = facts("M1", TODAY, denied_claims=denied(TODAY))
    prior = run(member, known, NOON_NY).actions[0]
    liked = run(member, known, NOON_NY, tallies={"explain_denied_claim": Tally(accepted=90, declined=10)}).actions[0]
    disliked = run(member, known, NOON_NY, tallies={"explain_denied_claim": Tally(accepted=5, declined=95)}).actions[0]
    assert prior.propensity == pytest.approx(0.6)
    # Beta(6, 4) + 90 accepted, 10 declined: (6 + 90) / (10 + 100)
    assert liked.propensity == pytest.approx(96 / 110, abs=1e-4)
    assert disliked.propensity < prior.propensity < liked.propensity
    assert liked.score == pytest.approx(liked.propensity * 8.0 * 1.2, abs=1e-3)
    assert "90 of 100 answered offers accepted" in liked.reasons[-1]


def test_actions_are_ranked_by_score() -> None:
    member = make_member("M1", birth_date=dt.date(1950, 1, 1))
    known = facts("M1", TODAY, age=76, denied_claims=denied(TODAY), contacts=calls(TODAY, 1, reason="billing"))
    scores = [p.score for p in run(member, known, NOON_NY).actions]
    assert scores == sorted(scores, reverse=True)


def test_reasons_read_like_the_issue_says() -> None:
    """ "because: denied claim 6 days ago, called twice, prefers Chinese" — the call-back to a
    Chinese-speaking member whose calls were left unresolved, and the explanation of the denial."""
    member = make_member("M1", language="zh")
    known = facts(
        "M1",
        TODAY,
        language="zh",
        denied_claims=denied(TODAY),
        contacts=calls(TODAY, 1, 3, disposition="unresolved"),
        nps=((TODAY - dt.timedelta(days=2), 3),),
    )
    found = {p.action: p for p in run(member, known, NOON_NY).actions}
    assert found["language_concordant_call_back"].reasons[:2] == (
        "prefers Chinese",
        "a phone contact yesterday was left unresolved",
    )
    assert found["explain_denied_claim"].reasons[0] == "denied claim CLM-9 6 days ago (Precertification absent)"
    detractor = run(member, facts("M1", TODAY, nps=known.nps), NOON_NY).actions[0]
    assert detractor.action == "detractor_follow_up"
    assert detractor.reasons[0] == "scored 3 of 10 on the survey 2 days ago (a detractor)"


def test_a_risk_score_enters_through_the_adjust_hook() -> None:
    member = make_member("M1")
    known = facts("M1", TODAY, denied_claims=denied(TODAY))
    plain = run(member, known, NOON_NY).actions[0]

    def risk(member_id: str, action: str) -> tuple[float, str] | None:
        return (1.5, "disenrollment risk 0.31 (top decile)") if action == "explain_denied_claim" else None

    adjusted = arbitrate(
        known,
        catalog(),
        NOON_NY,
        lambda c, p, t: may_reach("M1", c, p, t),
        window_of(member),
        adjust=risk,
    ).actions[0]
    assert adjusted.propensity == pytest.approx(plain.propensity * 1.5, abs=1e-4)
    assert "disenrollment risk 0.31 (top decile)" in adjusted.reasons
