"""When members get in touch, about what and how: the first contacts of each member issue.

Contacts are spread over (unit, day) cells in proportion to how busy each unit is that day (see
timeline), then given a member from the unit's member pool (weighted by how active each member is),
a reason from the unit's mix (enrollment, benefits and ID cards crowd in during open enrollment),
a channel (members mostly use the one they prefer), a direction (the commercial outbound unit calls
out; others make the odd callback) and a local time of day typical for the channel.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from heartline.demo import blueprint as bp
from heartline.demo.roster import Bool, Int, MemberRoster
from heartline.demo.timeline import Timeline

PHONE, CHAT, EMAIL, PORTAL, SMS = range(len(bp.CHANNELS))
INBOUND_CHANNEL_MIX = (0.62, 0.14, 0.08, 0.10, 0.06)
OUTBOUND_CHANNEL_MIX = (0.80, 0.0, 0.08, 0.0, 0.12)
PREFERRED_CHANNEL_LOYALTY = 0.55
CALLBACK_SHARE = 0.025  # outbound callbacks made by inbound units
SURGE_TOPIC_SHARE = 0.30  # open-enrollment contacts that are about enrollment, benefits or ID cards
SURGE_TOPICS = {"enrollment": 0.6, "benefits": 0.3, "id_card": 0.1}
JANUARY_ID_CARD_SHARE = 0.15  # new plan year, new ID cards

# Contacts per local hour of day (0–23), by channel; outbound work keeps office hours.
_PHONE_HOURS = [0] * 8 + [7, 11, 12, 11, 9, 10, 10, 9, 8, 6, 4, 3] + [0] * 4
_CHAT_HOURS = [0] * 8 + [5, 8, 9, 9, 8, 8, 8, 8, 7, 6, 5, 5, 4, 3] + [0] * 2
_ASYNC_HOURS = [1, 1, 1, 1, 1, 2, 3, 5, 7, 8, 8, 8, 8, 8, 8, 8, 7, 7, 7, 7, 6, 5, 3, 2]
_OUTBOUND_HOURS = [0] * 9 + [8, 10, 10, 8, 9, 10, 10, 9, 7, 4] + [0] * 5
HOUR_WEIGHTS = {PHONE: _PHONE_HOURS, CHAT: _CHAT_HOURS, EMAIL: _ASYNC_HOURS, PORTAL: _ASYNC_HOURS, SMS: _CHAT_HOURS}


@dataclass
class Arrivals:
    """Contacts before anyone handles them, one row each; `parent` is the contact a follow-up repeats."""

    member: Int
    unit: Int
    reason: Int
    channel: Int
    outbound: Bool
    started_us: Int
    parent: Int
    case_origin: Int  # the contact that opened the case this one follows up, or -1
    depth: Int  # 0 for a first contact, 1 for its follow-up, …

    def __len__(self) -> int:
        return len(self.member)

    def take(self, keep: Int | Bool) -> Arrivals:
        return Arrivals(**{f.name: getattr(self, f.name)[keep] for f in fields(self)})

    @staticmethod
    def concat(parts: list[Arrivals]) -> Arrivals:
        return Arrivals(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Arrivals)})


def local_times(rng: np.random.Generator, timeline: Timeline, day: Int, channel: Int, outbound: Bool) -> Int:
    """UTC microseconds of a contact on `day`, at a local time of day typical for its channel."""
    hour = np.empty(len(day), dtype=np.int64)
    groups = [(outbound, _OUTBOUND_HOURS)]
    groups += [(~outbound & (channel == c), weights) for c, weights in HOUR_WEIGHTS.items()]
    for mask, weights in groups:
        p = np.asarray(weights, dtype=np.float64)
        hour[mask] = rng.choice(24, size=int(mask.sum()), p=p / p.sum())
    seconds = hour * 3600 + rng.integers(0, 3600, size=len(day))
    return timeline.midnight_utc_us[day] + seconds * 1_000_000


def pick_members(rng: np.random.Generator, members: MemberRoster, pools: Int) -> Int:
    """A member for each contact, from the contact's pool, more active members more often."""
    chosen = np.empty(len(pools), dtype=np.int64)
    for pool in np.unique(pools).tolist():
        mask = pools == pool
        eligible = np.arange(len(members)) if pool == bp.POOL_EVERYONE else np.flatnonzero(members.pool == pool)
        cumulative = np.cumsum(members.activity[eligible])
        draws = rng.random(int(mask.sum())) * cumulative[-1]
        chosen[mask] = eligible[np.minimum(np.searchsorted(cumulative, draws), len(eligible) - 1)]
    return chosen


def _reasons(rng: np.random.Generator, timeline: Timeline, unit: Int, day: Int) -> Int:
    reason = np.empty(len(unit), dtype=np.int64)
    for u, plan in enumerate(bp.UNITS):
        mask = unit == u
        reason[mask] = rng.choice(len(bp.REASONS), size=int(mask.sum()), p=plan.reason_mix)
    seasonal = ~np.isin(unit, [bp.UNIT_INDEX["pharmacy"], bp.RAPID_RESOLUTION])
    surge = timeline.surge[day] & seasonal & (rng.random(len(unit)) < SURGE_TOPIC_SHARE)
    topics = [bp.REASONS.index(r) for r in SURGE_TOPICS]
    reason[surge] = rng.choice(topics, size=int(surge.sum()), p=list(SURGE_TOPICS.values()))
    january = np.array([d.month == 1 for d in timeline.days], dtype=np.bool_)[day]
    cards = january & seasonal & (rng.random(len(unit)) < JANUARY_ID_CARD_SHARE)
    reason[cards] = bp.REASONS.index("id_card")
    return reason


def _channels(rng: np.random.Generator, preferred: Int, outbound: Bool) -> Int:
    n = len(preferred)
    channel = rng.choice(len(bp.CHANNELS), size=n, p=INBOUND_CHANNEL_MIX)
    channel = np.where(rng.random(n) < PREFERRED_CHANNEL_LOYALTY, preferred, channel)
    outbound_channel = rng.choice(len(bp.CHANNELS), size=n, p=OUTBOUND_CHANNEL_MIX)
    return np.where(outbound, outbound_channel, channel)


def first_contacts(rng: np.random.Generator, timeline: Timeline, members: MemberRoster, count: int) -> Arrivals:
    """About `count` first contacts over the demo's days, shaped by each unit's daily volume."""
    weights = timeline.unit_day_weights(rng)
    per_cell = rng.multinomial(count, (weights / weights.sum()).ravel())
    cell = np.repeat(np.arange(weights.size, dtype=np.int64), per_cell)
    unit, day = np.divmod(cell, timeline.day_count)
    unit_pool = np.array([u.pool for u in bp.UNITS], dtype=np.int64)
    member = pick_members(rng, members, unit_pool[unit])
    unit_outbound = np.array([u.outbound for u in bp.UNITS], dtype=np.bool_)
    outbound = unit_outbound[unit] | ((unit != bp.RAPID_RESOLUTION) & (rng.random(len(unit)) < CALLBACK_SHARE))
    channel = _channels(rng, members.preferred_channel[member], outbound)
    started = local_times(rng, timeline, day, channel, outbound)
    none = np.full(len(unit), -1, dtype=np.int64)
    arrivals = Arrivals(
        member=member,
        unit=unit,
        reason=_reasons(rng, timeline, unit, day),
        channel=channel,
        outbound=outbound,
        started_us=started,
        parent=none,
        case_origin=none.copy(),
        depth=np.zeros(len(unit), dtype=np.int64),
    )
    return arrivals.take(started < timeline.end_us)
