"""A demo that is live today: the plan built on its fixed calendar, then moved in whole weeks to end by `ends`.

Every step draws on the fixed calendar in timeline.py (so the same seed builds the same plan), and then,
once all steps have run and before the tables are written, every date and time the demo made is moved
by the same whole number of weeks: the warehouse tables the steps emitted (each timestamp and date
column) and the app-database rows of Heartline's apps (each DateField and DateTimeField, but not the
`auto_now`/`auto_now_add` stamps, which hold the build's own moment already). Whole weeks keep
weekdays, so Mondays stay busy and weekends quiet; the data end on a day of the week before
`ends` (yesterday, by default, in `heartline demo`). Fields that name a month (a sampling plan's month)
move by whole months, the nearest to the same span. Security records are real events and never move,
nor does a time stamped at or after the build began (a model trained or a transcript scored "now").

What does not move: dates inside free text (a transcript saying "March third") and the holidays and
enrollment seasons of the calendar itself, which land up to three days off their real dates.
See docs/adr/0007-demo-live-today.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
from django.apps import apps
from django.db import connection, models

from heartline.demo.steps import DemoContext
from heartline.demo.timeline import LAST_DAY

# Real events, recorded as they happened: a demo build never rewrites them.
UNMOVED_MODELS = frozenset({"core.AccessLogEntry", "core.TokenFailure", "core.ApiToken"})
# (model label, field name) of date fields that hold the first day of a month.
MONTH_FIELDS = frozenset({("quality.SamplingPlan", "month")})
# Month fields are unique per unit and month: they move out of the way first, then into place.
_PARKING_MONTHS = 1200
_DAYS_PER_MONTH = 365.2425 / 12


def weeks_to_move(ends: dt.date, last_day: dt.date = LAST_DAY) -> int:
    """Whole weeks that bring `last_day` to `ends` or up to six days before it (negative: back in time)."""
    return (ends - last_day).days // 7


def move_demo(ctx: DemoContext, weeks: int, since: dt.datetime) -> None:
    """Move every date and time the demo's steps made by `weeks` weeks (see the module docstring).

    `since` is when the build began: a time at or after it was stamped by the build itself (a model
    trained, a transcript scored, a row written "now") and is real, so it stays."""
    if weeks == 0:
        return
    days = 7 * weeks
    for name, (spec, table) in list(ctx.tables.items()):
        ctx.tables[name] = (spec, moved_table(table, days, since))
    for model, field in _app_date_fields():
        label = model._meta.label
        if (label, field.name) in MONTH_FIELDS:
            months = round(days / _DAYS_PER_MONTH)
            _move_months(model, field, months + _PARKING_MONTHS)
            _move_months(model, field, -_PARKING_MONTHS)
        else:
            _move_days(model, field, days, since)
    ctx.counts["moved_days"] = days


def moved_table(table: pa.Table, days: int, since: dt.datetime) -> pa.Table:
    """`table` with each timestamp and date column `days` later (nulls, and times from `since` on, stay)."""
    columns = []
    for column, field in zip(table.columns, table.schema, strict=True):
        kind = field.type
        if pa.types.is_timestamp(kind):
            shift = pa.scalar(dt.timedelta(days=days), type=pa.duration(kind.unit))
            made_before = pc.less(column, pa.scalar(since, type=kind))
            column = pc.if_else(made_before, pc.add(column, shift).cast(kind), column)
        elif pa.types.is_date32(kind):
            column = pc.add(column.cast(pa.int32()), pa.scalar(days, pa.int32())).cast(kind)
        elif pa.types.is_date64(kind):
            column = pc.add(column.cast(pa.int64()), pa.scalar(days * 86_400_000, pa.int64())).cast(kind)
        columns.append(column)
    return pa.Table.from_arrays(columns, schema=table.schema)


def _app_date_fields() -> Iterator[tuple[type[models.Model], models.DateField[dt.date, dt.date]]]:
    for model in apps.get_models():
        if not model.__module__.startswith("heartline.") or model._meta.label in UNMOVED_MODELS:
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            # DateTimeField is a DateField; auto_now(_add) fields hold the build's own moment, already now
            if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
                yield model, field


def _move_days(
    model: type[models.Model], field: models.DateField[dt.date, dt.date], days: int, since: dt.datetime
) -> None:
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    is_datetime = isinstance(field, models.DateTimeField)
    params: list[int | str | dt.datetime]
    if connection.vendor == "postgresql":
        moved = f"{column} + make_interval(days => %s)" if is_datetime else f"{column} + %s"
        params = [days]
    elif is_datetime:  # SQLite keeps 'YYYY-MM-DD HH:MM:SS[.ffffff]': move the seconds, keep the fraction
        moved = f"strftime('%%Y-%%m-%%d %%H:%%M:%%S', {column}, %s) || substr({column}, 20)"
        params = [f"{days:+d} days"]
    else:
        moved = f"date({column}, %s)"
        params = [f"{days:+d} days"]
    where = f"{column} IS NOT NULL"
    if is_datetime:  # a time the build stamped itself is real: it stays
        where += f" AND {column} < %s"
        utc = since.astimezone(dt.UTC)
        params.append(utc if connection.vendor == "postgresql" else utc.strftime("%Y-%m-%d %H:%M:%S.%f"))
    with connection.cursor() as cursor:
        # names from the models' own metadata, quoted by the backend; the amount is a parameter
        cursor.execute(f"UPDATE {table} SET {column} = {moved} WHERE {where}", params)  # noqa: S608


def _move_months(model: type[models.Model], field: models.DateField[dt.date, dt.date], months: int) -> None:
    table, column = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(field.column)
    params: list[int | str]
    if connection.vendor == "postgresql":
        moved, params = f"({column} + make_interval(months => %s))::date", [months]
    else:
        moved, params = f"date({column}, %s)", [f"{months:+d} months"]
    with connection.cursor() as cursor:
        # names from the models' own metadata, quoted by the backend; the amount is a parameter
        cursor.execute(f"UPDATE {table} SET {column} = {moved} WHERE {column} IS NOT NULL", params)  # noqa: S608
