"""Contact follow-ups: for each inbound contact with a member, how soon the same member came back
with the same reason.

`contact_followups` holds, per contact that has one, the gap in microseconds from the contact's end
(`ended_at`, else `answered_at`, else `started_at`) to the start of the earliest other inbound
contact by the same member with the same reason, on any channel, that started at or after that end
and no more than `LONGEST_WINDOW_DAYS` after it (the longest repeat window one-and-done accepts: a
longer gap answers no question, and leaving it out keeps the build's join from pairing each contact
with all of its member's later ones). A contact is a repeat within W days exactly when its gap is
at most W days, so one table serves every window. It is a derived table
(heartline.warehouse.derived): rebuilt from `contacts` by the worker after each contacts ingest, and
used by one-and-done only while it matches the current contacts version (ADR 0004).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from heartline.contacts.tables import CONTACTS
from heartline.warehouse.derived import DerivedTable, register_derived
from heartline.warehouse.increments import Increment, by_member_of_contact, register_increment
from heartline.warehouse.reader import TableSource
from heartline.warehouse.tables import TableSpec, register

# The longest repeat window a one-and-done query may ask for (its `window_days` option's maximum).
LONGEST_WINDOW_DAYS = 90

FOLLOWUPS = register(
    TableSpec(
        name="contact_followups",
        description="Derived from contacts: per inbound contact with a member, the gap to the same "
        "member's next inbound contact with the same reason (only contacts that have one within "
        f"{LONGEST_WINDOW_DAYS} days).",
        schema=pa.schema(
            [
                pa.field("contact_id", pa.string(), nullable=False),
                pa.field("next_same_reason_gap_us", pa.int64(), nullable=False),
            ]
        ),
        natural_key=("contact_id",),
    )
)


def contact_end(contacts: ir.Table) -> ir.TimestampValue:
    """When a contact ended, for the repeat window: its end, else its answer, else its start."""
    return ibis.coalesce(contacts.ended_at, contacts.answered_at, contacts.started_at)


def inbound_with_member(contacts: ir.Table) -> ir.Table:
    return contacts.filter((contacts.direction == "inbound") & contacts.member_id.notnull())


def later_contacts(contacts: ir.Table) -> ir.Table:
    """The contacts a repeat can be: inbound, with a member (answered or not)."""
    later = inbound_with_member(contacts)
    return later.select(
        later_id=later.contact_id,
        later_member=later.member_id,
        later_reason=later.reason,
        later_start=later.started_at,
    )


def build_followups(source: TableSource) -> ir.Table:
    contacts = source.table(CONTACTS)
    earlier = inbound_with_member(contacts)
    earlier = earlier.select(
        contact_id=earlier.contact_id,
        member_id=earlier.member_id,
        reason=earlier.reason,
        contact_end=contact_end(earlier),
    )
    later = later_contacts(contacts)
    pairs = earlier.join(
        later,
        [
            earlier.member_id == later.later_member,
            earlier.reason == later.later_reason,
            later.later_start >= earlier.contact_end,
            later.later_start <= earlier.contact_end + ibis.interval(days=LONGEST_WINDOW_DAYS),
            later.later_id != earlier.contact_id,
        ],
    )
    gap = pairs.later_start.delta(pairs.contact_end, unit="microsecond")
    return pairs.group_by("contact_id").aggregate(next_same_reason_gap_us=gap.min().cast("int64"))


CONTACT_FOLLOWUPS = register_derived(DerivedTable(spec=FOLLOWUPS, sources=(CONTACTS,), build=build_followups))
# Brought up to date after an ingest by the members its contacts were and are of (warehouse.increments).
register_increment(CONTACT_FOLLOWUPS, Increment(part=lambda contacts: contacts.member_id, stale=by_member_of_contact))
