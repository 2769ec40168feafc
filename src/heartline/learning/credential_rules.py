"""The credential rules engine: pure functions from an agent's audits and courses to state changes.

No database here: `next_transitions(rule, standing, audits, courses, today)` takes a credential's
current standing and the facts (audits as quality's `AuditScore`s, the day the required courses were
done) and returns the state changes the rules call for, oldest first, each with the day it took
effect, a reason in plain words and the audits behind it. Running it again with the same facts
returns nothing: evaluation on every new audit and the nightly run may both call it. Days are the
organization's calendar days (`core.clock.day_of`), the same days `today` is counted in.

The rules (every number comes from the `Rule`, i.e. the CredentialType row):
- an audit *passes* when it was scored on the rule's scorecard, no critical item failed, and its
  score is at or above the threshold; audits count by the day of the audited call;
- not started → in progress: the required courses are done, or a first passing audit;
- → granted: the required courses are done and N audits of calls on or after that day pass; granted
  on the day the last of them was completed, valid for `validity_months`;
- granted/renewed → flagged: the monthly average score (every audit on the scorecard, critical fails
  as 0) is below the threshold for `months_below_to_flag` consecutive complete calendar months that
  began after the grant; flagged on the first day after those months;
- granted/renewed/flagged → expired: on the expiry day;
- flagged/expired → re-credentialing: the first N audits of calls on or after the flag (or expiry)
  day decide: all pass → renewed (valid again from that day), any fails → revoked;
- revoked → granted again after N new passing audits of calls on or after the revocation.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from heartline.core.clock import day_of
from heartline.quality.contracts import AuditScore

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
GRANTED = "granted"
FLAGGED = "flagged"
EXPIRED = "expired"
REVOKED = "revoked"
RENEWED = "renewed"
STATES = (NOT_STARTED, IN_PROGRESS, GRANTED, FLAGGED, EXPIRED, REVOKED, RENEWED)
ACTIVE_STATES = frozenset({GRANTED, RENEWED})
HOLDS_CREDENTIAL = frozenset({GRANTED, RENEWED, FLAGGED})
MAX_TRANSITIONS = 500  # a guard: the rules always move forward in time, so this is never reached


@dataclass(frozen=True)
class Rule:
    scorecard_code: str
    threshold: float
    audits_required: int = 3
    validity_months: int = 12
    months_below_to_flag: int = 2
    scorecard_name: str = ""  # how reasons name the scorecard (its code when empty)


@dataclass(frozen=True)
class Courses:
    """How many courses the credential requires, and the day the last was done (None: not all done)."""

    required: int
    done_on: dt.date | None

    @property
    def satisfied(self) -> bool:
        return self.required == 0 or self.done_on is not None


@dataclass(frozen=True)
class Standing:
    """Where a credential stands: its state, since when, and its current grant."""

    state: str = NOT_STARTED
    since: dt.date | None = None
    granted_on: dt.date | None = None
    expires_on: dt.date | None = None


@dataclass(frozen=True)
class Transition:
    from_state: str
    to_state: str
    effective_on: dt.date
    reason: str
    audit_ids: tuple[int, ...]
    granted_on: dt.date | None
    expires_on: dt.date | None

    def standing(self) -> Standing:
        return Standing(self.to_state, self.effective_on, self.granted_on, self.expires_on)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def call_day(audit: AuditScore) -> dt.date:
    return day_of(audit.contact_started_at)


def passes(rule: Rule, audit: AuditScore) -> bool:
    return audit.scorecard_code == rule.scorecard_code and audit.passed_critical and audit.score >= rule.threshold


def _describe(audit: AuditScore, rule: Rule) -> str:
    if not audit.passed_critical:
        return f"#{audit.audit_id} failed a critical item"
    if audit.score < rule.threshold:
        return f"#{audit.audit_id} scored {audit.score:g} (below {rule.threshold:g})"
    return f"#{audit.audit_id} scored {audit.score:g}"


def _ids(audits: Iterable[AuditScore]) -> tuple[int, ...]:
    return tuple(a.audit_id for a in audits)


def _decided_on(audits: Sequence[AuditScore], floor: dt.date) -> dt.date:
    return max([floor, *(day_of(a.completed_at) for a in audits)])


def _start(rule: Rule, audits: Sequence[AuditScore], courses: Courses) -> Transition | None:
    first_pass = next((a for a in audits if passes(rule, a)), None)
    candidates: list[tuple[dt.date, str, tuple[int, ...]]] = []
    if courses.required and courses.done_on is not None:
        candidates.append((courses.done_on, "required courses completed", ()))
    if first_pass is not None:
        candidates.append(
            (
                day_of(first_pass.completed_at),
                f"first passing audit: {_describe(first_pass, rule)}",
                (first_pass.audit_id,),
            )
        )
    if not candidates:
        return None
    day, reason, ids = min(candidates, key=lambda c: c[0])
    return Transition(NOT_STARTED, IN_PROGRESS, day, reason, ids, None, None)


def _grant(rule: Rule, standing: Standing, audits: Sequence[AuditScore], courses: Courses) -> Transition | None:
    if not courses.satisfied:
        return None
    floor = courses.done_on if courses.required and courses.done_on is not None else dt.date.min
    if standing.state == REVOKED and standing.since is not None:
        floor = max(floor, standing.since)
    passing = [a for a in audits if call_day(a) >= floor and passes(rule, a)][: rule.audits_required]
    if len(passing) < rule.audits_required:
        return None
    granted_on = _decided_on(passing, floor)
    after = " after the required courses" if courses.required else ""
    scorecard = rule.scorecard_name or rule.scorecard_code
    reason = f"{rule.audits_required} audited calls on {scorecard} at or above {rule.threshold:g}{after}: " + ", ".join(
        _describe(a, rule) for a in passing
    )
    expires_on = add_months(granted_on, rule.validity_months)
    return Transition(standing.state, GRANTED, granted_on, reason, _ids(passing), granted_on, expires_on)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(month: dt.date) -> dt.date:
    return add_months(month, 1)


def _flag(rule: Rule, standing: Standing, audits: Sequence[AuditScore], today: dt.date) -> Transition | None:
    """The first run of `months_below_to_flag` consecutive complete months after the grant whose
    average score is below the threshold."""
    assert standing.granted_on is not None  # noqa: S101 - an active credential always has a grant day
    by_month: dict[dt.date, list[AuditScore]] = defaultdict(list)
    for audit in audits:
        month = _month_start(call_day(audit))
        if month > standing.granted_on and _next_month(month) <= today:
            by_month[month].append(audit)
    run: list[dt.date] = []
    for month in sorted(by_month):
        scores = by_month[month]
        below = sum(a.score for a in scores) / len(scores) < rule.threshold
        consecutive = bool(run) and _next_month(run[-1]) == month
        run = ([*run, month] if consecutive else [month]) if below else []
        if len(run) == rule.months_below_to_flag:
            flagged_on = _next_month(month)
            summary = "; ".join(
                f"{m:%Y-%m} average {sum(a.score for a in by_month[m]) / len(by_month[m]):.1f} (n={len(by_month[m])})"
                for m in run
            )
            reason = (
                f"monthly average audit score below {rule.threshold:g} for {len(run)} consecutive months: {summary}"
            )
            ids = tuple(a.audit_id for m in run for a in by_month[m])
            return Transition(
                standing.state, FLAGGED, flagged_on, reason, ids, standing.granted_on, standing.expires_on
            )
    return None


def _expire(rule: Rule, standing: Standing, today: dt.date) -> Transition | None:
    if standing.expires_on is None or standing.expires_on > today:
        return None
    reason = f"valid for {rule.validity_months} months from {standing.granted_on}; re-credentialing is due"
    return Transition(
        standing.state, EXPIRED, standing.expires_on, reason, (), standing.granted_on, standing.expires_on
    )


def _recredential(rule: Rule, standing: Standing, audits: Sequence[AuditScore]) -> Transition | None:
    assert standing.since is not None  # noqa: S101 - flagged and expired always record since when
    window = [a for a in audits if call_day(a) >= standing.since][: rule.audits_required]
    if len(window) < rule.audits_required:
        return None
    decided_on = _decided_on(window, standing.since)
    failing = [a for a in window if not passes(rule, a)]
    listed = ", ".join(_describe(a, rule) for a in window)
    if failing:
        reason = f"re-credentialing not passed: {len(failing)} of {len(window)} audited calls fell short ({listed})"
        return Transition(standing.state, REVOKED, decided_on, reason, _ids(window), None, None)
    reason = f"re-credentialed: {len(window)} audited calls at or above {rule.threshold:g} ({listed})"
    expires_on = add_months(decided_on, rule.validity_months)
    return Transition(standing.state, RENEWED, decided_on, reason, _ids(window), decided_on, expires_on)


def _earliest(*candidates: Transition | None) -> Transition | None:
    present = [c for c in candidates if c is not None]
    return min(present, key=lambda t: t.effective_on) if present else None


def _step(
    rule: Rule, standing: Standing, audits: Sequence[AuditScore], courses: Courses, today: dt.date
) -> Transition | None:
    state = standing.state
    if state == NOT_STARTED:
        return _start(rule, audits, courses)
    if state in (IN_PROGRESS, REVOKED):
        return _grant(rule, standing, audits, courses)
    if state in ACTIVE_STATES:
        flag = _flag(rule, standing, audits, today)
        expiry = _expire(rule, standing, today)
        # The expiry wins a tie: a credential that has run out needs re-credentialing anyway.
        if expiry is not None and (flag is None or expiry.effective_on <= flag.effective_on):
            return expiry
        return flag
    if state == FLAGGED:
        decision = _recredential(rule, standing, audits)
        expiry = _expire(rule, standing, today)
        if expiry is not None and (decision is None or expiry.effective_on < decision.effective_on):
            return expiry
        return decision
    if state == EXPIRED:
        return _recredential(rule, standing, audits)
    raise ValueError(f"unknown credential state {state!r}")


def next_transitions(
    rule: Rule, standing: Standing, audits: Iterable[AuditScore], courses: Courses, today: dt.date
) -> list[Transition]:
    """Every state change the facts call for from `standing`, as of `today`, oldest first.

    Only audits on the rule's scorecard completed by `today` are considered.
    """
    relevant = sorted(
        (a for a in audits if a.scorecard_code == rule.scorecard_code and day_of(a.completed_at) <= today),
        key=lambda a: (a.contact_started_at, a.audit_id),
    )
    transitions: list[Transition] = []
    current = standing
    for _ in range(MAX_TRANSITIONS):
        change = _step(rule, current, relevant, courses, today)
        if change is None or change.effective_on > today:
            break
        if current.since is not None and change.effective_on < current.since:
            change = replace(change, effective_on=current.since)
        transitions.append(change)
        current = change.standing()
    return transitions


def replay(rule: Rule, audits: Iterable[AuditScore], courses: Courses, today: dt.date) -> list[Transition]:
    """The whole history from not started (what a recompute from scratch would store)."""
    return next_transitions(rule, Standing(), audits, courses, today)
