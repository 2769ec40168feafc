"""The risk models' yardsticks against published values and known cases."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import norm
from sklearn.metrics import roc_auc_score

from heartline.insights.risk.evaluation import auc, auc_interval, brier, reliability

# Hanley & McNeil (1982), Radiology 143:29-36, Table 1: 109 CT images rated 1 (definitely normal) to
# 5 (definitely abnormal) by a radiologist; 58 truly normal, 51 abnormal. Their area: 0.893.
NORMAL_COUNTS = (33, 6, 6, 11, 2)
ABNORMAL_COUNTS = (3, 2, 2, 11, 33)


def _rating_table() -> tuple[np.ndarray, np.ndarray]:
    ratings = np.concatenate([np.repeat(np.arange(1, 6), NORMAL_COUNTS), np.repeat(np.arange(1, 6), ABNORMAL_COUNTS)])
    labels = np.concatenate([np.zeros(sum(NORMAL_COUNTS)), np.ones(sum(ABNORMAL_COUNTS))])
    return labels, ratings


def test_auc_matches_hanley_and_mcneil_worked_example() -> None:
    labels, ratings = _rating_table()
    assert auc(labels, ratings) == pytest.approx(0.893, abs=0.0005)
    assert auc(labels, ratings) == pytest.approx(roc_auc_score(labels, ratings))


def test_auc_is_nan_without_both_outcomes() -> None:
    assert np.isnan(auc(np.zeros(5), np.arange(5)))


def test_bootstrap_interval_brackets_hanley_mcneil_standard_error() -> None:
    # Their standard error for the example is 0.032: a 95% interval about ±0.063 wide each side.
    labels, ratings = _rating_table()
    low, high = auc_interval(labels, ratings, seed=1)
    assert low < 0.893 < high
    assert (high - low) / 2 == pytest.approx(1.96 * 0.032, abs=0.015)


def test_bootstrap_interval_covers_the_true_auc_about_95_percent_of_the_time() -> None:
    # Binormal scores, negatives N(0,1) and positives N(1,1): the true AUC is Phi(1/sqrt 2) = 0.760.
    true_auc = float(norm.cdf(1 / np.sqrt(2)))
    rng = np.random.default_rng(7)
    covered, runs = 0, 200
    for run in range(runs):
        y = np.repeat([0, 1], 60)
        s = rng.normal(size=120) + y
        low, high = auc_interval(y, s, samples=400, seed=run)
        covered += low <= true_auc <= high
    assert 0.89 <= covered / runs <= 0.99


def test_brier_and_reliability_on_a_known_case() -> None:
    assert brier(np.array([1, 0]), np.array([0.8, 0.3])) == pytest.approx((0.04 + 0.09) / 2)
    bins = reliability(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.7, 0.9]), bins=2)
    assert [(b.n, round(b.predicted, 2), b.observed) for b in bins] == [(2, 0.15, 0.0), (2, 0.8, 1.0)]
