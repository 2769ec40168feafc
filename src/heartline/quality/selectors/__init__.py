"""Every read of the quality app, scoped to the caller (except `scored_audits`, `behavior_outcomes`
and `outcomes_with_trusted_auto`, the contracts other apps build on, which answer for the agents
they are asked about, and `scorecard_names`, which names scorecards for other apps' pages)."""

from heartline.quality.selectors.audits import scored_audits, scored_audits_fingerprint
from heartline.quality.selectors.auto_outcomes import outcomes_with_trusted_auto
from heartline.quality.selectors.behavior_outcomes import behavior_outcomes
from heartline.quality.selectors.scorecards import scorecard_names

__all__ = [
    "behavior_outcomes",
    "outcomes_with_trusted_auto",
    "scorecard_names",
    "scored_audits",
    "scored_audits_fingerprint",
]
