"""Scoring a batch of transcripts: rules for every item, the model where one was trained.

The batch's agent turns are counted in one vectorised transform (model.agent_counts); each item's
classifier then answers every transcript at once. Where the model answers as the rule did, the
rule's turn is the evidence; where it answers "met" against the rule, the agent turn the classifier
rates most likely to show the behavior is (weighed from the same counts); a "not met" or "na" the
rule did not give has no deciding turn.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import cast

import numpy as np

from heartline.quality.auto_qa import rules
from heartline.quality.auto_qa.contracts import Answer, Evidence, ItemJudgement, Transcript
from heartline.quality.auto_qa.items import ITEM_CODES
from heartline.quality.auto_qa.model import AgentCounts, AutoQaModel, agent_counts, features

Verdicts = dict[str, rules.RuleVerdict]


def score_batch(transcripts: Sequence[Transcript], model: AutoQaModel | None = None) -> list[dict[str, ItemJudgement]]:
    """Per transcript, per item: the answer, its confidence, the evidence and who decided (rule or model)."""
    verdicts = [rules.judge(t) for t in transcripts]
    judged = [
        {item: ItemJudgement(item, v[item].answer, v[item].confidence, v[item].evidence, "rule") for item in ITEM_CODES}
        for v in verdicts
    ]
    if model is None or not model.classifiers or not transcripts:
        return judged
    counts = agent_counts(model.counter, transcripts)
    matrix = features(model, counts.by_transcript, verdicts)
    unexplained: dict[str, list[int]] = defaultdict(list)  # item -> rows answered "met" with no rule evidence
    for item, classifier in model.classifiers.items():
        probabilities = classifier.predict_proba(matrix)
        best = probabilities.argmax(axis=1)
        classes = [str(c) for c in classifier.classes_]
        for row, (k, p) in enumerate(zip(best, probabilities.max(axis=1), strict=True)):
            answer = cast(Answer, classes[k])
            rule = verdicts[row][item]
            evidence = rule.evidence if answer == rule.answer else None
            if evidence is None and answer == "met":
                unexplained[item].append(row)
            judged[row][item] = ItemJudgement(item, answer, float(p), evidence, "model")
    if unexplained:
        for (row, item), evidence in _best_turns(model, transcripts, verdicts, counts, unexplained).items():
            judged[row][item] = ItemJudgement(item, "met", judged[row][item].confidence, evidence, "model")
    return judged


def _best_turns(
    model: AutoQaModel,
    transcripts: Sequence[Transcript],
    verdicts: Sequence[Verdicts],
    counts: AgentCounts,
    wanted: dict[str, list[int]],
) -> dict[tuple[int, str], Evidence]:
    """Per (row, item): the agent turn the item's classifier rates most likely to show the behavior alone."""
    found: dict[tuple[int, str], Evidence] = {}
    for item, item_rows in wanted.items():
        selected = np.flatnonzero(np.isin(counts.owner, item_rows))
        if not selected.size:
            continue
        classifier = model.classifiers[item]
        met = list(classifier.classes_).index("met")
        owners = counts.owner[selected]
        matrix = features(model, counts.by_turn[selected], [verdicts[int(row)] for row in owners])
        probabilities = classifier.predict_proba(matrix)[:, met]
        best: dict[int, tuple[float, int]] = {}
        for row, index, p in zip(owners.tolist(), counts.turn_index[selected].tolist(), probabilities, strict=True):
            if row not in best or p > best[row][0]:
                best[row] = (float(p), index)
        for row, (_, index) in best.items():
            text = transcripts[row].turns[index].text
            found[(row, item)] = Evidence(index, 0, len(text), text)
    return found
