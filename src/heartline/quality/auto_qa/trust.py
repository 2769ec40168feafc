"""How far auto answers can be trusted, per item: agreement with the auditors on held-out contacts.

Per item, Krippendorff's alpha (nominal: met / not met / na) between the auto answer and the human
answer on contacts both scored and not used in training, with a unit-bootstrap 95% interval
(heartline.stats.agreement), and the confusion matrix (human answer × auto answer). An item is
"trusted" — counted in scores and credentials — only when alpha reaches 0.667 (Krippendorff's lowest
acceptable level for tentative conclusions) on at least MIN_CONTACTS contacts; otherwise it is
"suggested": auditors see it, nothing counts it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from heartline.quality.auto_qa.contracts import ANSWERS, Answer
from heartline.stats.agreement import krippendorff_alpha

TRUSTED_ALPHA = 0.667
MIN_CONTACTS = 30
Status = Literal["trusted", "suggested"]


@dataclass(frozen=True)
class ItemTrust:
    """Agreement of one item on held-out contacts. `confusion[h][a]`: contacts the human answered h, auto a."""

    item: str
    alpha: float  # NaN when undefined (no contact, or every answer the same)
    ci_low: float
    ci_high: float
    n: int  # held-out contacts with both a human and an auto answer
    confusion: dict[str, dict[str, int]]

    @property
    def status(self) -> Status:
        return item_status(self.alpha, self.n)


def item_status(alpha: float, n: int, *, threshold: float = TRUSTED_ALPHA, min_contacts: int = MIN_CONTACTS) -> Status:
    """Trusted when alpha (measured on `n` held-out contacts) reaches the threshold; else suggested."""
    if n < min_contacts or math.isnan(alpha):
        return "suggested"
    return "trusted" if alpha >= threshold else "suggested"


def measure_item(item: str, pairs: Sequence[tuple[Answer, Answer]], *, draws: int = 1000, seed: int = 0) -> ItemTrust:
    """Agreement for one item from (human, auto) answer pairs on held-out contacts."""
    confusion: dict[str, dict[str, int]] = {h: dict.fromkeys(ANSWERS, 0) for h in ANSWERS}
    for human, auto in pairs:
        confusion[human][auto] += 1
    if not pairs:
        return ItemTrust(item, math.nan, math.nan, math.nan, 0, confusion)
    code = {answer: float(k) for k, answer in enumerate(ANSWERS)}
    matrix = np.array([[code[h] for h, _ in pairs], [code[a] for _, a in pairs]])
    result = krippendorff_alpha(matrix, "nominal", draws=draws, seed=seed)
    return ItemTrust(item, result.alpha, result.ci_low, result.ci_high, len(pairs), confusion)


def measure(
    human: Sequence[Mapping[str, Answer]], auto: Sequence[Mapping[str, Answer]], items: Sequence[str], **kwargs: int
) -> dict[str, ItemTrust]:
    """Per item agreement between human and auto answers of the same contacts (in the same order)."""
    if len(human) != len(auto):
        raise ValueError(f"{len(human)} human answer sets beside {len(auto)} auto answer sets: they must pair up")
    return {
        item: measure_item(item, [(h[item], a[item]) for h, a in zip(human, auto, strict=True) if item in h], **kwargs)
        for item in items
    }
