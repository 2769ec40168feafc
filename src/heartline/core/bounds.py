"""Bounds on what a person types: days, whole numbers, record ids and the length of free text.

A number or day that reaches storage or date arithmetic unchecked can overflow later, in a page that
everyone opens (issue 13); a megabyte typed into a comment fills pages, exports and the database.
Services and query parsers check typed values here, before storing or computing, and refuse with a
message naming the field and the limit or range it must fall in. `TEXT_LIMITS` is the one table of
free-text lengths (docs/limits.md lists it); a name or title is as long as its database column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import MappingProxyType

from heartline.core.errors import ActionRefused

EARLIEST_DAY = dt.date(1900, 1, 1)
LATEST_DAY = dt.date(9000, 12, 31)  # far from date.max, so a period's day bounds and spans never overflow
LARGEST_ID = 2**63 - 1  # a database id is a signed 64-bit integer


# The longest text, in characters, a person may type into each kind of field.
TEXT_LIMITS = MappingProxyType(
    {
        "label": 120,  # a value's name
        "name": 200,  # names and titles: programs, credentials, scorecards, sections, ideas, articles…
        "short note": 300,  # a note on a version or a wording; a scorecard item's text
        "note": 5_000,  # comments, notes, reasons, resolutions, descriptions, commitments, evidence
        "document": 100_000,  # a library article's Markdown body and its long sections
    }
)
LABEL_CHARS = TEXT_LIMITS["label"]
NAME_CHARS = TEXT_LIMITS["name"]
SHORT_NOTE_CHARS = TEXT_LIMITS["short note"]
NOTE_CHARS = TEXT_LIMITS["note"]
DOCUMENT_CHARS = TEXT_LIMITS["document"]


def check_text(value: str, field: str, limit: int, error: type[ValueError] = ActionRefused) -> str:
    """`value` itself when it is at most `limit` characters long; `error` naming the field and limit otherwise."""
    if len(value) > limit:
        raise error(f"{field} is {len(value):,} characters long; at most {limit:,} are allowed")
    return value


def check_lines(values: Sequence[str], field: str, limit: int, error: type[ValueError] = ActionRefused) -> None:
    """Each of `values` (a list typed one per line) at most `limit` characters, and all of them together
    too; `error` naming the field and limit otherwise."""
    for value in values:
        check_text(value, field, limit, error)
    check_text("\n".join(values), field, limit, error)


def check_day(day: dt.date, field: str, error: type[ValueError] = ActionRefused) -> dt.date:
    """`day` itself when it lies between EARLIEST_DAY and LATEST_DAY; `error` naming the range otherwise."""
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise error(f"{field}={day.isoformat()} is out of range ({EARLIEST_DAY} … {LATEST_DAY})")
    return day


def parse_day(raw: str | None, field: str, error: type[ValueError] = ActionRefused) -> dt.date | None:
    """`raw` (YYYY-MM-DD, from a URL or form) as a day within range; None when empty; `error` otherwise."""
    if raw in (None, ""):
        return None
    try:
        day = dt.date.fromisoformat(str(raw))
    except ValueError:
        raise error(f"{field}={raw!r} is not a date (use YYYY-MM-DD)") from None
    return check_day(day, field, error)


def check_whole(value: int, field: str, low: int, high: int, error: type[ValueError] = ActionRefused) -> int:
    """`value` itself when `low <= value <= high`; `error` naming the field and range otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise error(f"{field}={value!r} is not a whole number")
    if not low <= value <= high:
        raise error(f"{field} must be between {low} and {high}, not {value}")
    return value


def check_number(value: float, field: str, low: float, high: float, error: type[ValueError] = ActionRefused) -> float:
    """`value` itself when it is a finite number between `low` and `high`; `error` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        raise error(f"{field}={value!r} is not a number")
    if not low <= value <= high:
        raise error(f"{field} must be between {_plain(low)} and {_plain(high)}, not {_plain(value)}")
    return value


def check_id(value: int, field: str) -> int:
    """A record id as typed: 1 … LARGEST_ID (beyond that no record can have it, and the database
    refuses to compare); ActionRefused otherwise."""
    return check_whole(value, field, 1, LARGEST_ID)


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def days_after(day: dt.date, days: int) -> dt.date:
    """`day` plus `days`, or the calendar's last (first) day where that would fall beyond it: pages
    computing from stored data must not crash on an absurd stored value (issue 13)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min
