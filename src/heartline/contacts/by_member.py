"""Contacts by member: a copy of the contacts' member-view columns, kept sorted by `member_id`.

`contacts` is written in arrival order (by time), so a read of one member's contacts has to scan
the `member_id` column of every row (10M at the large demo). `contacts_by_member` holds the columns
the member view lists, plus the scope columns, sorted by `member_id` in 16k-row Parquet row groups
(`cluster_by`): one member's read touches one row group. It is a derived table
(heartline.warehouse.derived, ADR 0005): rebuilt from `contacts` by the worker after each contacts
ingest and by the demo build, and read by the member view only while it matches the current
contacts version, so the view never shows an older state than `contacts` holds.
"""

from __future__ import annotations

import ibis.expr.types as ir
import pyarrow as pa

from heartline.contacts.tables import CONTACTS, TS
from heartline.warehouse.derived import DerivedTable, register_derived
from heartline.warehouse.increments import Increment, by_member_of_contact, register_increment
from heartline.warehouse.reader import TableSource
from heartline.warehouse.tables import TableSpec, register

# What the member view lists of a contact, and who may see it (the scope columns).
COLUMNS = (
    "member_id",
    "contact_id",
    "started_at",
    "channel",
    "direction",
    "queue",
    "route",
    "consult_count",
    "reason",
    "disposition",
    "abandoned",
    "unit",
    "agent_id",
    "case_id",
)

BY_MEMBER = register(
    TableSpec(
        name="contacts_by_member",
        description="Derived from contacts: the member view's columns of every contact with a member, "
        "sorted by member_id so one member's read skips the rest of the table.",
        schema=pa.schema(
            [
                pa.field("member_id", pa.string(), nullable=False),
                pa.field("contact_id", pa.string(), nullable=False),
                pa.field("started_at", TS, nullable=False),
                *(CONTACTS.schema.field(name) for name in COLUMNS[3:]),
            ]
        ),
        natural_key=("contact_id",),
        unit_column="unit",
        agent_column="agent_id",
        cluster_by=("member_id",),
    )
)


def build_by_member(source: TableSource) -> ir.Table:
    contacts = source.table(CONTACTS)
    return contacts.filter(contacts.member_id.notnull()).select(*COLUMNS)


CONTACTS_BY_MEMBER = register_derived(DerivedTable(spec=BY_MEMBER, sources=(CONTACTS,), build=build_by_member))
# Brought up to date after an ingest by the members its contacts were and are of (warehouse.increments).
# A row is a copy of one contact's columns: new contacts alone are appended (`per_source_row`).
register_increment(
    CONTACTS_BY_MEMBER,
    Increment(part=lambda contacts: contacts.member_id, stale=by_member_of_contact, per_source_row=True),
)
