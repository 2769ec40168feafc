"""Propensity: how likely a member is to accept an action, learnt from recorded outcomes.

Each action starts from a Beta prior whose mean is the catalog's `prior_accept` and whose weight is
the catalog's `prior_strength` outcomes: Beta(a0, b0) with a0 = prior_accept × strength and
b0 = strength − a0. Every accepted offer adds one to a, every declined one to b ("not now" is not an
answer and changes neither). The propensity is the posterior mean (a0 + accepted) / (a0 + b0 +
accepted + declined): the prior when nothing is recorded, the observed rate when much is — the
conjugate update of a Bernoulli rate (Gelman et al., *Bayesian Data Analysis*, 3rd ed., §2.4).

Campaign outcomes loaded back (`heartline ingest campaign-outcomes`) count too, for the treated
members only: a treated member who converted accepted the campaign's offer, one who did not convert
declined it (they were sent the message and did not do what it asked). Holdout members were sent
nothing and count for nothing; a treated member with no outcome row is not counted until one is
loaded (`campaigns_selectors.campaign_tallies`).

A risk model's score may enter through `Adjuster`: a function of (member_id, action code) giving a
factor and the reason in words, which multiplies the propensity (None: no opinion).
"""

from __future__ import annotations

from collections.abc import Callable

from heartline.insights.actions.catalog import Action
from heartline.insights.actions.contracts import Tally

Adjuster = Callable[[str, str], tuple[float, str] | None]


def beta_prior(action: Action, strength: float) -> tuple[float, float]:
    a0 = action.prior_accept * strength
    return a0, strength - a0


def propensity(action: Action, tally: Tally, strength: float) -> tuple[float, str]:
    """The posterior mean acceptance rate of `action`, and how it came about in words."""
    a0, b0 = beta_prior(action, strength)
    answered = tally.accepted + tally.declined
    mean = (a0 + tally.accepted) / (a0 + b0 + answered)
    if answered == 0:
        return mean, f"propensity {mean:.2f}: the prior, no outcome recorded yet"
    sent = f", {tally.from_campaigns} of them campaign sends" if tally.from_campaigns else ""
    return mean, (
        f"propensity {mean:.2f}: {tally.accepted} of {answered} answered offers accepted{sent} "
        f"(prior {action.prior_accept:.2f}, worth {strength:g} outcomes)"
    )
