"""The demo's training: waves in a non-random order, what it leaves for the audits step, and the
impact estimates on it — the difference-in-differences recovers the planted effect, the naive gap
does not."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping

import numpy as np
import pytest
from django.test import Client

import heartline.demo.build  # noqa: F401 - registers every demo step, in order
from heartline.core import clock
from heartline.core.scoping import OPERATOR, caller_for
from heartline.demo import learning as demo_learning
from heartline.demo.steps import registered_steps
from heartline.learning import analytics, selectors
from heartline.learning.models import Completion, Wave
from heartline.quality.contracts import AuditScore
from tests.learning.conftest import fake_audits
from tests.support.shared_demo import BuiltDemo


def test_training_runs_before_the_audits_and_credentials_after() -> None:
    names = [s.name for s in registered_steps()]

    assert names.index("training") < names.index("credentials")
    later = names[names.index("training") + 1 : names.index("credentials")]
    quality_modules = (
        "heartline.demo.behaviors",
        "heartline.demo.quality",
        "heartline.demo.calibration",
        "heartline.demo.coaching",
    )
    quality_steps = [s.name for s in registered_steps() if s.build.__module__ in quality_modules]
    assert quality_steps == ["behaviors", "audits", "calibration", "coaching"]
    assert set(quality_steps) <= set(later)


@pytest.fixture
def demo(small_demo: BuiltDemo, db: None) -> Mapping[str, object]:
    """The small demo; returns what the training step left in the context's extras."""
    return small_demo.extras_after["training"]


def test_waves_go_to_the_weakest_units_first_and_every_rep_is_enrolled(demo: Mapping[str, object]) -> None:
    waves = list(Wave.objects.order_by("number").values_list("unit__code", "starts_on"))

    assert [unit for unit, _ in waves] == list(demo_learning.WAVE_ORDER)
    assert [day for _, day in waves] == sorted(day for _, day in waves)
    starts = demo["training_start_by_agent"]
    assert isinstance(starts, dict)
    assert starts == selectors.training_starts(OPERATOR, demo_learning.PROGRAM_CODE)
    assert demo["program_effect_points"] == demo_learning.PROGRAM_EFFECT_POINTS
    assert Completion.objects.filter(completed_on__gt=dt.date(2026, 10, 31)).count() == 0


def months_since(start: dt.date, day: dt.date) -> int:
    return (day.year - start.year) * 12 + day.month - start.month


def synthetic_audits(
    starts: dict[str, dt.date], unit_of: dict[str, str], effect: float, growth: float = 0.0
) -> list[AuditScore]:
    """Three audits per agent per month; units trained first have the lowest baseline, scores
    drift up 0.3 a month, and `effect` is added from the agent's training start, plus `growth` for
    every calendar month since the start month."""
    rng = np.random.default_rng(1)
    ids = itertools.count(1)
    rank = {unit: i for i, unit in enumerate((*demo_learning.WAVE_ORDER, "rapid-resolution"))}
    audits = []
    months = [dt.date(2025, 5, 1) + dt.timedelta(days=31 * m) for m in range(18)]
    for agent, unit in sorted(unit_of.items()):
        skill = 62 + 3 * rank[unit] + rng.normal(0, 3)  # at most ~90 with the drift and effect: no clipping
        for m, month in enumerate(months):
            for _ in range(3):
                day = month.replace(day=int(rng.integers(1, 28)))
                trained = agent in starts and day >= starts[agent]
                planted = effect + growth * months_since(starts[agent], day) if trained else 0.0
                score = float(skill + 0.3 * m + planted + rng.normal(0, 5))
                started = dt.datetime.combine(day, dt.time(16), tzinfo=dt.UTC)
                audits.append(AuditScore(next(ids), agent, "cqa", started, started + dt.timedelta(days=2), score, True))
    return audits


def test_difference_in_differences_recovers_the_planted_effect_on_the_demo_waves(demo: Mapping[str, object]) -> None:
    from heartline.core.selectors import visible_employees

    unit_of = dict(visible_employees(OPERATOR).filter(role="agent").values_list("code", "unit__code"))
    starts = selectors.training_starts(OPERATOR)
    audits = synthetic_audits(starts, unit_of, effect=demo_learning.PROGRAM_EFFECT_POINTS)

    report = analytics.program_impact(OPERATOR, scorecard_code="cqa", audit_source=fake_audits(audits))

    assert report.did is not None
    assert report.naive is not None
    assert report.did.effect.covers(demo_learning.PROGRAM_EFFECT_POINTS)
    assert not report.naive.covers(demo_learning.PROGRAM_EFFECT_POINTS)
    assert report.trained.audits + report.untrained.audits == len(audits)


def test_when_the_effect_grows_the_staggered_estimate_recovers_it_and_two_way_fixed_effects_falls_short(
    demo: Mapping[str, object],
) -> None:
    """The effect starts at 2 points and grows 0.8 a month: the average planted effect over the
    trained agents' months (each agent-month once, as the staggered estimate weighs them) is the truth."""
    from heartline.core.selectors import visible_employees

    unit_of = dict(visible_employees(OPERATOR).filter(role="agent").values_list("code", "unit__code"))
    starts = selectors.training_starts(OPERATOR)
    audits = synthetic_audits(starts, unit_of, effect=2.0, growth=0.8)
    call_days = [(a.agent_code, clock.day_of(a.contact_started_at)) for a in audits]  # audits at 16:00 UTC
    trained_months = {
        (agent, months_since(starts[agent], day))
        for agent, day in call_days
        if agent in starts and day >= starts[agent]
    }
    truth = float(np.mean([2.0 + 0.8 * since for _, since in trained_months]))

    report = analytics.program_impact(OPERATOR, scorecard_code="cqa", audit_source=fake_audits(audits))

    assert report.staggered is not None
    assert report.did is not None
    assert report.staggered.overall.covers(truth)
    assert report.did.effect.ci_high < truth


def test_the_trainer_sees_only_their_units_waves(demo: Mapping[str, object]) -> None:
    from django.contrib.auth import get_user_model

    trainer = caller_for(get_user_model().objects.get(username="trainer"))

    units = {w.unit_code for w in selectors.wave_progress(trainer, dt.date(2026, 10, 31))}

    assert units == set(trainer.scope.unit_codes) & set(demo_learning.WAVE_ORDER)


def demo_impact() -> analytics.ImpactReport:
    from heartline.quality.selectors import scored_audits

    # The demo's audits carry the planted effect: an empty audit step must fail here, not skip.
    assert scored_audits(scorecard_code=demo_learning.SCORECARD_CODE)
    return analytics.program_impact(OPERATOR, scorecard_code=demo_learning.SCORECARD_CODE)


def test_on_the_demo_audits_the_naive_gap_understates_what_the_did_finds(demo: Mapping[str, object]) -> None:
    """The weakest units were trained first, so trained audits come from weaker agents: the naive
    trained-minus-untrained gap falls short of the within-agent estimate."""
    report = demo_impact()

    assert report.did is not None
    assert report.naive is not None
    assert report.naive.ci_high < report.did.effect.value
    assert report.did.effect.ci_low > 0


def test_on_the_demo_audits_the_did_recovers_the_planted_effect(demo: Mapping[str, object]) -> None:
    report = demo_impact()

    assert report.did is not None
    assert report.did.effect.covers(demo_learning.PROGRAM_EFFECT_POINTS)


def test_on_the_demo_audits_the_staggered_estimate_recovers_the_planted_effect(demo: Mapping[str, object]) -> None:
    report = demo_impact()

    assert report.staggered is not None
    assert report.staggered.overall.covers(demo_learning.PROGRAM_EFFECT_POINTS)


def test_the_impact_page_leads_with_the_staggered_effect_and_shows_two_way_fixed_effects_beside_it(
    demo: Mapping[str, object], client: Client
) -> None:
    from django.contrib.auth import get_user_model

    report = demo_impact()
    assert report.staggered is not None
    client.force_login(get_user_model().objects.get(username="exec"))

    page = client.get(f"/learning/impact/?scorecard={demo_learning.SCORECARD_CODE}").content.decode()

    headline = report.staggered.overall
    assert page.index('data-testid="staggered"') < page.index('data-testid="did"')
    assert f'data-testid="staggered-value">{headline.value:.1f}</strong>' in page
    assert f"95% CI {headline.ci_low:.1f} to {headline.ci_high:.1f}" in page
    assert page.count('<tr><td class="num">', page.index('data-testid="event-study"')) >= len(
        report.staggered.event_study
    )
    assert "Two-way fixed effects (for comparison)" in page
