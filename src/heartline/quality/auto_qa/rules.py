"""The rules: each item judged from cue words (cues.PATTERNS), with the turn that decided it.

A rule that finds its cue is confident; a rule that finds nothing says "not met" with less
confidence (the behavior may be there in words no cue lists — the model learns those). Identity is
about order: verified before any health information the agent discusses, else "not met" with the
first such turn as evidence; no health information discussed and no check leaves it "na".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from heartline.quality.auto_qa.contracts import Answer, Evidence, Transcript
from heartline.quality.auto_qa.cues import ANY_CASE, PATTERNS

FOUND, ABSENT, DECISIVE = 0.9, 0.6, 0.95
OPENING_TURNS = 2  # agent turns that count as the opening
CLOSING_TURNS = 2  # agent turns that count as the close


@dataclass(frozen=True)
class RuleVerdict:
    answer: Answer
    confidence: float
    evidence: Evidence | None


Span = tuple[int, int]
Hit = tuple[int, Span]
SEARCHES_KEPT = 200_000  # (cue group, turn text) answers remembered: scripted lines recur across calls


@lru_cache(maxsize=SEARCHES_KEPT)
def find(group: str, text: str) -> Span | None:
    """Where cue group `group` first occurs in `text` (offsets into `text`), or None."""
    low = text.lower()
    if len(low) == len(text):
        match = PATTERNS[group].search(low)
    else:
        match = ANY_CASE[group].search(text)  # lower-casing moved the offsets
    return match.span() if match is not None else None


class _Call:
    """A transcript as the rules read it: its turns and the agent's turn indexes."""

    def __init__(self, transcript: Transcript) -> None:
        self.turns = transcript.turns
        self.agent = [i for i, turn in enumerate(transcript.turns) if turn.speaker == "agent"]

    def hits(self, indexes: Sequence[int], group: str) -> list[Hit]:
        found: list[Hit] = []
        for index in indexes:
            span = find(group, self.turns[index].text)
            if span is not None:
                found.append((index, span))
        return found

    def search(self, index: int, group: str) -> Span | None:
        return find(group, self.turns[index].text)

    def evidence(self, hit: Hit) -> Evidence:
        index, (start, end) = hit
        return Evidence(index, start, end, self.turns[index].text[start:end])

    def speaking(self, speaker: str) -> list[int]:
        return [i for i, turn in enumerate(self.turns) if turn.speaker == speaker]


def _cue_item(group: str, where: Callable[[list[int]], list[int]]) -> Callable[[_Call], RuleVerdict]:
    def judge(call: _Call) -> RuleVerdict:
        hits = call.hits(where(call.agent), group)
        if hits:
            return RuleVerdict("met", FOUND, call.evidence(hits[0]))
        return RuleVerdict("not_met", ABSENT, None)

    return judge


def _everywhere(agent: list[int]) -> list[int]:
    return agent


def _opening(agent: list[int]) -> list[int]:
    return agent[:OPENING_TURNS]


def _closing(agent: list[int]) -> list[int]:
    return agent[-CLOSING_TURNS:]


def identity(call: _Call) -> RuleVerdict:
    checks = call.hits(call.agent, "verification")
    first_check = checks[0][0] if checks else len(call.turns)
    phi = call.hits([i for i in call.agent if i < first_check], "phi")
    if phi:
        return RuleVerdict("not_met", DECISIVE, call.evidence(phi[0]))
    if checks:
        return RuleVerdict("met", FOUND, call.evidence(checks[0]))
    return RuleVerdict("na", ABSENT, None)


def ownership(call: _Call) -> RuleVerdict:
    blame = call.hits(call.agent, "blame")
    if blame:
        return RuleVerdict("not_met", DECISIVE, call.evidence(blame[0]))
    owned = call.hits(call.agent, "ownership")
    if owned:
        return RuleVerdict("met", FOUND, call.evidence(owned[0]))
    problem = call.hits(call.speaking("member"), "problem")
    if problem:  # something went wrong and nobody owned it
        return RuleVerdict("not_met", ABSENT, call.evidence(problem[0]))
    return RuleVerdict("na", ABSENT, None)


def hold(call: _Call) -> RuleVerdict:
    requests = call.hits(call.agent, "hold_request")
    events = call.hits(call.speaking("system"), "hold_event")
    if not requests and not events:
        return RuleVerdict("na", DECISIVE, None)
    request = requests[0] if requests else None
    if request is None or call.search(request[0], "hold_permission") is None:
        # put on hold without being asked: the hold (or the event) is the evidence
        return RuleVerdict("not_met", FOUND, call.evidence(request or events[0]))
    thanked = call.hits([i for i in call.agent if i > request[0]], "hold_thanks")
    if thanked:
        return RuleVerdict("met", FOUND, call.evidence(thanked[0]))
    return RuleVerdict("not_met", FOUND, call.evidence(request))


RULES: dict[str, Callable[[_Call], RuleVerdict]] = {
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
    call = _Call(transcript)
    return {item: rule(call) for item, rule in RULES.items()}
