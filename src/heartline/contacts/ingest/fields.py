"""The native formats' fields: what each column may hold, as data the vectorised checks read.

One `NativeFormat` per ingest kind (`contacts`, `cases`). Each field says how its text is checked and
converted; the warehouse table (`heartline.contacts.tables`) says the stored type. Columns the table
has but the format does not (`team`) are filled by the ingest service, never read from the file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from heartline.contacts.tables import CASES, CHANNELS, CONTACTS, DIRECTIONS, DISPOSITIONS, PRIORITIES
from heartline.warehouse.tables import TableSpec

if TYPE_CHECKING:
    from heartline.contacts.ingest.validation import Checked

INT32_MAX = 2**31 - 1
INT16_MAX = 2**15 - 1


class FieldKind(Enum):
    TEXT = "text"  # any text; empty is null
    CHOICE = "choice"  # one of `choices`, exactly as written
    TIME = "time"  # ISO 8601 date and time with an explicit offset (Z or ±hh:mm), stored in UTC
    COUNT = "count"  # a whole number, 0 or more, at most `maximum`
    FLAG = "flag"  # true or false (any letter case)


@dataclass(frozen=True)
class FieldRule:
    name: str
    kind: FieldKind = FieldKind.TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    maximum: int = INT32_MAX


@dataclass(frozen=True)
class NativeFormat:
    """One kind of record in the native format and the warehouse table it loads into."""

    kind: str
    table: TableSpec
    fields: tuple[FieldRule, ...]
    # (earlier, later): when both are present, `later` may not be before `earlier`.
    time_order: tuple[tuple[str, str], ...] = ()
    # Table columns that are filled by Heartline, never read from a file, with the reason why.
    filled_by_heartline: tuple[tuple[str, str], ...] = ()
    # A check of the kind's own after the shared column checks (survey answers below a scale's lowest value).
    extra_check: Callable[[Checked], Checked] | None = None

    @property
    def key(self) -> str:
        return self.table.natural_key[0]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.required)

    def rule(self, name: str) -> FieldRule:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)


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
        FieldRule("route"),
        FieldRule("consult_count", FieldKind.COUNT, maximum=INT16_MAX),
        FieldRule("case_id"),
        FieldRule("disposition", FieldKind.CHOICE, choices=DISPOSITIONS),
    ),
    time_order=(("started_at", "ended_at"), ("started_at", "answered_at"), ("answered_at", "ended_at")),
    filled_by_heartline=(("team", "it is filled from the agent's team in Heartline"),),
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
    ),
    time_order=(("opened_at", "closed_at"),),
)

FORMATS: dict[str, NativeFormat] = {f.kind: f for f in (CONTACTS_FORMAT, CASES_FORMAT)}
