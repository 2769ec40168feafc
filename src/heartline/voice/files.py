"""Survey scores and key drivers straight from a file (CSV, Parquet or JSON Lines): what `heartline voice
nps|drivers|themes FILE` compute, with errors that name the file, row and field.

Any file with the named columns will do, not only the survey-responses format: blank cells count as
not answered (skipped for NPS; the whole row is left out of a driver analysis, and `n` says how many
rows were used).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa

from heartline.core.redaction import Redactor
from heartline.ingest.readers import (
    CSV_SUFFIXES,
    JSON_LINES_SUFFIXES,
    PARQUET_SUFFIXES,
    RawRecords,
    read_csv,
    read_json_lines,
    read_parquet,
)
from heartline.stats.drivers import DriverResult, lmg, relative_weights
from heartline.stats.nps import NpsResult, net_promoter_score
from heartline.voice.surveys import DRIVER_CODES, driver_score
from heartline.voice.themes import ThemeReport, Verbatim, summarize

METHODS = ("relative-weights", "shapley")


class FileProblem(ValueError):
    """The file cannot be analysed as asked; the message names the file, and the row and field when known."""


@dataclass(frozen=True)
class Columns:
    source: str
    table: pa.Table
    row_numbers: np.ndarray


def read_columns(path: Path) -> Columns:
    """The file's columns (as read) and the row number of each row, as the ingest reports count them."""
    if not path.exists():
        raise FileProblem(f"{path}: no such file")
    suffix = path.suffix.lower()
    raw: RawRecords
    if suffix in CSV_SUFFIXES:
        raw = read_csv(path)
    elif suffix in PARQUET_SUFFIXES:
        raw = read_parquet(path)
    elif suffix in JSON_LINES_SUFFIXES:
        raw = read_json_lines(path)
    else:
        raise FileProblem(f"{path.name}: unknown file type {suffix or '(none)'}; use .csv, .parquet or .jsonl")
    if raw.file_problems:
        raise FileProblem(f"{path.name}: {raw.file_problems[0]}")
    if raw.malformed:
        bad = raw.malformed[0]
        raise FileProblem(f"{path.name} row {bad.row}: {bad.reason}")
    return Columns(path.name, raw.table, raw.row_numbers)


def numbers(columns: Columns, name: str) -> np.ndarray:
    """A column as floats, NaN where blank; FileProblem naming the first value that is not a number."""
    if name not in columns.table.column_names:
        raise FileProblem(f"{columns.source}: no column {name!r} (columns: {', '.join(columns.table.column_names)})")
    values = columns.table.column(name).to_pylist()
    out = np.full(len(values), np.nan)
    for index, value in enumerate(values):
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        number = _as_number(value, name)
        if number is None:
            row = int(columns.row_numbers[index])
            raise FileProblem(f"{columns.source} row {row}, field {name}: {str(value)[:80]!r} is not a number")
        out[index] = number
    return out


def _as_number(value: object, name: str) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip() in ("Yes", "No", "Never", "Sometimes", "Usually", "Always"):
        return driver_score(name, value.strip()) if name in DRIVER_CODES else None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def nps_from_file(path: Path, column: str) -> NpsResult:
    """NPS of the 0–10 ratings in `column` (blank cells skipped)."""
    columns = read_columns(path)
    ratings = numbers(columns, column)
    for index, rating in enumerate(ratings):
        if not math.isnan(rating) and not (rating.is_integer() and 0 <= rating <= 10):
            row = int(columns.row_numbers[index])
            raise FileProblem(
                f"{columns.source} row {row}, field {column}: {rating:g} is not a whole number from 0 to 10"
            )
    return net_promoter_score(ratings[~np.isnan(ratings)])


def drivers_from_file(
    path: Path,
    outcome: str,
    drivers: Sequence[str] | None = None,
    method: str = "relative-weights",
    *,
    draws: int = 1000,
    seed: int = 0,
) -> DriverResult:
    """Key drivers of `outcome` in a file: the drivers named, or else the item bank's driver items the
    file has; rows with a blank in any of those columns are left out."""
    if method not in METHODS:
        raise FileProblem(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    columns = read_columns(path)
    names = list(drivers) if drivers else [c for c in DRIVER_CODES if c in columns.table.column_names]
    if not names:
        raise FileProblem(
            f"{columns.source}: name the driver columns with --drivers (none of {', '.join(DRIVER_CODES)} found)"
        )
    if outcome in names:
        raise FileProblem(f"the outcome {outcome} cannot also be a driver")
    y = numbers(columns, outcome)
    x = np.column_stack([numbers(columns, name) for name in names])
    complete = ~np.isnan(y) & ~np.isnan(x).any(axis=1)
    decompose = relative_weights if method == "relative-weights" else lmg
    try:
        return decompose(x[complete], y[complete], names, draws=draws, seed=seed)
    except ValueError as exc:
        raise FileProblem(f"{columns.source}: {exc} ({int(complete.sum())} complete rows)") from exc


def themes_from_file(
    path: Path, column: str = "verbatim", language_column: str = "language", redactor: Redactor | None = None
) -> ThemeReport:
    """Themes of the verbatims in `column`; languages from `language_column` when present, else guessed.
    Quotes and examples are redacted by `redactor` (pass one that knows the staff's names)."""
    columns = read_columns(path)
    if column not in columns.table.column_names:
        raise FileProblem(f"{columns.source}: no column {column!r}")
    texts = columns.table.column(column).to_pylist()
    languages = (
        columns.table.column(language_column).to_pylist()
        if language_column in columns.table.column_names
        else [None] * len(texts)
    )
    ids = [str(r) for r in columns.row_numbers]
    verbatims = [
        Verbatim(i, str(t), str(lang) if lang else None) for i, t, lang in zip(ids, texts, languages, strict=True) if t
    ]
    return summarize(verbatims, redactor=redactor)
