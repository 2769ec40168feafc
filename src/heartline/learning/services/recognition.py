"""Recognition: a peer, coach or manager recognises a representative for a behavior; a coach passes
on a member's praising verbatim (voice's `praise_for_agents`, matched through the contact).

Who may recognise whom: a representative may recognise a colleague of their own unit (not
themselves); coaches and managers the representatives of the units they look after. The message is
redacted (PHI, people's names) before it is stored, like every free text staff type.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction

from heartline.behaviors.selectors import behavior_ids_by_code
from heartline.core import clock
from heartline.core.bounds import NOTE_CHARS, check_day, check_text
from heartline.core.contracts import Caller
from heartline.core.permissions import Capability, allows
from heartline.core.selectors import phi_redactor
from heartline.core.services import log_access
from heartline.learning.models import GiverKind, Recognition
from heartline.learning.services.common import LearningError, NotAllowed, covers_unit, employee

CONTACT_ID_CHARS = 100


def giver_kind(caller: Caller) -> str:
    """How a recognition names its giver: a peer (the front line), their coach, or a manager."""
    if caller.can(Capability.TAKE_CONTACTS):
        return GiverKind.PEER
    if caller.can(Capability.LEAD_A_TEAM):
        return GiverKind.COACH
    return GiverKind.MANAGER


def _check_may_recognise(caller: Caller, person: Any) -> None:
    unit_code = person.unit.code if person.unit else None
    if not allows(person.role, Capability.TAKE_CONTACTS):
        raise LearningError(f"{person.code} is not a representative; recognition is for the front line")
    if caller.is_operator:
        return
    if not caller.can(Capability.GIVE_RECOGNITION):
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not give recognition")
    if caller.employee_code == person.code:
        raise LearningError("recognition is given by others: you may not recognise yourself")
    if caller.can(Capability.TAKE_CONTACTS):
        if unit_code is None or caller.unit_code != unit_code:
            raise NotAllowed(f"{caller.username} may recognise colleagues of their own unit only")
        return
    if not covers_unit(caller, unit_code):
        raise NotAllowed(f"{caller.username} may not recognise people of unit {unit_code!r}")


def give_recognition(
    caller: Caller,
    recipient_code: str,
    behavior_code: str,
    message: str,
    *,
    contact_id: str = "",
    audit_id: int | None = None,
    given_on: dt.date | None = None,
) -> Recognition:
    """Recognise `recipient_code` for `behavior_code` with a message, optionally naming the contact
    or audit where it was seen."""
    if not (caller.is_operator or caller.can(Capability.GIVE_RECOGNITION)):
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not give recognition")
    person = employee(recipient_code)
    _check_may_recognise(caller, person)
    if behavior_code not in behavior_ids_by_code([behavior_code]):
        raise LearningError(f"no behavior with code {behavior_code!r}")
    if not message.strip():
        raise LearningError("a recognition needs a message: what did they do?")
    check_text(message, "message", NOTE_CHARS, LearningError)
    check_text(contact_id, "contact_id", CONTACT_ID_CHARS, LearningError)
    day = check_day(given_on or clock.today(), "given_on", LearningError)
    giver = employee(caller.employee_code) if caller.employee_code else None
    division = person.division.code
    with transaction.atomic():
        recognition = Recognition.objects.create(
            recipient=person,
            unit=person.unit,
            given_by=giver,
            giver_kind=giver_kind(caller),
            behavior_code=behavior_code,
            message=phi_redactor(division).redact(message.strip()),
            contact_id=contact_id.strip(),
            audit_id=audit_id,
            given_on=day,
        )
        log_access(caller, "learning.recognise", f"employee:{person.code}", behavior=behavior_code)
    return recognition


def pass_on_praise(
    caller: Caller, response_id: str, behavior_code: str, *, note: str = "", given_on: dt.date | None = None
) -> Recognition:
    """Pass a member's praising verbatim on to the representative of the contact it was about, as a
    recognition for `behavior_code`. Passing the same verbatim on again changes nothing."""
    from heartline.voice.praise import praise_for_agents

    if not (caller.is_operator or caller.can(Capability.PASS_ON_MEMBER_PRAISE)):
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not pass on members' praise")
    check_text(note, "note", NOTE_CHARS, LearningError)
    if behavior_code not in behavior_ids_by_code([behavior_code]):
        raise LearningError(f"no behavior with code {behavior_code!r}")
    found = _praise(caller, response_id, praise_for_agents)
    person = employee(found.agent_code)
    if not (caller.is_operator or covers_unit(caller, person.unit.code if person.unit else None)):
        raise NotAllowed(f"{caller.username} may not recognise people of this unit")
    existing = Recognition.objects.filter(recipient=person, survey_response_id=response_id).first()
    if existing is not None:
        return existing
    giver = employee(caller.employee_code) if caller.employee_code else None
    text = f"A member wrote: “{found.verbatim}”"
    if note.strip():
        division = person.division.code
        text += "\n" + phi_redactor(division).redact(note.strip())
    try:
        with transaction.atomic():
            recognition = Recognition.objects.create(
                recipient=person,
                unit=person.unit,
                given_by=giver,
                giver_kind=GiverKind.MEMBER,
                behavior_code=behavior_code,
                message=text,
                contact_id=found.contact_id,
                survey_response_id=response_id,
                given_on=check_day(given_on or clock.today(), "given_on", LearningError),
            )
            log_access(caller, "learning.pass_on_praise", f"employee:{person.code}", response_id=response_id)
    except IntegrityError:  # passed on at the same moment by someone else
        return Recognition.objects.get(recipient=person, survey_response_id=response_id)
    return recognition


def _praise(caller: Caller, response_id: str, source: Any) -> Any:
    from heartline.learning import selectors

    codes = selectors.visible_agent_codes(caller)
    for praise in source(caller, codes, response_ids=[response_id]):
        if praise.response_id == response_id:
            return praise
    raise LearningError(f"no praising survey response {response_id!r} about a representative you may see")
