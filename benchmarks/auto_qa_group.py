"""Auto-QA speed and agreement on synthetic transcripts (`make bench BENCH_ARGS="--only auto_qa"`).

Trains on TRAIN synthetic audited transcripts (en/es/zh; one item's human answers a coin toss), then
scores SCORED fresh transcripts in batches of BATCH, one process: rules plus the model (Heartline's
auto-QA) beside the rules alone (the baseline), timed in the same run, against the goal of 200
transcripts/s on 2 cores. Agreement per item on the held-out contacts is given for both, with n.
Each timed pass starts with the rules' remembered searches cleared (synthetic lines recur far more
than real ones do, so a warm cache would flatter the figure).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from harness import load_average, note, warm

from heartline.quality.auto_qa import model as auto_model
from heartline.quality.auto_qa import rules
from heartline.quality.auto_qa.engine import score_batch
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.synthetic import synthetic_pairs, synthetic_transcripts
from heartline.quality.auto_qa.training import HELD_OUT_SHARE, held_out, train
from heartline.quality.auto_qa.trust import ItemTrust, measure

TRAIN, SCORED, BATCH, REPEATS = 1000, 2000, 500, 3
GOAL_PER_SECOND = 200
NOISY = "further_help"


def _figures(trust: dict[str, ItemTrust]) -> dict[str, Any]:
    return {
        item: {
            "alpha": round(t.alpha, 3),
            "ci": [round(t.ci_low, 3), round(t.ci_high, 3)],
            "n": t.n,
            "status": t.status,
        }
        for item, t in trust.items()
    }


def run(scratch: Path) -> dict[str, Any]:
    """Train, save and load the model in `scratch`, then time scoring with and without it."""
    pairs = synthetic_pairs(TRAIN, seed=0, noise={NOISY: 0.5})
    began = time.perf_counter()
    trained = train(pairs, seed=0, draws=500)
    train_seconds = time.perf_counter() - began
    model = auto_model.load(auto_model.save(trained, scratch / "auto_qa" / "model.pkl"))
    if model is None:
        raise RuntimeError("the model just saved did not load")
    test = [p for p in pairs if held_out(p.transcript.contact_id, HELD_OUT_SHARE, 0)]
    rules_trust = measure(
        [p.answers for p in test],
        [{i: j.answer for i, j in judged.items()} for judged in score_batch([p.transcript for p in test])],
        ITEM_CODES,
        draws=500,
    )
    transcripts = synthetic_transcripts(SCORED, seed=1)
    batches = [transcripts[k : k + BATCH] for k in range(0, SCORED, BATCH)]

    def rate(with_model: bool) -> float:
        def every_batch() -> None:
            rules.find.cache_clear()  # each timed pass starts cold: only lines recurring within it are remembered
            for batch in batches:
                score_batch(batch, model if with_model else None)

        _, seconds = warm(every_batch, repeats=REPEATS)
        return round(SCORED / min(seconds), 1)

    load_before = load_average()
    heartline, rules_only = rate(True), rate(False)
    note(f"auto_qa: {heartline} transcripts/s with the model, {rules_only} rules only (load {load_before})")
    return {
        "train": {
            "contacts": TRAIN,
            "n_train": trained.n_train,
            "n_held_out": trained.n_held_out,
            "seconds": round(train_seconds, 1),
        },
        "scored": SCORED,
        "batch": BATCH,
        "goal_transcripts_per_second": GOAL_PER_SECOND,
        "load_average_1min": load_before,
        "heartline": {"transcripts_per_second": heartline, "agreement": _figures(trained.trust)},
        "rules_only": {"transcripts_per_second": rules_only, "agreement": _figures(rules_trust)},
        "noisy_item": NOISY,
    }
