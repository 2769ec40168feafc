"""A unit's (or a program's) survey results beside the outside benchmarks loaded into `voice_benchmarks`.

Each benchmark row whose measure is in `benchmarks_map.BENCHMARK_MAP` is set beside the mapped item's
top-box share for the same units over the period shown (with its 95% Wilson interval and n), the
benchmark's value with its own n (CMS's completed surveys; "not given" where the file has none) and
period, and the difference in points. The difference is **not** tested: the two figures come from
different instruments, modes and populations, ours are not case-mix adjusted and the periods may
differ (`benchmarks_map.CAVEATS`, shown beside every comparison). Benchmarks are public figures, not
member data: reading them needs no access-log entry.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller, Scope
from heartline.voice.analytics import Period, UnitNotVisibleError, default_period, item_scores, results_units
from heartline.voice.benchmarks import VOICE_BENCHMARKS
from heartline.voice.benchmarks_map import CAVEATS, MAP_BY_MEASURE
from heartline.voice.scoring import min_responses


def benchmark_rows() -> list[dict[str, Any]]:
    """Every loaded benchmark row whose measure is mapped to one of our items, by source, measure, period."""
    source = warehouse_source()
    table = source.table(VOICE_BENCHMARKS)
    rows = source.execute(table.filter(table.measure.isin(sorted(MAP_BY_MEASURE))))
    return sorted(rows, key=lambda r: (str(r["source"]), str(r["measure"]), str(r["period"])))


def _period_days(text: str) -> tuple[dt.date, dt.date] | None:
    """A benchmark's period "YYYY-MM-DD/YYYY-MM-DD" as days (None when written otherwise)."""
    start, _, end = text.partition("/")
    try:
        return dt.date.fromisoformat(start.strip()), dt.date.fromisoformat(end.strip())
    except ValueError:
        return None


def period_note(benchmark_period: str, ours: Period) -> str:
    days = _period_days(benchmark_period)
    if days is None:
        return f"benchmark period {benchmark_period} (not in days: compare with care)"
    start, end = days
    if end < ours.start or start > ours.end:
        return f"benchmark period {start} to {end} does not overlap ours ({ours.start} to {ours.end})"
    return f"benchmark period {start} to {end} overlaps ours"


def _percent(score: dict[str, Any] | None, key: str) -> float | None:
    """A share of our item score (0–1) in percent; None when there is no score."""
    return None if score is None or score[key] is None else float(score[key]) * 100


def compare(scope: Scope, period: Period, rows: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per mapped benchmark: ours (top box, CI, n) beside theirs (value, n, period), and how they differ."""
    rows = benchmark_rows() if rows is None else rows
    items = tuple(sorted({MAP_BY_MEASURE[str(r["measure"])].item for r in rows}))
    ours = {s.code: s.as_dict() for s in item_scores(scope, period, items)} if items else {}
    compared = []
    for row in rows:
        mapping = MAP_BY_MEASURE[str(row["measure"])]
        score = ours.get(mapping.item)
        top = _percent(score, "top_box")
        theirs = float(row["score"]) if row["score"] is not None else None
        compared.append(
            {
                "measure": mapping.measure,
                "source": row["source"],
                "question": row["question"] or mapping.theirs,
                "answer": row["answer"] or "",
                "theirs_label": mapping.theirs,
                "benchmark": theirs,
                "benchmark_n": row["n"],
                "response_rate": row["response_rate"] or "",
                "benchmark_period": row["period"],
                "period_note": period_note(str(row["period"]), period),
                "item": mapping.item,
                "ours_label": mapping.ours,
                "ours": top,
                "ours_ci_low": _percent(score, "top_box_ci_low"),
                "ours_ci_high": _percent(score, "top_box_ci_high"),
                "ours_n": 0 if score is None else score["n"],
                "below_minimum": True if score is None else score["below_minimum"],
                "difference": None if top is None or theirs is None else top - theirs,
                "instrument": mapping.instrument,
            }
        )
    return compared


def comparison(scope: Scope, period: Period | None) -> dict[str, Any]:
    """The comparison block pages show: the period, the rows, and the caveats."""
    period = period or default_period(scope)
    if period is None:
        return {"period": None, "rows": [], "caveats": list(CAVEATS)}
    return {
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        "rows": compare(scope, period),
        "caveats": list(CAVEATS),
    }


def unit_benchmarks(caller: Caller, unit_code: str, period: Period | None = None) -> dict[str, Any]:
    """A unit's results beside the benchmarks, for a unit the caller may see (UnitNotVisibleError otherwise)."""
    units = results_units(caller)
    if unit_code not in units:
        raise UnitNotVisibleError(f"you may not see the results of unit {unit_code!r}")
    return {
        "unit": unit_code,
        "unit_name": units[unit_code],
        "min_n": min_responses(),
        **comparison(Scope.of_units(unit_code), period),
    }


OURS_KEYS = ("ours", "ours_ci_low", "ours_ci_high", "ours_n", "below_minimum", "difference")


def units_benchmarks(caller: Caller, period: Period | None = None) -> dict[str, Any]:
    """Every unit the caller may read beside the benchmarks, over one period for all (the 91 days up to
    the latest response in those units, unless given): per benchmark row, its figures once and each
    unit's top box (95% CI, n, under the minimum or not) and difference. Units are not ranked: the
    comparison is with the benchmark, whose caveats hold for every unit alike."""
    units = results_units(caller)
    codes = sorted(units, key=lambda code: (units[code], code))
    base: dict[str, Any] = {
        "min_n": min_responses(),
        "caveats": list(CAVEATS),
        "units": [{"code": code, "name": units[code]} for code in codes],
    }
    period = period or (default_period(Scope.of_units(*codes)) if codes else None)
    if period is None:
        return {**base, "period": None, "measures": []}
    rows = benchmark_rows()
    per_unit = {code: compare(Scope.of_units(code), period, rows) for code in codes}
    measures = []
    for index in range(len(rows)):
        theirs = {key: value for key, value in per_unit[codes[0]][index].items() if key not in OURS_KEYS}
        theirs["units"] = [
            {"unit": code, "unit_name": units[code], **{key: per_unit[code][index][key] for key in OURS_KEYS}}
            for code in codes
        ]
        measures.append(theirs)
    return {
        **base,
        "period": {"from": period.start.isoformat(), "to": period.end.isoformat(), "label": period.label()},
        "measures": measures,
    }
