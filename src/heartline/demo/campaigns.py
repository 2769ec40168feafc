"""The campaigns step: one campaign with a planted effect, for the campaign results page to recover.

The analyst's segment is "Medicare Advantage members who prefer Spanish or Chinese" (a rule segment
on `plan` and `language`, its membership worked out from the members' profiles, since the warehouse
is written after the steps). The campaign sends the annual-wellness-visit reminder (in the member's
language) from 45 days before the demo's last day, 10:00 in the organization's zone, with a 30%
holdout (enough of ~900 members for the interval to exclude 0); scheduling and the holdout are the
product's own (`launch_campaign`, which asks `may_reach` for every member). Outcomes are planted: a
member books the visit within 30 days with chance `BASE_RATE`, plus `PLANTED_UPLIFT` if they were
sent the reminder. The results page should show an uplift near +12 points whose interval holds it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pyarrow as pa

from heartline.core import clock
from heartline.core.scoping import OPERATOR
from heartline.demo.steps import DemoContext
from heartline.insights.campaign_outcomes import CAMPAIGN_OUTCOMES

SEGMENT_NAME = "Medicare Advantage members who prefer Spanish or Chinese (demo)"
SEGMENT_RULE = [
    {"feature": "plan", "op": "==", "value": "medicare_advantage"},
    {"feature": "language", "op": "in", "value": ["es", "zh"]},
]
CAMPAIGN_NAME = "Annual wellness visit reminder, in the member's language (demo)"
ACTION = "annual_wellness_visit"
BASE_RATE = 0.20
PLANTED_UPLIFT = 0.12
HOLDOUT = 0.3  # of ~900 members: enough in the holdout for the interval to exclude 0
STARTS_DAYS_BEFORE_END = 45
OUTCOME_DAYS = 30


def planted_outcomes(
    campaign_id: int,
    arms: Sequence[tuple[str, str]],
    rng: np.random.Generator,
    observed_at: dt.datetime,
    base_rate: float = BASE_RATE,
    uplift: float = PLANTED_UPLIFT,
) -> pa.Table:
    """A `campaign_outcomes` row per treated and holdout member (`arms`: (member_id, arm)), converted
    with chance `base_rate`, plus `uplift` when treated (excluded members get no row)."""
    kept = [(m, arm) for m, arm in arms if arm in ("treated", "holdout")]
    chance = np.array([base_rate + (uplift if arm == "treated" else 0.0) for _, arm in kept])
    converted = rng.random(len(kept)) < chance
    return pa.table(
        {
            "campaign_id": pa.array([str(campaign_id)] * len(kept), pa.string()),
            "member_id": pa.array([m for m, _ in kept], pa.string()),
            "observed_at": pa.array([observed_at] * len(kept), pa.timestamp("us", tz="UTC")),
            "converted": pa.array(converted.tolist(), pa.bool_()),
        },
        schema=CAMPAIGN_OUTCOMES.schema,
    )


def build_campaigns(ctx: DemoContext) -> None:
    from heartline.insights.campaigns_selectors import campaign_arm_list
    from heartline.insights.campaigns_services import launch_campaign
    from heartline.insights.segments_services import record_rule_segment
    from heartline.members.cohort_selectors import member_profiles

    ctx.report(0, 3)
    profiles = member_profiles()
    chosen = [p.member_id for p in profiles if p.plan == "medicare_advantage" and p.language in ("es", "zh")]
    as_of = ctx.timeline.last_day - dt.timedelta(days=STARTS_DAYS_BEFORE_END)
    segment = record_rule_segment(OPERATOR, SEGMENT_NAME, SEGMENT_RULE, chosen, as_of, len(profiles))
    ctx.report(1, 3)
    starts = dt.datetime.combine(as_of, dt.time(10, 0), tzinfo=clock.organization_zone())
    campaign = launch_campaign(OPERATOR, CAMPAIGN_NAME, segment.pk, ACTION, holdout_share=HOLDOUT, starts_at=starts)
    ctx.report(2, 3)
    observed = (starts + dt.timedelta(days=OUTCOME_DAYS)).astimezone(dt.UTC)
    arms = campaign_arm_list(campaign.pk)
    ctx.emit(CAMPAIGN_OUTCOMES, planted_outcomes(campaign.pk, arms, ctx.rng("campaigns"), observed))
    ctx.counts["campaign_members"] = len(arms)
    ctx.report(3, 3)


def wipe_campaigns(ctx: DemoContext) -> None:
    from heartline.insights.campaigns_services import remove_campaign_named
    from heartline.insights.segments_services import remove_segment_named

    remove_campaign_named(CAMPAIGN_NAME)
    remove_segment_named(SEGMENT_NAME)
