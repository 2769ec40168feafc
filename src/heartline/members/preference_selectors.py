"""Reads of members' preferences and consent for pages, the API and the command line, each logged.

Any role that may look up members may read how a member wants to be reached (a representative needs
it on every call); each read is written to the access log against the member.
"""

from __future__ import annotations

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.services import log_access, log_member_access
from heartline.members.consent import current_consents
from heartline.members.contracts import MemberPreferences, MemberSummary, PreferenceHistoryEntry
from heartline.members.models import ConsentDecision, Member, PreferenceChange
from heartline.members.preferences import format_quiet_hours

MAX_LIST = 10_000


def _history(member: Member) -> tuple[PreferenceHistoryEntry, ...]:
    entries = [
        PreferenceHistoryEntry(
            recorded_at=change.recorded_at,
            kind="preference",
            what=change.field,
            old_value=change.old_value,
            new_value=change.new_value,
            source=change.source,
            recorded_by=change.recorded_by,
        )
        for change in PreferenceChange.objects.filter(member=member)
    ]
    entries += [
        PreferenceHistoryEntry(
            recorded_at=decision.recorded_at,
            kind="consent",
            what=f"{decision.channel}:{decision.purpose}",
            old_value="",
            new_value=("granted (express)" if decision.express else "granted") if decision.granted else "refused",
            source=decision.source,
            recorded_by=decision.recorded_by,
            reference=decision.reference,
        )
        for decision in ConsentDecision.objects.filter(member=member)
    ]
    return tuple(sorted(entries, key=lambda e: e.recorded_at, reverse=True))


def member_preferences(caller: Caller, member_id: str, channel: str = "web") -> MemberPreferences:
    """Member `member_id`'s preferences, current consent and their history (newest first), logged as
    read through `channel`. NotAllowed for a role that may not look up members; NotFound if unknown."""
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    member = Member.objects.filter(member_id=member_id).first()
    if member is None:
        raise NotFound(f"no member {member_id!r}")
    preferences = MemberPreferences(
        member_id=member.member_id,
        preferred_channel=member.preferred_channel,
        language=member.language,
        time_zone=member.time_zone,
        quiet_hours=format_quiet_hours(member.quiet_hours_start, member.quiet_hours_end),
        consent=tuple(current_consents(member.pk)),
        history=_history(member),
    )
    log_member_access(caller, member_id, "member.preferences.view", ["preferences", "consent"], channel)
    return preferences


def member_exists(member_id: str) -> bool:
    """Whether Heartline knows member `member_id` (nothing about them is read)."""
    return Member.objects.filter(member_id=member_id).exists()


def member_index(caller: Caller, limit: int = 100, channel: str = "web") -> list[MemberSummary]:
    """The first `limit` members by member id (at most 10,000), with plan, language and preferred
    channel; the read is logged with how many were listed."""
    require(caller, Capability.LOOK_UP_MEMBERS, "list members")
    if not 1 <= limit <= MAX_LIST:
        raise ActionRefused(f"limit must be between 1 and {MAX_LIST:,}, not {limit}")
    rows = Member.objects.order_by("member_id").values_list("member_id", "plan", "language", "preferred_channel")
    members = [MemberSummary(*row) for row in rows[:limit]]
    log_access(caller, "member.list", "members", channel, listed=len(members), shown=["plan", "preferences"])
    return members
