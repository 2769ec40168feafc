"""Writes of next-best-action: the outcome of an offer, as the representative records it."""

from __future__ import annotations

import datetime as dt

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access
from heartline.insights.actions.catalog import catalog
from heartline.insights.actions.contracts import OUTCOMES, RecordedOutcome
from heartline.insights.models import ActionOutcome
from heartline.members.preference_selectors import member_exists


def record_action_outcome(
    caller: Caller,
    member_id: str,
    action: str,
    outcome: str,
    channel: str = "",
    contact_id: str = "",
    at: dt.datetime | None = None,
    via: str = "web",
) -> RecordedOutcome:
    """Record member `member_id`'s answer (`accepted`, `declined`, `not_now`) to `action` offered on
    `channel` (the action's first channel when blank). Needs RECORD_MEMBER_PREFERENCES: those who
    record what a member says on a contact. The write is in the access log against the member."""
    require(caller, Capability.RECORD_MEMBER_PREFERENCES, "record a next-best-action outcome")
    found = catalog().action(action)
    if found is None:
        codes = ", ".join(a.code for a in catalog().actions)
        raise ActionRefused(f"{action!r} is not an action of the catalog; choose one of: {codes}")
    if outcome not in OUTCOMES:
        raise ActionRefused(f"{outcome!r} is not an outcome; choose one of: {', '.join(OUTCOMES)}")
    channel = channel or found.channels[0]
    if channel not in found.channels:
        raise ActionRefused(f"{action} is not offered by {channel}; its channels: {', '.join(found.channels)}")
    if not member_exists(member_id):
        raise NotFound(f"No member {member_id!r}.")
    when = at or clock.now()
    row = ActionOutcome.objects.create(
        member_id=member_id,
        action=action,
        channel=channel,
        outcome=outcome,
        recorded_at=when,
        recorded_by=caller.username,
        contact_id=contact_id[:64],
    )
    log_access(
        caller,
        "insights.action_outcome.record",
        f"member:{member_id}",
        via,
        member_id=member_id,
        next_best_action=action,
        outcome=outcome,
        offered_on=channel,
    )
    return RecordedOutcome(member_id, action, channel, outcome, row.recorded_at, row.recorded_by)
