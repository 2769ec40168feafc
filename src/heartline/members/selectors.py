"""Reads of members, scoped to the caller: search, and the single member view.

Who sees what is one policy (`visible_sections`, documented in docs/members.md): anyone who may look
up members (LOOK_UP_MEMBERS) sees any member's header and the service timeline — contacts, cases
and surveys as their usual scope holds them; SEE_MEMBER_CLAIMS adds claims and encounters without
diagnoses; SEE_MEMBER_CLINICAL adds conditions, medications, diagnosis codes and encounter reasons;
audits and coaching about the member's contacts show when the caller's quality and coaching scopes
hold them. Every read of a member is written to the access log here, where it happens, so no page,
API or command can show a member without the entry.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from heartline.coaching.member_records import coaching_on_audits
from heartline.contacts.member_records import contacts_of_member
from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.permissions import Capability, require
from heartline.core.selectors import name_variants
from heartline.core.services import log_access, log_member_access
from heartline.members import history, story
from heartline.members.consent import current_consents
from heartline.members.contracts import (
    SECTIONS,
    CoveragePeriod,
    MemberHeader,
    MemberHit,
    MemberSearch,
    MemberView,
)
from heartline.members.models import Member
from heartline.quality.member_records import audits_of_contacts
from heartline.voice.member_records import surveys_of_member

MAX_HITS = 50
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
US_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
PHONE_PUNCTUATION = re.compile(r"[\s().\-+]")
# A phone search needs this many digits: fewer would match half the plan.
MIN_PHONE_DIGITS = 7


# -- who sees what ---------------------------------------------------------------------------------


def visible_sections(caller: Caller) -> tuple[str, ...]:
    """The member view's sections `caller` may see, in page order (empty: may not look up members)."""
    if not caller.can(Capability.LOOK_UP_MEMBERS):
        return ()
    shown = {"header", "contacts", "cases", "surveys", "audits", "coaching"}
    if caller.can(Capability.SEE_MEMBER_CLAIMS):
        shown |= {"claims", "encounters"}
    if caller.can(Capability.SEE_MEMBER_CLINICAL):
        shown |= {"conditions", "medications"}
    return tuple(s for s in SECTIONS if s in shown)


def sees_clinical_detail(caller: Caller) -> bool:
    """Diagnosis codes, pharmacy lines' drugs and encounter reasons (inside sections others see)."""
    return caller.can(Capability.SEE_MEMBER_CLINICAL)


# -- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Criteria:
    matched_by: str
    condition: Q


def _birth_date(query: str) -> dt.date:
    try:
        if ISO_DATE.match(query):
            return dt.date.fromisoformat(query)
        month, day, year = (int(part) for part in query.split("/"))
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ActionRefused(f"{query!r} is not a date (use YYYY-MM-DD or MM/DD/YYYY)") from exc


def _phone_digits(query: str) -> str | None:
    digits = PHONE_PUNCTUATION.sub("", query)
    if not digits.isdigit() or len(digits) < MIN_PHONE_DIGITS:
        return None
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def search_criteria(query: str) -> _Criteria:
    """How a query is read (docs/members.md, "Search"): a date is a birth date; 7+ digits (with
    phone punctuation) a phone number, matched whole or by its last digits, or a member id; anything
    else a member id (exact or prefix) or a name, each word the start of the given or family name,
    in any order."""
    if ISO_DATE.match(query) or US_DATE.match(query):
        return _Criteria("birth date", Q(birth_date=_birth_date(query)))
    phone = _phone_digits(query)
    if phone is not None:
        return _Criteria("phone, member id", Q(phone_digits__endswith=phone) | Q(member_id__iexact=query))
    words = query.lower().split()
    name = Q()
    for word in words:
        name &= Q(search_name__startswith=word) | Q(search_name__contains=f" {word}")
    by_id = Q(member_id__istartswith=query) if len(words) == 1 else Q(member_id__iexact=query)
    return _Criteria("member id, name", by_id | name)


def _members(condition: Q) -> QuerySet[Member]:
    return Member.objects.filter(condition).order_by("family_name", "given_name", "member_id")


def _display_name(member: Member) -> str:
    return " ".join(part for part in (member.given_name, member.family_name) if part) or member.member_id


def find_members(caller: Caller, query: str, channel: str = "web") -> MemberSearch:
    """Members matching `query`, at most MAX_HITS, by family then given name. Any member may be
    found by whoever may look up members (a representative answers anyone's call); the search and
    the ids it listed are written to the access log."""
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    query = " ".join(query.split())[:200]
    if not query:
        return MemberSearch(query="", matched_by="", hits=(), truncated=False)
    criteria = search_criteria(query)
    found = list(_members(criteria.condition)[: MAX_HITS + 1])
    hits = tuple(
        MemberHit(member_id=m.member_id, name=_display_name(m), birth_date=m.birth_date, plan=m.plan, phone=m.phone)
        for m in found[:MAX_HITS]
    )
    log_access(
        caller,
        "members.search",
        "members:search",
        channel,
        query=query,
        matched_by=criteria.matched_by,
        member_ids=[h.member_id for h in hits],
    )
    return MemberSearch(query=query, matched_by=criteria.matched_by, hits=hits, truncated=len(found) > MAX_HITS)


# -- the member view -------------------------------------------------------------------------------


def _age(birth_date: dt.date | None, today: dt.date) -> int | None:
    if birth_date is None:
        return None
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def _flags(member: Member) -> tuple[str, ...]:
    named = (
        (member.dual_eligible, "dual eligible"),
        (member.uses_tty, "TTY/relay"),
        (member.needs_interpreter, "interpreter needed"),
    )
    return tuple(label for on, label in named if on)


def _header(member: Member) -> MemberHeader:
    coverage = tuple(
        CoveragePeriod(
            plan=c.plan, product=c.product, payer=c.payer, status=c.status, starts_on=c.starts_on, ends_on=c.ends_on
        )
        for c in member.coverages.order_by("-starts_on", "coverage_id")
    )
    return MemberHeader(
        member_id=member.member_id,
        name=_display_name(member),
        birth_date=member.birth_date,
        age=_age(member.birth_date, clock.today()),
        sex=member.sex,
        plan=member.plan,
        coverage=coverage,
        language=member.language,
        preferred_channel=member.preferred_channel,
        time_zone=member.time_zone,
        quiet_hours_start=member.quiet_hours_start,
        quiet_hours_end=member.quiet_hours_end,
        consents=tuple(current_consents(member.pk)),
        flags=_flags(member),
        pcp_name=member.pcp_name,
        pcp_npi=member.pcp_npi,
        phone=member.phone,
        email=member.email,
    )


def member_view(caller: Caller, member_id: str, channel: str = "web", opened_from: str = "") -> MemberView:
    """Everything `caller` may see about member `member_id` (sections by `visible_sections`), with
    the open items and one timeline; written to the access log with the sections shown.

    Raises NotAllowed when the caller may not look up members, NotFound when there is no such member."""
    require(caller, Capability.LOOK_UP_MEMBERS, "look up members")
    member = Member.objects.filter(member_id=member_id).first()
    if member is None:
        raise NotFound(f"No member {member_id!r}.")
    shown = visible_sections(caller)
    clinical = sees_clinical_detail(caller)
    contacts = contacts_of_member(caller, member_id)
    surveys = surveys_of_member(caller, member_id)
    claims = history.claim_lines(member_id, clinical=clinical) if "claims" in shown else []
    encounters = history.encounters(member_id, clinical=clinical) if "encounters" in shown else []
    conditions = history.conditions(member_id) if "conditions" in shown else []
    medications = history.medications(member_id) if "medications" in shown else []
    audits = audits_of_contacts(caller, [c.contact_id for c in contacts.contacts])
    coaching = coaching_on_audits(caller, [a.audit_id for a in audits])
    counts = {
        "header": 1,
        "contacts": len(contacts.contacts),
        "cases": len(contacts.cases),
        "surveys": len(surveys),
        "claims": len(claims),
        "encounters": len(encounters),
        "conditions": len(conditions),
        "medications": len(medications),
        "audits": len(audits),
        "coaching": len(coaching),
    }
    counts = {section: counts[section] for section in shown}
    view = MemberView(
        header=_header(member),
        shown=shown,
        withheld=tuple(s for s in SECTIONS if s not in shown),
        counts=counts,
        open_items=tuple(story.open_items(claims, contacts.contacts, contacts.cases)),
        timeline=tuple(
            story.timeline(
                contacts=contacts.contacts,
                cases=contacts.cases,
                surveys=surveys,
                claims=claims,
                encounters=encounters,
                medications=medications,
                audits=audits,
                coaching=coaching,
            )
        ),
        claims=tuple(claims),
        encounters=tuple(encounters),
        conditions=tuple(conditions),
        medications=tuple(medications),
    )
    detail: dict[str, object] = {"opened_from": opened_from} if opened_from else {}
    log_member_access(caller, member_id, "members.view", list(shown), channel, **detail)
    return view


def names_of_members(member_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Each member's names as free text may say them (`core.selectors.name_variants`), for the
    redactor of their transcripts. Not scoped: these names are taken out, never shown."""
    names: dict[str, tuple[str, ...]] = {}
    wanted = sorted({m for m in member_ids if m})
    for start in range(0, len(wanted), 500):
        rows = Member.objects.filter(member_id__in=wanted[start : start + 500])
        for member_id, given, family in rows.values_list("member_id", "given_name", "family_name"):
            names[member_id] = name_variants(given, family)
    return names


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_HAN_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_LOOKUP_CHUNK = 2_000  # names per query, under SQLite's limit on query parameters
_MOST_WORDS = 5  # "Mary Ann de la Cruz"
_MOST_WORDS_TURNED = 4  # family name first


def member_names_in(text: str) -> tuple[str, ...]:
    """The names (as free text may say them) of every member `text` names in full: two to five words
    in a row, up to four also family name first ("Donna Kowalski", "Kowalski, Donna"), or Chinese characters, family
    name first ("王小明"), that are a member's given and family name. For the redactor of staff-typed
    text (`core.selectors.names_in_text`): each candidate is looked up in the members' indexed
    lower-case name, so a text costs one query however many members there are. Not scoped: these
    names are taken out, never shown."""
    words = [w.lower() for w in _WORD.findall(text)]
    wanted: set[str] = set()
    for size in range(2, _MOST_WORDS + 1):
        for at in range(len(words) - size + 1):
            said = words[at : at + size]
            wanted.add(" ".join(said))
            if size <= _MOST_WORDS_TURNED:  # "Kowalski, Donna", "de la Cruz, Ana"
                wanted.update(" ".join([*said[cut:], *said[:cut]]) for cut in range(1, size))
    for run in _HAN_RUN.findall(text):
        for start in range(len(run) - 1):
            for end in range(start + 2, min(len(run), start + 4) + 1):
                piece = run[start:end]
                wanted.update(f"{piece[cut:]} {piece[:cut]}" for cut in (1, 2) if cut < len(piece))
    if not wanted:
        return ()
    listed = sorted(wanted)
    names: list[str] = []
    for start in range(0, len(listed), _LOOKUP_CHUNK):
        rows = Member.objects.filter(search_name__in=listed[start : start + _LOOKUP_CHUNK])
        for given, family in rows.values_list("given_name", "family_name").distinct():
            names += name_variants(given, family)
    return tuple(dict.fromkeys(names))
