"""How good a risk model's scores are: AUC with a bootstrap CI, the Brier score, a reliability curve.

Pure numpy/scipy (no Django). AUC is the Mann-Whitney form — the chance a random positive scores
above a random negative, ties counting half — which is what Hanley & McNeil (1982) estimate from a
rating table; the tests check it against their worked example (area 0.893 for 109 CT images).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import rankdata

BOOTSTRAP_SAMPLES = 500
RELIABILITY_BINS = 10


def auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (Mann-Whitney U / n1 n0, ties half); nan when one class is absent."""
    y = np.asarray(labels, dtype=bool)
    positives, negatives = int(y.sum()), int((~y).sum())
    if positives == 0 or negatives == 0:
        return float("nan")
    ranks = rankdata(np.asarray(scores, dtype="float64"))
    return float((ranks[y].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def _aucs(y: np.ndarray, s: np.ndarray) -> np.ndarray:
    """AUC of each row of `y` (bool) and `s` (scores), nan where a row lacks a class."""
    ranks = rankdata(s, axis=1)
    positives = y.sum(axis=1)
    negatives = y.shape[1] - positives
    u = (ranks * y).sum(axis=1) - positives * (positives + 1) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((positives > 0) & (negatives > 0), u / (positives * negatives), np.nan)


def auc_interval(
    labels: np.ndarray, scores: np.ndarray, samples: int = BOOTSTRAP_SAMPLES, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval for the AUC: resample members with replacement `samples` times
    (seeded, so the same data give the same interval), in chunks to bound memory."""
    y = np.asarray(labels, dtype=bool)
    s = np.asarray(scores, dtype="float64")
    if y.all() or not y.any():
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    chunk = max(1, 2_000_000 // max(len(y), 1))
    found: list[np.ndarray] = []
    for start in range(0, samples, chunk):
        picks = rng.integers(0, len(y), size=(min(chunk, samples - start), len(y)))
        found.append(_aucs(y[picks], s[picks]))
    values = np.concatenate(found)
    values = values[~np.isnan(values)]
    tail = (1 - level) / 2
    return float(np.quantile(values, tail)), float(np.quantile(values, 1 - tail))


def brier(labels: np.ndarray, probabilities: np.ndarray) -> float:
    """Mean squared difference between the predicted probability and what happened (0 or 1)."""
    y = np.asarray(labels, dtype="float64")
    return float(np.mean((np.asarray(probabilities, dtype="float64") - y) ** 2))


@dataclass(frozen=True)
class ReliabilityBin:
    """Members whose predicted probability fell in one bin: how many, what was predicted on average,
    and what share had the outcome."""

    n: int
    predicted: float
    observed: float


def reliability(labels: np.ndarray, probabilities: np.ndarray, bins: int = RELIABILITY_BINS) -> list[ReliabilityBin]:
    """The reliability curve on equal-count bins of predicted probability (empty bins dropped)."""
    y = np.asarray(labels, dtype="float64")
    p = np.asarray(probabilities, dtype="float64")
    order = np.argsort(p, kind="stable")
    return [
        ReliabilityBin(n=len(part), predicted=float(p[part].mean()), observed=float(y[part].mean()))
        for part in np.array_split(order, bins)
        if len(part)
    ]
