"""Segments of members: by rule (conditions on the features) and discovered by clustering.

A rule is a list of conditions, all of which must hold: `{"feature": "denied_claims_90d", "op": ">=",
"value": 1}`. Features are those of `heartline.insights.features`; categories (plan, language, age
band) take `==`, `!=` or `in`. Discovered segments come from k-means on the features (amounts
log-scaled then standardised, categories one-hot, unknowns as the population median), seeded so a
rerun on the same data gives the same segments, numbered by size; each is described by the features
that set it apart most from the whole population, in words.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

from heartline.core.errors import ActionRefused
from heartline.insights.features import BY_NAME, CATEGORIES, FEATURES

AMOUNT_OPS = (">=", "<=", ">", "<", "==", "!=")
CATEGORY_OPS = ("==", "!=", "in")
SEED = 2026
DISCOVERED_COUNT = 5
PROFILE_FEATURES = 3


class RuleError(ActionRefused):
    """A segment rule that cannot be applied; the message names the condition and the field."""


@dataclass(frozen=True)
class Condition:
    feature: str
    op: str
    value: Any

    @property
    def words(self) -> str:
        shown = ", ".join(self.value) if isinstance(self.value, list) else self.value
        op = {"==": "is", "!=": "is not", "in": "is one of"}.get(self.op, self.op)
        return f"{BY_NAME[self.feature].words} {op} {shown}"


def parse_rule(rule: object) -> list[Condition]:
    """The rule's conditions, checked; RuleError naming the condition (1-based) and field otherwise."""
    if not isinstance(rule, list) or not rule:
        raise RuleError("a rule is a non-empty list of conditions {feature, op, value}")
    found = []
    for number, item in enumerate(rule, start=1):
        where = f"condition {number}"
        if not isinstance(item, dict):
            raise RuleError(f"{where}: expected {{feature, op, value}}, got {item!r}")
        feature, op, value = item.get("feature"), item.get("op"), item.get("value")
        if feature not in BY_NAME:
            raise RuleError(f"{where}, field feature: unknown feature {feature!r} (known: {', '.join(BY_NAME)})")
        if BY_NAME[feature].categorical:
            if op not in CATEGORY_OPS:
                raise RuleError(f"{where}, field op: {feature} takes {', '.join(CATEGORY_OPS)}, not {op!r}")
            values = value if isinstance(value, list) else [value]
            unknown = [v for v in values if v not in CATEGORIES[feature]]
            if unknown or (op == "in") != isinstance(value, list):
                raise RuleError(
                    f"{where}, field value: {feature} is one of {', '.join(CATEGORIES[feature])}"
                    + (" (a list for `in`)" if op == "in" else "")
                    + f"; got {value!r}"
                )
        else:
            if op not in AMOUNT_OPS:
                raise RuleError(f"{where}, field op: {feature} takes {', '.join(AMOUNT_OPS)}, not {op!r}")
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise RuleError(f"{where}, field value: {feature} needs a number, got {value!r}")
        found.append(Condition(feature, op, value))
    return found


def rule_words(rule: list[Condition]) -> str:
    return " and ".join(c.words for c in rule)


def matching(rule: list[Condition], features: pd.DataFrame) -> pd.Index:
    """The members (index of `features`) for whom every condition holds; unknown values never match."""
    keep = pd.Series(True, index=features.index)
    for c in rule:
        column = features[c.feature]
        if c.op == "in":
            keep &= column.isin(c.value)
        elif c.op == "==":
            keep &= column == c.value
        elif c.op == "!=":
            keep &= column.notna() & (column != c.value)
        elif c.op == ">=":
            keep &= column >= c.value
        elif c.op == "<=":
            keep &= column <= c.value
        elif c.op == ">":
            keep &= column > c.value
        else:
            keep &= column < c.value
    return features.index[keep.to_numpy()]


@dataclass(frozen=True)
class ProfileLine:
    feature: str
    words: str  # "denied claim lines in the last 90 days: 0.9 on average (0.07 overall)"
    distance: float  # standardised difference from the population


@dataclass(frozen=True)
class DiscoveredSegment:
    number: int  # 1 = the largest
    members: pd.Index
    profile: tuple[ProfileLine, ...]

    @property
    def name(self) -> str:
        return f"Discovered {self.number}: " + "; ".join(BY_NAME[line.feature].words for line in self.profile[:2])


def design_matrix(features: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str | None]]]:
    """Amounts log1p-scaled and standardised (unknown: the median), categories one-hot; with each
    column's (feature, category or None)."""
    columns: list[np.ndarray] = []
    names: list[tuple[str, str | None]] = []
    for f in FEATURES:
        if f.name == "id_parity":
            continue  # a negative control, not a trait of the member
        values = features[f.name]
        if f.categorical:
            for category in CATEGORIES[f.name]:
                columns.append((values == category).to_numpy(dtype="float64"))
                names.append((f.name, category))
        else:
            amount = values.to_numpy(dtype="float64")
            amount = np.where(np.isnan(amount), np.nanmedian(amount) if np.isfinite(amount).any() else 0.0, amount)
            scaled = np.log1p(np.clip(amount, 0, None))
            spread = scaled.std()
            columns.append((scaled - scaled.mean()) / (spread if spread > 0 else 1.0))
            names.append((f.name, None))
    return np.column_stack(columns), names


def _profile(
    features: pd.DataFrame, members: pd.Index, x: np.ndarray, mask: np.ndarray, names: list[tuple[str, str | None]]
) -> tuple[ProfileLine, ...]:
    distance = x[mask].mean(axis=0) - x.mean(axis=0)
    lines: list[ProfileLine] = []
    for j in np.argsort(-np.abs(distance), kind="stable"):
        feature, category = names[j]
        if any(line.feature == feature for line in lines):
            continue
        words = BY_NAME[feature].words
        if category is not None:
            inside = float((features.loc[members, feature] == category).mean())
            overall = float((features[feature] == category).mean())
            text = f"{words} {category}: {inside:.0%} of the segment ({overall:.0%} overall)"
        else:
            inside = float(features.loc[members, feature].mean())
            overall = float(features[feature].mean())
            text = f"{words}: {inside:.2g} on average ({overall:.2g} overall)"
        lines.append(ProfileLine(feature, text, float(distance[j])))
        if len(lines) == PROFILE_FEATURES:
            break
    return tuple(lines)


def discover(features: pd.DataFrame, count: int = DISCOVERED_COUNT, seed: int = SEED) -> list[DiscoveredSegment]:
    """`count` segments by seeded k-means, largest first, each with its profile in words."""
    if len(features) < count:
        raise RuleError(f"{len(features)} members cannot make {count} segments")
    x, names = design_matrix(features)
    labels = KMeans(n_clusters=count, random_state=seed, n_init=10).fit_predict(x)
    sizes = np.bincount(labels, minlength=count)
    order = sorted(range(count), key=lambda k: (-sizes[k], features.index[labels == k][0]))
    found = []
    for number, k in enumerate(order, start=1):
        mask = labels == k
        members = features.index[mask]
        found.append(DiscoveredSegment(number, members, _profile(features, members, x, mask, names)))
    return found
