"""Check and convert a whole file's columns at once (pyarrow.compute), never row by row.

`check_records(fmt, raw)` takes the columns as read — text from CSV, JSON Lines, the API or a Connect
export; text or typed values from Parquet — and returns the typed columns of the warehouse table,
which rows are bad, and one problem per bad value (row index, field, reason). A whole-column mistake
(a Parquet time column without a time zone) raises `ColumnError`: every row would be bad, so the
file is refused as a whole.

Speed: each column is first converted in one cast; only when that fails are the bad values found,
with vectorised shape and calendar checks, and a bisection of the remaining casts as a last resort.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.ingest.formats import TIMESTAMP as TS
from heartline.ingest.formats import FieldKind, FieldRule, NativeFormat

# The shapes Arrow's ISO 8601 parser accepts with an offset: date, T or space, hh[:mm[:ss[.ffffff]]],
# then Z or ±hh[[:]mm]. Calendar days are checked separately; Arrow's own cast is the final word.
ISO_TIME = (
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[T ]([01][0-9]|2[0-3])"
    r"(:[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?)?(Z|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)$"
)
WHOLE_NUMBER = r"^[0-9]{1,18}$"
TOO_MANY_DIGITS = r"^[0-9]{19,}$"  # a whole number, but past what 64 bits hold
# Times outside these years are typing or export errors, not contacts; refused before they reach
# date arithmetic in a metric, where year 9999 plus a day overflows.
EARLIEST_TIME = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
LATEST_TIME = dt.datetime(2100, 1, 1, tzinfo=dt.UTC)  # exclusive
TIME_RANGE_REASON = "is outside the years 1900 to 2099"
NUL_REASON = "holds a NUL character (byte 0), which is never part of text: the file is damaged or not text"
DAYS_IN_MONTH = pa.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], pa.int64())
SHOWN_VALUE_LENGTH = 80
TIME_REASON = "is not an ISO 8601 time with an offset (e.g. 2025-03-01T09:30:00Z or 2025-03-01T09:30:00-05:00)"


class ColumnError(ValueError):
    """A column that cannot hold this field at all (e.g. a Parquet time without a time zone)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"field {field}: {reason}")
        self.field = field
        self.reason = reason


PROBLEM_SCHEMA = pa.schema(
    [
        pa.field("index", pa.int64()),  # 0-based position in the checked columns
        pa.field("field_order", pa.int32()),
        pa.field("field", pa.string()),
        pa.field("reason", pa.string()),
    ]
)


@dataclass(frozen=True)
class Checked:
    """The typed columns (bad values as nulls), which rows are bad, and the problems, ordered by row."""

    table: pa.Table
    bad_rows: np.ndarray  # bool, one per row
    problems: pa.Table  # PROBLEM_SCHEMA

    @property
    def bad_count(self) -> int:
        return int(self.bad_rows.sum())

    def good(self) -> pa.Table:
        if not self.bad_count:
            return self.table
        return self.table.filter(pa.array(~self.bad_rows))


@dataclass(frozen=True)
class _Flagged:
    """Rows of one field that fail one rule, and the reason to give.

    The message reads `"VALUE" REASON` (or just REASON when `show_value` is off), followed by
    ` "OTHER"` when the reason compares with another field's value (`other_value`, one per row).
    """

    mask: pa.ChunkedArray | pa.Array  # bool without nulls
    reason: str
    other_value: pa.ChunkedArray | pa.Array | None = None
    show_value: bool = True


@dataclass(frozen=True)
class _Converted:
    values: pa.ChunkedArray | pa.Array
    text: pa.ChunkedArray | pa.Array | None  # the values as text, for messages (None: no problems)
    flagged: tuple[_Flagged, ...]


def check_records(fmt: NativeFormat, raw: pa.Table, threads: int = 2) -> Checked:
    """Check every field of `raw` against `fmt` and convert it to the warehouse type."""
    rows = raw.num_rows
    rules = list(fmt.fields)

    def convert(rule: FieldRule) -> _Converted:
        if rule.name not in raw.column_names:
            return _Converted(pa.nulls(rows, fmt.table.schema.field(rule.name).type), None, ())
        return _convert(rule, raw.column(rule.name))

    if threads > 1:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            converted = dict(zip(fmt.names, pool.map(convert, rules), strict=True))
    else:
        converted = {rule.name: convert(rule) for rule in rules}

    flagged: list[tuple[int, str, _Converted, _Flagged]] = []
    for order, rule in enumerate(rules):
        result = converted[rule.name]
        for flag in result.flagged:
            flagged.append((order, rule.name, result, flag))
        if rule.required:
            missing = pc.is_null(result.values) if result.text is None else pc.is_null(result.text)
            flagged.append((order, rule.name, result, _Flagged(missing, "is required but empty", show_value=False)))
    for earlier, later in fmt.time_order:
        before = pc.fill_null(pc.less(converted[later].values, converted[earlier].values), False)
        if not pc.any(before).as_py():
            continue
        earlier_text = _text_of(converted[earlier], raw, earlier)
        flagged.append(
            (fmt.names.index(later), later, converted[later], _Flagged(before, f"is before {earlier}", earlier_text))
        )

    problems, bad_rows = _collect(rows, raw, flagged)
    table = _typed_table(fmt, {name: c.values for name, c in converted.items()}, rows)
    return Checked(table=table, bad_rows=bad_rows, problems=problems)


def flag_rows(
    checked: Checked,
    fmt: NativeFormat,
    name: str,
    mask: pa.Array | pa.ChunkedArray,
    reasons: pa.Array | pa.ChunkedArray,
) -> Checked:
    """`checked` with the rows where `mask` is true also bad, for field `name`, each with its reason.

    For a format's `extra_check`: a rule of the kind's own, found a column at a time like the shared
    ones, joins their problems in row and field order.
    """
    index = pc.indices_nonzero(mask)
    if len(index) == 0:
        return checked
    return flag_indices(checked, fmt, name, index, pc.take(reasons, index))


def flag_indices(
    checked: Checked,
    fmt: NativeFormat,
    name: str,
    index: pa.Array | pa.ChunkedArray,
    reasons: pa.Array | pa.ChunkedArray,
) -> Checked:
    """`checked` with the rows at positions `index` also bad, for field `name`, with `reasons` (one per position)."""
    if len(index) == 0:
        return checked
    bad_rows = checked.bad_rows.copy()
    bad_rows[index.to_numpy()] = True
    count = len(index)
    piece = pa.table(
        {
            "index": index.cast(pa.int64()),
            "field_order": pa.array(np.full(count, fmt.names.index(name), dtype=np.int32)),
            "field": pa.repeat(pa.scalar(name, pa.string()), count),
            "reason": reasons.cast(pa.string()),
        },
        schema=PROBLEM_SCHEMA,
    )
    problems = pa.concat_tables([checked.problems, piece]).sort_by(
        [("index", "ascending"), ("field_order", "ascending")]
    )
    return Checked(table=checked.table, bad_rows=bad_rows, problems=problems)


def _collect(
    rows: int, raw: pa.Table, flagged: list[tuple[int, str, _Converted, _Flagged]]
) -> tuple[pa.Table, np.ndarray]:
    bad_rows = np.zeros(rows, dtype=bool)
    pieces: list[pa.Table] = []
    for order, name, converted, flag in flagged:
        if not pc.any(flag.mask).as_py():
            continue
        index = pc.indices_nonzero(flag.mask)
        bad_rows[index.to_numpy()] = True
        count = len(index)
        if flag.show_value:
            shown = _shown(pc.take(_text_of(converted, raw, name), index))
            if flag.other_value is not None:
                other = _shown(pc.take(flag.other_value, index))
                reason = pc.binary_join_element_wise('"', shown, f'" {flag.reason} "', other, '"', "")
            else:
                reason = pc.binary_join_element_wise('"', shown, f'" {flag.reason}', "")
        else:
            reason = pa.repeat(pa.scalar(flag.reason, pa.string()), count)
        pieces.append(
            pa.table(
                {
                    "index": index.cast(pa.int64()),
                    "field_order": pa.array(np.full(count, order, dtype=np.int32)),
                    "field": pa.repeat(pa.scalar(name, pa.string()), count),
                    "reason": reason,
                },
                schema=PROBLEM_SCHEMA,
            )
        )
    if not pieces:
        return PROBLEM_SCHEMA.empty_table(), bad_rows
    problems = pa.concat_tables(pieces).sort_by([("index", "ascending"), ("field_order", "ascending")])
    return problems, bad_rows


def _text_of(converted: _Converted, raw: pa.Table, name: str) -> pa.ChunkedArray | pa.Array:
    if converted.text is not None:
        return converted.text
    return _as_text(raw.column(name))


def _shown(text: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.utf8_slice_codeunits(pc.fill_null(text, ""), 0, SHOWN_VALUE_LENGTH)


def _typed_table(fmt: NativeFormat, values: dict[str, pa.ChunkedArray | pa.Array], rows: int) -> pa.Table:
    columns = []
    fields = []
    for field in fmt.table.schema:
        if field.name not in values:
            continue  # filled by Heartline (team)
        column = values[field.name]
        if column.null_count == len(column) and column.type != field.type:
            column = pa.nulls(rows, field.type)
        else:
            column = column.cast(field.type)
        columns.append(column)
        fields.append(field.with_nullable(True))
    return pa.Table.from_arrays(columns, schema=pa.schema(fields))


# -- one field ------------------------------------------------------------------------------------


def _convert(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    converters: dict[FieldKind, Callable[[FieldRule, pa.ChunkedArray], _Converted]] = {
        FieldKind.TEXT: _text,
        FieldKind.CHOICE: _choice,
        FieldKind.TIME: _time,
        FieldKind.COUNT: _count,
        FieldKind.FLAG: _flag,
    }
    return converters[rule.kind](rule, column)


def _is_text(column: pa.ChunkedArray) -> bool:
    return bool(pa.types.is_string(column.type) or pa.types.is_large_string(column.type))


def _as_text(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """The column as text with empty text as null (CSV, JSON and API values arrive as text)."""
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    if not pa.types.is_string(column.type):
        column = column.cast(pa.string())
    if column.null_count < len(column) and pc.min(pc.binary_length(column)).as_py() == 0:
        column = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    return column


def _text(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    if pa.types.is_nested(column.type) or pa.types.is_binary(column.type):
        raise ColumnError(rule.name, f"holds {column.type} values, not text")
    text = _as_text(column)
    flagged = []
    # Characters are never more than bytes: only a column with a value longer in bytes is measured.
    longest = pc.max(pc.binary_length(text)).as_py()
    if longest is not None and longest > rule.max_length:
        too_long = pc.fill_null(pc.greater(pc.utf8_length(text), rule.max_length), False)
        # The value is not shown: it is long by definition, and free text is where member details are.
        flagged.append(_Flagged(too_long, f"is longer than {rule.max_length} characters", show_value=False))
    if _may_hold_nul(text):
        nul = pc.fill_null(pc.match_substring(text, "\x00"), False)
        flagged.append(_Flagged(nul, NUL_REASON, show_value=False))
    return _Converted(text, text, tuple(flagged))


def _may_hold_nul(text: pa.ChunkedArray | pa.Array) -> bool:
    """Whether a NUL byte is anywhere in the column's text buffers (one pass over the bytes; a buffer
    may hold bytes of no value here, so a hit is then looked for value by value)."""
    chunks = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    for chunk in chunks:
        data = chunk.buffers()[2] if len(chunk) else None
        if data is not None and data.size and not np.frombuffer(data, dtype=np.uint8).all():
            return True
    return False


def _choice(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    text = _text(rule, column).values
    known = pc.is_in(text, value_set=pa.array(rule.choices, pa.string()))  # false, not null, for nulls
    unknown = pc.and_(pc.is_valid(text), pc.invert(known))
    return _Converted(text, text, (_Flagged(unknown, f"is not one of {', '.join(rule.choices)}"),))


def _flag(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    if pa.types.is_boolean(column.type):
        return _Converted(column, None, ())
    if not (_is_text(column) or pa.types.is_dictionary(column.type)):
        raise ColumnError(rule.name, f"holds {column.type} values, not true or false")
    text = _as_text(column)
    lowered = pc.utf8_lower(text)
    true = pc.equal(lowered, "true")
    known = pc.or_(true, pc.equal(lowered, "false"))
    unknown = pc.invert(pc.fill_null(known, True))
    values = pc.if_else(unknown, pa.scalar(None, pa.bool_()), true)
    return _Converted(values, text, (_Flagged(unknown, "is not true or false"),))


def _count(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    not_whole = None
    many_digits = None
    if pa.types.is_integer(column.type):
        values = column.cast(pa.int64())
        text = None
    elif pa.types.is_floating(column.type) or pa.types.is_decimal(column.type):
        floats = column.cast(pa.float64())
        whole = pc.and_(pc.is_finite(floats), pc.equal(floats, pc.floor(floats)))
        not_whole = pc.invert(pc.fill_null(whole, True))
        values = pc.if_else(not_whole, pa.scalar(None, pa.float64()), floats).cast(pa.int64(), safe=False)
        text = _as_text(column)
    elif _is_text(column) or pa.types.is_dictionary(column.type):
        text = _as_text(column)
        try:
            values = text.cast(pa.int64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            shaped = pc.fill_null(pc.match_substring_regex(text, WHOLE_NUMBER), False)
            many_digits = pc.fill_null(pc.match_substring_regex(text, TOO_MANY_DIGITS), False)
            not_whole = pc.and_(pc.is_valid(text), pc.invert(pc.or_(shaped, many_digits)))
            values = pc.if_else(shaped, text, pa.scalar(None, pa.string())).cast(pa.int64())
    else:
        raise ColumnError(rule.name, f"holds {column.type} values, not whole numbers")
    negative = pc.fill_null(pc.less(values, 0), False)
    too_large = pc.fill_null(pc.greater(values, rule.maximum), False)
    if text is not None and many_digits is not None:
        too_large = pc.or_(too_large, many_digits)
    flagged = [_Flagged(negative, "is not a whole number of 0 or more")]
    if not_whole is not None:
        flagged.append(_Flagged(not_whole, "is not a whole number of 0 or more"))
    bad = pc.or_(negative, too_large)
    if rule.minimum > 0:  # a scale that starts above 0 (a 1–5 rating)
        below = pc.fill_null(pc.and_(pc.greater_equal(values, 0), pc.less(values, rule.minimum)), False)
        flagged.append(_Flagged(below, f"is not a whole number from {rule.minimum} to {rule.maximum}"))
        bad = pc.or_(bad, below)
    flagged.append(_Flagged(too_large, f"is larger than {rule.maximum:,}".replace(",", "")))
    if text is None and pc.any(bad).as_py():
        text = _as_text(column)
    values = pc.if_else(bad, pa.scalar(None, pa.int64()), values)
    return _Converted(values, text, tuple(flagged))


def _time(rule: FieldRule, column: pa.ChunkedArray) -> _Converted:
    if pa.types.is_timestamp(column.type):
        if column.type.tz is None:
            raise ColumnError(
                rule.name, f"is a {column.type} column without a time zone; times need an explicit offset or UTC"
            )
        values = column.cast(TS, safe=False)
        return _Converted(values, None, (_outside_years(values),))
    if not (_is_text(column) or pa.types.is_dictionary(column.type)):
        raise ColumnError(rule.name, f"holds {column.type} values, not ISO 8601 times with an offset")
    text = _as_text(column)
    try:
        values = text.cast(TS)
        return _Converted(values, text, (_outside_years(values),))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    shaped = pc.fill_null(pc.match_substring_regex(text, ISO_TIME), False)
    shaped = pc.and_(shaped, _real_calendar_day(text))
    candidates = pc.if_else(shaped, text, pa.scalar(None, pa.string()))
    if isinstance(candidates, pa.ChunkedArray):
        candidates = candidates.combine_chunks()
    uncastable = _uncastable(candidates, TS)
    if uncastable:
        mask = np.zeros(len(candidates), dtype=bool)
        mask[uncastable] = True
        shaped = pc.and_(shaped, pa.array(~mask))
        candidates = pc.if_else(shaped, text, pa.scalar(None, pa.string()))
    bad = pc.and_(pc.is_valid(text), pc.invert(shaped))
    values = candidates.cast(TS)
    return _Converted(values, text, (_Flagged(bad, TIME_REASON), _outside_years(values)))


def _outside_years(values: pa.ChunkedArray | pa.Array) -> _Flagged:
    early = pc.less(values, pa.scalar(EARLIEST_TIME, TS))
    late = pc.greater_equal(values, pa.scalar(LATEST_TIME, TS))
    return _Flagged(pc.fill_null(pc.or_(early, late), False), TIME_RANGE_REASON)


def _real_calendar_day(text: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """True where the text's yyyy-mm-dd prefix is a day that exists (no 30 February); null-safe."""
    year = pc.utf8_slice_codeunits(text, 0, 4)
    month = pc.utf8_slice_codeunits(text, 5, 7)
    day = pc.utf8_slice_codeunits(text, 8, 10)
    digits = pc.and_(pc.and_(pc.utf8_is_digit(year), pc.utf8_is_digit(month)), pc.utf8_is_digit(day))
    digits = pc.fill_null(digits, False)
    blank = pa.scalar(None, pa.string())
    year_n = pc.if_else(digits, year, blank).cast(pa.int64())
    month_n = pc.if_else(digits, month, blank).cast(pa.int64())
    day_n = pc.if_else(digits, day, blank).cast(pa.int64())
    month_n = pc.if_else(pc.and_(pc.greater_equal(month_n, 1), pc.less_equal(month_n, 12)), month_n, 0)
    leap = pc.and_(
        pc.equal(pc.bit_wise_and(year_n, 3), 0),
        pc.or_(pc.not_equal(_mod(year_n, 100), 0), pc.equal(_mod(year_n, 400), 0)),
    )
    days = pc.take(DAYS_IN_MONTH, month_n)
    days = pc.add(days, pc.if_else(pc.and_(leap, pc.equal(month_n, 2)), 1, 0))
    return pc.fill_null(pc.and_(pc.greater_equal(day_n, 1), pc.less_equal(day_n, days)), False)


def _mod(values: pa.ChunkedArray | pa.Array, divisor: int) -> pa.ChunkedArray | pa.Array:
    return pc.subtract(values, pc.multiply(pc.divide(values, divisor), divisor))


def _uncastable(values: pa.Array, to: pa.DataType) -> list[int]:
    """Positions whose value Arrow will not cast to `to`, found by bisection (a last resort)."""
    bad: list[int] = []
    pending = [(0, len(values))]
    while pending:
        start, stop = pending.pop()
        if stop <= start:
            continue
        try:
            values.slice(start, stop - start).cast(to)
            continue
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        if stop - start == 1:
            bad.append(start)
            continue
        middle = (start + stop) // 2
        pending.extend([(middle, stop), (start, middle)])
    return sorted(bad)
