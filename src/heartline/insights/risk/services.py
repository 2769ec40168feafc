"""Training the risk models and keeping their cards: the one write path for ModelCard and scores."""

from __future__ import annotations

import math

from django.db import transaction

from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.insights.features import BY_NAME, FEATURE_NAMES, data_window
from heartline.insights.models import MemberRiskScore, ModelCard
from heartline.insights.risk.training import Progress, TrainedModel, train_all
from heartline.members.cohort_selectors import member_profiles
from heartline.warehouse.reader import TableSource


def _number(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 4)


def _metrics(model: TrainedModel) -> dict[str, object]:
    return {
        "auc": _number(model.auc),
        "auc_ci_low": _number(model.auc_ci[0]),
        "auc_ci_high": _number(model.auc_ci[1]),
        "brier": _number(model.brier),
        "n_train": model.n_train,
        "n_test": model.n_test,
        "positives_train": model.positives_train,
        "positives_test": model.positives_test,
        "skipped": model.skipped,
    }


def train_risk_models(
    caller: Caller, source: TableSource | None = None, progress: Progress | None = None, channel: str = "cli"
) -> list[ModelCard]:
    """Train every risk model on the warehouse's whole data window and store a new card for each,
    with its highest-scored members; earlier cards stay (the newest of a name is current)."""
    require(caller, Capability.DEFINE_SEGMENTS, "train risk models")
    source = source or warehouse_source()
    start, end = data_window(source)
    trained = train_all(source, member_profiles(), start, end, progress=progress)
    now = clock.now()
    cards = []
    with transaction.atomic():
        for model in trained:
            card = ModelCard.objects.create(
                name=model.outcome.name,
                title=model.outcome.title,
                outcome=model.outcome.description,
                trained_at=now,
                trained_by=caller.username,
                data_start=model.data_start,
                data_end=model.data_end,
                train_until=model.train_until,
                test_from=model.test_from,
                scored_on=model.scored_on,
                features=[{"name": n, "words": BY_NAME[n].words} for n in FEATURE_NAMES],
                metrics=_metrics(model),
                reliability=[{"n": b.n, "predicted": b.predicted, "observed": b.observed} for b in model.reliability],
                importance=sorted(
                    (
                        {"feature": n, "words": BY_NAME[n].words, "auc_drop": round(v, 4)}
                        for n, v in model.importance.items()
                    ),
                    key=lambda row: -float(str(row["auc_drop"])),
                ),
                population=model.population,
            )
            MemberRiskScore.objects.bulk_create(
                MemberRiskScore(
                    card=card,
                    member_id=scored.member_id,
                    rank=rank,
                    score=scored.score,
                    reasons=[
                        {
                            "feature": r.feature,
                            "words": r.words,
                            "value": r.value,
                            "typical": r.typical,
                            "delta": r.delta,
                        }
                        for r in scored.reasons
                    ],
                )
                for rank, scored in enumerate(model.at_risk, start=1)
            )
            cards.append(card)
        log_access(caller, "train risk models", "insights:risk-models", channel, models=[c.name for c in cards])
    return cards
