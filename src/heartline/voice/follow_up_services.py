"""Writes of the closed loop: opening follow-ups for low or complaining survey responses, and
recording what the call back achieved.

A response opens a follow-up when its NPS is a detractor's (0–6), its CSAT is 1–2, or its verbatim
names a complaint: a pain-point theme of the taxonomy (wait time, transfers, billing…) mentioned in a
negative clause (`voice.themes.assign`, sentiment below 0). The follow-up belongs to the response's
unit (the surveyed contact's unit) and is due by the end of the unit's business-day allowance
(`follow_up_clock`). Opening is idempotent: a response opens one follow-up, ever, so running it
again on the same responses opens nothing new. Responses naming no member (nobody to call) or no
unit are counted and left.

The outcome is resolved, explained or grievance filed; a grievance opens a regulated case with its
decision clock through the compliance app (`open_case_from_contact`), received when the member was
called. Follow-ups name members, so every write is access-logged, and free text (the verbatim, the
note) is redacted before it is stored. Supervisors (FOLLOW_UP_DETRACTORS) work the follow-ups of the
units they look after.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from heartline.compliance.case_services import open_case_from_contact
from heartline.contacts.tables import LINES_OF_BUSINESS
from heartline.core import clock
from heartline.core.bounds import NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.permissions import Capability, require
from heartline.core.selectors import phi_redactor
from heartline.core.services import log_access
from heartline.voice.follow_up_clock import business_days_for, due_at
from heartline.voice.follow_up_selectors import candidate_responses, existing_responses, follow_up_for, is_low
from heartline.voice.models import FollowUp, FollowUpOutcome, FollowUpTrigger
from heartline.voice.selectors import caller_division
from heartline.voice.taxonomy import THEMES_BY_CODE
from heartline.voice.themes import assign

DEFAULT_LOOKBACK_DAYS = 14
MAX_NOTE = NOTE_CHARS


@dataclass(frozen=True)
class OpeningReport:
    """What one run of `open_follow_ups` did."""

    considered: int  # responses judged (low, or with a verbatim)
    opened: int
    already_open: int  # responses that had opened a follow-up before
    not_called_for: int  # verbatims naming no complaint on a response that was not low
    without_member: int
    without_unit: int


def complaint_themes(text: str, language: str | None) -> list[str]:
    """The pain-point themes a verbatim names in a negative clause (the complaint rule)."""
    if not text.strip():
        return []
    return [
        m.theme for m in assign(text, language) if THEMES_BY_CODE[m.theme].polarity == "negative" and m.sentiment < 0
    ]


def _trigger(nps: int | None, csat: int | None, themes: list[str]) -> str | None:
    if nps is not None and is_low(nps, None):
        return FollowUpTrigger.DETRACTOR
    if csat is not None and is_low(None, csat):
        return FollowUpTrigger.LOW_CSAT
    return FollowUpTrigger.COMPLAINT if themes else None


def open_follow_ups(
    caller: Caller, *, since: dt.date | None = None, until: dt.date | None = None, channel: str = "web"
) -> OpeningReport:
    """Open a follow-up for every response the caller may see, answered `since`..`until` (default the
    last 14 days), that calls for one and has none yet."""
    require(caller, Capability.FOLLOW_UP_DETRACTORS, "open members' follow-ups")
    first = since or clock.today() - dt.timedelta(days=DEFAULT_LOOKBACK_DAYS)
    if until is not None and until < first:
        raise ActionRefused(f"until {until} is before since {first}")
    rows = candidate_responses(caller, first, until)
    done = existing_responses([str(r["response_id"]) for r in rows])
    redactor = phi_redactor(caller_division(caller) if caller.employee_code else None)
    zone, now = clock.organization_zone(), clock.now()
    fresh: list[FollowUp] = []
    skipped = {"already": 0, "not_called_for": 0, "member": 0, "unit": 0}
    for row in rows:
        if str(row["response_id"]) in done:
            skipped["already"] += 1
            continue
        text = str(row["verbatim"] or "")
        themes = complaint_themes(text, row["language"]) if text else []
        trigger = _trigger(row["nps"], row["csat"], themes)
        if trigger is None:
            skipped["not_called_for"] += 1
            continue
        if not row["member_id"]:
            skipped["member"] += 1
            continue
        if not row["unit"]:
            skipped["unit"] += 1
            continue
        days = business_days_for(str(row["unit"]))
        fresh.append(
            FollowUp(
                response_id=str(row["response_id"]),
                member_id=str(row["member_id"]),
                contact_id=str(row["contact_id"] or ""),
                agent_code=str(row["agent_id"] or ""),
                unit_code=str(row["unit"]),
                trigger=trigger,
                nps=row["nps"],
                csat=row["csat"],
                complaint_themes=",".join(themes)[:200],
                verbatim=redactor.redact(text),
                responded_at=row["responded_at"],
                opened_at=now,
                due_at=due_at(now, days, zone),
                business_days=days,
            )
        )
    with transaction.atomic():
        # ignore_conflicts: a run in parallel that opened the same response first wins; nothing doubles.
        FollowUp.objects.bulk_create(fresh, ignore_conflicts=True)
    log_access(
        caller,
        "voice.follow_ups.open",
        "warehouse:survey_responses",
        channel=channel,
        since=first.isoformat(),
        opened=len(fresh),
        members=len({f.member_id for f in fresh}),
    )
    return OpeningReport(
        considered=len(rows),
        opened=len(fresh),
        already_open=skipped["already"],
        not_called_for=skipped["not_called_for"],
        without_member=skipped["member"],
        without_unit=skipped["unit"],
    )


def _instant(value: dt.datetime | None, follow_up: FollowUp) -> dt.datetime:
    if value is None:
        return clock.now()
    if value.tzinfo is None:
        raise ActionRefused("called_at needs a time zone (an offset such as Z or -05:00)")
    moment = value.astimezone(dt.UTC)
    if moment > clock.now():
        raise ActionRefused(f"called_at {moment.isoformat()} is in the future")
    if moment < follow_up.responded_at:
        raise ActionRefused(
            f"called_at {moment.isoformat()} is before the member answered the survey "
            f"({follow_up.responded_at.isoformat()})"
        )
    return moment


def _clean_note(note: str) -> str:
    note = (note or "").strip()
    check_text(note, "note", MAX_NOTE, ActionRefused)
    redacted = phi_redactor().redact(note)
    if len(redacted) > MAX_NOTE:
        raise ActionRefused(
            f"note is {len(redacted):,} characters once member details are hidden; at most {MAX_NOTE:,}"
        )
    return redacted


def _closer(caller: Caller) -> tuple[int | None, str]:
    if caller.employee_code is None:
        return None, "operator (command line)" if caller.is_operator else caller.username
    from heartline.voice.selectors import acting_employee

    employee = acting_employee(caller)
    return employee.pk, employee.name


def record_outcome(
    caller: Caller,
    follow_up_id: int,
    outcome: str,
    *,
    note: str = "",
    called_at: dt.datetime | None = None,
    line_of_business: str = "",
    channel: str = "web",
) -> FollowUp:
    """Close a follow-up with what the call back achieved. `called_at` (default now) stops the clock;
    a grievance (`grievance_filed`) needs the line of business and opens a regulated case."""
    require(caller, Capability.FOLLOW_UP_DETRACTORS, "record follow-up outcomes")
    with transaction.atomic():
        # Found first: a follow-up of another unit is "not found" whatever the request says.
        follow_up = follow_up_for(caller, follow_up_id, for_update=True)
        if outcome not in FollowUpOutcome.values:
            raise ActionRefused(f"outcome must be one of {', '.join(FollowUpOutcome.values)}, not {outcome!r}")
        grievance = outcome == FollowUpOutcome.GRIEVANCE_FILED
        if grievance and line_of_business not in LINES_OF_BUSINESS:
            raise ActionRefused(
                f"line_of_business must be one of {', '.join(LINES_OF_BUSINESS)} for a grievance, "
                f"not {line_of_business!r}"
            )
        clean = _clean_note(note)
        if not follow_up.is_open:
            raise ActionRefused(
                f"follow-up {follow_up_id} is already closed ({FollowUpOutcome(follow_up.outcome).label.lower()})"
            )
        called = _instant(called_at, follow_up)
        if grievance:
            if not follow_up.contact_id:
                raise ActionRefused(
                    f"follow-up {follow_up_id}'s survey names no contact; open the grievance from the "
                    "compliance intake page instead"
                )
            step = open_case_from_contact(
                caller, follow_up.contact_id, line_of_business, "grievance", "standard", "service", called
            )
            follow_up.case_id = step.case_id
        follow_up.closed_by_id, follow_up.closed_by_name = _closer(caller)
        follow_up.outcome = outcome
        follow_up.note = clean
        follow_up.called_at = called
        follow_up.closed_at = clock.now()
        follow_up.save(
            update_fields=["outcome", "note", "called_at", "closed_at", "closed_by", "closed_by_name", "case_id"]
        )
    log_access(
        caller,
        "voice.follow_up.outcome",
        f"follow_up:{follow_up.pk}",
        channel=channel,
        member_id=follow_up.member_id,
        outcome=outcome,
        case_id=follow_up.case_id,
    )
    return follow_up
