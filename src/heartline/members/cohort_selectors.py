"""Members as a population, for analytics over all of them (insights' features and segments).

Only what a model or a segment needs of each member and nothing that identifies them: plan, language,
birth date (for an age band), when they enrolled, and their coverage periods (when each began and
ended, for tenure and disenrollment). No names, addresses or phones. Reading the population is not a
view of any one member, so nothing is access-logged here; the pages that list members by name or id
log each one they show.
"""

from __future__ import annotations

import datetime as dt

from heartline.members.contracts import MemberProfile
from heartline.members.models import Coverage, Member


def member_profiles() -> list[MemberProfile]:
    """Every member's profile, ordered by member id."""
    periods: dict[int, list[tuple[dt.date | None, dt.date | None, str]]] = {}
    for member_pk, starts_on, ends_on, product in Coverage.objects.values_list(
        "member_id", "starts_on", "ends_on", "product"
    ):
        periods.setdefault(member_pk, []).append((starts_on, ends_on, product))
    rows = Member.objects.order_by("member_id").values_list(
        "pk", "member_id", "plan", "language", "preferred_channel", "birth_date", "enrolled_on"
    )
    return [
        MemberProfile(
            member_id=member_id,
            plan=plan,
            language=language,
            preferred_channel=channel,
            birth_date=birth_date,
            enrolled_on=enrolled_on,
            coverage=tuple(sorted(periods.get(pk, []), key=lambda p: p[0] or dt.date.min)),
        )
        for pk, member_id, plan, language, channel, birth_date, enrolled_on in rows
    ]
