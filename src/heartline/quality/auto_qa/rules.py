"""The rules: each item judged from cue words (cues.PATTERNS), with the turn that decided it.

A rule that finds its cue is confident; a rule that finds nothing says "not met" with less
confidence (the behavior may be there in words no cue lists — the model learns those). Identity is
about order: verified before any health information the agent discusses, else "not met" with the
first such turn as evidence; no health information discussed and no check leaves it "na".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from heartline.quality.auto_qa.contracts import Answer, Evidence, Transcript, Turn
from heartline.quality.auto_qa.cues import PATTERNS

FOUND, ABSENT, DECISIVE = 0.9, 0.6, 0.95
OPENING_TURNS = 2  # agent turns that count as the opening
CLOSING_TURNS = 2  # agent turns that count as the close


@dataclass(frozen=True)
class RuleVerdict:
    answer: Answer
    confidence: float
    evidence: Evidence | None


Hit = tuple[int, re.Match[str]]


def _hits(turns: Sequence[Turn], indexes: Sequence[int], group: str) -> list[Hit]:
    pattern = PATTERNS[group]
    found: list[Hit] = []
    for index in indexes:
        match = pattern.search(turns[index].text)
        if match is not None:
            found.append((index, match))
    return found


def _evidence(hit: Hit) -> Evidence:
    index, match = hit
    return Evidence(index, match.start(), match.end(), match.group(0))


def _cue_item(group: str, where: Callable[[list[int]], list[int]]) -> Callable[[Transcript, list[int]], RuleVerdict]:
    def judge(transcript: Transcript, agent: list[int]) -> RuleVerdict:
        hits = _hits(transcript.turns, where(agent), group)
        if hits:
            return RuleVerdict("met", FOUND, _evidence(hits[0]))
        return RuleVerdict("not_met", ABSENT, None)

    return judge


def _everywhere(agent: list[int]) -> list[int]:
    return agent


def _opening(agent: list[int]) -> list[int]:
    return agent[:OPENING_TURNS]


def _closing(agent: list[int]) -> list[int]:
    return agent[-CLOSING_TURNS:]


def identity(transcript: Transcript, agent: list[int]) -> RuleVerdict:
    turns = transcript.turns
    checks = _hits(turns, agent, "verification")
    phi = _hits(turns, agent, "phi")
    first_check = checks[0][0] if checks else None
    if phi and (first_check is None or phi[0][0] < first_check):
        return RuleVerdict("not_met", DECISIVE, _evidence(phi[0]))
    if checks:
        return RuleVerdict("met", FOUND, _evidence(checks[0]))
    return RuleVerdict("na", ABSENT, None)


def ownership(transcript: Transcript, agent: list[int]) -> RuleVerdict:
    turns = transcript.turns
    blame = _hits(turns, agent, "blame")
    if blame:
        return RuleVerdict("not_met", DECISIVE, _evidence(blame[0]))
    owned = _hits(turns, agent, "ownership")
    if owned:
        return RuleVerdict("met", FOUND, _evidence(owned[0]))
    member = [i for i, turn in enumerate(turns) if turn.speaker == "member"]
    problem = _hits(turns, member, "problem")
    if problem:  # something went wrong and nobody owned it
        return RuleVerdict("not_met", ABSENT, _evidence(problem[0]))
    return RuleVerdict("na", ABSENT, None)


def hold(transcript: Transcript, agent: list[int]) -> RuleVerdict:
    turns = transcript.turns
    requests = _hits(turns, agent, "hold_request")
    system = [i for i, turn in enumerate(turns) if turn.speaker == "system"]
    events = _hits(turns, system, "hold_event")
    if not requests and not events:
        return RuleVerdict("na", DECISIVE, None)
    request = requests[0] if requests else None
    if request is None or PATTERNS["hold_permission"].search(turns[request[0]].text) is None:
        # put on hold without being asked: the hold (or the event) is the evidence
        return RuleVerdict("not_met", FOUND, _evidence(request or events[0]))
    after = [i for i in agent if i > request[0]]
    thanked = _hits(turns, after, "hold_thanks")
    if thanked:
        return RuleVerdict("met", FOUND, _evidence(thanked[0]))
    return RuleVerdict("not_met", FOUND, _evidence(request))


RULES: dict[str, Callable[[Transcript, list[int]], RuleVerdict]] = {
    "greeting": _cue_item("greeting", _opening),
    "identity": identity,
    "recap": _cue_item("recap", _everywhere),
    "empathy": _cue_item("empathy", _everywhere),
    "ownership": ownership,
    "next_steps": _cue_item("next_steps", _everywhere),
    "thanks": _cue_item("thanks", _closing),
    "further_help": _cue_item("further_help", _closing),
    "hold": hold,
}


def judge(transcript: Transcript) -> dict[str, RuleVerdict]:
    """Every item's rule verdict for one transcript."""
    agent = [i for i, turn in enumerate(transcript.turns) if turn.speaker == "agent"]
    return {item: rule(transcript, agent) for item, rule in RULES.items()}
