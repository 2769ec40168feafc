"""Search quality: nDCG@k of ranked results against graded relevance judgements.

DCG@k = Σ_{i=1..k} rel_i / log2(i + 1) (Järvelin & Kekäläinen 2002, in the linear-gain form);
nDCG@k divides by the DCG of the ideal ordering of the judged documents. A query with no relevant
document judged is skipped by the caller (its nDCG is undefined).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float], k: int) -> float:
    return sum(gain / math.log2(rank + 1) for rank, gain in enumerate(gains[:k], start=1))


def ndcg(ranked: Sequence[str], relevance: Mapping[str, float], k: int = 10) -> float:
    """nDCG@k of `ranked` ids, with `relevance` id → grade (missing ids count 0)."""
    ideal = dcg(sorted(relevance.values(), reverse=True), k)
    if ideal == 0:
        raise ValueError("no relevant document judged: nDCG is undefined")
    return dcg([relevance.get(item, 0.0) for item in ranked], k) / ideal
