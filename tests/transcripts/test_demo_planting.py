"""The demo plants in each transcript the behaviors its call's audit found: worded with known cues,
auto-QA's rules read every planted answer back, in all three languages; paraphrases hide from the
rules (only the trained model can learn them); and the audit's answers drive the plan."""

from __future__ import annotations

import itertools
import random

import pytest

from heartline.demo import transcripts as demo
from heartline.demo.transcript_lines import REASONS
from heartline.quality.auto_qa import contracts as auto
from heartline.quality.auto_qa import rules

ITEMS = ("greeting", "identity", "recap", "empathy", "ownership", "next_steps", "thanks")
ROW = {"contact_id": "c-1", "member_id": "NBH000012345", "reason": "claims", "route": "q-commercial>q-medicare"}


def _read_back(language: str, plan: demo.Plan, seed: int, reason: str = "claims") -> dict[str, str]:
    row = ROW | {
        "language": language,
        "reason": reason,
        "disposition": ("resolved", "unresolved", "escalated")[seed % 3],
    }
    transcript, _ = demo._transcript(row, plan, "Ana Reyes", "Rosalind Okafor", random.Random(seed))  # noqa: S311 - test data
    turns = tuple(auto.Turn(t.speaker, t.start_ms, t.end_ms, t.text) for t in transcript.turns)  # type: ignore[arg-type]
    verdicts = rules.judge(auto.Transcript("c-1", language, turns))  # type: ignore[arg-type]
    return {item: verdicts[item].answer for item in plan}


@pytest.mark.parametrize("language", ["en", "es", "zh"])
def test_rules_read_back_every_planted_answer_worded_with_known_cues(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(demo, "PARAPHRASE_SHARE", 0.0)
    reasons = sorted(REASONS[language])
    for k, shown in enumerate(itertools.product([True, False], repeat=len(ITEMS))):
        plan: demo.Plan = {item: "met" if s else "not_met" for item, s in zip(ITEMS, shown, strict=True)}
        if k % 3 == 0:
            plan["ownership"] = "na"
        assert _read_back(language, plan, k, reasons[k % len(reasons)]) == plan, (language, plan)


def test_paraphrases_are_missed_by_the_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(demo, "PARAPHRASE_SHARE", 1.0)
    plan: demo.Plan = dict.fromkeys(ITEMS, "met")
    for language in ("en", "es", "zh"):
        read = _read_back(language, plan, 1)
        assert read["empathy"] == read["recap"] == read["next_steps"] == "not_met", language


def test_the_plan_follows_the_audit_with_a_little_noise() -> None:
    ratings = {"welcome": ("yes_no_na", 1), "verify": ("yes_no_na", 0), "hear": ("one_to_five", 5),
               "empathize": ("one_to_five", 2), "apologize": ("yes_no_na", None), "plan": ("yes_no_na", 1),
               "thank": ("yes_no_na", 0), "accurate": ("yes_no_na", 1)}  # fmt: skip
    draw = random.Random(0)  # noqa: S311 - test data
    plans = [demo.planted(ratings, draw) for _ in range(2_000)]
    expected = {"greeting": "met", "identity": "not_met", "recap": "met", "empathy": "not_met",
                "ownership": "na", "next_steps": "met", "thanks": "not_met"}  # fmt: skip
    for item, answer in expected.items():
        agreeing = sum(p[item] == answer for p in plans) / len(plans)
        assert 1 - 2 * demo.NOISE[item] - 0.02 < agreeing <= 1, item
    assert all(p["ownership"] == "na" for p in plans)  # nothing to apologize for stays so
