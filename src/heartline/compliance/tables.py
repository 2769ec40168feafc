"""The compliance app's warehouse tables: `test_calls`, the log of calls placed to test a call centre.

A plan (or its vendor) places calls the way CMS's monitoring contractor does — in another language,
or over TTY — and logs whether a live person answered, whether an interpreter or the TTY line
worked, and how long it took to reach someone who could answer. Interpreter and TTY availability are
measured from this log (docs/compliance.md, "Call-center standards").
"""

from __future__ import annotations

import pyarrow as pa

from heartline.warehouse.tables import TableSpec, register

TS = pa.timestamp("us", tz="UTC")

TEST_CALLS = register(
    TableSpec(
        name="test_calls",
        description=(
            "One row per test call to a call-centre line: language or TTY, whether a live person and an "
            "interpreter were reached, and how soon."
        ),
        schema=pa.schema(
            [
                pa.field("call_id", pa.string(), nullable=False),
                pa.field("placed_at", TS, nullable=False),
                pa.field("queue", pa.string()),
                pa.field("unit", pa.string()),  # filled from the queue's unit in Heartline
                pa.field("line_of_business", pa.string()),
                pa.field("language", pa.string()),  # the language the caller asked for help in
                pa.field("tty", pa.bool_()),  # placed over TTY (a text telephone), not in a language
                pa.field("reached_live_person", pa.bool_()),
                pa.field("interpreter_available", pa.bool_()),
                pa.field("connected_within_seconds", pa.int32()),  # until someone could answer, through
                # the interpreter or the TTY line; empty when nobody could
                pa.field("notes", pa.string()),
            ]
        ),
        natural_key=("call_id",),
        required=("placed_at",),
        unit_column="unit",
    )
)

# What happened to a regulated case, one row per step (opened, extended, decided, notified, reassigned),
# appended by compliance.case_services and shown newest first on the case page.
CASE_EVENT_ACTIONS = ("opened", "extended", "decided", "notified", "reassigned")

CASE_EVENTS = register(
    TableSpec(
        name="case_events",
        description="The history of regulated cases worked in Heartline: who did what to which case, and when.",
        schema=pa.schema(
            [
                pa.field("event_id", pa.string(), nullable=False),
                pa.field("case_id", pa.string(), nullable=False),
                pa.field("at", TS, nullable=False),
                pa.field("actor", pa.string()),  # the username of who did it
                pa.field("action", pa.string(), nullable=False),  # CASE_EVENT_ACTIONS
                pa.field("detail", pa.string()),  # JSON: what changed (days and reason, outcome, owner…)
                pa.field("unit", pa.string()),  # the case's unit, for scope
            ]
        ),
        natural_key=("event_id",),
        required=("case_id", "at", "action"),
        unit_column="unit",
    )
)
