"""Rows by the hundred thousand into the app database: one parameterised INSERT run over every row.

The ORM's bulk_create builds a model object per row, which at a quarter of a million members takes
most of a demo build. Here the columns come from the model (a column not given gets the field's
default), every value is a parameter, and the rows go in with the cursor's `executemany`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import numpy as np
from django.db import connection, models

BATCH_ROWS = 50_000


Column = Sequence[object] | np.ndarray


def insert_rows(model: type[models.Model], columns: Mapping[str, Column], count: int) -> None:
    """Insert `count` rows into `model`'s table: `columns` maps a field's attribute name (`member_id`
    for a foreign key `member`) to its `count` values; every other concrete field but the primary key
    takes its default. Dates and instants may come as numpy datetime64 arrays (instants in UTC, to
    the second), which are converted for the database in one vectorised step."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    names = [f.attname for f in fields]
    unknown = set(columns) - set(names)
    if unknown:
        raise ValueError(f"{model.__name__} has no column {', '.join(sorted(unknown))}")
    values: list[Sequence[object] | np.ndarray] = []
    for f in fields:
        given = columns.get(f.attname)
        if given is None:
            values.append([f.get_db_prep_save(f.get_default(), connection)] * count)
        elif len(given) != count:
            raise ValueError(f"{f.attname}: {len(given)} values for {count} rows")
        elif isinstance(given, np.ndarray) and given.dtype.kind == "M":
            values.append(_moments(given, isinstance(f, models.DateTimeField)))
        elif isinstance(f, models.DateField | models.TimeField):  # DateTimeField is a DateField
            prep = f.get_db_prep_save  # slow per call, and most such columns are mostly empty
            values.append([None if v is None else prep(v, connection) for v in given])
        else:
            values.append(given)
    quote = connection.ops.quote_name
    # Table and column names come from the model; every value is a parameter.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    rows = list(zip(*values, strict=True))
    with connection.cursor() as cursor:
        for start in range(0, count, BATCH_ROWS):
            cursor.executemany(sql, rows[start : start + BATCH_ROWS])


def _moments(values: np.ndarray, instant: bool) -> list[object]:
    """datetime64 values as the backend takes them: SQLite the text Django writes (UTC, naive), others
    `date` or aware `datetime` objects."""
    unit = "s" if instant else "D"
    values = values.astype(f"datetime64[{unit}]")
    if connection.vendor == "sqlite":
        texts: list[str] = np.datetime_as_string(values, unit=unit).tolist()  # type: ignore[call-overload]
        return [text.replace("T", " ") for text in texts]
    objects = values.astype(object).tolist()
    return [v.replace(tzinfo=dt.UTC) for v in objects] if instant else objects
