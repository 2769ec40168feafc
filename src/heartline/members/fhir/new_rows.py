"""A load's new app-database rows written by one statement per table, not one model instance per row.

`Model.objects.bulk_create` builds a model instance per row and re-renders the SQL with every value
in it, per batch: for a FHIR load of 40,000 resources that was most of the time spent storing. Here
the INSERT is built once from the model's own table and columns and the rows go to the driver: by
`executemany` on SQLite, streamed in by COPY on PostgreSQL (through a temporary table and one
`INSERT … SELECT … ON CONFLICT` when a stored key is replaced), on the caller's connection and so
inside its transaction. Values the database takes as they are (text, integers, booleans, None) go
through as they are; every other one (dates, times, JSON) through the field's own
`get_db_prep_save`, as bulk_create would. A missing value takes the field's default (as a model
instance would: '' for text, None where null is allowed). Like bulk_create, no `save()` runs and no
signal is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models, transaction
from django.db.models.constants import OnConflict

BATCH = 5_000  # rows per executemany call (bounds the memory of a very large load)
# Internal types whose Python values both sqlite3 and psycopg store as they are.
AS_THEY_ARE = {
    "BooleanField",
    "CharField",
    "TextField",
    "SlugField",
    "EmailField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
    "ForeignKey",  # the key of an integer primary key: every model here has one
}


def _fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    if field.get_internal_type() in AS_THEY_ARE:
        return lambda value: value
    return lambda value: None if value is None else field.get_db_prep_save(value, connection)


def insert_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    replace_on: Sequence[str] = (),
    replace: Sequence[str] = (),
) -> int:
    """Insert `rows` (field attname, e.g. `member_id` for a foreign key → value) into `model`'s table;
    with `replace_on` (the fields of a unique constraint; the rows' keys distinct), a row whose key is
    stored already replaces the `replace` fields of the stored one instead. Returns the rows sent."""
    fields = _fields(model)
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name}: automatic times are not filled in here")
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    on_conflict = ""
    if replace_on:
        by_name = {f.name: f for f in fields}
        on_conflict = connection.ops.on_conflict_suffix_sql(
            fields,
            OnConflict.UPDATE,
            [by_name[name].column for name in replace],
            [by_name[name].column for name in replace_on],
        )
    plan = [(f.attname, f.get_default, _converter(f)) for f in fields]
    known = {f.attname for f in fields}

    def values_of(row: Mapping[str, Any]) -> list[Any]:
        if not known.issuperset(row):  # as a model would refuse an unknown field
            raise TypeError(f"{model.__name__} has no field {sorted(set(row) - known)[0]!r}")
        return [convert(row[attname] if attname in row else default()) for attname, default, convert in plan]

    values = (values_of(row) for row in rows)
    if connection.vendor == "postgresql":
        return _copy(table, columns, values, on_conflict)
    placeholders = ", ".join(["%s"] * len(fields))
    return _execute_many(f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {on_conflict}", values)  # noqa: S608


def _execute_many(sql: str, values: Iterable[list[Any]]) -> int:
    sent = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in values:
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                sent, batch = sent + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            sent += len(batch)
    return sent


def _copy(table: str, columns: str, values: Iterable[list[Any]], on_conflict: str) -> int:
    """PostgreSQL: the rows streamed in by COPY (no statement per row); with a conflict clause, into
    a temporary table first, then one INSERT … SELECT … ON CONFLICT."""
    import psycopg

    connection.ensure_connection()
    sent = 0
    with transaction.atomic(), connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        target = table
        if on_conflict:
            target = connection.ops.quote_name("heartline_new_rows")
            cursor.execute(f"CREATE TEMPORARY TABLE {target} AS SELECT {columns} FROM {table} WITH NO DATA")  # noqa: S608
        with cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
                sent += 1
        if on_conflict:
            cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM {target} {on_conflict}")  # noqa: S608
            cursor.execute(f"DROP TABLE {target}")
    return sent
