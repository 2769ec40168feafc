"""The contacts step: every member contact of the 18 months, as the warehouse `contacts` table.

First contacts arrive (arrivals), are handled (handling), and those that did not settle the issue
bring follow-ups (repeats), which are handled in turn, for a few rounds. The rows are then put in
time order, numbered, and turned into an Arrow table with the exact registered schema; the contacts
that opened a case are numbered in the same order and left for the cases step. Everything is
vectorised with numpy: a million contacts take a few seconds.
"""

from __future__ import annotations

from dataclasses import fields

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.demo import blueprint as bp
from heartline.demo.arrivals import Arrivals, first_contacts
from heartline.demo.handling import ALL_QUEUES, DISCONNECTED_BY, DISPOSITIONS, Handling, handle, with_backlog
from heartline.demo.repeats import follow_ups
from heartline.demo.roster import Bool, CaseOpenings, Int, OrgDirectory
from heartline.demo.steps import DemoContext

FOLLOW_UP_ROUNDS = 4
# Follow-ups per first contact, measured on the standard size: first contacts = target / (1 + this).
FOLLOW_UPS_PER_FIRST_CONTACT = 0.17
TIMESTAMP = pa.timestamp("us", tz="UTC")


def build_contacts(ctx: DemoContext) -> None:
    """Generate the contacts, emit the `contacts` table and leave the case openings in the context."""
    org, members, timeline = ctx.require_org(), ctx.require_members(), ctx.timeline
    rng = ctx.rng("contacts")
    call_center = ctx.rng("contacts-call-center")  # its own stream: the other columns do not move
    first = round(ctx.size.contacts / (1 + FOLLOW_UPS_PER_FIRST_CONTACT))
    arrival_parts: list[Arrivals] = []
    handling_parts: list[Handling] = []
    batch = first_contacts(rng, timeline, members, first)
    handled = 0
    # Progress counts contacts against the size's target (follow-ups make the final count differ a little).
    ctx.report(0, ctx.size.contacts)
    for round_number in range(FOLLOW_UP_ROUNDS + 1):
        handling = handle(rng, timeline, batch, members, org.reps, timeline.launch_us, call_center)
        if round_number == FOLLOW_UP_ROUNDS:
            handling.followed_up[:] = False  # the story ends here: nobody calls a sixth time
        arrival_parts.append(batch)
        handling_parts.append(handling)
        next_batch = follow_ups(rng, timeline, batch, handling, handled)
        handled += len(batch)
        ctx.report(min(handled, ctx.size.contacts), ctx.size.contacts)
        batch = next_batch
        if len(batch) == 0:
            break
    arrivals = Arrivals.concat(arrival_parts)
    handling = with_backlog(_concat(handling_parts))
    order = np.lexsort((np.arange(len(arrivals)), arrivals.started_us))
    table, openings = _ledger(ctx, org, arrivals, handling, order)
    ctx.emit(CONTACTS, table)
    ctx.case_openings = openings
    ctx.report(table.num_rows, table.num_rows)


def _concat(parts: list[Handling]) -> Handling:
    return Handling(**{f.name: np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(Handling)})


def coded(indices: Int, labels: list[str] | tuple[str, ...]) -> pa.DictionaryArray:
    """Strings as a dictionary array: `labels[i]` for each index, null where the index is -1."""
    codes = pa.array(indices.astype(np.int32), mask=indices < 0)
    return pa.DictionaryArray.from_arrays(codes, pa.array(labels, pa.string()))


def timestamps(us: Int, missing: Bool | None = None) -> pa.Array:
    return pa.array(us, type=TIMESTAMP, mask=None if missing is None else missing)


def numbered(prefix: str, count: int, width: int) -> pa.Array:
    """`prefix` followed by 1…count, zero-padded to `width` digits."""
    digits = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, count + 1)), pa.string()), width=width, padding="0")
    return pc.binary_join_element_wise(prefix, digits, "")


def _routes(handling: Handling) -> tuple[Int, list[str]]:
    """Each contact's route as an index into the list of distinct routes ("a", "a>b", "a>b>c")."""
    span = len(ALL_QUEUES) + 1
    key = (handling.queue * span + handling.handoffs[:, 0] + 1) * span + handling.handoffs[:, 1] + 1
    distinct, index = np.unique(key, return_inverse=True)
    labels = []
    for k in distinct.tolist():
        rest, second = divmod(k, span)
        entry, first = divmod(rest, span)
        labels.append(">".join(ALL_QUEUES[q] for q in (entry, first - 1, second - 1) if q >= 0))
    return index.astype(np.int64), labels


def _ledger(
    ctx: DemoContext, org: OrgDirectory, arrivals: Arrivals, handling: Handling, order: Int
) -> tuple[pa.Table, CaseOpenings]:
    a, h = arrivals.take(order), _take(handling, order)
    members = ctx.require_members()
    reps = org.reps
    team_labels = sorted(set(reps.team_codes))
    rep_team = np.array([team_labels.index(t) for t in reps.team_codes], dtype=np.int64)
    no_rep = h.rep < 0
    route_index, route_labels = _routes(h)

    # Case numbers follow the order the opening contacts started in.
    case_of_global = np.where(
        arrivals.case_origin >= 0, arrivals.case_origin, np.where(handling.opens_case, np.arange(len(arrivals)), -1)
    )
    openers_in_order = order[h.opens_case]
    case_number = np.full(len(arrivals), -1, dtype=np.int64)
    case_number[openers_in_order] = np.arange(len(openers_in_order))
    contact_case = np.where(case_of_global >= 0, case_number[np.maximum(case_of_global, 0)], -1)[order]
    case_ids = numbered("CS", len(openers_in_order), 8)

    n = len(a)
    table = pa.table(
        {
            "contact_id": numbered("C", n, 10),
            "member_id": coded(a.member, members.member_ids),
            "channel": coded(a.channel, bp.CHANNELS),
            "direction": coded(a.outbound.astype(np.int64), ("inbound", "outbound")),
            "queue": coded(h.queue, ALL_QUEUES),
            "unit": coded(a.unit, [u.code for u in bp.UNITS]),
            "team": coded(np.where(no_rep, -1, rep_team[h.rep]), team_labels),
            "agent_id": coded(h.rep, reps.codes),
            "reason": coded(a.reason, bp.REASONS),
            "language": coded(members.language[a.member], bp.LANGUAGES),
            "started_at": timestamps(a.started_us),
            "answered_at": timestamps(h.answered_us, h.answered_us < 0),
            "ended_at": timestamps(h.ended_us),
            "hold_seconds": pa.array(h.hold.astype(np.int32)),
            "talk_seconds": pa.array(h.talk.astype(np.int32)),
            "wrap_seconds": pa.array(h.wrap.astype(np.int32)),
            "abandoned": pa.array(h.abandoned),
            "route": coded(route_index, route_labels),
            "consult_count": pa.array(h.consults.astype(np.int16)),
            "case_id": pa.DictionaryArray.from_arrays(
                pa.array(contact_case.astype(np.int32), mask=contact_case < 0), case_ids
            ),
            "disposition": coded(h.disposition, DISPOSITIONS),
            "ivr_seconds": pa.array(h.ivr.astype(np.int32), mask=h.ivr < 0),
            "disconnected_by": coded(h.disconnected_by, DISCONNECTED_BY),
        }
    )
    openers = np.flatnonzero(h.opens_case)
    openings = CaseOpenings(
        case_ids=tuple(case_ids.to_pylist()),
        member=a.member[openers],
        unit=a.unit[openers],
        reason=a.reason[openers],
        opened_us=h.ended_us[openers],
        consulted=h.consults[openers] > 0,
    )
    return table, openings


def _take(handling: Handling, rows: Int) -> Handling:
    return Handling(**{f.name: getattr(handling, f.name)[rows] for f in fields(Handling)})
