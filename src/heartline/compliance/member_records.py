"""Members' regulated cases with their decision clocks, for other apps (the FHIR export's Tasks).

Read through `RegulatedCases`, so the caller's scope applies as on the worklist; only for callers who
may read cases (FOLLOW_DECISION_CLOCKS, WORK_REGULATED_CASES, the operator) — anyone else gets none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from heartline.compliance.contracts import MemberRegulatedCase
from heartline.compliance.records import RegulatedCases
from heartline.compliance.selectors import judged_row
from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.warehouse.runners import MetricQuery


def may_read_regulated_cases(caller: Caller) -> bool:
    return (
        caller.is_operator
        or caller.can(Capability.FOLLOW_DECISION_CLOCKS)
        or caller.can(Capability.WORK_REGULATED_CASES)
    )


def regulated_cases_of_members(caller: Caller, member_ids: Sequence[str]) -> dict[str, list[MemberRegulatedCase]]:
    """Each member's regulated cases the caller may see, judged now, by case id; members with none
    (and every member, for a caller who may not read cases) are left out."""
    if not member_ids or not may_read_regulated_cases(caller):
        return {}
    records = RegulatedCases(MetricQuery(), caller.scope, warehouse_source())
    expr = records.to_expr()
    rows = records.fetch(expr.filter(expr.member_id.isin(sorted(set(member_ids)))))
    now = clock.now()
    found: dict[str, list[MemberRegulatedCase]] = defaultdict(list)
    for row in rows:
        judged = judged_row(row, now)
        found[str(row["member_id"])].append(
            MemberRegulatedCase(
                case_id=judged.case_id,
                line_of_business=judged.line_of_business,
                category=judged.category,
                priority=judged.priority,
                request=judged.request,
                received_at=judged.received_at,
                due_at=judged.due_at,
                decided_at=judged.decided_at,
                notified_at=judged.notified_at,
                outcome=judged.outcome or "",
                clock_status=judged.status,
                rule_name=judged.rule_name,
                citation=judged.citation,
            )
        )
    return dict(found)
