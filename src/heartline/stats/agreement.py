"""Inter-rater agreement: Krippendorff's alpha for calibration sessions and double-scored audits.

When several raters (QA analysts, coaches, supervisors) score the same units (calls, chats, cases),
alpha says how far their scores agree beyond what chance would produce: 1 is perfect agreement, 0 is
agreement no better than chance, below 0 is systematic disagreement. We follow the coincidence-matrix
method of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" (Annenberg School for
Communication Departmental Papers 43), for nominal, ordinal, interval and ratio scores with missing
scores allowed, and put a percentile bootstrap interval around alpha by resampling units. The readers
turn the two CSV shapes people export — wide (a unit column, then one column per rater) and long
(`unit,rater,value`) — into the raters × units matrix the estimator takes.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval", "ratio"]
LEVELS: tuple[Level, ...] = ("nominal", "ordinal", "interval", "ratio")
DEFAULT_DRAWS = 2000

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

# Bootstrap draws are processed in chunks so memory stays near this many float64 cells per array.
_CHUNK_CELLS = 1_000_000


@dataclass(frozen=True)
class AgreementResult:
    """Krippendorff's alpha with its bootstrap interval and what it rests on.

    `units` counts pairable units (scored by at least two raters), `raters` counts raters who scored at
    least one pairable unit, and `pairable_values` is Krippendorff's n.. — the scores in pairable units.
    `alpha` is NaN when it is undefined: no pairable unit, or every pairable score the same value.
    """

    alpha: float
    ci_low: float
    ci_high: float
    level: Level
    units: int
    raters: int
    pairable_values: int


@dataclass(frozen=True, eq=False)
class ReliabilityData:
    """Scores read from a CSV: a raters × units matrix (NaN = not scored) and the ids behind its axes.

    When the scores were words rather than numbers (nominal labels, or an ordered `value_order`),
    `labels[k]` is the word stored as the number k; otherwise `labels` is empty.
    """

    matrix: FloatArray
    unit_ids: tuple[str, ...]
    rater_ids: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class _PairableScores:
    """The pairable part of the reliability data, in the shapes the alpha arithmetic needs."""

    values: FloatArray  # V distinct pairable values, ascending
    counts: FloatArray  # U × V: how many raters gave each value to each pairable unit
    unit_sizes: FloatArray  # U: m_u, scores in each pairable unit
    pair_units: IntArray  # P: the unit of each within-unit pair of differing scores
    pair_low: IntArray  # P: index of the pair's smaller value
    pair_high: IntArray  # P: index of the pair's larger value
    pair_weights: FloatArray  # P: 2 / (m_u - 1), the pair's share of the coincidence matrix, both orders
    raters: int


def krippendorff_alpha(
    reliability_data: npt.ArrayLike,
    level: Level = "nominal",
    *,
    draws: int = DEFAULT_DRAWS,
    seed: int = 0,
    confidence: float = 0.95,
) -> AgreementResult:
    """Krippendorff's alpha for a raters × units matrix (NaN = missing), with a bootstrap interval.

    alpha = 1 − (n.. − 1) · Σ o_ck δ²_ck / Σ n_c n_k δ²_ck over the coincidence matrix o of pairable
    values (Krippendorff 2011), with δ² the level's difference function: nominal (c ≠ k), ordinal
    (Σ_{g=c..k} n_g − (n_c + n_k)/2)², interval (c − k)², ratio ((c − k)/(c + k))². Ratio scores must
    be ≥ 0. Units scored by fewer than two raters are left out, as the method requires. Interval alpha
    is computed from per-unit sums (the same number, without the units × distinct values counts), so
    continuous scores need memory in proportion to the scores, not to units × values.

    The interval is a unit-level percentile bootstrap: each of `draws` resamples draws the pairable units
    with replacement (keeping every score within a drawn unit together) and recomputes alpha, ordinal
    differences included. This is not Krippendorff's own bootstrap, which resamples pairable values from
    the coincidence matrix; resampling units respects that units, not single scores, are the
    independent draws. Draws whose resample holds a single distinct value are skipped. The same `seed`
    gives the same interval; `draws=0` gives no interval (NaN bounds).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    if draws < 0:
        raise ValueError(f"draws must be >= 0, got {draws}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    matrix = _as_score_matrix(reliability_data)
    if level == "ratio" and bool(np.any(matrix < 0)):
        raise ValueError("ratio scores must be >= 0")

    alpha_of: Callable[[FloatArray], FloatArray]
    if level == "interval":
        # Interval scores are often continuous (every score a distinct value): per-unit sums keep
        # memory at O(scores) where the units × values coincidence counts would not fit.
        summaries = _interval_summaries(matrix)
        units, raters, pairable_values = summaries.sizes.size, summaries.raters, int(summaries.sizes.sum())
        alpha_of = summaries.alphas
        width = units
    else:
        scores = _pairable_scores(matrix)
        units, raters, pairable_values = scores.counts.shape[0], scores.raters, int(scores.unit_sizes.sum())
        alpha_of = partial(_alpha_for_unit_weights, scores, level)
        width = max(units, scores.values.size, scores.pair_units.size)
    if units == 0:
        return AgreementResult(math.nan, math.nan, math.nan, level, 0, 0, 0)

    alpha = float(alpha_of(np.ones((1, units)))[0])
    ci_low = ci_high = math.nan
    if draws > 0 and not math.isnan(alpha):
        boot = _bootstrap_alphas(alpha_of, units, width, draws, seed)
        boot = boot[np.isfinite(boot)]
        if boot.size:
            tail = (1 - confidence) / 2
            ci_low, ci_high = (float(q) for q in np.quantile(boot, [tail, 1 - tail]))
    return AgreementResult(alpha, ci_low, ci_high, level, units, raters, pairable_values)


def _as_score_matrix(reliability_data: npt.ArrayLike) -> FloatArray:
    try:
        matrix = np.asarray(reliability_data, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            "reliability data must be numbers with NaN for missing; code word labels as numbers first "
            "(read_reliability_csv does this)"
        ) from exc
    if matrix.ndim != 2:
        raise ValueError(f"reliability data must be a raters × units matrix, got {matrix.ndim} dimension(s)")
    if bool(np.any(np.isinf(matrix))):
        raise ValueError("reliability data must not contain infinite values")
    return matrix


def _pairable_scores(matrix: FloatArray) -> _PairableScores:
    scored = ~np.isnan(matrix)
    pairable = scored.sum(axis=0) >= 2
    sub = matrix[:, pairable]
    sub_scored = scored[:, pairable]
    raters = int(np.count_nonzero(sub_scored.any(axis=1)))
    values, inverse = np.unique(sub[sub_scored], return_inverse=True)
    codes = np.full(sub.shape, -1, dtype=np.intp)
    codes[sub_scored] = inverse

    units = sub.shape[1]
    counts = np.zeros((units, values.size))
    rater_index, unit_index = np.nonzero(sub_scored)
    np.add.at(counts, (unit_index, codes[rater_index, unit_index]), 1.0)
    unit_sizes = counts.sum(axis=1)

    # Every pair of raters who both scored a unit and differ on it: the off-diagonal coincidences.
    first, second = np.triu_indices(sub.shape[0], k=1)
    a = codes[first]
    b = codes[second]
    differ = (a >= 0) & (b >= 0) & (a != b)
    _, pair_units = np.nonzero(differ)
    pair_low = np.minimum(a, b)[differ]
    pair_high = np.maximum(a, b)[differ]
    pair_weights = 2.0 / (unit_sizes[pair_units] - 1.0)
    return _PairableScores(
        values.astype(np.float64),
        counts,
        unit_sizes,
        pair_units.astype(np.intp),
        pair_low.astype(np.intp),
        pair_high.astype(np.intp),
        pair_weights,
        raters,
    )


def _alpha_for_unit_weights(scores: _PairableScores, level: Level, unit_weights: FloatArray) -> FloatArray:
    """Alpha for each row of `unit_weights` (draws × units: how often each unit is in the resample)."""
    value_totals = unit_weights @ scores.counts  # n_c per draw
    n = value_totals.sum(axis=1)
    present = unit_weights[:, scores.pair_units]  # how often each differing pair is in the resample

    if level == "nominal":
        observed = present @ scores.pair_weights
        expected = n * n - np.sum(value_totals * value_totals, axis=1)
    elif level == "ratio":
        total = scores.values[:, None] + scores.values[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            table = np.where(total > 0, (scores.values[:, None] - scores.values[None, :]) / total, 0.0) ** 2
        observed = present @ (scores.pair_weights * table[scores.pair_low, scores.pair_high])
        expected = np.sum((value_totals @ table) * value_totals, axis=1)
    else:
        # Interval and ordinal differences are both squared distances between positions: the values
        # themselves, or for ordinal data each value's mid-rank among the pairable values of the draw.
        if level == "interval":
            positions = np.broadcast_to(scores.values, value_totals.shape)
        else:
            positions = np.cumsum(value_totals, axis=1) - value_totals / 2
        gaps = np.take_along_axis(positions, np.broadcast_to(scores.pair_high, present.shape), axis=1)
        gaps = gaps - np.take_along_axis(positions, np.broadcast_to(scores.pair_low, present.shape), axis=1)
        observed = np.sum(present * scores.pair_weights * gaps * gaps, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            centre = np.sum(value_totals * positions, axis=1) / n
        centred = positions - centre[:, None]
        expected = 2 * n * np.sum(value_totals * centred * centred, axis=1)

    distinct = np.count_nonzero(value_totals > 0, axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        alpha = 1.0 - (n - 1.0) * observed / expected
    return np.where(distinct >= 2, alpha, np.nan)


@dataclass(frozen=True)
class _IntervalSummaries:
    """Per pairable unit, all that interval alpha needs — O(units) whatever the number of distinct values.

    Scores are centred on the mean pairable score first, so the sums stay small and the expected
    disagreement 2·(n·Σx² − (Σx)²) does not cancel away. A unit's observed disagreement over its
    pairs, Σ_{i<j} (x_i − x_j)² · 2/(m_u − 1), is 2·m_u·Σ_i (x_i − x̄_u)²/(m_u − 1): no pair is formed.
    """

    sizes: FloatArray  # m_u
    sums: FloatArray  # Σ x, centred
    squares: FloatArray  # Σ x², centred
    observed: FloatArray  # the unit's share of the observed disagreement
    lowest: FloatArray
    highest: FloatArray
    raters: int

    def alphas(self, unit_weights: FloatArray) -> FloatArray:
        """Alpha for each row of `unit_weights` (draws × units), as `_alpha_for_unit_weights` does."""
        n = unit_weights @ self.sizes
        total = unit_weights @ self.sums
        observed = unit_weights @ self.observed
        expected = 2 * (n * (unit_weights @ self.squares) - total * total)
        drawn = unit_weights > 0
        spread = np.where(drawn, self.highest, -np.inf).max(axis=1) - np.where(drawn, self.lowest, np.inf).min(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            alpha = 1.0 - (n - 1.0) * observed / expected
        return np.where(spread > 0, alpha, np.nan)


def _interval_summaries(matrix: FloatArray) -> _IntervalSummaries:
    scored = ~np.isnan(matrix)
    pairable = scored.sum(axis=0) >= 2
    sub_scored = scored[:, pairable]
    raters = int(np.count_nonzero(sub_scored.any(axis=1)))
    sizes = sub_scored.sum(axis=0).astype(np.float64)
    values = np.where(sub_scored, matrix[:, pairable], 0.0)
    centre = float(values.sum() / sizes.sum()) if sizes.size else 0.0
    centred = np.where(sub_scored, values - centre, 0.0)
    sums = centred.sum(axis=0)
    deviations = np.where(sub_scored, centred - sums / np.maximum(sizes, 1.0), 0.0)
    observed = 2 * sizes * np.sum(deviations * deviations, axis=0) / np.maximum(sizes - 1.0, 1.0)
    return _IntervalSummaries(
        sizes=sizes,
        sums=sums,
        squares=np.sum(centred * centred, axis=0),
        observed=observed,
        lowest=np.where(sub_scored, values, np.inf).min(axis=0, initial=np.inf),
        highest=np.where(sub_scored, values, -np.inf).max(axis=0, initial=-np.inf),
        raters=raters,
    )


def _bootstrap_alphas(
    alpha_of: Callable[[FloatArray], FloatArray], units: int, width: int, draws: int, seed: int
) -> FloatArray:
    """`draws` unit-resampled alphas, in chunks of draws whose arrays (`width` cells a draw) stay near
    _CHUNK_CELLS cells. The chunking does not change the draws: the generator's stream is the same."""
    chunk = max(1, _CHUNK_CELLS // max(width, 1))
    rng = np.random.default_rng(seed)
    alphas: list[FloatArray] = []
    for start in range(0, draws, chunk):
        size = min(chunk, draws - start)
        picks = rng.integers(0, units, size=(size, units))
        offsets = picks + units * np.arange(size)[:, None]
        unit_weights = np.bincount(offsets.ravel(), minlength=size * units).reshape(size, units).astype(np.float64)
        alphas.append(alpha_of(unit_weights))
    return np.concatenate(alphas)


# -- reading reliability data from CSV ---------------------------------------------------------------

_LONG_HEADER = ["unit", "rater", "value"]


@dataclass(frozen=True)
class _RawScore:
    rater: int
    unit: int
    text: str
    row: int
    field: str


def read_reliability_csv(
    path: str | Path, level: Level = "nominal", *, value_order: Sequence[str] | None = None
) -> ReliabilityData:
    """Read reliability data from a CSV file in either shape; see `parse_reliability_csv`."""
    source = Path(path)
    return parse_reliability_csv(
        source.read_text(encoding="utf-8-sig"), level, value_order=value_order, source=str(source)
    )


def parse_reliability_csv(
    text: str,
    level: Level = "nominal",
    *,
    value_order: Sequence[str] | None = None,
    source: str = "<csv>",
) -> ReliabilityData:
    """Parse CSV text into a raters × units matrix, detecting the shape from the header.

    A header of exactly `unit,rater,value` (any case) means long shape, one score per row; any other
    header means wide shape: the first column is the unit id and every further column is a rater. An
    empty cell (wide) or empty value (long) is a missing score. Units and raters keep the order they
    first appear in. Interval, ratio and ordinal scores must be numbers — unless `value_order` lists the
    ordered words (nominal or ordinal only; matched ignoring case), which are then stored as 0, 1, 2, ….
    Nominal scores that are not all numbers are kept as labels, coded 0, 1, 2, … in order of appearance.
    A bad score, a duplicate unit or rater, or a row of the wrong length raises ValueError naming
    `source`, the row (counted as in a spreadsheet, the header being row 1) and the field.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}")
    if value_order is not None and level not in ("nominal", "ordinal"):
        raise ValueError(f"value_order applies to nominal or ordinal scores, not {level}")
    reader = csv.reader(io.StringIO(text))
    rows = [(reader.line_num, cells) for cells in reader]
    if not rows or not any(cell.strip() for cell in rows[0][1]):
        raise ValueError(f"{source}: no header row")
    header = [cell.strip() for cell in rows[0][1]]
    body = [(row, cells) for row, cells in rows[1:] if any(cell.strip() for cell in cells)]
    if [cell.lower() for cell in header] == _LONG_HEADER:
        unit_ids, rater_ids, raw_scores = _read_long(body, source)
    else:
        unit_ids, rater_ids, raw_scores = _read_wide(body, header, source)

    numbers, labels = _decode_scores(raw_scores, level, value_order, source)
    matrix = np.full((len(rater_ids), len(unit_ids)), np.nan)
    for raw, number in zip(raw_scores, numbers, strict=True):
        matrix[raw.rater, raw.unit] = number
    return ReliabilityData(matrix, tuple(unit_ids), tuple(rater_ids), labels)


def _read_wide(
    body: list[tuple[int, list[str]]], header: list[str], source: str
) -> tuple[list[str], list[str], list[_RawScore]]:
    rater_ids = header[1:]
    if not rater_ids:
        raise ValueError(f"{source}: row 1: a wide file needs a unit column and at least one rater column")
    for position, rater in enumerate(rater_ids, start=2):
        if not rater:
            raise ValueError(f"{source}: row 1, column {position}: rater column has no name")
        if rater_ids.index(rater) != position - 2:
            raise ValueError(f"{source}: row 1: rater column {rater!r} appears twice")
    unit_ids: list[str] = []
    unit_rows: dict[str, int] = {}
    raw_scores: list[_RawScore] = []
    for row, cells in body:
        if len(cells) != len(header):
            raise ValueError(f"{source}: row {row} has {len(cells)} fields, the header has {len(header)}")
        unit = cells[0].strip()
        if not unit:
            raise ValueError(f"{source}: row {row}, field {header[0]!r}: unit id is empty")
        if unit in unit_rows:
            raise ValueError(f"{source}: row {row}: unit {unit!r} already appears on row {unit_rows[unit]}")
        unit_rows[unit] = row
        unit_ids.append(unit)
        for rater_index, cell in enumerate(cells[1:]):
            if cell.strip():
                raw_scores.append(_RawScore(rater_index, len(unit_ids) - 1, cell.strip(), row, rater_ids[rater_index]))
    return unit_ids, rater_ids, raw_scores


def _read_long(body: list[tuple[int, list[str]]], source: str) -> tuple[list[str], list[str], list[_RawScore]]:
    unit_index: dict[str, int] = {}
    rater_index: dict[str, int] = {}
    seen: dict[tuple[int, int], int] = {}
    raw_scores: list[_RawScore] = []
    for row, cells in body:
        if len(cells) != len(_LONG_HEADER):
            raise ValueError(f"{source}: row {row} has {len(cells)} fields, expected unit,rater,value")
        unit, rater, value = (cell.strip() for cell in cells)
        if not unit:
            raise ValueError(f"{source}: row {row}, field 'unit': unit id is empty")
        if not rater:
            raise ValueError(f"{source}: row {row}, field 'rater': rater id is empty")
        u = unit_index.setdefault(unit, len(unit_index))
        r = rater_index.setdefault(rater, len(rater_index))
        if (r, u) in seen:
            raise ValueError(f"{source}: row {row}: rater {rater!r} already scored unit {unit!r} on row {seen[(r, u)]}")
        seen[(r, u)] = row
        if value:
            raw_scores.append(_RawScore(r, u, value, row, "value"))
    return list(unit_index), list(rater_index), raw_scores


def _decode_scores(
    raw_scores: list[_RawScore], level: Level, value_order: Sequence[str] | None, source: str
) -> tuple[list[float], tuple[str, ...]]:
    if value_order is not None:
        positions: dict[str, int] = {}
        for position, word in enumerate(value_order):
            key = word.strip().casefold()
            if key in positions:
                raise ValueError(f"value_order lists {word!r} twice")
            positions[key] = position
        numbers: list[float] = []
        for raw in raw_scores:
            code = positions.get(raw.text.casefold())
            if code is None:
                raise ValueError(
                    f"{source}: row {raw.row}, field {raw.field!r}: {raw.text!r} is not one of {', '.join(value_order)}"
                )
            numbers.append(float(code))
        return numbers, tuple(word.strip() for word in value_order)

    parsed = [_parse_number(raw.text) for raw in raw_scores]
    if level == "nominal" and any(number is None for number in parsed):
        codes: dict[str, int] = {}
        return [float(codes.setdefault(raw.text, len(codes))) for raw in raw_scores], tuple(codes)
    numbers = []
    for raw, number in zip(raw_scores, parsed, strict=True):
        if number is None:
            raise ValueError(
                f"{source}: row {raw.row}, field {raw.field!r}: {raw.text!r} is not a number "
                f"({level} scores must be numbers)"
            )
        if level == "ratio" and number < 0:
            raise ValueError(f"{source}: row {raw.row}, field {raw.field!r}: ratio scores must be >= 0, got {raw.text}")
        numbers.append(number)
    return numbers, ()


def _parse_number(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None
