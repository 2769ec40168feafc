"""Training auto-QA on human audits, and measuring it on contacts it never saw.

`train(pairs)` splits the audited contacts by a hash of their id (the same contact always falls on
the same side for a seed), fits the vectorizer and one classifier per item on the training side, and
measures per item agreement (trust.measure) between the fitted scorer and the auditors on the
held-out side. The model saved is the one measured: its agreement figures describe it exactly.
Auditors' overrides are human answers like any other, so the next run learns from them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from sklearn.linear_model import LogisticRegression

from heartline.core import clock
from heartline.quality.auto_qa import rules
from heartline.quality.auto_qa.contracts import Answer, TrainingPair
from heartline.quality.auto_qa.engine import score_batch
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.model import (
    MODEL_VERSION,
    AutoQaModel,
    agent_counts,
    agent_turn_texts,
    features,
    new_counter,
    new_weighting,
)
from heartline.quality.auto_qa.trust import measure

HELD_OUT_SHARE = 0.25
MIN_PAIRS = 20


class TrainingError(ValueError):
    """Human audits auto-QA cannot learn from (too few, an unknown item or answer)."""


def held_out(contact_id: str, share: float, seed: int) -> bool:
    digest = hashlib.blake2b(f"{seed}:{contact_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64 < share


def _check(pairs: Sequence[TrainingPair]) -> None:
    if len(pairs) < MIN_PAIRS:
        raise TrainingError(f"{len(pairs)} audited transcript(s): auto-QA needs at least {MIN_PAIRS} to train")
    for pair in pairs:
        for item, answer in pair.answers.items():
            if item not in ITEM_CODES:
                raise TrainingError(
                    f"contact {pair.transcript.contact_id}: item {item!r} is not an auto-QA item "
                    f"({', '.join(ITEM_CODES)})"
                )
            if answer not in ("met", "not_met", "na"):
                raise TrainingError(
                    f"contact {pair.transcript.contact_id}, item {item}: answer {answer!r} is not met, not_met or na"
                )


def train(
    pairs: Sequence[TrainingPair],
    *,
    held_out_share: float = HELD_OUT_SHARE,
    seed: int = 0,
    trained_on: dt.date | None = None,
    draws: int = 1000,
    max_fit: int | None = None,
) -> AutoQaModel:
    """Fit auto-QA on human-audited transcripts and measure each item on the held-out ones.

    `max_fit` caps the contacts fitted on (spread evenly over the training side); every held-out
    contact is still measured."""
    _check(pairs)
    if not 0 < held_out_share < 1:
        raise TrainingError(f"held_out_share must be between 0 and 1, got {held_out_share}")
    test = [p for p in pairs if held_out(p.transcript.contact_id, held_out_share, seed)]
    fit = [p for p in pairs if not held_out(p.transcript.contact_id, held_out_share, seed)]
    if max_fit is not None and len(fit) > max_fit:
        fit = fit[:: -(-len(fit) // max_fit)]
    if len(fit) < MIN_PAIRS // 2 or not test:
        raise TrainingError(f"{len(fit)} contacts to train on and {len(test)} held out: too few on one side")

    counter = new_counter().fit(agent_turn_texts([p.transcript for p in fit]))
    counts = agent_counts(counter, [p.transcript for p in fit]).by_transcript
    model = AutoQaModel(MODEL_VERSION, trained_on or clock.today(), len(fit), len(test), counter, new_weighting(), {})
    model.weighting.fit(counts)
    matrix = features(model, counts, [rules.judge(p.transcript) for p in fit])
    classifiers: dict[str, LogisticRegression] = {}
    for item in ITEM_CODES:
        rows = [k for k, p in enumerate(fit) if item in p.answers]
        labels: list[Answer] = [fit[k].answers[item] for k in rows]
        if len(set(labels)) < 2:
            continue  # nothing to tell apart: the rule answers alone
        classifier = LogisticRegression(C=4.0, max_iter=2000)
        classifier.fit(matrix[rows], labels)
        classifiers[item] = classifier

    model.classifiers = classifiers
    auto = score_batch([p.transcript for p in test], model)
    model.trust = measure(
        [p.answers for p in test],
        [{item: j.answer for item, j in judged.items()} for judged in auto],
        ITEM_CODES,
        draws=draws,
        seed=seed,
    )
    return model
