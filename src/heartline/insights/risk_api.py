"""`/api/v1/insights/models` and `/api/v1/insights/segments`: the model cards and the segments, as the
pages show them (figures only: no member is named)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.core.scoping import caller_of
from heartline.insights.risk.selectors import current_cards
from heartline.insights.segments_selectors import segment_summaries

router = Router(tags=["insights"])


class RiskModelCardOut(Schema):
    name: str
    title: str
    outcome: str
    trained_at: str
    data_start: str
    data_end: str
    train_until: str
    test_from: str
    scored_on: str
    population: int
    metrics: dict[str, Any]
    reliability: list[dict[str, Any]]
    importance: list[dict[str, Any]]
    features: list[dict[str, str]]


class RiskModelsOut(Schema):
    models: list[RiskModelCardOut]


class InsightSegmentOut(Schema):
    segment_id: int
    name: str
    kind: str
    description: str
    live_n: int | None
    population: int
    as_of: dt.date | None
    version: int | None
    version_size: int | None
    version_as_of: dt.date | None


class InsightSegmentsOut(Schema):
    segments: list[InsightSegmentOut]


@router.get("/models", response=RiskModelsOut, summary="The current card of each risk model")
def models(request: HttpRequest) -> dict[str, Any]:
    return {"models": [asdict(card) for card in current_cards(caller_of(request))]}


@router.get("/segments", response=InsightSegmentsOut, summary="Segments with their live counts (n) and saved versions")
def segments(request: HttpRequest) -> dict[str, Any]:
    return {"segments": [asdict(s) for s in segment_summaries(caller_of(request))]}
