"""Program impact: trained vs not-yet-trained audit scores, and the difference-in-differences.

Audits come from quality's `scored_audits` for the representatives the caller may see; an audit
counts as *trained* when the call happened on or after the day the agent's wave started. The naive
gap compares the two groups' means. The headline effect is Callaway–Sant'Anna's staggered
difference-in-differences (`heartline.stats.staggered`): each wave's agents are compared, month by
month, with the agents not yet trained by then, from the month before the wave's start, so an
effect that grows over the months after training is not pulled down by already-trained agents
serving as comparisons; it comes with an event study by months since training. The two-way
fixed-effects estimate (each agent against themselves, net of the calendar month) is kept beside it
for comparison. Standard errors are clustered by agent. Every estimate carries its n and a 95% CI; a
group with fewer than MIN_AUDITS audits or MIN_AGENTS agents is shown without an estimate.

For the staggered estimate an agent's cohort is the calendar month of their wave's start; the audits
of that month from before the start day are left out (they are neither before nor after), and agents
with no start are never trained.

Member NPS is compared the same way: each 0–10 likelihood-to-recommend answer about a visible
representative (voice's `nps_answers`, read with the caller's scope) counts as *trained* when the
member answered on or after the day the agent's wave started. Each group's NPS carries its n and a
95% CI (`heartline.stats.nps`); a group under voice's minimum number of responses is shown greyed,
without an estimate, and the gap (trained − not yet trained) is given only when both groups have one.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from heartline.core.analytics import remember
from heartline.core.contracts import Caller
from heartline.learning import selectors
from heartline.learning.services.credentials import AuditSource, quality_audits, quality_audits_fingerprint
from heartline.stats.did import DidResult, Estimate, EstimationError, clustered_difference, clustered_mean
from heartline.stats.did import two_way_fixed_effects as did_two_way
from heartline.stats.nps import NpsChange, NpsResult, net_promoter_score, nps_change
from heartline.stats.staggered import StaggeredResult, callaway_santanna
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
_NO_START = int(np.iinfo(np.int64).max)  # start day of an agent with no training start
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
    staggered: StaggeredResult | None = None  # the headline effect; None with did_problem or staggered_problem
    staggered_problem: str | None = None
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
            "staggered_difference_in_differences": self.staggered.as_dict() if self.staggered else None,
            "staggered_difference_in_differences_problem": self.staggered_problem or self.did_problem,
            "nps": self.nps.as_dict() if self.nps else None,
            "nps_note": self.nps_note,
            "monthly": [m.__dict__ for m in self.monthly],
        }


def _group(label: str, scores: npt.NDArray[np.float64], agents: npt.NDArray[np.int64]) -> GroupScore:
    distinct = int(np.unique(agents).size)
    enough = scores.size >= MIN_AUDITS and distinct >= MIN_AGENTS
    return GroupScore(label, int(scores.size), distinct, clustered_mean(scores, agents) if enough else None)


def _monthly(
    months: npt.NDArray[np.int64], scores: npt.NDArray[np.float64], trained: npt.NDArray[np.float64]
) -> list[MonthRow]:
    """Mean score of trained and not-yet-trained audits per calendar month (`months` as year·12 + month − 1)."""
    if months.size == 0:
        return []
    present, codes = np.unique(months, return_inverse=True)
    count = present.size
    trained_n = np.bincount(codes, weights=trained, minlength=count)
    trained_sum = np.bincount(codes, weights=scores * trained, minlength=count)
    all_n = np.bincount(codes, minlength=count).astype(np.float64)
    all_sum = np.bincount(codes, weights=scores, minlength=count)
    rows = []
    for i, month in enumerate(present.tolist()):
        t_n, u_n = int(trained_n[i]), int(all_n[i] - trained_n[i])
        rows.append(
            MonthRow(
                month=f"{month // 12:04d}-{month % 12 + 1:02d}",
                trained_mean=float(trained_sum[i] / t_n) if t_n else None,
                trained_n=t_n,
                untrained_mean=float((all_sum[i] - trained_sum[i]) / u_n) if u_n else None,
                untrained_n=u_n,
            )
        )
    return rows


def _nps_group(label: str, answers: list[NpsAnswer], minimum: int) -> NpsGroup:
    enough = len(answers) >= minimum and len(answers) > 0
    result = net_promoter_score([a.nps for a in answers]) if enough else None
    return NpsGroup(label, len(answers), len({a.agent_code for a in answers}), result)


def nps_comparison(answers: list[NpsAnswer], starts: dict[str, dt.date], minimum: int) -> NpsComparison | None:
    """NPS of the answers given on or after the agent's training start vs those given before it."""
    if not answers:
        return None
    trained: list[NpsAnswer] = []
    untrained: list[NpsAnswer] = []
    for answer in answers:
        start = starts.get(answer.agent_code)
        (trained if start is not None and answer.responded_on >= start else untrained).append(answer)
    trained_group = _nps_group("trained", trained, minimum)
    untrained_group = _nps_group("not yet trained", untrained, minimum)
    gap = None
    if trained_group.result and untrained_group.result:
        gap = nps_change(untrained_group.result, trained_group.result)
    return NpsComparison(trained_group, untrained_group, gap, minimum)


def _month_of(day: int) -> float:
    """A start day (ordinal) as a month in the `months` coding; NaN for the no-start sentinel."""
    if day == _NO_START:
        return math.nan
    start = dt.date.fromordinal(day)
    return float(start.year * 12 + start.month - 1)


def _staggered(
    scores: npt.NDArray[np.float64],
    agent_ids: npt.NDArray[np.int64],
    months: npt.NDArray[np.int64],
    call_days: npt.NDArray[np.int64],
    start_by_agent: npt.NDArray[np.int64],
) -> tuple[StaggeredResult | None, str | None]:
    """Callaway–Sant'Anna on the audits: cohort = the month of the agent's start (`months` coding)."""
    start_month_by_agent = np.array([_month_of(day) for day in start_by_agent.tolist()], dtype=np.float64)
    starts = start_by_agent[agent_ids]
    cohort = start_month_by_agent[agent_ids]
    # An audit in the start month from before the start day is neither before nor after training.
    keep = ~((months == cohort) & (call_days < starts))
    try:
        result = callaway_santanna(scores[keep], agent_ids[keep], months[keep], cohort[keep])
    except EstimationError as exc:
        return None, str(exc)
    return result, None


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
    audits = audit_source(agent_codes, scorecard_code)
    # One pass over the audits into arrays; everything after is numpy (tens of thousands of audits).
    scores = np.fromiter((a.score for a in audits), dtype=np.float64, count=len(audits))
    agents = [a.agent_code for a in audits]
    started = [a.contact_started_at for a in audits]
    months = np.fromiter((d.year * 12 + d.month - 1 for d in started), dtype=np.int64, count=len(audits))
    call_days = np.fromiter((d.toordinal() for d in started), dtype=np.int64, count=len(audits))
    agent_index = {code: i for i, code in enumerate(sorted({*starts, *agents}))}
    start_by_agent = np.full(len(agent_index), _NO_START, dtype=np.int64)
    for code, day in starts.items():
        start_by_agent[agent_index[code]] = day.toordinal()
    agent_ids = np.fromiter((agent_index[code] for code in agents), dtype=np.int64, count=len(audits))
    trained = call_days >= start_by_agent[agent_ids]
    trained_group = _group("trained", scores[trained], agent_ids[trained])
    untrained_group = _group("not yet trained", scores[~trained], agent_ids[~trained])
    naive: Estimate | None = None
    did: DidResult | None = None
    problem: str | None = None
    staggered: StaggeredResult | None = None
    staggered_problem: str | None = None
    if trained_group.enough and untrained_group.enough:
        naive = clustered_difference(scores, trained, agent_ids)
        try:
            did = did_two_way(scores, trained.astype(np.float64), agent_ids, months)
        except EstimationError as exc:
            problem = str(exc)
        staggered, staggered_problem = _staggered(scores, agent_ids, months, call_days, start_by_agent)
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
        staggered=staggered,
        staggered_problem=staggered_problem,
        agents_with_start=sum(1 for code in agent_codes if code in starts),
        monthly=_monthly(months, scores, trained.astype(np.float64)),
        nps=nps,
        nps_note=NPS_PENDING if nps is None else NPS_RULE,
    )


def impact_report(caller: Caller, *, scorecard_code: str, program_code: str | None = None) -> ImpactReport:
    """`program_impact` as the page and the API show it, kept until its inputs change: the audits it
    reads (their fingerprint), the representatives the caller may see and their training starts, the
    survey threshold, and (through `remember`) every warehouse table the NPS answers come from."""
    agent_codes = selectors.visible_agent_codes(caller)
    starts = selectors.training_starts(caller, program_code)
    key = (
        "learning-impact",
        scorecard_code,
        program_code,
        caller.scope,  # the NPS answers are read in it
        tuple(sorted(agent_codes)),
        tuple(sorted((code, day.isoformat()) for code, day in starts.items())),
        quality_audits_fingerprint(agent_codes, scorecard_code),
        min_survey_responses(),
    )
    return remember(key, lambda: program_impact(caller, scorecard_code=scorecard_code, program_code=program_code))


def default_scorecard(program_code: str | None = None) -> str | None:
    """The scorecard the program's credential is judged on (the first credential type's)."""
    types = selectors.credential_types()
    if program_code:
        types = types.filter(program__code=program_code)
    first = types.first()
    return first.scorecard_code if first else None


def warm_impact_report(caller: Caller) -> None:
    """The Training impact page's default view computed ahead (`heartline.core.warming`)."""
    scorecard = default_scorecard(None)
    if scorecard is not None:
        impact_report(caller, scorecard_code=scorecard, program_code=None)


__all__ = [
    "NPS_PENDING",
    "ImpactReport",
    "NpsComparison",
    "default_scorecard",
    "impact_report",
    "nps_comparison",
    "program_impact",
]
