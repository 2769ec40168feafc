"""Who each demo member is: name, birth date, sex, address, phone, e-mail, time zone, PCP, flags and
coverage periods — drawn from their own generator ("member_details") so the members step's earlier
draws (plan, language, channel, activity, enrollment) stay as they were.

Ages follow the plan: Medicare Advantage members are 65 or over, or younger and entitled through a
disabling condition (many of those also Medicaid, dual eligible); Medicaid members are often
children; commercial members are working-age subscribers, their spouses and children, who share
the subscriber's family name, address and phone. Nobody is born after they enrolled. A member who
turned 65 after enrolling had commercial coverage until the month they turned 65; some Medicaid
members lost coverage for a few months before re-enrolling; some commercial members switched
between HMO and PPO at a new plan year. The `coverage` step writes those periods.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from heartline.demo import blueprint as bp
from heartline.demo import member_names as mn
from heartline.demo.bulk_rows import insert_rows
from heartline.demo.care_catalog import DISABLING, npi
from heartline.demo.names import FIRST_NAMES, LAST_NAMES
from heartline.demo.roster import Bool, Int, MemberRoster
from heartline.demo.steps import DemoContext, DemoStepError
from heartline.members.models import Coverage, Member

EXTRAS_KEY = "member_details"
EPOCH = dt.date(1970, 1, 1)
YEAR = 365.25
COMMERCIAL_HMO, COMMERCIAL_PPO, MEDICARE, MEDICAID = range(len(bp.MEMBER_PLANS))
SELF, SPOUSE, CHILD = range(3)
RELATIONSHIPS = ("self", "spouse", "child")
PLAN_NAMES = (
    "Northbridge HMO",
    "Northbridge PPO",
    "Northbridge Medicare Advantage HMO",
    "Northbridge Community Medicaid",
)
PCP_COUNT = 120  # the first fifth are pediatricians
PEDIATRICIANS = PCP_COUNT // 5


@dataclass(frozen=True)
class MemberDetails:
    """What later steps need of each member (aligned on the roster): days are days since 1970-01-01."""

    current_plan: Int  # index into blueprint.MEMBER_PLANS
    birth_day: Int
    enrolled_day: Int
    female: Bool
    dual: Bool
    disabling: Int  # index into care_catalog.DISABLING, or -1
    pcp: Int  # index into pcp_names
    pcp_names: tuple[str, ...]
    has_email: Bool
    # Coverage before the current one: the earlier plan (-1: none) and when the current one began.
    prior_plan: Int
    current_from_day: Int
    gap_days: Int  # Medicaid re-enrolment: days without coverage before current_from_day (0: none)
    time_zones: tuple[str, ...]
    quiet_hours: Bool
    relationship: Int  # to the subscriber: index into RELATIONSHIPS
    subscriber: Int  # the subscriber's roster row (the member's own for a subscriber)

    def age_on(self, day: Int | int) -> Int:
        return np.asarray((np.asarray(day) - self.birth_day) // YEAR, dtype=np.int64)


def details_of(ctx: DemoContext) -> MemberDetails:
    details = ctx.extras.get(EXTRAS_KEY)
    if not isinstance(details, MemberDetails):
        raise DemoStepError("the members step has not run")
    return details


def day_number(day: dt.date) -> int:
    return (day - EPOCH).days


def as_date(days: Int) -> list[dt.date]:
    return [EPOCH + dt.timedelta(days=d) for d in days.tolist()]


def _ages(rng: np.random.Generator, plan: Int) -> tuple[np.ndarray, Bool, Int]:
    """Age in years on the demo's last day, whether under-65 Medicare (disabled), and relationship."""
    n = len(plan)
    u = rng.random(n)
    age = np.empty(n)
    medicare, medicaid = plan == MEDICARE, plan == MEDICAID
    commercial = ~medicare & ~medicaid
    disabled = medicare & (u < 0.12)
    age[medicare] = np.minimum(65 + rng.gamma(2.0, 5.0, n), 99)[medicare]
    age[disabled] = rng.uniform(28, 65, n)[disabled]
    age[medicaid] = np.where(
        u < 0.45,
        rng.uniform(0, 19, n),
        np.where(u < 0.95, np.minimum(19 + rng.gamma(2.0, 9.0, n), 64.9), rng.uniform(65, 88, n)),
    )[medicaid]
    child = commercial & (u < 0.24)
    spouse = commercial & (u >= 0.24) & (u < 0.40)
    adult = np.where(rng.random(n) < 0.03, rng.uniform(65, 72, n), rng.uniform(22, 65, n))
    age[commercial] = np.where(child, rng.uniform(0, 26, n), adult)[commercial]
    relationship = np.where(child, CHILD, np.where(spouse, SPOUSE, SELF)).astype(np.int64)
    return age, disabled, relationship


def draw_details(
    ctx: DemoContext, roster: MemberRoster, enrolled: list[dt.date]
) -> tuple[MemberDetails, dict[str, Sequence[object] | np.ndarray]]:
    """Each member's details and the Member columns they fill, from the "member_details" generator."""
    rng = ctx.rng(EXTRAS_KEY)
    n = len(roster)
    plan, language = roster.plan, roster.language
    today = day_number(ctx.timeline.last_day)
    enrolled_day = np.array([day_number(d) for d in enrolled], dtype=np.int64)
    age, disabled, relationship = _ages(rng, plan)
    birth = today - np.floor(age * YEAR).astype(np.int64) - rng.integers(0, 3, n)
    # Born before enrolling: a child enrolled years ago is older than drawn (newborns join at birth).
    birth = np.minimum(birth, enrolled_day - rng.integers(0, 45, n))
    age_now = (today - birth) // YEAR
    relationship = np.where((relationship == CHILD) & (age_now > 25), SELF, relationship)
    female = rng.random(n) < 0.52
    medicare, medicaid = plan == MEDICARE, plan == MEDICAID
    dual = (medicare & disabled & (rng.random(n) < 0.55)) | (medicare & ~disabled & (rng.random(n) < 0.18))
    dual |= medicaid & (age_now >= 65)
    disabling = np.where(disabled, rng.integers(0, len(DISABLING), n), -1)

    # Names and places; dependents take the subscriber's family name, address and phone.
    given_index = rng.integers(0, 1 << 30, n)
    family = [
        mn.FAMILY_NAMES[lang][k % len(mn.FAMILY_NAMES[lang])]
        for lang, k in zip(language.tolist(), rng.integers(0, 1 << 30, n).tolist(), strict=True)
    ]
    given = [
        mn.GIVEN_NAMES[lang][0 if f else 1][k % len(mn.GIVEN_NAMES[lang][0 if f else 1])]
        for lang, f, k in zip(language.tolist(), female.tolist(), given_index.tolist(), strict=True)
    ]
    weights = np.array([t.weight for t in mn.TOWNS])
    town = rng.choice(len(mn.TOWNS), size=n, p=weights / weights.sum())
    house = rng.integers(1, 2400, n)
    street = rng.integers(0, len(mn.STREETS), n)
    line4 = rng.integers(0, 10_000, n)
    commercial = ~medicare & ~medicaid
    subscribers = np.flatnonzero(commercial & (relationship == SELF) & (age_now >= 24))
    dependent = commercial & (relationship != SELF) & (len(subscribers) > 0)
    head = np.arange(n)
    if len(subscribers):
        head[dependent] = subscribers[rng.integers(0, len(subscribers), int(dependent.sum()))]
    family = [family[h] for h in head.tolist()]
    town, house, street, line4 = town[head], house[head], street[head], line4[head]

    towns = [mn.TOWNS[t] for t in town.tolist()]
    digits = [f"{t.area_code}555{d:04d}" for t, d in zip(towns, line4.tolist(), strict=True)]
    has_email = (age_now >= 18) & (rng.random(n) < np.where(age_now >= 75, 0.55, 0.85))
    email_number = rng.integers(1, 100, n)
    domain = rng.integers(0, len(mn.EMAIL_DOMAINS), n)
    emails = [
        f"{_ascii(g)}.{_ascii(f)}{k}@{mn.EMAIL_DOMAINS[d]}" if e else ""
        for g, f, k, d, e in zip(given, family, email_number.tolist(), domain.tolist(), has_email.tolist(), strict=True)
    ]
    quiet = rng.random(n) < 0.08
    quiet_start = [dt.time(21, 0) if q else None for q in quiet.tolist()]
    quiet_end = [dt.time(8, 0) if q else None for q in quiet.tolist()]

    pcp_names = tuple(
        f"{FIRST_NAMES[(i * 7) % len(FIRST_NAMES)]} {LAST_NAMES[(i * 11 + 3) % len(LAST_NAMES)]}, MD"
        for i in range(PCP_COUNT)
    )
    pcp_npis = tuple(npi(100_000_000 + 7919 * i) for i in range(PCP_COUNT))
    pcp = np.where(age_now < 18, rng.integers(0, PEDIATRICIANS, n), rng.integers(PEDIATRICIANS, PCP_COUNT, n))
    tty = rng.random(n) < np.where(medicare, 0.015, 0.003)
    non_english = language != bp.LANGUAGES.index("en")
    interpreter = non_english & (rng.random(n) < np.where(medicare, 0.75, 0.45))

    prior_plan, current_from, gap = _coverage_history(rng, plan, birth, enrolled_day, disabled, today, relationship)
    details = MemberDetails(
        current_plan=plan,
        birth_day=birth,
        enrolled_day=enrolled_day,
        female=female,
        dual=dual,
        disabling=disabling,
        pcp=pcp,
        pcp_names=pcp_names,
        has_email=has_email,
        prior_plan=prior_plan,
        current_from_day=current_from,
        gap_days=gap,
        time_zones=tuple(t.time_zone for t in towns),
        quiet_hours=quiet,
        relationship=relationship,
        subscriber=head,
    )
    columns: dict[str, Sequence[object] | np.ndarray] = {
        "given_name": given,
        "family_name": family,
        "search_name": [f"{g} {f}".lower() for g, f in zip(given, family, strict=True)],
        "birth_date": birth.astype("datetime64[D]"),
        "sex": ["female" if f else "male" for f in female.tolist()],
        "address_line": [f"{h} {mn.STREETS[s]}" for h, s in zip(house.tolist(), street.tolist(), strict=True)],
        "city": [t.city for t in towns],
        "state": [t.state for t in towns],
        "postal_code": [t.postal_code for t in towns],
        "phone": [f"({d[:3]}) {d[3:6]}-{d[6:]}" for d in digits],
        "phone_digits": digits,
        "email": emails,
        "time_zone": [t.time_zone for t in towns],
        "quiet_hours_start": quiet_start,
        "quiet_hours_end": quiet_end,
        "pcp_name": [pcp_names[p] for p in pcp.tolist()],
        "pcp_npi": [pcp_npis[p] for p in pcp.tolist()],
        "dual_eligible": dual.tolist(),
        "uses_tty": tty.tolist(),
        "needs_interpreter": interpreter.tolist(),
    }
    return details, columns


@functools.cache
def _ascii(name: str) -> str:
    plain = name.lower().translate(str.maketrans("áéíóúñ", "aeioun"))
    return "".join(c for c in plain if c.isalnum())


def _coverage_history(
    rng: np.random.Generator, plan: Int, birth: Int, enrolled: Int, disabled: Bool, today: int, relationship: Int
) -> tuple[Int, Int, Int]:
    """Each member's earlier plan (or -1), the day the current coverage began, and any gap before it."""
    n = len(plan)
    prior = np.full(n, -1, dtype=np.int64)
    current_from = enrolled.copy()
    gap = np.zeros(n, dtype=np.int64)
    # Aged into Medicare after enrolling: commercial until the first of the month they turned 65.
    turned_65 = _first_of_month(birth + np.ceil(65 * YEAR).astype(np.int64))
    aged_in = (plan == MEDICARE) & ~disabled & (turned_65 > enrolled)
    prior[aged_in] = np.where(rng.random(n) < 0.5, COMMERCIAL_HMO, COMMERCIAL_PPO)[aged_in]
    current_from[aged_in] = turned_65[aged_in]
    # Medicaid churn: lost coverage for 2-5 months at least a year before the demo's data begin.
    span = today - 548 - 365 - enrolled
    churn = (plan == MEDICAID) & (span > 400) & (rng.random(n) < 0.22)
    restart = _first_of_month(enrolled + 200 + (rng.random(n) * np.maximum(span - 200, 1)).astype(np.int64))
    gap_length = rng.integers(60, 151, n)
    prior[churn] = MEDICAID
    current_from[churn] = restart[churn]
    gap[churn] = gap_length[churn]
    # A commercial subscriber's family switched between HMO and PPO on a January 1.
    switch = np.isin(plan, (COMMERCIAL_HMO, COMMERCIAL_PPO)) & (enrolled < today - 900) & (rng.random(n) < 0.12)
    years = np.array([(EPOCH + dt.timedelta(days=int(d))).year for d in enrolled], dtype=np.int64)
    switch_year = years + 1 + (rng.random(n) * np.maximum(2025 - years, 1)).astype(np.int64)
    jan_1 = np.array([day_number(dt.date(int(y), 1, 1)) for y in np.minimum(switch_year, 2025)], dtype=np.int64)
    switch &= jan_1 > enrolled
    prior[switch] = np.where(plan == COMMERCIAL_HMO, COMMERCIAL_PPO, COMMERCIAL_HMO)[switch]
    current_from[switch] = jan_1[switch]
    return prior, current_from, gap


def _first_of_month(days: Int) -> Int:
    months = days.astype("datetime64[D]").astype("datetime64[M]")
    return months.astype("datetime64[D]").astype(np.int64)


def build_coverage(ctx: DemoContext) -> None:
    """One Coverage row per period: the current one open-ended, any earlier one ending before it."""
    roster, details = ctx.require_members(), details_of(ctx)
    pks = member_pks(ctx)
    relationship, head = details.relationship, details.subscriber
    updated = dt.datetime.combine(ctx.timeline.first_day, dt.time(6), tzinfo=dt.UTC)
    ids, member, plans, starts, ends, status, subscriber, rel = [], [], [], [], [], [], [], []
    earlier = np.flatnonzero(details.prior_plan >= 0)
    for i in earlier.tolist():
        ids.append(f"COV-{roster.member_ids[i]}-1")
        plans.append(int(details.prior_plan[i]))
        starts.append(int(details.enrolled_day[i]))
        ends.append(int(details.current_from_day[i] - details.gap_days[i] - 1))
        status.append("cancelled")
    for i in range(len(roster)):
        ids.append(f"COV-{roster.member_ids[i]}-{2 if details.prior_plan[i] >= 0 else 1}")
        plans.append(int(roster.plan[i]))
        starts.append(int(details.current_from_day[i]))
        ends.append(-1)
        status.append("active")
    order = np.concatenate([earlier, np.arange(len(roster))])
    for i in order.tolist():
        member.append(int(pks[i]))
        subscriber.append(roster.member_ids[int(head[i])])
        rel.append(RELATIONSHIPS[int(relationship[i])])
    count = len(ids)
    insert_rows(
        Coverage,
        {
            "member_id": member,
            "coverage_id": ids,
            "status": status,
            "payer": [bp.PLAN_NAME] * count,
            "plan": [PLAN_NAMES[p] for p in plans],
            "product": [bp.MEMBER_PLANS[p] for p in plans],
            "subscriber_id": subscriber,
            "relationship": rel,
            "starts_on": np.array(starts, dtype="datetime64[D]"),
            "ends_on": [None if e < 0 else EPOCH + dt.timedelta(days=e) for e in ends],
            "source_updated_at": np.full(count, np.datetime64(updated.replace(tzinfo=None), "s")),
        },
        count,
    )
    ctx.counts["coverages"] = count


def member_pks(ctx: DemoContext) -> Int:
    """The app-database primary key of each roster member (cached in the context)."""
    cached = ctx.extras.get("member_pks")
    if isinstance(cached, np.ndarray):
        return cached
    roster = ctx.require_members()
    by_id = dict(Member.objects.filter(member_id__startswith=bp.MEMBER_ID_PREFIX).values_list("member_id", "pk"))
    pks = np.array([by_id[m] for m in roster.member_ids], dtype=np.int64)
    ctx.extras["member_pks"] = pks
    return pks


def wipe_coverage(ctx: DemoContext) -> None:
    Coverage.objects.filter(member__member_id__startswith=bp.MEMBER_ID_PREFIX).delete()
