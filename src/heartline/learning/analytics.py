"""Program impact: trained vs not-yet-trained audit scores, and the difference-in-differences.

Audits come from quality's `scored_audits` for the representatives the caller may see; an audit
counts as *trained* when the call happened on or after the day the agent's wave started. The naive
gap compares the two groups' means; the difference-in-differences compares each agent with
themselves before and after, net of what changed for everyone that month (two-way fixed effects,
standard errors clustered by agent). Every estimate carries its n and a 95% CI; a group with fewer
than MIN_AUDITS audits or MIN_AGENTS agents is shown without an estimate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from heartline.core.contracts import Caller
from heartline.learning import selectors
from heartline.learning.services.credentials import AuditSource, quality_audits
from heartline.quality.contracts import AuditScore
from heartline.stats.did import DidResult, Estimate, EstimationError, clustered_difference, clustered_mean
from heartline.stats.did import two_way_fixed_effects as did_two_way

MIN_AUDITS = 30
MIN_AGENTS = 5
NPS_PENDING = "NPS appears once survey responses are loaded."


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
            "nps": None,
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


def program_impact(
    caller: Caller,
    *,
    scorecard_code: str,
    program_code: str | None = None,
    audit_source: AuditSource = quality_audits,
) -> ImpactReport:
    """Trained vs not-yet-trained audit scores for the representatives the caller may see."""
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
    )


def default_scorecard(program_code: str | None = None) -> str | None:
    """The scorecard the program's credential is judged on (the first credential type's)."""
    types = selectors.credential_types()
    if program_code:
        types = types.filter(program__code=program_code)
    first = types.first()
    return first.scorecard_code if first else None


__all__ = ["NPS_PENDING", "ImpactReport", "default_scorecard", "dt", "program_impact"]
