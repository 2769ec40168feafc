"""Program impact: trained vs not-yet-trained audit scores, and the difference-in-differences.

Audits come from quality's `scored_audits` for the representatives the caller may see; an audit
counts as *trained* when the call happened on or after the day the agent's wave started. The naive
gap compares the two groups' means; the difference-in-differences compares each agent with
themselves before and after, net of what changed for everyone that month (two-way fixed effects,
standard errors clustered by agent). Every estimate carries its n and a 95% CI; a group with fewer
than MIN_AUDITS audits or MIN_AGENTS agents is shown without an estimate.

Member NPS is compared the same way: each 0–10 likelihood-to-recommend answer about a visible
representative (voice's `nps_answers`, read with the caller's scope) counts as *trained* when the
member answered on or after the day the agent's wave started. Each group's NPS carries its n and a
95% CI (`heartline.stats.nps`); a group under voice's minimum number of responses is shown greyed,
without an estimate, and the gap (trained − not yet trained) is given only when both groups have one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from heartline.core.contracts import Caller
from heartline.learning import selectors
from heartline.learning.services.credentials import AuditSource, quality_audits
from heartline.quality.contracts import AuditScore
from heartline.stats.did import DidResult, Estimate, EstimationError, clustered_difference, clustered_mean
from heartline.stats.did import two_way_fixed_effects as did_two_way
from heartline.stats.nps import NpsChange, NpsResult, net_promoter_score, nps_change
from heartline.voice.contracts import NpsAnswer
from heartline.voice.selectors import min_survey_responses, nps_answers

MIN_AUDITS = 30
MIN_AGENTS = 5
NPS_PENDING = "NPS appears once survey responses are loaded."
NPS_RULE = (
    "An answer counts as trained when the member answered on or after the day the agent's wave started; "
    "the gap's interval treats the answers as independent, so it is narrower than one that allowed for "
    "an agent's answers being alike."
)
NpsSource = Callable[[Caller, Sequence[str] | None], list[NpsAnswer]]


def _finite(value: float) -> float | None:
    return None if math.isnan(value) else value


@dataclass(frozen=True)
class NpsGroup:
    label: str
    responses: int
    agents: int
    result: NpsResult | None  # None when the group is under the minimum n

    @property
    def enough(self) -> bool:
        return self.result is not None

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "responses": self.responses,
            "agents": self.agents,
            "nps": (
                {
                    "value": r.nps,
                    "ci_low": r.ci_low,
                    "ci_high": r.ci_high,
                    "n": r.n,
                    "promoters": r.promoters,
                    "passives": r.passives,
                    "detractors": r.detractors,
                    "level": 0.95,
                }
                if r
                else None
            ),
        }


@dataclass(frozen=True)
class NpsComparison:
    trained: NpsGroup
    untrained: NpsGroup
    gap: NpsChange | None  # trained − not yet trained, when both groups have an estimate
    minimum: int

    def as_dict(self) -> dict[str, Any]:
        gap = self.gap
        return {
            "trained": self.trained.as_dict(),
            "not_yet_trained": self.untrained.as_dict(),
            "gap": (
                {
                    "value": gap.change,
                    "ci_low": _finite(gap.ci_low),
                    "ci_high": _finite(gap.ci_high),
                    "p_value": _finite(gap.p_value),
                    "n": self.trained.responses + self.untrained.responses,
                    "level": 0.95,
                }
                if gap
                else None
            ),
            "minimum_responses": self.minimum,
        }


@dataclass(frozen=True)
class GroupScore:
    label: str
    audits: int
    agents: int
    estimate: Estimate | None  # None when the group is under the minimum n

    @property
    def enough(self) -> bool:
        return self.estimate is not None


@dataclass(frozen=True)
class MonthRow:
    month: str
    trained_mean: float | None
    trained_n: int
    untrained_mean: float | None
    untrained_n: int


@dataclass
class ImpactReport:
    scorecard_code: str
    program_code: str | None
    trained: GroupScore
    untrained: GroupScore
    naive: Estimate | None
    did: DidResult | None
    did_problem: str | None
    agents_with_start: int
    monthly: list[MonthRow] = field(default_factory=list)
    nps: NpsComparison | None = None  # None when no survey response names a visible representative
    nps_note: str = NPS_PENDING

    def as_dict(self) -> dict[str, Any]:
        def group(g: GroupScore) -> dict[str, Any]:
            return {"audits": g.audits, "agents": g.agents, "mean": g.estimate.as_dict() if g.estimate else None}

        return {
            "scorecard_code": self.scorecard_code,
            "program_code": self.program_code,
            "trained": group(self.trained),
            "not_yet_trained": group(self.untrained),
            "naive_gap": self.naive.as_dict() if self.naive else None,
            "difference_in_differences": (
                {
                    **self.did.effect.as_dict(),
                    "agents": self.did.units,
                    "months": self.did.periods,
                    "agents_seen_before_and_after": self.did.switching_units,
                }
                if self.did
                else None
            ),
            "difference_in_differences_problem": self.did_problem,
            "nps": self.nps.as_dict() if self.nps else None,
            "nps_note": self.nps_note,
            "monthly": [m.__dict__ for m in self.monthly],
        }


def _group(label: str, scores: list[float], agents: list[str]) -> GroupScore:
    distinct = len(set(agents))
    enough = len(scores) >= MIN_AUDITS and distinct >= MIN_AGENTS
    return GroupScore(label, len(scores), distinct, clustered_mean(scores, agents) if enough else None)


def _monthly(audits: list[AuditScore], trained: list[bool]) -> list[MonthRow]:
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for audit, is_trained in zip(audits, trained, strict=True):
        cell = sums[f"{audit.contact_started_at:%Y-%m}"]
        offset = 0 if is_trained else 2
        cell[offset] += audit.score
        cell[offset + 1] += 1
    return [
        MonthRow(
            month=month,
            trained_mean=s[0] / s[1] if s[1] else None,
            trained_n=int(s[1]),
            untrained_mean=s[2] / s[3] if s[3] else None,
            untrained_n=int(s[3]),
        )
        for month, s in sorted(sums.items())
    ]


def _nps_group(label: str, answers: list[NpsAnswer], minimum: int) -> NpsGroup:
    enough = len(answers) >= minimum and len(answers) > 0
    result = net_promoter_score([a.nps for a in answers]) if enough else None
    return NpsGroup(label, len(answers), len({a.agent_code for a in answers}), result)


def nps_comparison(answers: list[NpsAnswer], starts: dict[str, dt.date], minimum: int) -> NpsComparison | None:
    """NPS of the answers given on or after the agent's training start vs those given before it."""
    if not answers:
        return None
    trained = [a for a in answers if a.agent_code in starts and a.responded_on >= starts[a.agent_code]]
    untrained = [a for a in answers if not (a.agent_code in starts and a.responded_on >= starts[a.agent_code])]
    trained_group = _nps_group("trained", trained, minimum)
    untrained_group = _nps_group("not yet trained", untrained, minimum)
    gap = None
    if trained_group.result and untrained_group.result:
        gap = nps_change(untrained_group.result, trained_group.result)
    return NpsComparison(trained_group, untrained_group, gap, minimum)


def program_impact(
    caller: Caller,
    *,
    scorecard_code: str,
    program_code: str | None = None,
    audit_source: AuditSource = quality_audits,
    nps_source: NpsSource = nps_answers,
) -> ImpactReport:
    """Trained vs not-yet-trained audit scores and member NPS for the representatives the caller may see."""
    starts = selectors.training_starts(caller, program_code)
    agent_codes = selectors.visible_agent_codes(caller)
    audits = sorted(audit_source(agent_codes, scorecard_code), key=lambda a: (a.contact_started_at, a.audit_id))
    trained = [a.agent_code in starts and a.contact_started_at.date() >= starts[a.agent_code] for a in audits]
    scores = [a.score for a in audits]
    agents = [a.agent_code for a in audits]
    trained_group = _group(
        "trained",
        [s for s, t in zip(scores, trained, strict=True) if t],
        [g for g, t in zip(agents, trained, strict=True) if t],
    )
    untrained_group = _group(
        "not yet trained",
        [s for s, t in zip(scores, trained, strict=True) if not t],
        [g for g, t in zip(agents, trained, strict=True) if not t],
    )
    naive: Estimate | None = None
    did: DidResult | None = None
    problem: str | None = None
    if trained_group.enough and untrained_group.enough:
        naive = clustered_difference(scores, trained, agents)
        try:
            did = did_two_way(
                scores, np.asarray(trained, dtype=float), agents, [f"{a.contact_started_at:%Y-%m}" for a in audits]
            )
        except EstimationError as exc:
            problem = str(exc)
    else:
        problem = f"too few audits to compare: each group needs at least {MIN_AUDITS} audits of {MIN_AGENTS} agents"
    nps = nps_comparison(nps_source(caller, agent_codes), starts, min_survey_responses())
    return ImpactReport(
        scorecard_code=scorecard_code,
        program_code=program_code,
        trained=trained_group,
        untrained=untrained_group,
        naive=naive,
        did=did,
        did_problem=problem,
        agents_with_start=sum(1 for code in agent_codes if code in starts),
        monthly=_monthly(audits, trained),
        nps=nps,
        nps_note=NPS_PENDING if nps is None else NPS_RULE,
    )


def default_scorecard(program_code: str | None = None) -> str | None:
    """The scorecard the program's credential is judged on (the first credential type's)."""
    types = selectors.credential_types()
    if program_code:
        types = types.filter(program__code=program_code)
    first = types.first()
    return first.scorecard_code if first else None


__all__ = ["NPS_PENDING", "ImpactReport", "NpsComparison", "default_scorecard", "nps_comparison", "program_impact"]
