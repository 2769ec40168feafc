"""One member's survey responses, for the member view: read by `member_id`, scoped to the caller,
verbatims redacted (PHI patterns and staff names) before they leave the app. Many members' at once
(every response) for the FHIR export: `surveys_of_members`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import ibis

from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.redaction import Redactor
from heartline.core.selectors import phi_redactor
from heartline.voice.analytics import caller_division_code
from heartline.voice.contracts import MemberSurveyAnswer
from heartline.voice.metrics import SurveyRecords
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.runners import MetricQuery

MAX_RESPONSES = 200
COLUMNS = ("response_id", "survey", "responded_at", "channel", "contact_id", "nps", "csat", "verbatim")


def _whole(value: object) -> int | None:
    return None if value is None else int(str(value))


def surveys_of_member(caller: Caller, member_id: str) -> list[MemberSurveyAnswer]:
    """The member's survey responses the caller may see, newest first, verbatims redacted."""
    records = SurveyRecords(MetricQuery(), caller.scope, warehouse_source())
    table = records.table(SURVEY_RESPONSES)
    mine = table.filter(table.member_id == member_id).select(*COLUMNS)
    rows = records.fetch(mine.order_by([ibis.desc("responded_at"), "response_id"]), MAX_RESPONSES)
    redactor = _redactor(caller)
    return [_answer(r, redactor) for r in rows]


def surveys_of_members(caller: Caller, member_ids: Sequence[str]) -> dict[str, list[MemberSurveyAnswer]]:
    """Each member's survey responses the caller may see, oldest first, all of them, verbatims redacted;
    members with none are left out."""
    if not member_ids:
        return {}
    records = SurveyRecords(MetricQuery(), caller.scope, warehouse_source())
    table = records.table(SURVEY_RESPONSES)
    theirs = table.filter(table.member_id.isin(sorted(set(member_ids)))).select("member_id", *COLUMNS)
    redactor = _redactor(caller)
    found: dict[str, list[MemberSurveyAnswer]] = defaultdict(list)
    for row in records.fetch(theirs.order_by(["member_id", "responded_at", "response_id"])):
        found[str(row["member_id"])].append(_answer(row, redactor))
    return dict(found)


def _redactor(caller: Caller) -> Redactor:
    return phi_redactor(caller_division_code(caller) if caller.employee_code else None)


def _answer(r: dict[str, Any], redactor: Redactor) -> MemberSurveyAnswer:
    return MemberSurveyAnswer(
        response_id=str(r["response_id"]),
        survey=str(r["survey"] or ""),
        responded_at=clock.instant(r["responded_at"]),
        channel=str(r["channel"] or ""),
        contact_id=str(r["contact_id"] or ""),
        nps=_whole(r["nps"]),
        csat=_whole(r["csat"]),
        verbatim=redactor.redact(str(r["verbatim"])) if r["verbatim"] else "",
    )
