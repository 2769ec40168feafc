"""Reads of the closed loop: the survey responses that call for a follow-up, a unit's queue, one
follow-up, and the loop's figures per unit and period.

Follow-ups are scoped like the survey responses they come from: a supervisor (FOLLOW_UP_DETRACTORS)
reads those of the units they look after, division leaders the division's, administrators all.
The figures (READ_LOOP_FIGURES) are counts and shares with their n and 95% intervals; no member is
named. The member's next score is the first survey response of the same member, answered after the
call back, that the reader may see.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from heartline.core import clock
from heartline.core.analytics import warehouse_source
from heartline.core.contracts import Caller
from heartline.core.errors import NotFound
from heartline.core.permissions import Capability, require
from heartline.core.selectors import visible_units
from heartline.stats.nps import nps_from_counts
from heartline.stats.proportions import wilson_interval
from heartline.voice.contracts import LOW_CSAT_MAX, LOW_NPS_MAX
from heartline.voice.follow_up_clock import LATE, ON_TIME, OPEN, OVERDUE, standing
from heartline.voice.metrics import SurveyRecords
from heartline.voice.models import FollowUp, FollowUpOutcome
from heartline.warehouse.runners import MetricQuery

RESPONSE_COLUMNS = (
    "response_id",
    "member_id",
    "contact_id",
    "agent_id",
    "unit",
    "responded_at",
    "language",
    "nps",
    "csat",
    "verbatim",
)
DEFAULT_FIGURE_DAYS = 91


class FollowUpNotFoundError(NotFound):
    """No follow-up with that id among those the caller may see."""


def is_low(nps: int | None, csat: int | None) -> bool:
    """A detractor's NPS (0–6) or a CSAT of 1–2 (voice.contracts)."""
    return (nps is not None and nps <= LOW_NPS_MAX) or (csat is not None and csat <= LOW_CSAT_MAX)


def _whole(value: object) -> int | None:
    return None if value is None else int(str(value))


def candidate_responses(caller: Caller, since: dt.date, until: dt.date | None = None) -> list[dict[str, Any]]:
    """Responses the caller may see, answered `since`..`until`, that are low or carry a verbatim (which
    may name a complaint): the rows the opening of follow-ups judges, oldest first."""
    records = SurveyRecords(MetricQuery(start=since, end=until), caller.scope, warehouse_source())
    rows = records.filtered()
    low = (rows.nps.notnull() & (rows.nps <= LOW_NPS_MAX)) | (rows.csat.notnull() & (rows.csat <= LOW_CSAT_MAX))
    worded = rows.verbatim.notnull() & (rows.verbatim.strip() != "")
    rows = rows.filter(low | worded).select(*RESPONSE_COLUMNS).order_by(["responded_at", "response_id"])
    found = records.fetch(rows)
    for row in found:
        row["nps"], row["csat"] = _whole(row["nps"]), _whole(row["csat"])
        row["responded_at"] = clock.instant(row["responded_at"])
    return found


def follow_ups(caller: Caller) -> QuerySet[FollowUp]:
    """Every follow-up the caller may work: of their units (FOLLOW_UP_DETRACTORS)."""
    require(caller, Capability.FOLLOW_UP_DETRACTORS, "work members' follow-ups")
    return FollowUp.objects.visible_to(caller)


def follow_up_for(caller: Caller, follow_up_id: int, *, for_update: bool = False) -> FollowUp:
    found = follow_ups(caller)
    if for_update:
        found = found.select_for_update()
    follow_up = found.filter(pk=follow_up_id).first()
    if follow_up is None:
        raise FollowUpNotFoundError(f"no follow-up {follow_up_id} in the units you look after")
    return follow_up


def follow_up_units(caller: Caller) -> dict[str, str]:
    """Units whose follow-ups or figures the caller may read: code → name."""
    return dict(visible_units(caller).order_by("name").values_list("code", "name"))


def _unit_name(caller: Caller, unit_code: str) -> str:
    units = follow_up_units(caller)
    if unit_code not in units:
        raise NotFound(f"no unit {unit_code!r} among those you look after")
    return units[unit_code]


@dataclass(frozen=True)
class QueueRow:
    follow_up: FollowUp
    standing: str
    time_left: dt.timedelta


def unit_queue(caller: Caller, unit_code: str, as_of: dt.datetime | None = None, recent: int = 10) -> dict[str, Any]:
    """A unit's open follow-ups, most overdue first, with how many are overdue and due today, and the
    last `recent` closed ones."""
    mine = follow_ups(caller).filter(unit_code=unit_code)
    name = _unit_name(caller, unit_code)
    moment = as_of or clock.now()
    open_rows = [
        QueueRow(f, standing(f.due_at, None, False, moment), f.due_at - moment)
        for f in mine.filter(outcome="").order_by("due_at", "id")
    ]
    today = clock.day_of(moment)
    return {
        "unit": unit_code,
        "unit_name": name,
        "as_of": moment,
        "open": open_rows,
        "overdue": sum(1 for r in open_rows if r.standing == OVERDUE),
        "due_today": sum(1 for r in open_rows if r.standing == OPEN and clock.day_of(r.follow_up.due_at) == today),
        "closed": list(mine.exclude(outcome="").order_by("-called_at", "-id")[:recent]),
    }


# -- figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Share:
    """`count` of `n` with its Wilson 95% interval (shares 0–1; NaN bounds when n is 0)."""

    count: int
    n: int
    ci: tuple[float, float]

    @property
    def share(self) -> float | None:
        return self.count / self.n if self.n else None


def share(count: int, n: int) -> Share:
    return Share(count, n, wilson_interval(count, n))


def figure_period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    last = end or clock.today()
    return (start or last - dt.timedelta(days=DEFAULT_FIGURE_DAYS - 1), last)


def loop_figures(
    caller: Caller, unit_code: str, start: dt.date | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """The loop's figures for follow-ups opened in `start`..`end` (default the 91 days to today):
    share closed in time, the standing and outcome mixes, and the member's next score."""
    require(caller, Capability.READ_LOOP_FIGURES, "read the closed loop's figures")
    name = _unit_name(caller, unit_code)
    first, last = figure_period(start, end)
    begins, ends = clock.day_span(first, last)
    rows = list(
        FollowUp.objects.visible_to(caller).filter(unit_code=unit_code, opened_at__gte=begins, opened_at__lt=ends)
    )
    moment = clock.now()
    standings = Counter(standing(f.due_at, f.called_at, not f.is_open, moment) for f in rows)
    settled = standings[ON_TIME] + standings[LATE] + standings[OVERDUE]
    closed = [f for f in rows if not f.is_open]
    outcomes = Counter(f.outcome for f in closed)
    return {
        "unit": unit_code,
        "unit_name": name,
        "start": first,
        "end": last,
        "opened": len(rows),
        "standings": {key: standings[key] for key in (ON_TIME, LATE, OVERDUE, OPEN)},
        "in_time": share(standings[ON_TIME], settled),
        "outcomes": [(o.value, o.label, share(outcomes[o.value], len(closed))) for o in FollowUpOutcome],
        "triggers": dict(Counter(f.trigger for f in rows)),
        "next_score": next_scores(caller, closed),
    }


def follow_up_record(f: FollowUp, as_of: dt.datetime) -> dict[str, Any]:
    """One follow-up as plain data (the API and the command line); it names the member."""
    return {
        "id": f.pk,
        "response_id": f.response_id,
        "member_id": f.member_id,
        "contact_id": f.contact_id,
        "unit": f.unit_code,
        "trigger": f.trigger,
        "nps": f.nps,
        "csat": f.csat,
        "complaint_themes": [t for t in f.complaint_themes.split(",") if t],
        "verbatim": f.verbatim,
        "responded_at": f.responded_at,
        "opened_at": f.opened_at,
        "due_at": f.due_at,
        "business_days": f.business_days,
        "standing": standing(f.due_at, f.called_at, not f.is_open, as_of),
        "outcome": f.outcome,
        "note": f.note,
        "called_at": f.called_at,
        "closed_by": f.closed_by_name,
        "case_id": f.case_id,
    }


def _share_summary(s: Share) -> dict[str, Any]:
    low, high = s.ci
    return {
        "count": s.count,
        "n": s.n,
        "share": s.share,
        "ci_low": None if math.isnan(low) else low,
        "ci_high": None if math.isnan(high) else high,
    }


def figures_summary(data: dict[str, Any]) -> dict[str, Any]:
    """`loop_figures` as plain JSON (the API and the command line): shares 0–1 with n and 95% CIs."""
    nps = data["next_score"]["nps"]
    return {
        "unit": data["unit"],
        "from": data["start"].isoformat(),
        "to": data["end"].isoformat(),
        "opened": data["opened"],
        "standings": data["standings"],
        "closed_in_time": _share_summary(data["in_time"]),
        "outcomes": {code: _share_summary(s) for code, _, s in data["outcomes"]},
        "triggers": data["triggers"],
        "next_score": {
            "called": data["next_score"]["called"],
            "answered": data["next_score"]["answered"],
            "nps": None if nps is None else {"nps": nps.nps, "ci_low": nps.ci_low, "ci_high": nps.ci_high, "n": nps.n},
            "no_longer_low": _share_summary(data["next_score"]["recovered"]),
        },
    }


def next_scores(caller: Caller, closed: Sequence[FollowUp]) -> dict[str, Any]:
    """The members' next survey response after each call back: how many answered again (n), their
    NPS with its interval, and the share no longer low (not a detractor, CSAT not 1–2)."""
    called = [f for f in closed if f.called_at is not None]
    answers = _later_responses(caller, called)
    nexts = [answers[f.pk] for f in called if f.pk in answers]
    rated = [int(a["nps"]) for a in nexts if a["nps"] is not None]
    promoters = sum(1 for v in rated if v >= 9)
    detractors = sum(1 for v in rated if v <= LOW_NPS_MAX)
    nps = nps_from_counts(promoters, len(rated) - promoters - detractors, detractors) if rated else None
    recovered = sum(1 for a in nexts if not is_low(a["nps"], a["csat"]))
    return {
        "called": len(called),
        "answered": len(nexts),
        "nps": nps,
        "recovered": share(recovered, len(nexts)),
    }


def _later_responses(caller: Caller, called: Sequence[FollowUp]) -> dict[int, dict[str, Any]]:
    """Follow-up id → the member's first response after the call back (among those the caller may see)."""
    if not called:
        return {}
    earliest = min(clock.day_of(f.called_at) for f in called if f.called_at is not None)
    records = SurveyRecords(MetricQuery(start=earliest), caller.scope, warehouse_source())
    rows = records.filtered()
    members = sorted({f.member_id for f in called})
    rows = rows.filter(rows.member_id.isin(members)).select("response_id", "member_id", "responded_at", "nps", "csat")
    by_member: dict[str, list[dict[str, Any]]] = {}
    for row in records.fetch(rows.order_by(["responded_at", "response_id"])):
        row["responded_at"] = clock.instant(row["responded_at"])
        row["nps"], row["csat"] = _whole(row["nps"]), _whole(row["csat"])
        by_member.setdefault(str(row["member_id"]), []).append(row)
    found = {}
    for f in called:
        later = (
            r
            for r in by_member.get(f.member_id, [])
            if f.called_at is not None and r["responded_at"] > f.called_at and r["response_id"] != f.response_id
        )
        first = next(later, None)
        if first is not None:
            found[f.pk] = first
    return found


def existing_responses(response_ids: Sequence[str]) -> set[str]:
    """Those of `response_ids` a follow-up was already opened for (any unit: a response opens one only)."""
    return set(FollowUp.objects.filter(response_id__in=list(response_ids)).values_list("response_id", flat=True))
