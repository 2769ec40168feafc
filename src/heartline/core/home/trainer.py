"""A trainer's home: waves in progress, completion and overdue by unit, and the credential pipeline."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.learning.selectors import credential_state_names, state_counts, wave_progress

# The pipeline in the order a credential moves through it.
PIPELINE = ("not_started", "in_progress", "granted", "renewed", "flagged", "expired", "revoked")


def _by_unit(waves: list[Any]) -> list[dict[str, Any]]:
    units: dict[str, dict[str, Any]] = {}
    for w in waves:
        row = units.setdefault(
            w.unit_code, {"unit_code": w.unit_code, "unit_name": w.unit_name, "due": 0, "done": 0, "overdue": 0}
        )
        row["due"] += w.due
        row["done"] += w.done_of_due
        row["overdue"] += w.overdue
    for row in units.values():
        row["share"] = row["done"] / row["due"] if row["due"] else None
    return sorted(units.values(), key=lambda r: r["unit_name"])


def build(request: HttpRequest, caller: Caller) -> dict[str, Any]:
    today = clock.today()
    waves = wave_progress(caller, today)
    counts = state_counts(caller)
    names = credential_state_names()
    return {
        "today": today,
        "running": [w for w in waves if w.status == "running"],
        "waves_total": len(waves),
        "by_unit": _by_unit(waves),
        "pipeline": [{"state": s, "name": names.get(s, s), "n": counts.get(s, 0)} for s in PIPELINE],
        "credentials_total": sum(counts.values()),
    }
