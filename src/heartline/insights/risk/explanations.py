"""Why a member's score is high, in words: occlusion against the population's typical member.

For each feature, the member's value is swapped for the typical value in the scored population (the
median of an amount, the most common category) and the member is scored again; the drop in the
score is what that feature adds for this member. The features that add most, in points of
probability, are the reasons shown (at most three, and only those adding at least half a point).
This is local and model-agnostic, and it answers "what about this member, compared with a typical
member, raises the risk" — not what caused it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from heartline.insights.features import CATEGORIES, FEATURES

TOP_REASONS = 3
MIN_DELTA = 0.005


class Scorer(Protocol):
    def predict_proba(self, x: np.ndarray) -> np.ndarray: ...


@dataclass(frozen=True)
class Reason:
    feature: str
    words: str
    value: str
    typical: str
    delta: float  # points of probability (0-1) this feature adds to the member's score

    @property
    def sentence(self) -> str:
        return f"{self.words}: {self.value} (typical: {self.typical}), +{self.delta * 100:.0f} points"


def typical_values(x: np.ndarray) -> np.ndarray:
    """The population's typical member: per column the median amount or the most common category
    (missing values left out; a column with none known stays missing)."""
    typical = np.full(x.shape[1], np.nan)
    for j, feature in enumerate(FEATURES):
        known = x[:, j][~np.isnan(x[:, j])]
        if not len(known):
            continue
        if feature.categorical:
            values, counts = np.unique(known, return_counts=True)
            typical[j] = values[np.argmax(counts)]
        else:
            typical[j] = float(np.median(known))
    return typical


def shown(j: int, value: float) -> str:
    feature = FEATURES[j]
    if np.isnan(value):
        return "none known"
    if feature.categorical:
        return CATEGORIES[feature.name][int(value)]
    if feature.name == "pdc_90d":
        return f"{value:.0%}"
    return f"{value:g}"


def top_reasons(model: Scorer, population: np.ndarray, rows: np.ndarray) -> list[list[Reason]]:
    """For each row of `rows`, the features that raise its score most against `population`'s typical."""
    typical = typical_values(population)
    base = model.predict_proba(rows)[:, 1]
    width = rows.shape[1]
    swapped = np.repeat(rows, width, axis=0)
    for j in range(width):
        swapped[j::width, j] = typical[j]
    deltas = base[:, None] - model.predict_proba(swapped)[:, 1].reshape(len(rows), width)
    found = []
    for i, row in enumerate(rows):
        order = np.argsort(-deltas[i], kind="stable")[:TOP_REASONS]
        found.append(
            [
                Reason(
                    feature=FEATURES[j].name,
                    words=FEATURES[j].words,
                    value=shown(j, row[j]),
                    typical=shown(j, typical[j]),
                    delta=float(deltas[i, j]),
                )
                for j in order
                if deltas[i, j] >= MIN_DELTA
            ]
        )
    return found
