"""The staffing target a planner may set on the intraday and scenario pages: service level, answered
within, maximum occupancy and shrinkage — each bounded as the API bounds it, defaulting to the
division's standing target (80% answered within 30 s, at most 85% occupancy, 30% shrinkage)."""

from __future__ import annotations

from django.http import QueryDict

from heartline.core.bounds import check_number
from heartline.core.errors import ActionRefused
from heartline.workforce.staffing import StaffingTarget

# (name, label, default, lowest, highest): the form's numbers.
TARGET_FIELDS = (
    ("service_level", "Service level target", 0.8, 0.01, 0.99),
    ("answer_within", "answered within (s)", 30.0, 0.0, 3600.0),
    ("max_occupancy", "Max occupancy", 0.85, 0.01, 1.0),
    ("shrinkage", "Shrinkage", 0.3, 0.0, 0.95),
)
DEFAULT_TARGET = StaffingTarget(service_level=0.8, answer_within=30.0, max_occupancy=0.85, shrinkage=0.3)


def number_from(query: QueryDict, name: str, default: float, low: float, high: float) -> float:
    """`name` from a page's query string as a number within [low, high] (blank: `default`)."""
    text = (query.get(name) or "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ActionRefused(f"{name}={text!r} is not a number") from None
    return check_number(value, name, low, high)


def target_values(query: QueryDict) -> dict[str, float]:
    """The target's four numbers as the query string gives them (else their defaults), checked."""
    return {name: number_from(query, name, default, low, high) for name, _, default, low, high in TARGET_FIELDS}


def target_from(values: dict[str, float], patience: float | None = None) -> StaffingTarget:
    return StaffingTarget(
        service_level=values["service_level"],
        answer_within=values["answer_within"],
        max_occupancy=values["max_occupancy"],
        shrinkage=values["shrinkage"],
        patience=patience,
    )
