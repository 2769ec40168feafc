"""The contacts and cases formats the ingest engine loads (docs/data-formats.md).

`contacts` and `cases` in the native layout, and contacts from Amazon Connect exports
(`amazon_connect`). Contacts do not carry `team`: it is filled from each representative's team in
Heartline when they are stored (`teams`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.ingest.amazon_connect import CONNECT_READER
from heartline.contacts.ingest.teams import with_teams
from heartline.contacts.tables import (
    CASE_CATEGORIES,
    CASE_OUTCOMES,
    CASE_REQUESTS,
    CASES,
    CHANNELS,
    CONTACTS,
    DIRECTIONS,
    DISCONNECTED_BY,
    DISPOSITIONS,
    LINES_OF_BUSINESS,
    PRIORITIES,
)
from heartline.core.ingest import ingest_files
from heartline.ingest import FieldKind, FieldRule, IngestOptions, IngestReport, NativeFormat
from heartline.ingest.formats import INT16_MAX

# No regulation allows a longer extension than ERISA's 15 days; 90 leaves room for State rules.
MAX_EXTENSION_DAYS = 90
EXTENSION_REASON_MAX_LENGTH = 1_000


def with_clock_defaults(cases: pa.Table) -> pa.Table:
    """`cases` with `received_at` defaulting to `opened_at`, `extension_days` to 0 and `request` to
    service, as docs/data-formats.md says."""
    defaults = {
        "received_at": cases.column("opened_at"),
        "extension_days": pa.array([0] * cases.num_rows, pa.int64()),
        "request": pa.array(["service"] * cases.num_rows, pa.string()),
    }
    for name, default in defaults.items():
        if name not in cases.column_names:
            cases = cases.append_column(name, default)
            continue
        column = cases.column(name)
        filled = pc.if_else(pc.is_null(column), default.cast(column.type), column)
        cases = cases.set_column(cases.column_names.index(name), name, filled)
    return cases


# A route joins the queues a contact visited: room for several full-length queue ids.
ROUTE_MAX_LENGTH = 1_000

CONTACTS_FORMAT = NativeFormat(
    kind="contacts",
    table=CONTACTS,
    fields=(
        FieldRule("contact_id", required=True),
        FieldRule("member_id"),
        FieldRule("channel", FieldKind.CHOICE, choices=CHANNELS),
        FieldRule("direction", FieldKind.CHOICE, choices=DIRECTIONS),
        FieldRule("queue"),
        FieldRule("unit"),
        FieldRule("agent_id"),
        FieldRule("reason"),
        FieldRule("language"),
        FieldRule("started_at", FieldKind.TIME, required=True),
        FieldRule("answered_at", FieldKind.TIME),
        FieldRule("ended_at", FieldKind.TIME),
        FieldRule("hold_seconds", FieldKind.COUNT),
        FieldRule("talk_seconds", FieldKind.COUNT),
        FieldRule("wrap_seconds", FieldKind.COUNT),
        FieldRule("abandoned", FieldKind.FLAG),
        FieldRule("route", max_length=ROUTE_MAX_LENGTH),
        FieldRule("consult_count", FieldKind.COUNT, maximum=INT16_MAX),
        FieldRule("case_id"),
        FieldRule("disposition", FieldKind.CHOICE, choices=DISPOSITIONS),
        FieldRule("ivr_seconds", FieldKind.COUNT),
        FieldRule("disconnected_by", FieldKind.CHOICE, choices=DISCONNECTED_BY),
    ),
    time_order=(("started_at", "ended_at"), ("started_at", "answered_at"), ("answered_at", "ended_at")),
    filled_by_heartline=(("team", "it is filled from the agent's team in Heartline"),),
    fill=with_teams,
    vendor_readers={"amazon-connect": CONNECT_READER},
)

CASES_FORMAT = NativeFormat(
    kind="cases",
    table=CASES,
    fields=(
        FieldRule("case_id", required=True),
        FieldRule("member_id"),
        FieldRule("unit"),
        FieldRule("type"),
        FieldRule("priority", FieldKind.CHOICE, choices=PRIORITIES),
        FieldRule("opened_at", FieldKind.TIME, required=True),
        FieldRule("closed_at", FieldKind.TIME),
        FieldRule("status"),
        FieldRule("owner_id"),
        FieldRule("line_of_business", FieldKind.CHOICE, choices=LINES_OF_BUSINESS),
        FieldRule("category", FieldKind.CHOICE, choices=CASE_CATEGORIES),
        FieldRule("request", FieldKind.CHOICE, choices=CASE_REQUESTS),
        FieldRule("received_at", FieldKind.TIME),
        FieldRule("extension_days", FieldKind.COUNT, maximum=MAX_EXTENSION_DAYS),
        FieldRule("extension_reason", max_length=EXTENSION_REASON_MAX_LENGTH),
        FieldRule("decided_at", FieldKind.TIME),
        FieldRule("notified_at", FieldKind.TIME),
        FieldRule("outcome", FieldKind.CHOICE, choices=CASE_OUTCOMES),
    ),
    time_order=(
        ("opened_at", "closed_at"),
        ("received_at", "decided_at"),
        ("received_at", "notified_at"),
        ("decided_at", "notified_at"),
    ),
    fill=with_clock_defaults,
)

FORMATS: dict[str, NativeFormat] = {f.kind: f for f in (CONTACTS_FORMAT, CASES_FORMAT)}


def load_contacts(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest contacts`: native files or Amazon Connect exports."""
    return ingest_files(CONTACTS_FORMAT, files, options)


def load_cases(files: Sequence[Path], options: IngestOptions) -> IngestReport:
    """`heartline ingest cases`: native files."""
    return ingest_files(CASES_FORMAT, files, options)
