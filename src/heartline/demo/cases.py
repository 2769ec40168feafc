"""The cases step: member issues that a contact escalated, tracked from opening to closing.

Each case the contacts step opened gets a type (from the contact's reason), a priority (expedited
for some grievances and pharmacy exceptions, more often for Medicare members) and a processing
time. Processing times tell the division's story: about 26 days on average before the
rapid-resolution team, falling to about 3 days within two months of its launch (cases a
representative raised while consulting the team go straight to it). Cases still open when the demo
ends have no closing time.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from heartline.contacts.tables import CASES
from heartline.demo import blueprint as bp
from heartline.demo.contacts import coded, timestamps
from heartline.demo.roster import Float, Int
from heartline.demo.steps import DemoContext

CASE_TYPES = {
    "billing": "billing_dispute",
    "benefits": "benefit_clarification",
    "id_card": "id_card_reissue",
    "claims": "claim_reprocessing",
    "pharmacy": "pharmacy_exception",
    "enrollment": "enrollment_correction",
    "provider_search": "provider_directory_correction",
    "grievance": "grievance",
}
PRIORITIES = ("standard", "expedited")
EXPEDITED_SHARE = {"grievance": 0.20, "pharmacy": 0.25}
EXPEDITED_DEFAULT = 0.04
MEDICARE_EXPEDITED_FACTOR = 1.5
# Mean processing days of a standard case: drifting down a little while the merged units settle,
# backed up by open enrollment, then falling to about 3 days over RAMP_DAYS after the launch.
MEAN_DAYS_AT_START, MEAN_DAYS_AT_LAUNCH, MEAN_DAYS_AFTER = 28.0, 26.0, 3.0
SURGE_BACKLOG = 1.25
RAMP_DAYS = 56
EXPEDITED_MEAN_DAYS, EXPEDITED_MAX_DAYS = 1.5, 3.0
SPREAD = 0.6  # log sigma of processing times
DAY_US = 86_400 * 1_000_000


def mean_processing_days(opened_us: Int, start_us: int, launch_us: int, surge: np.ndarray) -> Float:
    """The mean processing time of a standard case opened at each instant."""
    before = np.clip((opened_us - start_us) / (launch_us - start_us), 0.0, 1.0)
    pre = MEAN_DAYS_AT_START + (MEAN_DAYS_AT_LAUNCH - MEAN_DAYS_AT_START) * before
    pre = pre * np.where(surge, SURGE_BACKLOG, 1.0)
    ramp = np.clip((opened_us - launch_us) / (RAMP_DAYS * DAY_US), 0.0, 1.0)
    post = MEAN_DAYS_AT_LAUNCH * (MEAN_DAYS_AFTER / MEAN_DAYS_AT_LAUNCH) ** ramp
    return np.asarray(np.where(opened_us < launch_us, pre, post), dtype=np.float64)


def build_cases(ctx: DemoContext) -> None:
    """Turn the contacts' case openings into the warehouse `cases` table."""
    openings, members, timeline = ctx.require_case_openings(), ctx.require_members(), ctx.timeline
    rng = ctx.rng("cases")
    n = len(openings)
    ctx.report(0, n)
    reason = openings.reason
    unit = np.where(openings.consulted, bp.RAPID_RESOLUTION, openings.unit)
    expedited_p = np.array([EXPEDITED_SHARE.get(r, EXPEDITED_DEFAULT) for r in bp.REASONS])[reason]
    expedited_p = expedited_p * np.where(openings.unit == bp.UNIT_INDEX["medicare"], MEDICARE_EXPEDITED_FACTOR, 1.0)
    expedited = rng.random(n) < expedited_p

    surge = timeline.surge[timeline.day_of(openings.opened_us)]
    mean_days = mean_processing_days(openings.opened_us, int(timeline.midnight_utc_us[0]), timeline.launch_us, surge)
    mean_days = np.where(expedited, EXPEDITED_MEAN_DAYS, mean_days)
    days = mean_days * np.exp(-(SPREAD**2) / 2) * rng.lognormal(0.0, SPREAD, n)
    days = np.where(expedited, np.minimum(days, EXPEDITED_MAX_DAYS), days)
    closed_us = openings.opened_us + (days * DAY_US).astype(np.int64)
    still_open = closed_us >= timeline.end_us

    table = pa.table(
        {
            "case_id": pa.array(openings.case_ids, pa.string()),
            "member_id": coded(openings.member, members.member_ids),
            "unit": coded(unit, [u.code for u in bp.UNITS]),
            "type": coded(reason, [CASE_TYPES[r] for r in bp.REASONS]),
            "priority": coded(expedited.astype(np.int64), PRIORITIES),
            "opened_at": timestamps(openings.opened_us),
            "closed_at": timestamps(closed_us, still_open),
            "status": coded(still_open.astype(np.int64), ("closed", "open")),
        }
    )
    ctx.emit(CASES, table)
    ctx.report(n, n)
