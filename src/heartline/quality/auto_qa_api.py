"""`GET /api/v1/quality/auto-qa`: auto-QA's coverage and agreement with the auditors by item (routed in api.py)."""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest
from ninja import Schema

from heartline.core.scoping import caller_of
from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa.contracts import ANSWERS
from heartline.quality.selectors import auto_qa as auto_qa_reads
from heartline.warehouse.store import Warehouse


def _num(value: float | None) -> float | None:
    return None if value is None or math.isnan(value) else round(value, 4)


class AutoQaItemOut(Schema):
    item: str
    title: str
    alpha: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    status: str
    confusion: dict[str, dict[str, int]]  # auditor's answer -> automatic answer -> contacts


class AutoQaOut(Schema):
    trained: bool
    model_version: int
    trained_on: str
    n_train: int
    n_held_out: int
    scored_contacts: int
    transcribed_contacts: int
    items: list[AutoQaItemOut]


def get_auto_qa(request: HttpRequest) -> dict[str, Any]:
    """`GET /api/v1/quality/auto-qa` (routed in quality/api.py)."""
    found = auto_qa_reads.agreement(auto_model.load())
    covered = auto_qa_reads.coverage(caller_of(request), Warehouse.default())
    items = [
        {
            "item": a.item,
            "title": a.title,
            "alpha": _num(a.alpha),
            "ci_low": _num(a.ci_low),
            "ci_high": _num(a.ci_high),
            "n": a.n,
            "status": a.status,
            "confusion": {human: dict(zip(ANSWERS, counts, strict=True)) for human, counts in a.confusion},
        }
        for a in found.items
    ]
    return {
        "trained": found.trained,
        "model_version": found.model_version,
        "trained_on": found.trained_on,
        "n_train": found.n_train,
        "n_held_out": found.n_held_out,
        "scored_contacts": covered.scored,
        "transcribed_contacts": covered.transcribed,
        "items": items,
    }
