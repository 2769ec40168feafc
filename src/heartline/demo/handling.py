"""What happens to a contact once it arrives: waiting, answer or abandonment, the representative
who takes it, hold, talk and wrap times, handoffs to other queues, consults with the rapid-resolution
team, whether it opens a case, and whether the member will have to get in touch again.

The numbers follow the story the demo tells: during open enrollment queues back up (longer waits,
more abandoned calls); from the rapid-resolution launch representatives consult specialists while
the member stays on the line, so handoffs fall by 60% and fewer members need a second contact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from heartline.demo import blueprint as bp
from heartline.demo.arrivals import CHAT, EMAIL, PHONE, PORTAL, SMS, Arrivals
from heartline.demo.roster import Bool, Float, Int, MemberRoster, RepRoster
from heartline.demo.timeline import Timeline

ALL_QUEUES: tuple[str, ...] = tuple(code for unit in bp.UNITS for code in unit.queues)
QUEUE_INDEX = {code: i for i, code in enumerate(ALL_QUEUES)}
# Entry queue of each (unit, reason).
ENTRY_QUEUE = np.array([[QUEUE_INDEX[u.queue_for(r)] for r in bp.REASONS] for u in bp.UNITS], dtype=np.int64)


def _handoff_queues() -> Int:
    """Where a handoff goes, by (entry queue, member pool, reason): the specialist queue for the reason,
    else the member's home unit's queue for it, else that unit's general queue — never the entry queue."""
    table = np.empty((len(ALL_QUEUES), len(bp.POOL_HOME_UNIT), len(bp.REASONS)), dtype=np.int64)
    for q, entry in enumerate(ALL_QUEUES):
        for p, home in enumerate(bp.POOL_HOME_UNIT):
            unit = bp.UNITS[home]
            for r, reason in enumerate(bp.REASONS):
                first_choice = bp.SPECIALIST_QUEUE.get(reason) or unit.queue_for(reason)
                candidates = [first_choice, unit.general_queue, *unit.queues]
                table[q, p, r] = QUEUE_INDEX[next(c for c in candidates if c != entry)]
    return table


HANDOFF_QUEUE = _handoff_queues()
SECOND_HANDOFF_QUEUE = np.array([QUEUE_INDEX[bp.UNITS[home].general_queue] for home in bp.POOL_HOME_UNIT])

ABANDON_RATE = {PHONE: (0.04, 0.12), CHAT: (0.04, 0.08), SMS: (0.02, 0.04)}  # (normal, surge)
OUTBOUND_NO_ANSWER = 0.35
# Seconds to answer (median, log sigma) by channel; the surge multiplies the median.
ANSWER_WAIT = {PHONE: (20, 0.9), CHAT: (35, 0.8), EMAIL: (5 * 3600, 0.7), PORTAL: (8 * 3600, 0.7), SMS: (240, 0.8)}
SURGE_WAIT = {PHONE: 4.0, CHAT: 2.5, EMAIL: 2.0, PORTAL: 2.0, SMS: 2.0}
ABANDON_WAIT = (55, 0.7)
TALK_MEDIAN = np.array([330, 540, 300, 240, 420], dtype=np.float64)  # by channel
WRAP_MEDIAN = np.array([50, 40, 30, 30, 20], dtype=np.float64)
PHONE_HOLD_SHARE, PHONE_HOLD_MEAN = 0.4, 70.0
HANDOFF_RATE = 0.13
HANDOFF_DROP_AFTER_LAUNCH = 0.6
SECOND_HANDOFF_SHARE = 0.1
CONSULT_RATE = 0.10
CONSULT_REASONS = {"claims": 1.6, "billing": 1.6, "grievance": 1.6, "pharmacy": 1.3}
CASE_RATE = {
    "claims": 0.12,
    "grievance": 0.55,
    "billing": 0.06,
    "pharmacy": 0.08,
    "enrollment": 0.05,
    "benefits": 0.02,
    "id_card": 0.03,
    "provider_search": 0.015,
}
FOLLOW_UP_RATE = (0.17, 0.10)  # (before, after the rapid-resolution launch)
FOLLOW_UP_REASON = {
    "claims": 1.4,
    "grievance": 1.5,
    "billing": 1.2,
    "pharmacy": 1.1,
    "benefits": 0.8,
    "id_card": 0.6,
    "provider_search": 0.7,
}
CALLBACK_AFTER_ABANDON = 0.55
RETRY_AFTER_NO_ANSWER = 0.5
FOLLOW_UP_DECAY = 0.7  # each further follow-up is less likely than the one before
LANGUAGE_MATCH = 0.9  # Spanish and Chinese speakers reach a representative who speaks their language

DISPOSITIONS = ("resolved", "unresolved", "escalated")
RESOLVED, UNRESOLVED, ESCALATED = range(3)

# What CMS's call-center standards read (docs/compliance.md), drawn from a generator of their own so
# every other figure of the demo stays as it was: seconds in the IVR before the queue, calls the plan
# drops, and the Medicare enrollment line that backs up beyond its staffing in open enrollment — its
# callers wait on top of the surge's longer waits, and its quarter breaks CMS's 2-minute hold standard.
IVR_SECONDS = (15, 45)  # uniform, whole seconds; never more than the wait before the answer
PLAN_DROP_RATE = (0.01, 0.025)  # inbound calls the plan drops: (normal, surge)
BACKLOG_QUEUE = "mcr-enrollment"
BACKLOG_WAIT = (90.0, 0.6)  # extra seconds on hold in the surge: (median, log sigma)
# At most this much extra: a follow-up starts at least 10 minutes after its contact ended (repeats), so
# the later answer never moves a contact's end past the start of the member's next contact.
BACKLOG_MAX_SECONDS = 540
DISCONNECTED_BY = ("member", "plan")
BY_MEMBER, BY_PLAN = range(2)


@dataclass
class Handling:
    """How each contact of an `Arrivals` batch was handled; -1 marks a missing value."""

    queue: Int
    handoffs: Int  # shape (n, 2): queues after the entry queue, -1 when none
    abandoned: Bool
    answered_us: Int
    ended_us: Int
    hold: Int
    talk: Int
    wrap: Int
    rep: Int
    consults: Int
    opens_case: Bool
    followed_up: Bool
    disposition: Int
    ivr: Int  # seconds in the IVR, -1 when not a call
    backlog_us: Int  # extra wait before the answer on the backed-up line (`with_backlog` adds it)
    disconnected_by: Int  # BY_MEMBER, BY_PLAN, or -1 when the contact ended normally


def _by_reason(table: dict[str, float], reason: Int, default: float = 1.0) -> Float:
    return np.array([table.get(r, default) for r in bp.REASONS], dtype=np.float64)[reason]


def _lognormal(rng: np.random.Generator, median: Float, sigma: float) -> Float:
    return np.asarray(median * rng.lognormal(0.0, sigma, size=len(median)), dtype=np.float64)


def assign_reps(rng: np.random.Generator, reps: RepRoster, unit: Int, language: Int) -> Int:
    """A representative of the contact's unit, who speaks the member's language when one is free."""
    groups: list[Int] = []
    for u in range(len(bp.UNITS)):
        in_unit = reps.unit == u
        for k in range(len(bp.LANGUAGES)):
            groups.append(np.flatnonzero(in_unit & (reps.speaks[:, k] if k else True)))
    sizes = np.array([len(g) for g in groups], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    flat = np.concatenate(groups)
    matched = (language > 0) & (rng.random(len(unit)) < LANGUAGE_MATCH)
    key = unit * len(bp.LANGUAGES) + np.where(matched, language, 0)
    key = np.where(sizes[key] > 0, key, unit * len(bp.LANGUAGES))
    return np.asarray(flat[offsets[key] + (rng.random(len(unit)) * sizes[key]).astype(np.int64)], dtype=np.int64)


def handle(
    rng: np.random.Generator,
    timeline: Timeline,
    arrivals: Arrivals,
    members: MemberRoster,
    reps: RepRoster,
    launch_us: int,
    call_center: np.random.Generator,
) -> Handling:
    """Handle every contact of `arrivals`; the result is aligned on its rows. `call_center` draws what
    only the call-center standards read (the IVR, dropped calls, the enrollment backlog)."""
    n = len(arrivals)
    ch, unit, reason, outbound = arrivals.channel, arrivals.unit, arrivals.reason, arrivals.outbound
    surge = timeline.surge[timeline.day_of(arrivals.started_us)]
    after = arrivals.started_us >= launch_us
    draws = rng.random((6, n))

    abandon_p = np.zeros(n)
    wait = np.zeros(n)
    for c, (median, sigma) in ANSWER_WAIT.items():
        mask = ch == c
        normal, busy = ABANDON_RATE.get(c, (0.0, 0.0))
        abandon_p[mask] = np.where(surge[mask], busy, normal)
        wait[mask] = _lognormal(rng, np.where(surge[mask], median * SURGE_WAIT[c], median), sigma)
    abandoned = ~outbound & (draws[0] < abandon_p)
    no_answer = outbound & (ch == PHONE) & (draws[0] < OUTBOUND_NO_ANSWER)
    wait = np.where(outbound, np.where(ch == PHONE, 15.0, 0.0), wait)
    wait = np.where(abandoned, _lognormal(rng, np.full(n, float(ABANDON_WAIT[0])), ABANDON_WAIT[1]), wait)
    answered = ~abandoned & ~no_answer

    queue = ENTRY_QUEUE[unit, reason]
    inbound_call = ~outbound & (ch == PHONE)
    backlog = inbound_call & answered & surge & (queue == QUEUE_INDEX[BACKLOG_QUEUE])
    backlog_wait = np.minimum(
        _lognormal(call_center, np.full(n, BACKLOG_WAIT[0]), BACKLOG_WAIT[1]), BACKLOG_MAX_SECONDS
    )
    backlog_us = np.where(backlog, (backlog_wait * 1_000_000).astype(np.int64), 0)
    ivr_draw = call_center.integers(IVR_SECONDS[0], IVR_SECONDS[1] + 1, size=n)
    ivr = np.where(inbound_call, np.minimum(ivr_draw, np.floor(wait).astype(np.int64)), -1)
    dropped = inbound_call & answered & (call_center.random(n) < np.where(surge, PLAN_DROP_RATE[1], PLAN_DROP_RATE[0]))
    disconnected_by = np.where(abandoned, BY_MEMBER, np.where(dropped, BY_PLAN, -1)).astype(np.int64)
    home = members.pool[arrivals.member]
    inbound_live = answered & ~outbound & np.isin(ch, [PHONE, CHAT]) & (unit != bp.RAPID_RESOLUTION)
    consult_p = np.where(after & inbound_live, CONSULT_RATE * _by_reason(CONSULT_REASONS, reason), 0.0)
    consults = np.where(draws[1] < consult_p, 1 + (draws[2] < 0.12), 0).astype(np.int64)
    handoff_p = np.where(after, HANDOFF_RATE * (1 - HANDOFF_DROP_AFTER_LAUNCH), HANDOFF_RATE)
    first_hop = HANDOFF_QUEUE[queue, home, reason]
    handed = answered & (draws[3] < handoff_p) & (unit != bp.RAPID_RESOLUTION)
    second_hop = SECOND_HANDOFF_QUEUE[home]
    twice = handed & (draws[4] < SECOND_HANDOFF_SHARE) & (second_hop != first_hop) & (second_hop != queue)
    handoffs = np.stack([np.where(handed, first_hop, -1), np.where(twice, second_hop, -1)], axis=1)

    medicare = (unit == bp.UNIT_INDEX["medicare"]).astype(np.float64)
    talk_s = _lognormal(rng, TALK_MEDIAN[ch] * (1 + 0.2 * medicare), 0.55) + 120 * handed + 60 * twice
    hold_s = np.where((ch == PHONE) & (draws[5] < PHONE_HOLD_SHARE), rng.exponential(PHONE_HOLD_MEAN, n), 0.0)
    hold_s = hold_s + consults * _lognormal(rng, np.full(n, 150.0), 0.5)  # the member holds while we consult
    wrap_s = _lognormal(rng, WRAP_MEDIAN[ch], 0.5)
    talk, hold, wrap = (np.where(answered, np.rint(x), 0).astype(np.int64) for x in (talk_s, hold_s, wrap_s))

    started = arrivals.started_us
    wait_us = (wait * 1_000_000).astype(np.int64)
    answered_us = np.where(answered, started + wait_us, -1)
    ended_us = np.where(answered, answered_us + (talk + hold) * 1_000_000, started + wait_us)

    language = members.language[arrivals.member]
    rep = np.where(abandoned, -1, assign_reps(rng, reps, unit, language))
    case_p = np.where(answered & (arrivals.case_origin < 0), _by_reason(CASE_RATE, reason, 0.0), 0.0)
    opens_case = rng.random(n) < case_p

    follow_p = np.where(after, FOLLOW_UP_RATE[1], FOLLOW_UP_RATE[0]) * _by_reason(FOLLOW_UP_REASON, reason)
    follow_p = follow_p * np.where(consults > 0, 0.5, 1.0) * np.where(opens_case, 1.3, 1.0)
    follow_p = np.where(abandoned, CALLBACK_AFTER_ABANDON, np.where(no_answer, RETRY_AFTER_NO_ANSWER, follow_p))
    followed_up = rng.random(n) < follow_p * FOLLOW_UP_DECAY**arrivals.depth

    closing = rng.random(n)
    disposition = np.where(
        followed_up, np.where(closing < 0.6, UNRESOLVED, RESOLVED), np.where(closing < 0.03, UNRESOLVED, RESOLVED)
    )
    disposition = np.where(opens_case, ESCALATED, disposition)
    disposition = np.where(no_answer, UNRESOLVED, np.where(abandoned, -1, disposition))
    return Handling(
        queue=queue,
        handoffs=handoffs,
        abandoned=abandoned,
        answered_us=answered_us,
        ended_us=ended_us,
        hold=hold,
        talk=talk,
        wrap=wrap,
        rep=rep,
        consults=consults,
        opens_case=opens_case,
        followed_up=followed_up,
        disposition=disposition.astype(np.int64),
        ivr=ivr.astype(np.int64),
        backlog_us=backlog_us,
        disconnected_by=disconnected_by,
    )


def with_backlog(handling: Handling) -> Handling:
    """`handling` with the backed-up line's extra wait added to its answer and end times. Added once
    every follow-up has been drawn, so no other contact, and no draw of the main generator, moves."""
    answered = handling.answered_us >= 0
    handling.answered_us = np.where(answered, handling.answered_us + handling.backlog_us, handling.answered_us)
    handling.ended_us = handling.ended_us + handling.backlog_us
    return handling
