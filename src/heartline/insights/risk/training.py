"""Training the risk models on snapshots of the members, split by time.

A snapshot is every member's features as of one day (every 14 days through the data) with what
happened after it. Training snapshots are those whose outcome window closes by the split day; test
snapshots start on or after it, so the model is judged on a later period than it learned from, as
it will be used. One `HistGradientBoostingClassifier` per outcome (fixed seed, early stopping off so
the same data give the same model); then AUC with a bootstrap CI, the Brier score and the reliability
curve on the test snapshots, permutation importance (the drop in test AUC when one feature's values
are shuffled), and each member's score on the latest day with the features that raise it most.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from threadpoolctl import threadpool_limits

from heartline.insights.features import (
    FEATURE_NAMES,
    LOOKBACK_DAYS,
    NoHistory,
    categorical_mask,
    encoded,
    member_features,
)
from heartline.insights.risk.evaluation import ReliabilityBin, auc, auc_interval, brier, reliability
from heartline.insights.risk.explanations import Reason, top_reasons
from heartline.insights.risk.outcomes import OUTCOMES, Outcome, Snapshot
from heartline.members.contracts import MemberProfile
from heartline.warehouse.reader import TableSource

SNAPSHOT_EVERY_DAYS = 28
TEST_SHARE = 0.3  # of the snapshot days, the latest go to test
SEED = 2026
MIN_POSITIVES = 10
KEEP_TOP = 200  # members kept per model on the at-risk list
# Training rows past this many keep every member with the outcome and a seeded sample of the rest,
# weighted up so the predicted probabilities stay calibrated.
TRAIN_ROWS = 30_000
PERMUTATION_REPEATS = 2
PERMUTATION_ROWS = 10_000  # test rows the importances are measured on (a seeded, stratified sample)

Progress = Callable[[str, int, int], None]


class NotEnoughData(NoHistory):
    """The warehouse does not hold enough history, or enough outcomes, to train and test a model."""


@dataclass(frozen=True)
class ScoredMember:
    member_id: str
    score: float
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class TrainedModel:
    """One outcome's model and everything its card says."""

    outcome: Outcome
    data_start: dt.date
    data_end: dt.date
    train_until: dt.date
    test_from: dt.date
    scored_on: dt.date
    n_train: int
    n_test: int
    positives_train: int
    positives_test: int
    auc: float
    auc_ci: tuple[float, float]
    brier: float
    reliability: list[ReliabilityBin]
    importance: dict[str, float]
    population: int
    at_risk: list[ScoredMember] = field(default_factory=list)
    skipped: str = ""  # why no model was trained (too few outcomes); metrics then nan


def snapshot_days(data_start: dt.date, data_end: dt.date, horizon: int) -> list[dt.date]:
    """Days from when a full lookback exists until the last whose outcome window ends by data_end."""
    first = data_start + dt.timedelta(days=LOOKBACK_DAYS)
    last = data_end + dt.timedelta(days=1) - dt.timedelta(days=horizon)
    days = []
    day = first
    while day <= last:
        days.append(day)
        day += dt.timedelta(days=SNAPSHOT_EVERY_DAYS)
    return days


def split_day(days: Sequence[dt.date]) -> dt.date:
    """The first test day: the latest TEST_SHARE of the snapshot days are for testing."""
    if len(days) < 3:
        raise NotEnoughData(f"{len(days)} snapshot day(s) fit the data: need at least 3 for a time-based split")
    return days[max(1, round(len(days) * (1 - TEST_SHARE)))]


def _labelled(outcome: Outcome, snapshot: Snapshot) -> tuple[np.ndarray, np.ndarray]:
    population = outcome.population(snapshot)
    rows = snapshot.features.loc[population]
    happened = outcome.happened(snapshot, outcome.horizon_days)
    return encoded(rows), np.array([m in happened for m in rows.index], dtype=bool)


def new_classifier() -> HistGradientBoostingClassifier:
    return HistGradientBoostingClassifier(
        max_iter=100,
        learning_rate=0.08,
        max_leaf_nodes=15,
        min_samples_leaf=40,
        l2_regularization=1.0,
        categorical_features=categorical_mask(),
        early_stopping=False,
        random_state=SEED,
    )


def permutation_importance(
    model: HistGradientBoostingClassifier, x: np.ndarray, y: np.ndarray, repeats: int = PERMUTATION_REPEATS
) -> dict[str, float]:
    """Each feature's mean drop in AUC when its column is shuffled (seeded) on the test rows."""
    rng = np.random.default_rng(SEED)
    if len(y) > PERMUTATION_ROWS:
        # Every row with the outcome and a sample of the rest: the AUC does not depend on the
        # balance, and its noise does on the rarer class.
        negatives = np.flatnonzero(~y)
        room = max(PERMUTATION_ROWS - int(y.sum()), min(len(negatives), PERMUTATION_ROWS // 2))
        keep = np.sort(
            np.concatenate([np.flatnonzero(y), rng.choice(negatives, min(room, len(negatives)), replace=False)])
        )
        x, y = x[keep], y[keep]
    base = auc(y, model.predict_proba(x)[:, 1])
    drops: dict[str, float] = {}
    for j, name in enumerate(FEATURE_NAMES):
        losses = []
        for _ in range(repeats):
            shuffled = x.copy()
            shuffled[:, j] = rng.permutation(shuffled[:, j])
            losses.append(base - auc(y, model.predict_proba(shuffled)[:, 1]))
        drops[name] = float(np.mean(losses))
    return drops


def train_outcome(
    outcome: Outcome,
    snapshots: Callable[[dt.date], Snapshot],
    data_start: dt.date,
    data_end: dt.date,
    latest: Snapshot,
) -> TrainedModel:
    days = snapshot_days(data_start, data_end, outcome.horizon_days)
    test_from = split_day(days)
    train_days = [d for d in days if d + dt.timedelta(days=outcome.horizon_days) <= test_from]
    test_days = [d for d in days if d >= test_from]
    if not train_days:
        raise NotEnoughData(f"{outcome.name}: no training day's outcome window closes before {test_from}")
    parts = {day: _labelled(outcome, snapshots(day)) for day in (*train_days, *test_days)}
    x_train = np.vstack([parts[d][0] for d in train_days])
    y_train = np.concatenate([parts[d][1] for d in train_days])
    x_test = np.vstack([parts[d][0] for d in test_days])
    y_test = np.concatenate([parts[d][1] for d in test_days])
    population = outcome.population(latest)
    nan = float("nan")
    untrained = TrainedModel(
        outcome=outcome,
        data_start=data_start,
        data_end=data_end,
        train_until=train_days[-1] + dt.timedelta(days=outcome.horizon_days),
        test_from=test_from,
        scored_on=latest.as_of,
        n_train=len(y_train),
        n_test=len(y_test),
        positives_train=int(y_train.sum()),
        positives_test=int(y_test.sum()),
        auc=nan,
        auc_ci=(nan, nan),
        brier=nan,
        reliability=[],
        importance={},
        population=len(population),
    )
    too_few = min(int(y_train.sum()), int(y_test.sum()), int((~y_train).sum()), int((~y_test).sum()))
    if too_few < MIN_POSITIVES:
        return replace(
            untrained,
            skipped=f"fewer than {MIN_POSITIVES} members with (or without) the outcome in training or test",
        )
    weights = np.ones(len(y_train))
    if len(y_train) > TRAIN_ROWS:
        negatives = np.flatnonzero(~y_train)
        share = max(0.05, (TRAIN_ROWS - int(y_train.sum())) / len(negatives))
        kept = np.random.default_rng(SEED).random(len(negatives)) < share
        keep = np.sort(np.concatenate([np.flatnonzero(y_train), negatives[kept]]))
        weights = np.where(y_train[keep], 1.0, 1.0 / share)
        x_train, y_train = x_train[keep], y_train[keep]
    model = new_classifier().fit(x_train, y_train, sample_weight=weights)
    p_test = model.predict_proba(x_test)[:, 1]
    rows = latest.features.loc[population]
    x_now = encoded(rows)
    p_now = model.predict_proba(x_now)[:, 1] if len(rows) else np.array([])
    top = np.argsort(-p_now, kind="stable")[:KEEP_TOP]
    reasons = top_reasons(model, x_now, x_now[top]) if len(top) else []
    at_risk = [
        ScoredMember(member_id=str(rows.index[i]), score=float(p_now[i]), reasons=tuple(why))
        for i, why in zip(top, reasons, strict=True)
    ]
    return replace(
        untrained,
        auc=auc(y_test, p_test),
        auc_ci=auc_interval(y_test, p_test, seed=SEED),
        brier=brier(y_test, p_test),
        reliability=reliability(y_test, p_test),
        importance=permutation_importance(model, x_test, y_test),
        at_risk=at_risk,
    )


def train_all(
    source: TableSource,
    profiles: Sequence[MemberProfile],
    data_start: dt.date,
    data_end: dt.date,
    outcomes: Sequence[Outcome] = OUTCOMES,
    progress: Progress | None = None,
) -> list[TrainedModel]:
    """Train every outcome's model on the data between data_start and data_end (inclusive days)."""
    report = progress or (lambda step, done, total: None)
    cache: dict[dt.date, Snapshot] = {}
    days = sorted({d for o in outcomes for d in snapshot_days(data_start, data_end, o.horizon_days)})
    latest_day = data_end + dt.timedelta(days=1)
    total = len(days) + 1

    def snapshot(day: dt.date) -> Snapshot:
        if day not in cache:
            cache[day] = Snapshot(source, profiles, day, member_features(source, profiles, day))
            report("features", len(cache), total)
        return cache[day]

    report("features", 0, total)
    latest = snapshot(latest_day)
    trained = []
    # One thread: gradient boosting's OpenMP threads slow down by an order of magnitude when the
    # machine's cores are busy with other work, and these models are small.
    with threadpool_limits(limits=1):
        for done, outcome in enumerate(outcomes):
            report("models", done, len(outcomes))
            trained.append(train_outcome(outcome, snapshot, data_start, data_end, latest))
    report("features", total, total)
    report("models", len(outcomes), len(outcomes))
    return trained
