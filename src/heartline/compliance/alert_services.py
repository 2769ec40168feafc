"""Clock alerts: warn a case's owner once when its decision clock is 75% used, and once when it is overdue.

`raise_clock_alerts` is what the worker's `alert_clocks_running_out` task and `heartline compliance
alerts` run. It judges every open regulated case (as the operator: alerts are the system's, not a
person's read) and records one `ClockAlert` per case and threshold; the unique constraint and the
lookup before it make a re-run (or two workers at once) never alert twice. The alerts show on the
worklist and the case page of the case's owner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction

from heartline.compliance.models import ClockAlert, ClockThreshold
from heartline.compliance.selectors import DEFAULT_AT_RISK_SHARE, JudgedCase, judged_cases
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, require

# The at-risk threshold is the worklist's: an open case with less than this share of its time left,
# i.e. 75% of its clock used.
AT_RISK_SHARE = DEFAULT_AT_RISK_SHARE


@dataclass(frozen=True)
class AlertRun:
    """What one run did: cases looked at, alerts raised now, and those raised before (not repeated)."""

    as_of: str
    open_cases: int
    raised: list[dict[str, str]] = field(default_factory=list)
    already_raised: int = 0

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def threshold_of(case: JudgedCase) -> str | None:
    if case.status == "overdue":
        return ClockThreshold.OVERDUE
    if case.status == "open" and case.at_risk:
        return ClockThreshold.AT_RISK
    return None


def raise_clock_alerts(caller: Caller, as_of: dt.datetime | None = None) -> AlertRun:
    """Record the alerts due at `as_of` (now) that were not raised before."""
    require(caller, Capability.FOLLOW_DECISION_CLOCKS, "raise decision-clock alerts")
    moment = as_of or clock.now()
    cases = [c for c in judged_cases(caller, moment, at_risk_share=AT_RISK_SHARE) if c.status in ("open", "overdue")]
    raised: list[dict[str, str]] = []
    already = 0
    for case in cases:
        threshold = threshold_of(case)
        if threshold is None or case.due_at is None:
            continue
        if ClockAlert.objects.filter(case_id=case.case_id, threshold=threshold).exists():
            already += 1
            continue
        try:
            with transaction.atomic():
                ClockAlert.objects.create(
                    case_id=case.case_id,
                    threshold=threshold,
                    owner_code=case.owner_id or "",
                    unit_code=case.unit or "",
                    rule_name=case.rule_name,
                    due_at=case.due_at,
                    raised_at=moment,
                )
        except IntegrityError:  # another run raised it between the lookup and the insert
            already += 1
            continue
        raised.append({"case_id": case.case_id, "threshold": str(threshold), "owner": case.owner_id or ""})
    return AlertRun(as_of=moment.isoformat(), open_cases=len(cases), raised=raised, already_raised=already)
