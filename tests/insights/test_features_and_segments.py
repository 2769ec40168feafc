"""PDC by hand, segment rules and their errors, and discovered segments stable across reruns."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pytest

from heartline.insights.features import FEATURE_NAMES, age_band, proportion_of_days_covered
from heartline.insights.segments import RuleError, discover, matching, parse_rule, rule_words

if TYPE_CHECKING:
    from django.test import Client

D = dt.date


def test_pdc_counts_days_supplied_within_the_period_and_takes_the_lowest_drug() -> None:
    fills = pd.DataFrame(
        {
            "member_id": ["a", "a", "a", "b"],
            "drug": ["x", "x", "y", "x"],
            # a/x: 30 days from 20 days before the period (10 carry in) and 30 from day 40: 40 of 90.
            # a/y: 90 days from day 0: 90 of 90. b/x: first filled on day 60, 30 days: 30 of 30.
            "on_date": [D(2026, 1, 12), D(2026, 3, 12), D(2026, 2, 1), D(2026, 4, 2)],
            "days_supply": [30, 30, 90, 30],
        }
    )
    pdc = proportion_of_days_covered(fills, D(2026, 2, 1), D(2026, 5, 2))
    assert pdc["a"] == pytest.approx(40 / 90)
    assert pdc["b"] == pytest.approx(1.0)


def test_age_band_on_the_day() -> None:
    assert age_band(D(1961, 3, 2), D(2026, 3, 1)) == "50-64"
    assert age_band(D(1961, 3, 1), D(2026, 3, 1)) == "65+"
    assert age_band(None, D(2026, 3, 1)) == "unknown"


def _features(n: int = 400, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(index=pd.Index([f"M{i:04d}" for i in range(n)], name="member_id"))
    for name in FEATURE_NAMES:
        frame[name] = rng.poisson(0.5, n).astype(float)
    frame["denied_claims_90d"] = np.where(np.arange(n) < 60, rng.poisson(3, n), 0).astype(float)
    frame["plan"] = np.where(np.arange(n) % 4 == 0, "medicaid_managed_care", "commercial_hmo")
    frame["age_band"] = "35-49"
    frame["language"] = np.where(np.arange(n) % 5 == 0, "es", "en")
    frame["id_parity"] = np.where(np.arange(n) % 2, "odd", "even")
    return frame


def test_a_rule_segment_matches_every_condition() -> None:
    features = _features()
    rule = parse_rule(
        [
            {"feature": "denied_claims_90d", "op": ">=", "value": 1},
            {"feature": "plan", "op": "==", "value": "medicaid_managed_care"},
        ]
    )
    found = matching(rule, features)
    expected = features[(features.denied_claims_90d >= 1) & (features.plan == "medicaid_managed_care")].index
    assert list(found) == list(expected)
    assert len(found) > 0
    assert rule_words(rule) == "denied claim lines in the last 90 days >= 1 and plan is medicaid_managed_care"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ([], "non-empty list"),
        ([{"feature": "shoe_size", "op": ">=", "value": 1}], "condition 1, field feature: unknown feature 'shoe_size'"),
        ([{"feature": "plan", "op": ">=", "value": "x"}], "condition 1, field op"),
        (
            [{"feature": "contacts_90d", "op": ">=", "value": 1}, {"feature": "plan", "op": "==", "value": "gold"}],
            "condition 2, field value",
        ),
        (
            [{"feature": "contacts_90d", "op": ">=", "value": "many"}],
            "condition 1, field value: contacts_90d needs a number",
        ),
    ],
)
def test_a_bad_rule_is_refused_naming_the_condition_and_field(rule: object, message: str) -> None:
    with pytest.raises(RuleError, match=message.replace("(", r"\(")):
        parse_rule(rule)


def test_discovered_segments_are_stable_across_reruns_and_described_in_words() -> None:
    features = _features()
    first, again = discover(features, 3), discover(features, 3)
    assert [list(s.members) for s in first] == [list(s.members) for s in again]
    assert sum(len(s.members) for s in first) == len(features)
    assert [len(s.members) for s in first] == sorted((len(s.members) for s in first), reverse=True)
    assert all(s.profile and "overall" in s.profile[0].words for s in first)
    denied = next(s for s in first if s.profile[0].feature == "denied_claims_90d")
    assert set(denied.members) <= set(features.index[:60]) | set(features.index[features.denied_claims_90d > 0])


@pytest.mark.django_db
def test_saving_a_rule_segment_stores_a_version_and_a_refresh_adds_the_next(monkeypatch: pytest.MonkeyPatch) -> None:
    from heartline.core.scoping import OPERATOR
    from heartline.insights import segments_services
    from heartline.insights.segments_selectors import segment_summaries

    features = _features()
    monkeypatch.setattr(segments_services, "latest_features", lambda: (D(2026, 11, 1), features))
    monkeypatch.setattr("heartline.insights.segments_selectors.latest_features", lambda: (D(2026, 11, 1), features))
    segment = segments_services.save_rule_segment(
        OPERATOR, "Denied", [{"feature": "denied_claims_90d", "op": ">=", "value": 1}]
    )
    first = segment.versions.get()
    expected = int((features.denied_claims_90d >= 1).sum())
    assert (first.number, first.size, first.population) == (1, expected, len(features))
    assert sorted(first.members.values_list("member_id", flat=True)) == sorted(
        features.index[features.denied_claims_90d >= 1]
    )
    second = segments_services.refresh_segment(OPERATOR, segment.pk)
    assert second.number == 2
    assert first.members.count() == expected  # the first version is kept as it was
    summary = next(s for s in segment_summaries(OPERATOR) if s.segment_id == segment.pk)
    assert (summary.live_n, summary.population, summary.version) == (expected, len(features), 2)
    with pytest.raises(RuleError, match="field name"):
        segments_services.save_rule_segment(
            OPERATOR, " ", [{"feature": "plan", "op": "==", "value": "medicaid_managed_care"}]
        )


@pytest.mark.django_db
def test_the_segments_page_saves_a_rule_and_shows_its_live_count_with_n(
    monkeypatch: pytest.MonkeyPatch, client_as: Callable[[str], Client]
) -> None:
    from heartline.insights import segments_services

    features = _features()
    monkeypatch.setattr(segments_services, "latest_features", lambda: (D(2026, 11, 1), features))
    monkeypatch.setattr("heartline.insights.segments_selectors.latest_features", lambda: (D(2026, 11, 1), features))
    rule = json.dumps([{"feature": "language", "op": "==", "value": "es"}])

    saved = client_as("admin").post("/insights/segments/", {"name": "Spanish speakers", "rule": rule})
    assert saved.status_code == 302
    page = client_as("exec").get("/insights/segments/").content.decode()
    assert "Spanish speakers" in page
    assert f'{int((features.language == "es").sum())} <span class="n">of n = {len(features)} members' in page

    bad = client_as("admin").post("/insights/segments/", {"name": "x", "rule": "[{"})
    assert bad.status_code == 400
    assert "field rule: not JSON" in bad.content.decode()
    assert client_as("exec").post("/insights/segments/", {"name": "x", "rule": rule}).status_code == 403


def test_plan_and_coverage_are_taken_as_they_stood_on_the_day() -> None:
    from heartline.insights.features import enrolled_on, plan_on
    from heartline.members.contracts import MemberProfile

    profile = MemberProfile(
        member_id="M1",
        plan="commercial_ppo",
        language="en",
        preferred_channel="phone",
        birth_date=None,
        enrolled_on=D(2020, 1, 1),
        coverage=(
            (D(2020, 1, 1), D(2025, 12, 31), "commercial_hmo"),
            (D(2026, 1, 1), D(2026, 6, 30), "commercial_ppo"),
        ),
    )
    assert plan_on(profile, D(2025, 6, 1)) == "commercial_hmo"  # not the plan they moved to later
    assert plan_on(profile, D(2026, 2, 1)) == "commercial_ppo"
    assert enrolled_on(profile, D(2026, 6, 30)) is not None
    assert enrolled_on(profile, D(2026, 7, 1)) is None
