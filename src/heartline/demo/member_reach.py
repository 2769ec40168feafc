"""How members want to be reached: the consent they gave and the preferences they changed.

At enrollment (source `import`) most members agreed to service contact by phone, many to paper mail
and, when they have an e-mail address, to the portal; about a third gave express written consent to service texts
(SMS needs it), some of them to care reminders by text too; a few opted in to marketing e-mail.
During the demo's months some members changed their minds on a call — opting out of texts or of
marketing, or giving express consent to texts — recorded with the call's contact id and the
representative's username, and some through the portal. Preference changes (preferred channel,
language, time zone, quiet hours) end at the member's current value, so the latest version is
what the Member row shows. Decisions and changes are appended, never edited.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.core.models import Employee
from heartline.demo import blueprint as bp
from heartline.demo import member_names as mn
from heartline.demo.bulk_rows import insert_rows
from heartline.demo.member_details import details_of, member_pks
from heartline.demo.roster import Int
from heartline.demo.steps import DemoContext
from heartline.members.models import Channel, ConsentDecision, PreferenceChange, Purpose, Source

DAY_US = 86_400_000_000
# (channel, purpose, share of members, express) given at enrollment; e-mail and portal need an e-mail.
AT_ENROLLMENT = (
    (Channel.PHONE, Purpose.SERVICE, 0.93, False),
    (Channel.MAIL, Purpose.SERVICE, 0.60, False),  # chose paper notices and EOBs
    (Channel.PORTAL, Purpose.SERVICE, 0.55, False),
    (Channel.SMS, Purpose.SERVICE, 0.35, True),
    (Channel.EMAIL, Purpose.MARKETING, 0.05, False),
)
NEEDS_EMAIL = (Channel.PORTAL, Channel.EMAIL)
SMS_CARE_SHARE = 0.3  # of members who consented to service texts
# Changes on a call during the demo: (channel, purpose, granted, express, share of members who called).
ON_A_CALL = (
    (Channel.SMS, Purpose.SERVICE, False, False, 0.03),
    (Channel.PHONE, Purpose.MARKETING, False, False, 0.02),
    (Channel.EMAIL, Purpose.MARKETING, False, False, 0.01),
    (Channel.SMS, Purpose.SERVICE, True, True, 0.03),
    (Channel.AUTODIALED, Purpose.CARE, True, True, 0.01),
)
PORTAL_SMS_OPT_IN = 0.04
CHANNEL_CHANGE_SHARE = 0.07
QUIET_HOURS = "21:00-08:00"


def build_member_reach(ctx: DemoContext) -> None:
    """Write the consent decisions and preference changes of every demo member."""
    roster, details = ctx.require_members(), details_of(ctx)
    rng = ctx.rng("member_reach")
    pks = member_pks(ctx)
    n = len(roster)
    ctx.report(0, 2)
    enrolled_at_us = details.enrolled_day * DAY_US + rng.integers(14, 22, n) * 3_600_000_000
    rows: dict[str, list[Any]] = {
        k: [] for k in ("member", "channel", "purpose", "granted", "express", "source", "at", "by", "reference")
    }

    def add(
        members: Int,
        channel: str,
        purpose: str,
        granted: bool,
        express: bool,
        source: str,
        at_us: Int,
        by: list[str] | None = None,
        reference: list[str] | None = None,
    ) -> None:
        rows["member"].append(members)
        rows["channel"] += [channel] * len(members)
        rows["purpose"] += [purpose] * len(members)
        rows["granted"] += [granted] * len(members)
        rows["express"] += [express] * len(members)
        rows["source"] += [source] * len(members)
        rows["at"].append(at_us)
        rows["by"] += by if by is not None else [""] * len(members)
        rows["reference"] += reference if reference is not None else [""] * len(members)

    sms = np.zeros(n, dtype=np.bool_)
    for channel, purpose, share, express in AT_ENROLLMENT:
        agreed = rng.random(n) < share
        if channel in NEEDS_EMAIL:
            agreed &= details.has_email
        if channel == Channel.SMS:
            sms = agreed
        add(np.flatnonzero(agreed), channel, purpose, True, express, Source.IMPORT, enrolled_at_us[agreed])
    care = sms & (rng.random(n) < SMS_CARE_SHARE)
    add(np.flatnonzero(care), Channel.SMS, Purpose.CARE, True, True, Source.IMPORT, enrolled_at_us[care])

    calls = _phone_calls(ctx)
    usernames = _usernames(ctx)
    callers = np.unique(calls[0])
    # One call each for the members who change something on it (their first answered phone call).
    first = np.unique(calls[0], return_index=True)[1]
    call_of = np.full(n, -1)
    call_of[calls[0][first]] = first
    for channel, purpose, granted, express, share in ON_A_CALL:
        who = callers[rng.random(len(callers)) < share]
        call = call_of[who]
        add(
            who,
            channel,
            purpose,
            granted,
            express,
            Source.CALL,
            calls[1][call] + 60_000_000,
            [usernames.get(calls[3][c], "") for c in call.tolist()],
            [calls[2][c] for c in call.tolist()],
        )
    portal = np.flatnonzero(details.has_email & ~sms & (rng.random(n) < PORTAL_SMS_OPT_IN))
    add(portal, Channel.SMS, Purpose.SERVICE, True, True, Source.PORTAL, _during(rng, ctx, len(portal)))

    member = np.concatenate(rows["member"]).astype(np.int64)
    at = np.concatenate(rows["at"]).astype(np.int64)
    count = len(member)
    # In member order, so the database's indexes grow at their end (several times faster in SQLite).
    order = np.lexsort((at, member)).tolist()
    insert_rows(
        ConsentDecision,
        {
            "member_id": pks[member[order]].tolist(),
            **{
                name: [rows[key][i] for i in order]
                for name, key in (
                    ("channel", "channel"),
                    ("purpose", "purpose"),
                    ("granted", "granted"),
                    ("express", "express"),
                    ("source", "source"),
                    ("recorded_by", "by"),
                    ("reference", "reference"),
                )
            },
            "recorded_at": _instants(at[order]),
        },
        count,
    )
    ctx.counts["consent_decisions"] = count
    ctx.report(1, 2)
    _preferences(ctx, rng, pks, calls, call_of, usernames)
    ctx.report(2, 2)


def _instants(stamps_us: Int) -> np.ndarray:
    """UTC instants, to the second, for insert_rows."""
    instants: np.ndarray = np.asarray(stamps_us // 1_000_000, dtype="datetime64[s]")
    return instants


def _during(rng: np.random.Generator, ctx: DemoContext, count: int) -> Int:
    """Instants spread over the demo's days."""
    first = int(ctx.timeline.midnight_utc_us[0])
    offsets: Int = (rng.random(count) * (ctx.timeline.end_us - first - DAY_US)).astype(np.int64)
    return first + offsets


def _phone_calls(ctx: DemoContext) -> tuple[Int, Int, list[str], list[str]]:
    """Answered inbound phone contacts in time order: member index, end instant, contact id, agent."""
    contacts = ctx.table(CONTACTS)
    phone = pc.and_(
        pc.and_(pc.equal(contacts.column("channel"), "phone"), pc.equal(contacts.column("direction"), "inbound")),
        pc.is_valid(contacts.column("agent_id")),
    )
    answered = contacts.filter(pc.and_(phone, pc.invert(contacts.column("abandoned"))))
    member = np.asarray(
        answered.column("member_id").combine_chunks().indices.to_numpy(zero_copy_only=False), dtype=np.int64
    )
    ended = np.asarray(pc.cast(answered.column("ended_at"), pa.int64()).to_numpy(), dtype=np.int64)
    ids = answered.column("contact_id").to_pylist()
    agents = pc.cast(answered.column("agent_id"), pa.string()).to_pylist()
    return member, ended, ids, agents


def _usernames(ctx: DemoContext) -> dict[str, str]:
    org = ctx.require_org()
    return dict(Employee.objects.filter(division__code=org.division_code).values_list("code", "user__username"))


def _preferences(
    ctx: DemoContext,
    rng: np.random.Generator,
    pks: Int,
    calls: tuple[Int, Int, list[str], list[str]],
    call_of: Int,
    usernames: dict[str, str],
) -> None:
    """Changes that end at each member's current preferred channel, language, time zone and quiet hours."""
    roster, n = ctx.require_members(), len(ctx.require_members())
    details = details_of(ctx)
    quiet, zones = details.quiet_hours, details.time_zones
    member_rows: list[Int] = []
    fields: list[str] = []
    old: list[str] = []
    new: list[str] = []
    source: list[str] = []
    at: list[Int] = []
    by: list[str] = []
    on_call = call_of >= 0

    def add(who: Int, field: str, before: list[str], after: list[str], by_call: bool) -> None:
        member_rows.append(who)
        fields.extend([field] * len(who))
        old.extend(before)
        new.extend(after)
        if by_call:
            call = call_of[who]
            source.extend([Source.CALL] * len(who))
            at.append(calls[1][call] + 30_000_000)
            by.extend(usernames.get(calls[3][c], "") for c in call.tolist())
        else:
            source.extend([Source.PORTAL] * len(who))
            at.append(_during(rng, ctx, len(who)))
            by.extend([""] * len(who))

    changed = rng.random(n) < CHANNEL_CHANGE_SHARE
    earlier = (roster.preferred_channel + rng.integers(1, len(bp.CHANNELS), n)) % len(bp.CHANNELS)
    for by_call in (True, False):
        who = np.flatnonzero(changed & (on_call if by_call else ~on_call))
        add(
            who,
            PreferenceChange.Field.PREFERRED_CHANNEL,
            [bp.CHANNELS[i] for i in earlier[who].tolist()],
            [bp.CHANNELS[i] for i in roster.preferred_channel[who].tolist()],
            by_call,
        )
    # Interpreter users said which language on a call; movers told the portal their new time zone.
    non_english = np.flatnonzero(on_call & (roster.language != 0) & (rng.random(n) < 0.05))
    add(
        non_english,
        PreferenceChange.Field.LANGUAGE,
        ["en"] * len(non_english),
        [bp.LANGUAGES[i] for i in roster.language[non_english].tolist()],
        True,
    )
    moved = np.flatnonzero(np.array([z != mn.HOME_TIME_ZONE for z in zones], dtype=np.bool_))
    add(
        moved,
        PreferenceChange.Field.TIME_ZONE,
        [mn.HOME_TIME_ZONE] * len(moved),
        [zones[i] for i in moved.tolist()],
        False,
    )
    quiet_who = np.flatnonzero(quiet)
    add(quiet_who, PreferenceChange.Field.QUIET_HOURS, [""] * len(quiet_who), [QUIET_HOURS] * len(quiet_who), False)

    member = np.concatenate(member_rows).astype(np.int64)
    count = len(member)
    insert_rows(
        PreferenceChange,
        {
            "member_id": pks[member].tolist(),
            "field": fields,
            "old_value": old,
            "new_value": new,
            "source": source,
            "recorded_at": _instants(np.concatenate(at).astype(np.int64)),
            "recorded_by": by,
        },
        count,
    )
    ctx.counts["preference_changes"] = count


def wipe_member_reach(ctx: DemoContext) -> None:
    demo = {"member__member_id__startswith": bp.MEMBER_ID_PREFIX}
    ConsentDecision.objects.filter(**demo).delete()
    PreferenceChange.objects.filter(**demo).delete()
