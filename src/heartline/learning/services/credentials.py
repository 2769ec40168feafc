"""Credentials: rules as data, evaluated by the rules engine, every change stored and announced.

`evaluate_agent` runs on each completed audit (a background task) and `recompute_credentials` every
night (expiry) and after the demo's audits; both apply `credential_rules.next_transitions` to the
agent's audits (from quality's `scored_audits`) and completed courses, store each change as a
CredentialEvent with its reason and audits, and notify the agent and their coach in the app.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from heartline.core import clock
from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, check_number, check_text, check_whole
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability
from heartline.learning import credential_rules as rules
from heartline.learning import selectors
from heartline.learning.models import (
    Component,
    Credential,
    CredentialEvent,
    CredentialState,
    CredentialType,
    Enrollment,
    Notification,
    Program,
)
from heartline.learning.services.common import (
    LearningError,
    NotAllowed,
    coaches_of,
    covers_unit,
    employee,
)
from heartline.quality.contracts import AuditScore
from heartline.quality.selectors import scorecard_names

AuditSource = Callable[[Sequence[str] | None, str], list[AuditScore]]
ANNOUNCED = frozenset({rules.GRANTED, rules.FLAGGED, rules.EXPIRED, rules.REVOKED, rules.RENEWED})
RULES_ACTOR = "credential rules"


def quality_audits_fingerprint(agent_codes: Sequence[str] | None, scorecard_code: str) -> str:
    """What `quality_audits` would read, summed up in one query: changes when any of those audits does."""
    from heartline.quality.selectors import scored_audits_fingerprint

    return scored_audits_fingerprint(
        agent_codes=list(agent_codes) if agent_codes is not None else None, scorecard_code=scorecard_code
    )


def quality_audits(agent_codes: Sequence[str] | None, scorecard_code: str) -> list[AuditScore]:
    """Completed audits from the quality app (imported here, late, so learning loads without it)."""
    try:
        from heartline.quality.selectors import scored_audits
    except ImportError as exc:
        raise LearningError("the quality app does not offer scored audits yet (heartline.quality.selectors)") from exc
    found: list[AuditScore] = scored_audits(
        agent_codes=list(agent_codes) if agent_codes is not None else None, scorecard_code=scorecard_code
    )
    return found


MAX_AUDITS_REQUIRED = 100
MAX_VALIDITY_MONTHS = 120  # ten years
MAX_MONTHS_BELOW = 24


def define_credential_type(
    caller: Caller,
    code: str,
    name: str,
    *,
    scorecard_code: str,
    threshold: float,
    program_code: str | None = None,
    required_component_codes: Sequence[str] = (),
    audits_required: int = 3,
    validity_months: int = 12,
    months_below_to_flag: int = 2,
) -> CredentialType:
    """Create or update a credential type's rules (by code)."""
    if not (caller.is_operator or caller.can(Capability.DEFINE_CREDENTIALS)):
        raise NotAllowed(f"{caller.username} may not define credentials")
    check_number(threshold, "threshold", 0, 100, LearningError)
    check_text(name, "name", NAME_CHARS, LearningError)
    # the upper bounds keep expiry dates and look-back windows inside the calendar
    check_whole(audits_required, "audits_required", 1, MAX_AUDITS_REQUIRED, LearningError)
    check_whole(validity_months, "validity_months", 1, MAX_VALIDITY_MONTHS, LearningError)
    check_whole(months_below_to_flag, "months_below_to_flag", 1, MAX_MONTHS_BELOW, LearningError)
    program = Program.objects.filter(code=program_code).first() if program_code else None
    if program_code and program is None:
        raise LearningError(f"no program with code {program_code!r}")
    components = list(Component.objects.filter(program=program, code__in=required_component_codes))
    unknown = set(required_component_codes) - {c.code for c in components}
    if unknown:
        raise LearningError(f"program {program_code!r} has no component(s) {sorted(unknown)}")
    with transaction.atomic():
        credential_type, _ = CredentialType.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "program": program,
                "scorecard_code": scorecard_code,
                "threshold": threshold,
                "audits_required": audits_required,
                "validity_months": validity_months,
                "months_below_to_flag": months_below_to_flag,
            },
        )
        credential_type.required_components.set(components)
    return credential_type


def rule_of(credential_type: CredentialType) -> rules.Rule:
    code = credential_type.scorecard_code
    return rules.Rule(
        scorecard_code=code,
        scorecard_name=scorecard_names([code]).get(code, ""),
        threshold=credential_type.threshold,
        audits_required=credential_type.audits_required,
        validity_months=credential_type.validity_months,
        months_below_to_flag=credential_type.months_below_to_flag,
    )


@dataclass
class CredentialRun:
    """What an evaluation did: people looked at, changes stored (by new state), notifications sent."""

    agents: int = 0
    changes: dict[str, int] = field(default_factory=dict)
    notifications: int = 0
    events: list[int] = field(default_factory=list)

    def add(self, other: CredentialRun) -> None:
        self.agents += other.agents
        for state, n in other.changes.items():
            self.changes[state] = self.changes.get(state, 0) + n
        self.notifications += other.notifications
        self.events += other.events

    def as_dict(self) -> dict[str, Any]:
        return {"agents": self.agents, "changes": self.changes, "notifications": self.notifications}


def _message(event: CredentialEvent, name: str, credential_type: CredentialType, for_agent: bool) -> str:
    whose = "Your" if for_agent else f"{name}'s"
    label = CredentialState(event.to_state).label.lower()
    return f"{whose} {credential_type.name} credential: {label} on {event.effective_on}. {event.reason}"


def _apply(
    credential_type: CredentialType,
    rule: rules.Rule,
    person: Any,
    audits: Iterable[AuditScore],
    today: dt.date,
    coach_cache: dict[int | None, list[Any]],
) -> CredentialRun:
    run = CredentialRun(agents=1)
    required, done_on = selectors.courses_done_on(person.pk, credential_type)
    courses = rules.Courses(required=required, done_on=done_on)
    with transaction.atomic():
        credential, _ = Credential.objects.select_for_update().get_or_create(
            credential_type=credential_type, employee=person
        )
        standing = rules.Standing(
            credential.state, credential.state_since, credential.granted_on, credential.expires_on
        )
        transitions = rules.next_transitions(rule, standing, audits, courses, today)
        if not transitions:
            return run
        events = CredentialEvent.objects.bulk_create(
            CredentialEvent(
                credential=credential,
                from_state=t.from_state,
                to_state=t.to_state,
                effective_on=t.effective_on,
                reason=t.reason,
                audit_ids=list(t.audit_ids),
                recorded_by=RULES_ACTOR,
            )
            for t in transitions
        )
        last = transitions[-1]
        credential.state = last.to_state
        credential.state_since = last.effective_on
        credential.granted_on = last.granted_on
        credential.expires_on = last.expires_on
        credential.save()
        if person.team_id not in coach_cache:
            coach_cache[person.team_id] = coaches_of(person)
        name = selectors.full_name(person.user.first_name, person.user.last_name, person.code)
        notes = []
        for event in events:
            run.changes[event.to_state] = run.changes.get(event.to_state, 0) + 1
            run.events.append(event.pk)
            if event.to_state not in ANNOUNCED:
                continue
            notes.append(
                Notification(recipient=person, event=event, message=_message(event, name, credential_type, True))
            )
            notes += [
                Notification(recipient=coach, event=event, message=_message(event, name, credential_type, False))
                for coach in coach_cache[person.team_id]
            ]
        Notification.objects.bulk_create(notes)
        run.notifications = len(notes)
    return run


def _candidates(credential_type: CredentialType, audits_by_agent: dict[str, list[AuditScore]]) -> list[str]:
    """Whom a credential concerns: people enrolled in its program, with audits on its scorecard,
    or already holding a record of it."""
    codes = set(audits_by_agent)
    if credential_type.program_id is not None:
        codes |= set(
            Enrollment.objects.filter(wave__program_id=credential_type.program_id).values_list(
                "employee__code", flat=True
            )
        )
    codes |= set(credential_type.credentials.values_list("employee__code", flat=True))
    return sorted(codes)


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


def evaluate_agent(
    agent_code: str, *, today: dt.date | None = None, audit_source: AuditSource = quality_audits
) -> CredentialRun:
    """Apply every credential type's rules to one agent (after an audit or a completion)."""
    run = CredentialRun()
    person = employee(agent_code)
    coach_cache: dict[int | None, list[Any]] = {}
    for credential_type in selectors.credential_types():
        audits = audit_source([agent_code], credential_type.scorecard_code)
        program_id = credential_type.program_id
        concerned = bool(audits) or (
            program_id is not None and Enrollment.objects.filter(employee=person, wave__program_id=program_id).exists()
        )
        if concerned or credential_type.credentials.filter(employee=person).exists():
            run.add(_apply(credential_type, rule_of(credential_type), person, audits, _today(today), coach_cache))
    return run


def recompute_credentials(
    *,
    today: dt.date | None = None,
    audit_source: AuditSource = quality_audits,
    progress: Callable[[int, int], None] | None = None,
) -> CredentialRun:
    """Apply every credential type's rules to everyone concerned (the nightly run: expiry, and any
    change an evaluation missed). Re-running on the same day stores nothing new."""
    run = CredentialRun()
    day = _today(today)
    coach_cache: dict[int | None, list[Any]] = {}
    for credential_type in selectors.credential_types():
        audits_by_agent: dict[str, list[AuditScore]] = defaultdict(list)
        for audit in audit_source(None, credential_type.scorecard_code):
            audits_by_agent[audit.agent_code].append(audit)
        codes = _candidates(credential_type, audits_by_agent)
        people = {p.code: p for p in selectors.people_by_code(codes)}
        rule = rule_of(credential_type)  # once per type: it names the scorecard (a query)
        for done, code in enumerate(codes):
            if progress is not None:
                progress(done, len(codes))
            if code in people:
                run.add(_apply(credential_type, rule, people[code], audits_by_agent.get(code, []), day, coach_cache))
        if progress is not None:
            progress(len(codes), len(codes))
    return run


def revoke_credential(
    caller: Caller, credential_id: int, reason: str, *, today: dt.date | None = None
) -> CredentialEvent:
    """A trainer's, manager's or admin's decision to revoke a credential, with the reason given."""
    if not reason.strip():
        raise LearningError("a revocation needs a reason")
    check_text(reason, "reason", NOTE_CHARS, LearningError)
    credential = selectors.credential(caller, credential_id)
    if credential is None:
        raise LearningError(f"no credential {credential_id} that you may see")
    unit_code = credential.employee.unit.code if credential.employee.unit else None
    if not (caller.is_operator or (caller.can(Capability.REVOKE_CREDENTIALS) and covers_unit(caller, unit_code))):
        raise NotAllowed(f"{caller.username} may not revoke credentials")
    day = _today(today)
    with transaction.atomic():
        # Re-read under a row lock: of two people revoking at once, the second finds it revoked.
        locked = Credential.objects.select_for_update().filter(pk=credential.pk).values_list("state", flat=True).first()
        credential.state = locked if locked is not None else credential.state
        if credential.state not in rules.HOLDS_CREDENTIAL:
            raise LearningError(f"the credential is {credential.get_state_display().lower()}, not held")
        event = CredentialEvent.objects.create(
            credential=credential,
            from_state=credential.state,
            to_state=rules.REVOKED,
            effective_on=day,
            reason=f"revoked by {caller.username}: {reason.strip()}",
            recorded_by=caller.username,
        )
        Credential.objects.filter(pk=credential.pk).update(
            state=rules.REVOKED, state_since=day, granted_on=None, expires_on=None
        )
        person = credential.employee
        name = selectors.full_name(person.user.first_name, person.user.last_name, person.code)
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=person, event=event, message=_message(event, name, credential.credential_type, True)
                )
            ]
            + [
                Notification(recipient=c, event=event, message=_message(event, name, credential.credential_type, False))
                for c in coaches_of(person)
            ]
        )
    return event


def mark_notifications_read(caller: Caller, ids: Sequence[int] | None = None) -> int:
    """Mark the caller's own notifications read (all, or those `ids`); returns how many changed."""
    if caller.employee_code is None:
        return 0
    mine = Notification.objects.filter(recipient__code=caller.employee_code, read_at__isnull=True)
    if ids is not None:
        mine = mine.filter(pk__in=list(ids))
    return mine.update(read_at=timezone.now())
