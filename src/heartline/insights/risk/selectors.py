"""Reading the risk models: the current card of each model, and the members each scores highest.

Cards hold figures only (metrics, importances, the reliability curve) and are for those who analyse
insights. The at-risk list names members, so it needs SEE_MEMBERS_AT_RISK and writes one access-log
entry per member shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from heartline.core.contracts import Caller
from heartline.core.errors import NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_member_access
from heartline.insights.models import MemberRiskScore, ModelCard
from heartline.stats.proportions import Share

AT_RISK_SHOWN = 25


@dataclass(frozen=True)
class CardView:
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


@dataclass(frozen=True)
class AtRiskRow:
    rank: int
    member_id: str
    score: float
    reasons: list[dict[str, Any]]


def _with_interval(point: dict[str, Any]) -> dict[str, Any]:
    """A reliability bin with how many had the outcome and the observed share's Wilson 95% interval."""
    n = int(point["n"])
    share = Share.of(round(float(point["observed"]) * n), n)
    return {**point, "hits": share.hits, "observed_ci_low": share.ci_low, "observed_ci_high": share.ci_high}


def _view(card: ModelCard) -> CardView:
    return CardView(
        name=card.name,
        title=card.title,
        outcome=card.outcome,
        trained_at=card.trained_at.isoformat(timespec="seconds"),
        data_start=card.data_start.isoformat(),
        data_end=card.data_end.isoformat(),
        train_until=card.train_until.isoformat(),
        test_from=card.test_from.isoformat(),
        scored_on=card.scored_on.isoformat(),
        population=card.population,
        metrics=dict(card.metrics),
        reliability=[_with_interval(b) for b in card.reliability],
        importance=list(card.importance),
        features=list(card.features),
    )


def current_cards(caller: Caller) -> list[CardView]:
    """The newest card of each model, by name."""
    require(caller, Capability.ANALYZE_INSIGHTS, "see risk models")
    newest: dict[str, ModelCard] = {}
    for card in ModelCard.objects.order_by("name", "-trained_at", "-id"):
        newest.setdefault(card.name, card)
    return [_view(card) for card in newest.values()]


def members_at_risk(caller: Caller, name: str, limit: int = AT_RISK_SHOWN, channel: str = "web") -> list[AtRiskRow]:
    """The members the current `name` model scores highest, with their reasons; each one logged."""
    require(caller, Capability.SEE_MEMBERS_AT_RISK, "see members at risk")
    card = ModelCard.objects.filter(name=name).order_by("-trained_at", "-id").first()
    if card is None:
        raise NotFound(f"no risk model named {name!r} has been trained")
    rows = [
        AtRiskRow(rank=s.rank, member_id=s.member_id, score=s.score, reasons=list(s.reasons))
        for s in MemberRiskScore.objects.filter(card=card).order_by("rank")[:limit]
    ]
    for row in rows:
        log_member_access(caller, row.member_id, "see members at risk", ["risk score"], channel, model=name)
    return rows
