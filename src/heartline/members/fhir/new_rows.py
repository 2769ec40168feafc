"""A load's new app-database rows written with one prepared INSERT per table, run for every row.

`Model.objects.bulk_create` builds a model instance per row and re-renders the SQL with every value
in it, per batch: for a FHIR load of 40,000 resources that is most of the time spent storing. Here
the INSERT is prepared once (the model's own table and columns) and run for all rows with the
driver's `executemany` (sqlite3; psycopg's pipeline on PostgreSQL), on the caller's connection and
therefore inside its transaction. Values that the database takes as they are (text, integers,
booleans, None) go through as they are; every other one (dates, times, JSON) through the field's own
`get_db_prep_save`, as bulk_create would. A missing value takes the field's default (as a model
instance would: '' for text, None where null is allowed). Like
bulk_create, no `save()` runs and no signal is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
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
    with `replace_on` (the fields of a unique constraint), a row whose key is stored already replaces
    the `replace` fields of the stored one instead. Returns the rows sent."""
    fields = _fields(model)
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{model.__name__}.{field.name}: automatic times are not filled in here")
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    if replace_on:
        by_name = {f.name: f for f in fields}
        sql += " " + connection.ops.on_conflict_suffix_sql(
            fields,
            OnConflict.UPDATE,
            [by_name[name].column for name in replace],
            [by_name[name].column for name in replace_on],
        )
    plan = [(f.attname, f.get_default, _converter(f)) for f in fields]
    sent = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            values = []
            for attname, default, convert in plan:
                values.append(convert(row[attname] if attname in row else default()))
            batch.append(values)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                sent, batch = sent + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            sent += len(batch)
    return sent
