"""Campaigns' arithmetic, with no database: who is held out, and the uplift with its interval.

- **Holdout**: the members that may be reached, in member-id order, shuffled by a generator seeded
  with the campaign's seed; the first round(n × share) are held out. The same members, share and
  seed always give the same holdout (and the assignment is stored per member anyway).
- **Uplift**: the treated conversion rate less the holdout's, with Newcombe's hybrid score interval
  (heartline.stats.proportion_difference), each figure with its n.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from heartline.stats.proportion_difference import newcombe_difference

DEFAULT_HOLDOUT = 0.10
DEFAULT_SEED = 2026
# A holdout under 1% or over 90% leaves one arm too small to say anything of the other.
HOLDOUT_RANGE = (0.01, 0.9)


def holdout_members(member_ids: Iterable[str], share: float, seed: int) -> frozenset[str]:
    """The members held out: round(n × share) of them, chosen by `seed` alone (the order the ids come
    in does not matter)."""
    ordered = sorted(set(member_ids))
    count = round(len(ordered) * share)
    order = np.random.default_rng(seed).permutation(len(ordered))
    return frozenset(ordered[i] for i in order[:count])


@dataclass(frozen=True)
class Uplift:
    """One group's result: conversions and n per arm, the rates, and treated − holdout with its 95% CI
    (None where an arm is empty)."""

    label: str
    treated_n: int
    treated_converted: int
    holdout_n: int
    holdout_converted: int
    treated_rate: float | None
    holdout_rate: float | None
    uplift: float | None
    ci_low: float | None
    ci_high: float | None


def _rate(converted: int, n: int) -> float | None:
    return converted / n if n else None


def uplift(label: str, treated_converted: int, treated_n: int, holdout_converted: int, holdout_n: int) -> Uplift:
    """Treated rate − holdout rate, with Newcombe's interval."""
    found = newcombe_difference(treated_converted, treated_n, holdout_converted, holdout_n)

    def figure(value: float) -> float | None:
        return None if math.isnan(value) else round(value, 4)

    return Uplift(
        label=label,
        treated_n=treated_n,
        treated_converted=treated_converted,
        holdout_n=holdout_n,
        holdout_converted=holdout_converted,
        treated_rate=_rate(treated_converted, treated_n),
        holdout_rate=_rate(holdout_converted, holdout_n),
        uplift=figure(found.difference),
        ci_low=figure(found.ci_low),
        ci_high=figure(found.ci_high),
    )


def uplift_of(label: str, arms: Iterable[tuple[str, bool]]) -> Uplift:
    """The uplift of (arm, converted) pairs; arms other than treated and holdout are left out."""
    counts = {("treated", True): 0, ("treated", False): 0, ("holdout", True): 0, ("holdout", False): 0}
    for arm, converted in arms:
        if arm in ("treated", "holdout"):
            counts[(arm, bool(converted))] += 1
    treated = counts[("treated", True)] + counts[("treated", False)]
    holdout = counts[("holdout", True)] + counts[("holdout", False)]
    return uplift(label, counts[("treated", True)], treated, counts[("holdout", True)], holdout)
