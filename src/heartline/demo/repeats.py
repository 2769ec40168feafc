"""Follow-up contacts: the member who has to get in touch again about the same thing.

A contact that did not settle the member's issue (or was abandoned, or an outbound call nobody
answered) gets a follow-up from the same member, with the same reason, in the same unit and
direction: a callback within hours after an abandoned contact, otherwise usually within a few days
(mostly inside the one-and-done metric's 7-day window, sometimes after it). A follow-up of a contact
that opened a case carries that case. Follow-ups that would fall after the demo's last day are dropped.
"""

from __future__ import annotations

import numpy as np

from heartline.demo.arrivals import PHONE, Arrivals, local_times
from heartline.demo.handling import Handling
from heartline.demo.timeline import Timeline

SAME_DAY_SHARE = 0.2
SAME_DAY_MEAN_SECONDS = 3 * 3600
CALLBACK_MEAN_SECONDS = 90 * 60
MIN_GAP_SECONDS = 10 * 60
DAYS_LATER_P = 0.4  # geometric: P(1 day later) = 0.4, then 0.24, …
SWITCH_TO_PHONE = 0.45  # a member whose chat or email did not help often calls next
# Local hours each channel opens and closes (phone, chat, email, portal, sms); email and the portal never close.
OPENING_HOUR = np.array([8, 8, 0, 0, 8], dtype=np.int64)
CLOSING_HOUR = np.array([20, 22, 24, 24, 22], dtype=np.int64)
OUTBOUND_HOURS = (9, 19)


def follow_ups(
    rng: np.random.Generator, timeline: Timeline, arrivals: Arrivals, handling: Handling, first_index: int
) -> Arrivals:
    """The follow-up contacts of `arrivals` (whose first row has global index `first_index`)."""
    rows = np.flatnonzero(handling.followed_up)
    n = len(rows)
    parent = arrivals.take(rows)
    ended = handling.ended_us[rows]
    abandoned = handling.abandoned[rows]
    channel = np.where(abandoned | (rng.random(n) >= SWITCH_TO_PHONE), parent.channel, PHONE)

    gap = np.where(abandoned, rng.exponential(CALLBACK_MEAN_SECONDS, n), rng.exponential(SAME_DAY_MEAN_SECONDS, n))
    soon = ended + ((gap + MIN_GAP_SECONDS) * 1_000_000).astype(np.int64)
    # A same-day follow-up only while the channel is still open; otherwise the member tries another day.
    soon_day = timeline.day_of(soon)
    soon_hour = (soon - timeline.midnight_utc_us[soon_day]) // 3_600_000_000
    opening = np.where(parent.outbound, OUTBOUND_HOURS[0], OPENING_HOUR[channel])
    closing = np.where(parent.outbound, OUTBOUND_HOURS[1], CLOSING_HOUR[channel])
    open_still = (soon_day == timeline.day_of(ended)) & (soon_hour >= opening) & (soon_hour < closing)
    same_day = (abandoned | (rng.random(n) < SAME_DAY_SHARE)) & open_still
    later_day = timeline.day_of(ended) + rng.geometric(DAYS_LATER_P, n)
    later = local_times(rng, timeline, np.minimum(later_day, timeline.day_count - 1), channel, parent.outbound)
    started = np.where(same_day, soon, later)
    keep = (started < timeline.end_us) & (same_day | (later_day < timeline.day_count))

    global_rows = rows + first_index
    case_origin = np.where(
        parent.case_origin >= 0, parent.case_origin, np.where(handling.opens_case[rows], global_rows, -1)
    )
    follow = Arrivals(
        member=parent.member,
        unit=parent.unit,
        reason=parent.reason,
        channel=channel,
        outbound=parent.outbound,
        started_us=started,
        parent=global_rows,
        case_origin=case_origin,
        depth=parent.depth + 1,
    )
    return follow.take(keep)
