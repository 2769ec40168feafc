"""Every write of the voice app: ideas proposed, voted on, commented on, and moved through their states.

One function per mutation. Any employee may propose, vote (once per idea) and comment on ideas of
their division; leaders — managers for their own units' ideas, executives, CX analysts and admins
for the division's — move an idea new → under review → testing → adopted / declined. Declining
needs a reason and adopting says what was done (the "you said, we did" list); every move is kept in
the idea's history. Free text (titles, descriptions, comments, reasons) is cleared of PHI — member
IDs, SSNs, MBIs, phone numbers, dates, staff names… (core.selectors.phi_redactor) — before it is
stored, since staff may paste from a member's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from heartline.core.bounds import NAME_CHARS, NOTE_CHARS, check_text
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.permissions import Capability
from heartline.core.selectors import phi_redactor
from heartline.core.services import log_access
from heartline.core.stored_text import Progress, RedactionTally, redact_stored
from heartline.voice.models import Idea, IdeaComment, IdeaStatus, IdeaTransition, IdeaVote, LinkKind
from heartline.voice.selectors import acting_employee, idea_for
from heartline.voice.surveys import DRIVER_CODES, ITEMS_BY_CODE
from heartline.voice.taxonomy import THEMES_BY_CODE

MAX_TITLE = NAME_CHARS
MAX_TEXT = NOTE_CHARS
MOVES: dict[str, tuple[str, ...]] = {
    IdeaStatus.NEW: (IdeaStatus.UNDER_REVIEW, IdeaStatus.DECLINED),
    IdeaStatus.UNDER_REVIEW: (IdeaStatus.TESTING, IdeaStatus.ADOPTED, IdeaStatus.DECLINED),
    IdeaStatus.TESTING: (IdeaStatus.ADOPTED, IdeaStatus.DECLINED),
}


class IdeaError(ActionRefused):
    """An idea request that cannot be done as asked (missing title, unknown theme, a move out of order)."""


class IdeaPermissionError(NotAllowed):
    """The caller may not do this to this idea."""


@dataclass(frozen=True)
class ResultLink:
    kind: str
    code: str


def result_codes() -> tuple[str, ...]:
    """What a "result" link may name: any scored survey item (nps, csat, cs_info, …)."""
    return tuple(code for code, item in ITEMS_BY_CODE.items() if item.scale.value != "text")


def check_link(kind: str, code: str) -> None:
    valid = {
        LinkKind.THEME: tuple(THEMES_BY_CODE),
        LinkKind.DRIVER: DRIVER_CODES,
        LinkKind.RESULT: result_codes(),
    }
    if kind not in valid:
        raise IdeaError(f"link_kind must be one of {', '.join(LinkKind.values)}, got {kind!r}")
    if code not in valid[LinkKind(kind)] and not (kind == LinkKind.THEME and code.startswith("discovered:")):
        raise IdeaError(f"{kind} {code!r} is not one of {', '.join(valid[LinkKind(kind)])}")


def _clean(text: str, field: str, limit: int, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise IdeaError(f"{field} is required")
    # Redacted before it is stored (staff paste from members' records): the stored text has no PHI, so no
    # page, export or API that shows it later can leak it. Checked after redaction, which may lengthen the
    # text ("A123456" → "[MEMBER ID]"): it must fit its column.
    check_text(text, field, limit, IdeaError)
    redacted = phi_redactor().redact(text)
    if len(redacted) > limit:
        raise IdeaError(
            f"{field} is {len(redacted):,} characters long once member details are hidden; "
            f"at most {limit:,} are allowed"
        )
    return redacted


def propose_idea(caller: Caller, *, title: str, description: str, link_kind: str, link_code: str) -> Idea:
    """A new idea from any employee, tied to a theme, a driver or a result, in their division."""
    employee = acting_employee(caller)
    check_link(link_kind, link_code)
    now = timezone.now()
    with transaction.atomic():
        idea = Idea.objects.create(
            title=_clean(title, "title", MAX_TITLE, True),
            description=_clean(description, "description", MAX_TEXT, False),
            link_kind=link_kind,
            link_code=link_code,
            proposed_by_id=employee.pk,
            proposer_name=employee.name,
            division_code=employee.division_code,
            unit_code=employee.unit_code or "",
            created_at=now,
            updated_at=now,
        )
        idea.reference = f"IDEA-{idea.pk:05d}"
        idea.save(update_fields=["reference"])
    return idea


def vote_for_idea(caller: Caller, reference: str) -> bool:
    """Add the caller's vote; False when they had already voted (a vote counts once)."""
    employee = acting_employee(caller)
    idea = idea_for(caller, reference)
    try:
        with transaction.atomic():
            IdeaVote.objects.create(idea=idea, voter_id=employee.pk, created_at=timezone.now())
    except IntegrityError:
        return False
    return True


def withdraw_vote(caller: Caller, reference: str) -> bool:
    """Remove the caller's vote; False when there was none."""
    employee = acting_employee(caller)
    idea = idea_for(caller, reference)
    deleted, _ = IdeaVote.objects.filter(idea=idea, voter_id=employee.pk).delete()
    return bool(deleted)


def comment_on_idea(caller: Caller, reference: str, text: str) -> IdeaComment:
    employee = acting_employee(caller)
    idea = idea_for(caller, reference)
    return IdeaComment.objects.create(
        idea=idea,
        author_id=employee.pk,
        author_name=employee.name,
        text=_clean(text, "comment", MAX_TEXT, True),
        created_at=timezone.now(),
    )


def may_move(caller: Caller, idea: Idea) -> bool:
    """Leaders may move ideas: managers those of their own units, division leaders any in the division."""
    if caller.can(Capability.MOVE_DIVISION_IDEAS):
        return True
    if caller.can(Capability.MOVE_UNIT_IDEAS):
        return caller.scope.unrestricted or idea.unit_code in caller.scope.unit_codes
    return False


def _move(caller: Caller, reference: str, to: IdeaStatus, reason: str, reason_required: bool) -> Idea:
    employee = acting_employee(caller)
    with transaction.atomic():
        idea = idea_for(caller, reference, for_update=True)
        if not may_move(caller, idea):
            raise IdeaPermissionError(
                f"only a manager of the idea's unit, an executive, a CX analyst or an admin may move ideas; "
                f"your role is {caller.role or 'none'}"
            )
        if to not in MOVES.get(idea.status, ()):
            allowed = ", ".join(IdeaStatus(s).label.lower() for s in MOVES.get(idea.status, ())) or "nothing"
            raise IdeaError(
                f"{idea.reference} is {IdeaStatus(idea.status).label.lower()}; it can move to {allowed}, "
                f"not to {to.label.lower()}"
            )
        reason = _clean(reason, "reason", MAX_TEXT, reason_required)
        now = timezone.now()
        IdeaTransition.objects.create(
            idea=idea,
            from_status=idea.status,
            to_status=to,
            by_id=employee.pk,
            by_name=employee.name,
            reason=reason,
            at=now,
        )
        idea.status = to
        idea.updated_at = now
        if to in (IdeaStatus.ADOPTED, IdeaStatus.DECLINED):
            idea.outcome = reason
        idea.save(update_fields=["status", "updated_at", "outcome"])
    return idea


def review_idea(caller: Caller, reference: str, note: str = "") -> Idea:
    """new → under review."""
    return _move(caller, reference, IdeaStatus.UNDER_REVIEW, note, reason_required=False)


def start_testing(caller: Caller, reference: str, note: str = "") -> Idea:
    """under review → testing (a pilot with a team or a unit)."""
    return _move(caller, reference, IdeaStatus.TESTING, note, reason_required=False)


def adopt_idea(caller: Caller, reference: str, what_we_did: str) -> Idea:
    """under review or testing → adopted; `what_we_did` is shown on the "you said, we did" list."""
    return _move(caller, reference, IdeaStatus.ADOPTED, what_we_did, reason_required=True)


def decline_idea(caller: Caller, reference: str, reason: str) -> Idea:
    """new, under review or testing → declined, with the reason the proposer will read."""
    return _move(caller, reference, IdeaStatus.DECLINED, reason, reason_required=True)


TRANSITIONS: dict[str, Callable[[Caller, str, str], Idea]] = {
    "review": review_idea,
    "test": start_testing,
    "adopt": adopt_idea,
    "decline": decline_idea,
}


def redact_stored_ideas(
    caller: Caller, *, dry_run: bool = False, progress: Progress | None = None
) -> list[RedactionTally]:
    """Run today's redactor over ideas, their comments and the reasons of their moves stored before
    redaction on write (the command line's `heartline redact-stored`); store what changed unless
    `dry_run`. Only an operator rewrites stored text."""
    if not caller.is_operator:
        raise NotAllowed("only an operator (the heartline command) rewrites stored text")
    redactor = phi_redactor()
    tallies = [
        redact_stored(
            "ideas",
            Idea.objects.all(),
            {"title": MAX_TITLE, "description": None, "outcome": None},
            redactor,
            dry_run=dry_run,
            progress=progress,
        ),
        redact_stored(
            "idea comments", IdeaComment.objects.all(), {"text": None}, redactor, dry_run=dry_run, progress=progress
        ),
        redact_stored(
            "idea moves", IdeaTransition.objects.all(), {"reason": None}, redactor, dry_run=dry_run, progress=progress
        ),
    ]
    if not dry_run:
        log_access(caller, "voice.redact_stored", "ideas", channel="cli", changed=sum(t.changed for t in tallies))
    return tallies
