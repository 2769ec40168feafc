"""Who members are, for another app's report about them (an audit universe), each member logged.

A report that names members is a disclosure of each of them: every member whose identity is handed
out here gets their own access-log entry (`shown: ["identity"]`), so the member's accounting of
disclosures lists the report. Who may ask is the policy's: those who may look up members
(LOOK_UP_MEMBERS); the asking app has already scoped which members its report holds.
"""

from __future__ import annotations

from collections.abc import Iterable

from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed
from heartline.core.permissions import Capability
from heartline.core.services import log_member_access
from heartline.members.contracts import MemberIdentity
from heartline.members.models import Member

# SQLite's default limit of variables in one statement is 999 on old builds; stay under it.
BATCH = 500


def identities_of(
    caller: Caller, member_ids: Iterable[str], *, action: str, channel: str = "web"
) -> dict[str, MemberIdentity]:
    """The identities of the members `member_ids` that exist, by member id; each one handed out is
    written to the access log as `action` through `channel`. Unknown ids are left out."""
    if not (caller.is_operator or caller.can(Capability.LOOK_UP_MEMBERS)):
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not read members' identities")
    wanted = sorted({member_id for member_id in member_ids if member_id})
    found: dict[str, MemberIdentity] = {}
    for start in range(0, len(wanted), BATCH):
        for member in Member.objects.filter(member_id__in=wanted[start : start + BATCH]):
            found[member.member_id] = MemberIdentity(
                member_id=member.member_id,
                given_name=member.given_name,
                family_name=member.family_name,
                birth_date=member.birth_date,
                plan=member.plan,
            )
    for member_id in sorted(found):
        log_member_access(caller, member_id, action, ["identity"], channel)
    return found
