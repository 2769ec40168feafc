"""The members' payer and clinical history in the warehouse: conditions, encounters and their claims.

Chronic conditions follow age (type 2 diabetes, hypertension and the rest grow common after 40);
under-65 Medicare members carry the disabling condition that entitles them. Visits follow the
conditions: office and telehealth visits (more for older and chronically ill members), a yearly
check-up for most, emergency visits and, rarer and mostly for the old, inpatient stays. Each visit
is billed — a professional claim for the clinician, an institutional claim for the hospital — and
adjudicated a few weeks later (claims still in flight at the demo's end are `queued`).

Denials are tied to what members do: for most members who contact the plan about billing or claims,
a claim was denied a few days before their first such contact (that is why they call). Other denials
go only to members who never call about billing or claims, so every denied member who calls about it
calls after the denial. Pharmacy history (fills, prescriptions, pharmacy claims) is in `pharmacy`.
Only `member_id` identifies a member here: no names, addresses or phone numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.contacts.tables import CONTACTS
from heartline.demo import blueprint as bp
from heartline.demo import care_catalog as cc
from heartline.demo.contacts import coded, numbered, timestamps
from heartline.demo.member_details import MEDICAID, MEDICARE, MemberDetails, day_number, details_of
from heartline.demo.pharmacy import build_pharmacy
from heartline.demo.roster import Bool, Int
from heartline.demo.steps import DemoContext
from heartline.members.tables import CLAIM_LINES, CONDITIONS, ENCOUNTERS

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
LINKED_DENIAL_SHARE = 0.65  # of members who contact the plan about billing or claims
BACKGROUND_DENIAL_RATE = 0.035  # per claim line, for members who never do
ADJUDICATION_DAYS = (6, 28)
ACUTE_LISTED_SHARE = 0.25
OFFICE, TELEHEALTH, CHECKUP, EMERGENCY, INPATIENT = range(5)
KIND_CLASS = ("AMB", "VR", "AMB", "EMER", "IMP")
KIND_DISPLAY = ("Office visit", "Telehealth visit", "Preventive visit", "Emergency department visit", "Inpatient stay")
# Allowed share of the billed charge, by plan (commercial HMO, PPO, Medicare Advantage, Medicaid).
ALLOWED_SHARE = np.array([0.56, 0.60, 0.40, 0.31])
# The member's copay by visit kind (rows) and plan (columns).
COPAY = np.array(
    [[20, 30, 10, 0], [10, 20, 0, 0], [0, 0, 0, 0], [150, 250, 90, 3], [250, 500, 295, 0]], dtype=np.float64
)

# Every condition code the history uses, in one list (index = code in the arrays below).
ALL_CONDITIONS: tuple[cc.Condition, ...] = tuple(
    {
        c.code: c
        for c in (
            *cc.DIABETES_VARIANTS,
            *(ch.condition for ch in cc.CHRONIC),
            *cc.DISABLING,
            *(a.condition for a in cc.ACUTE),
            *cc.ER_REASONS,
            *cc.INPATIENT_REASONS,
            cc.ADULT_CHECKUP,
            cc.CHILD_CHECKUP,
        )
    }.values()
)
CONDITION_INDEX = {c.code: i for i, c in enumerate(ALL_CONDITIONS)}
SERVICE_CODES = tuple(cc.SERVICES)
SERVICE_INDEX = {code: i for i, code in enumerate(SERVICE_CODES)}


@dataclass(frozen=True)
class Chronic:
    """Members' chronic conditions: has[i, k] for CHRONIC[k], its onset day and the condition code."""

    has: Bool
    onset_day: Int
    code: Int  # per (member, k): index into ALL_CONDITIONS (diabetes has variants)


@dataclass
class Visits:
    """Encounters, one row each; `denied_at_us` > 0 marks the claim denied (and when) for a caller."""

    member: Int
    kind: Int
    day: Int  # demo day index
    start_us: Int
    end_us: Int
    reason: Int  # index into ALL_CONDITIONS
    denied_at_us: Int

    def take(self, rows: Int) -> Visits:
        return Visits(**{k: v[rows] for k, v in vars(self).items()})


def build_history(ctx: DemoContext) -> None:
    """Emit conditions, encounters and claim lines, then the pharmacy history (see `pharmacy`)."""
    roster, details = ctx.require_members(), details_of(ctx)
    rng = ctx.rng("history")
    ctx.report(0, 4)
    today = day_number(ctx.timeline.last_day)
    age = details.age_on(today)
    chronic = _chronic(rng, details, age, today)
    contacts = ctx.table(CONTACTS)
    contact_member = _indices(contacts, "member_id")
    contact_reason = _indices(contacts, "reason")
    contact_us = np.asarray(pc.cast(contacts.column("started_at"), pa.int64()).to_numpy(), dtype=np.int64)
    billing = np.isin(contact_reason, [bp.REASONS.index("billing"), bp.REASONS.index("claims")])
    visits = _visits(rng, ctx, details, chronic, age)
    visits = _with_linked_denials(rng, ctx, visits, contact_member[billing], contact_us[billing], age, len(roster))
    ctx.report(1, 4)
    order = np.lexsort((visits.start_us, visits.member))
    visits = visits.take(order)
    calls_about_billing = np.zeros(len(roster), dtype=np.bool_)
    calls_about_billing[contact_member[billing]] = True
    ctx.emit(ENCOUNTERS, _encounters(ctx, visits, details))
    medical = _claim_lines(rng, ctx, visits, details, calls_about_billing)
    ctx.report(2, 4)
    ctx.emit(CONDITIONS, _conditions(rng, ctx, details, chronic, visits, today))
    ctx.report(3, 4)
    pharmacy = contact_reason == bp.REASONS.index("pharmacy")
    pharmacy_lines = build_pharmacy(
        ctx,
        rng,
        chronic.has,
        chronic.onset_day,
        chronic.code,
        [c.code for c in ALL_CONDITIONS],
        (visits.member, visits.day, visits.reason),
        (contact_member[pharmacy], contact_us[pharmacy]),
        calls_about_billing,
    )
    # The writer lays the rows out by member (the table's cluster_by).
    ctx.emit(CLAIM_LINES, pa.concat_tables([medical.cast(CLAIM_LINES.schema), pharmacy_lines]))
    ctx.report(4, 4)


def _indices(table: pa.Table, column: str) -> Int:
    chunk = table.column(column).combine_chunks()
    return np.asarray(chunk.indices.to_numpy(zero_copy_only=False), dtype=np.int64)


def _age_band(age: Int) -> Int:
    return np.searchsorted(np.array([18, 40, 65]), age, side="right").astype(np.int64)


def _chronic(rng: np.random.Generator, details: MemberDetails, age: Int, today: int) -> Chronic:
    n, k = len(age), len(cc.CHRONIC)
    band = _age_band(age)
    prevalence = np.array([c.prevalence for c in cc.CHRONIC])[:, band].T  # (n, k)
    draws = rng.random((n, k))
    has = draws < prevalence
    # Diabetes and hypertension travel together.
    dm, htn = cc.CHRONIC_INDEX[cc.DIABETES.code], cc.CHRONIC_INDEX[cc.HYPERTENSION.code]
    has[:, htn] |= has[:, dm] & (draws[:, htn] < 0.35)
    # Onset: up to 15 years ago, never before age 2 (or 25 for the diseases of later life), at least
    # two months before the demo's end.
    earliest = details.birth_day[:, None] + np.where(np.arange(k) < 3, 25, 2)[None, :] * 365
    back = (rng.random((n, k)) * 15 * 365).astype(np.int64)
    onset = np.maximum(today - 60 - back, earliest)
    has &= onset <= today - 60
    code = np.tile(np.array([CONDITION_INDEX[c.condition.code] for c in cc.CHRONIC]), (n, 1))
    variant = rng.choice(len(cc.DIABETES_VARIANTS), size=n, p=(0.6, 0.25, 0.15))
    code[:, dm] = np.array([CONDITION_INDEX[c.code] for c in cc.DIABETES_VARIANTS])[variant]
    return Chronic(has=has, onset_day=onset, code=code)


def _visits(rng: np.random.Generator, ctx: DemoContext, details: MemberDetails, chronic: Chronic, age: Int) -> Visits:
    """Every member's visits over the demo's days, by kind, each with a reason."""
    timeline = ctx.timeline
    days = timeline.day_count
    years = days / 365.25
    n = len(age)
    burden = chronic.has.sum(axis=1)
    old, child = age >= 65, age < 18
    rates = {
        OFFICE: (np.where(old, 1.3, np.where(child, 0.7, 0.45)) + 0.55 * burden) * years,
        TELEHEALTH: np.where(child, 0.05, 0.15) * years,
        CHECKUP: np.full(n, 0.45 * years),
        EMERGENCY: (np.where(old, 0.20, 0.10) + 0.05 * burden) * years,
        INPATIENT: (np.where(old, 0.08, 0.02) + 0.04 * burden) * years,
    }
    parts = []
    for visit_kind, rate in rates.items():
        count = rng.poisson(rate)
        who = np.repeat(np.arange(n, dtype=np.int64), count)
        when = rng.integers(0, days, len(who))
        if visit_kind in (OFFICE, CHECKUP, TELEHEALTH):  # clinics keep weekday hours: weekends move to Monday
            weekday = timeline.weekday[when]
            when = np.minimum(when + np.where(weekday >= 5, 7 - weekday, 0), days - 1)
        parts.append((visit_kind, who, when))
    kind = np.concatenate([np.full(len(m), k, dtype=np.int64) for k, m, _ in parts])
    member = np.concatenate([m for _, m, _ in parts])
    day = np.concatenate([d for _, _, d in parts])
    hour = np.where(
        np.isin(kind, (EMERGENCY, INPATIENT)), rng.integers(0, 24, len(kind)), rng.integers(8, 17, len(kind))
    )
    start = timeline.midnight_utc_us[day] + hour * HOUR_US + rng.integers(0, 4, len(kind)) * 15 * 60_000_000
    length_us = np.select(
        [kind == EMERGENCY, kind == INPATIENT],
        [rng.integers(2, 9, len(kind)) * HOUR_US, rng.integers(2, 8, len(kind)) * DAY_US],
        rng.integers(2, 5, len(kind)) * 15 * 60_000_000,
    )
    reason = _reasons(rng, kind, member, age, chronic)
    return Visits(member, kind, day, start, start + length_us, reason, np.zeros(len(kind), dtype=np.int64))


def _reasons(rng: np.random.Generator, kind: Int, member: Int, age: Int, chronic: Chronic) -> Int:
    """Office and telehealth visits are mostly about a chronic condition the member has, if any."""
    m = len(kind)
    acute = np.array([CONDITION_INDEX[a.condition.code] for a in cc.ACUTE])
    reason = acute[rng.integers(0, len(acute), m)]
    has = chronic.has[member]
    pick = np.argmax(rng.random(has.shape) * has, axis=1)
    about_chronic = np.isin(kind, (OFFICE, TELEHEALTH)) & has.any(axis=1) & (rng.random(m) < 0.65)
    reason = np.where(about_chronic, chronic.code[member, pick], reason)
    checkup = np.where(age[member] < 18, CONDITION_INDEX[cc.CHILD_CHECKUP.code], CONDITION_INDEX[cc.ADULT_CHECKUP.code])
    reason = np.where(kind == CHECKUP, checkup, reason)
    er = np.array([CONDITION_INDEX[c.code] for c in cc.ER_REASONS])
    reason = np.where(kind == EMERGENCY, er[rng.integers(0, len(er), m)], reason)
    inpatient = np.array([CONDITION_INDEX[c.code] for c in cc.INPATIENT_REASONS])
    return np.where(kind == INPATIENT, inpatient[rng.integers(0, len(inpatient), m)], reason)


def _with_linked_denials(
    rng: np.random.Generator, ctx: DemoContext, visits: Visits, caller: Int, called_us: Int, age: Int, n: int
) -> Visits:
    """For most members who contact the plan about billing or claims: an office visit 3-6 weeks
    before their first such contact whose claim was denied 1-6 days before it."""
    first = np.full(n, np.iinfo(np.int64).max)
    np.minimum.at(first, caller, called_us)
    callers = np.flatnonzero(first < np.iinfo(np.int64).max)
    call_day = ctx.timeline.day_of(first[callers])
    keep = (call_day >= 45) & (rng.random(len(callers)) < LINKED_DENIAL_SHARE)
    callers, call_day, call_us = callers[keep], call_day[keep], first[callers][keep]
    m = len(callers)
    day = call_day - rng.integers(21, 43, m)
    weekday = ctx.timeline.weekday[day]
    day = day - np.where(weekday >= 5, weekday - 4, 0)
    start = ctx.timeline.midnight_utc_us[day] + rng.integers(8, 17, m) * HOUR_US
    denied_at = call_us - rng.integers(1, 7, m) * DAY_US - rng.integers(0, 10, m) * HOUR_US
    acute = np.array([CONDITION_INDEX[a.condition.code] for a in cc.ACUTE])
    linked = Visits(
        member=callers,
        kind=np.full(m, OFFICE, dtype=np.int64),
        day=day,
        start_us=start,
        end_us=start + 30 * 60_000_000,
        reason=acute[rng.integers(0, len(acute), m)],
        denied_at_us=denied_at,
    )
    return Visits(**{k: np.concatenate([v, getattr(linked, k)]) for k, v in vars(visits).items()})


def _provider(visits: Visits, details: MemberDetails, hospital: Int) -> pa.DictionaryArray:
    labels = [*details.pcp_names, *cc.HOSPITALS]
    clinic = np.isin(visits.kind, (OFFICE, TELEHEALTH, CHECKUP))
    return coded(np.where(clinic, details.pcp[visits.member], len(details.pcp_names) + hospital), labels)


def _hospital(visits: Visits) -> Int:
    return visits.member % len(cc.HOSPITALS)  # each member's nearest hospital


def _encounters(ctx: DemoContext, visits: Visits, details: MemberDetails) -> pa.Table:
    n = len(visits.member)
    in_progress = visits.end_us > ctx.timeline.end_us
    return pa.table(
        {
            "encounter_id": numbered("ENC", n, 10),
            "member_id": coded(visits.member, ctx.require_members().member_ids),
            "status": coded(in_progress.astype(np.int64), ("finished", "in-progress")),
            "encounter_class": coded(visits.kind, KIND_CLASS),
            "type_display": coded(visits.kind, KIND_DISPLAY),
            "started_at": timestamps(visits.start_us),
            "ended_at": timestamps(visits.end_us, in_progress),
            "provider_name": _provider(visits, details, _hospital(visits)),
            "reason_code": coded(visits.reason, [c.code for c in ALL_CONDITIONS]),
            "reason_display": coded(visits.reason, [c.display for c in ALL_CONDITIONS]),
            "source_updated_at": timestamps(np.minimum(visits.end_us, ctx.timeline.end_us - 1)),
        }
    )


def _lines(
    visits: Visits, age: Int, details: MemberDetails, rng: np.random.Generator
) -> tuple[Int, Int, Int, Int, Int]:
    """Claim lines: (visit, institutional?, line number, service code, units) per line."""
    kind, m = visits.kind, len(visits.kind)
    a = age[visits.member]
    em = np.where(rng.random(m) < 0.3, SERVICE_INDEX["99214"], SERVICE_INDEX["99213"])
    preventive = np.array([SERVICE_INDEX[code] for _, code in cc.PREVENTIVE_BY_AGE])
    checkup = preventive[np.clip(np.searchsorted([f for f, _ in cc.PREVENTIVE_BY_AGE], a, side="right") - 1, 0, None)]
    medicare = details.current_plan[visits.member] == MEDICARE
    checkup = np.where(medicare, SERVICE_INDEX["G0439"], checkup)
    stay_days = np.maximum((visits.end_us - visits.start_us) // DAY_US, 1)
    diabetic_visit = np.isin(visits.reason, [CONDITION_INDEX[c.code] for c in cc.DIABETES_VARIANTS])
    lipids = (kind == CHECKUP) & (a >= 40)
    ed = np.where(rng.random(m) < 0.3, SERVICE_INDEX["99285"], SERVICE_INDEX["99284"])
    spec: list[tuple[Bool, int, int, Int | int, Int | int]] = [
        # (which visits, institutional, line number, service, units)
        (np.isin(kind, (OFFICE, TELEHEALTH)), 0, 1, em, 1),
        ((kind == OFFICE) & diabetic_visit, 0, 2, SERVICE_INDEX["83036"], 1),
        (kind == CHECKUP, 0, 1, checkup, 1),
        (lipids, 0, 2, SERVICE_INDEX["80061"], 1),
        (kind == EMERGENCY, 0, 1, ed, 1),
        (kind == EMERGENCY, 1, 1, SERVICE_INDEX["0450"], 1),
        (kind == EMERGENCY, 1, 2, SERVICE_INDEX["0300"], 1),
        (kind == INPATIENT, 0, 1, SERVICE_INDEX["99223"], 1),
        (kind == INPATIENT, 0, 2, SERVICE_INDEX["99238"], 1),
        (kind == INPATIENT, 1, 1, SERVICE_INDEX["0120"], stay_days),
        (kind == INPATIENT, 1, 2, SERVICE_INDEX["0250"], 1),
        (kind == INPATIENT, 1, 3, SERVICE_INDEX["0300"], 1),
    ]
    out: list[list[Int]] = [[], [], [], [], []]
    for mask, institutional, number, service, units in spec:
        rows = np.flatnonzero(mask)
        out[0].append(rows)
        out[1].append(np.full(len(rows), institutional, dtype=np.int64))
        out[2].append(np.full(len(rows), number, dtype=np.int64))
        out[3].append(np.broadcast_to(np.asarray(service), (m,))[rows])
        out[4].append(np.broadcast_to(np.asarray(units), (m,))[rows])
    visit, inst, line, service, units = (np.concatenate(p).astype(np.int64) for p in out)
    order = np.lexsort((line, inst, visit))
    return visit[order], inst[order], line[order], service[order], units[order]


def _claim_lines(
    rng: np.random.Generator, ctx: DemoContext, visits: Visits, details: MemberDetails, calls_about_billing: Bool
) -> pa.Table:
    today = day_number(ctx.timeline.last_day)
    age = details.age_on(today)
    visit, inst, number, service, units = _lines(visits, age, details, rng)
    member = visits.member[visit]
    claim_key = visit * 2 + inst
    new_claim = np.r_[True, claim_key[1:] != claim_key[:-1]]
    claim_number = np.cumsum(new_claim) - 1
    claims = int(new_claim.sum())
    service_end_us = np.where(visits.kind[visit] == INPATIENT, visits.end_us[visit], visits.start_us[visit])
    # Billed 2-12 days after the service, adjudicated a few weeks later; per claim, so its lines agree.
    billed_lag = rng.integers(2, 13, claims)[claim_number] * DAY_US
    adjudication_lag = rng.integers(*ADJUDICATION_DAYS, claims)[claim_number] * DAY_US
    billed_us = service_end_us + billed_lag
    linked = visits.denied_at_us[visit] > 0
    billed_us = np.where(linked, np.minimum(billed_us, visits.denied_at_us[visit] - 2 * DAY_US), billed_us)
    adjudicated_us = np.where(linked, visits.denied_at_us[visit], billed_us + adjudication_lag)
    received = billed_us < ctx.timeline.end_us
    adjudicated = adjudicated_us < ctx.timeline.end_us
    plan = np.where(
        visits.start_us[visit] < _current_from_us(details, member),
        details.prior_plan[member],
        details.current_plan[member],
    )
    plan = np.where(plan < 0, details.current_plan[member], plan)
    billed = np.round(
        np.array([s.billed for s in cc.SERVICES.values()])[service] * units * rng.lognormal(0, 0.12, len(service)), 2
    )
    allowed = np.round(billed * ALLOWED_SHARE[plan], 2)
    liability = np.where(number == 1, COPAY[visits.kind[visit], plan], 0.0)
    liability = np.where(details.dual[member] | (plan == MEDICAID), 0.0, np.minimum(liability, allowed))
    denied = linked | (~calls_about_billing[member] & (rng.random(len(service)) < BACKGROUND_DENIAL_RATE))
    denied &= adjudicated
    dual_share = np.where(details.dual[member], 0.12, 0.0)
    shares = np.array(cc.DENIAL_SHARES)
    reason = rng.choice(len(cc.DENIALS), size=len(service), p=shares / shares.sum())
    reason = np.where(rng.random(len(service)) < dual_share, cc.DUAL_DENIAL, reason)
    member_pays = np.array([d.member_pays for d in cc.DENIALS])[reason]
    allowed_out = np.where(denied, 0.0, allowed)
    liability = np.where(denied, np.where(member_pays, billed, 0.0), liability)
    paid = np.where(denied, 0.0, np.round(allowed - liability, 2))
    pending = ~adjudicated
    keep = np.flatnonzero(received)
    claim_ids = numbered("CLM", claims, 10).take(pa.array(claim_number))
    line_text = pc.cast(pa.array(number), pa.string())
    hospital = _hospital(visits)[visit]
    provider_index = np.where(
        inst == 1,
        len(details.pcp_names) + hospital,
        np.where(
            visits.kind[visit] == EMERGENCY,
            len(details.pcp_names) + len(cc.HOSPITALS),
            np.where(
                visits.kind[visit] == INPATIENT, len(details.pcp_names) + len(cc.HOSPITALS) + 1, details.pcp[member]
            ),
        ),
    )
    providers = [*details.pcp_names, *cc.HOSPITALS, cc.ER_GROUP, cc.HOSPITALIST_GROUP]
    npis = [cc.npi(100_000_000 + 7919 * i) for i in range(len(details.pcp_names))]
    npis += [cc.npi(200_000_000 + 104_729 * i) for i in range(len(providers) - len(npis))]
    diagnosis = visits.reason[visit]
    diagnosis_labels = [c.code for c in ALL_CONDITIONS]
    table = pa.table(
        {
            "claim_line_id": pc.binary_join_element_wise(claim_ids, line_text, "#"),
            "claim_id": claim_ids,
            "line_number": pa.array(number.astype(np.int32)),
            "member_id": coded(member, ctx.require_members().member_ids),
            "claim_type": coded(inst, ("professional", "institutional")),
            "status": coded(np.zeros(len(member), dtype=np.int64), ("active",)),
            "outcome": coded(pending.astype(np.int64), ("complete", "queued")),
            "service_start": _dates(visits.start_us[visit]),
            "service_end": _dates(service_end_us),
            "billed_on": _dates(billed_us),
            "provider_npi": coded(provider_index, npis),
            "provider_name": coded(provider_index, providers),
            "service_code": coded(service, SERVICE_CODES),
            "service_display": coded(service, [s.display for s in cc.SERVICES.values()]),
            "diagnosis_codes": coded(diagnosis, diagnosis_labels),
            "billed_amount": pa.array(billed),
            "allowed_amount": pa.array(allowed_out, mask=pending),
            "paid_amount": pa.array(paid, mask=pending),
            "member_liability": pa.array(liability, mask=pending),
            "denied": pa.array(denied),
            "denial_reason_code": coded(np.where(denied, reason, -1), [d.code for d in cc.DENIALS]),
            "denial_reason": coded(np.where(denied, reason, -1), [d.description for d in cc.DENIALS]),
            "source_updated_at": timestamps(np.where(adjudicated, adjudicated_us, billed_us)),
        }
    )
    return table.take(pa.array(keep))


def _current_from_us(details: MemberDetails, member: Int) -> Int:
    return details.current_from_day[member] * DAY_US


def _dates(stamps_us: Int) -> pa.Array:
    """The UTC day of each instant, as date32 (the day the plan's systems recorded)."""
    return pa.array((stamps_us // DAY_US).astype(np.int32), type=pa.date32())


def _conditions(
    rng: np.random.Generator, ctx: DemoContext, details: MemberDetails, chronic: Chronic, visits: Visits, today: int
) -> pa.Table:
    """Chronic and disabling conditions (active) and the acute ones visits were about (resolved)."""
    member_c, k = np.nonzero(chronic.has)
    code_c = chronic.code[member_c, k]
    onset_c = chronic.onset_day[member_c, k]
    disabled = np.flatnonzero(details.disabling >= 0)
    code_d = np.array([CONDITION_INDEX[c.code] for c in cc.DISABLING], dtype=np.int64)[details.disabling[disabled]]
    age_now = today - details.birth_day[disabled]
    onset_d = details.birth_day[disabled] + (age_now * rng.uniform(0.05, 0.8, len(disabled))).astype(np.int64)
    chronic_codes = set(np.concatenate([code_c, code_d]).tolist()) | {
        CONDITION_INDEX[cc.ADULT_CHECKUP.code],
        CONDITION_INDEX[cc.CHILD_CHECKUP.code],
    }
    # Acute problems go on the problem list when they brought the member to hospital, and now and then
    # from an office visit.
    hospital = np.isin(visits.kind, (EMERGENCY, INPATIENT)) | (rng.random(len(visits.kind)) < ACUTE_LISTED_SHARE)
    acute = np.flatnonzero(~np.isin(visits.reason, list(chronic_codes)) & (visits.kind != CHECKUP) & hospital)
    start_day = day_number(ctx.timeline.first_day)
    onset_a = start_day + visits.day[acute]
    abated = onset_a + rng.integers(7, 36, len(acute))
    member = np.concatenate([member_c, disabled, visits.member[acute]])
    code = np.concatenate([code_c, code_d, visits.reason[acute]])
    onset = np.concatenate([onset_c, onset_d, onset_a])
    abatement = np.concatenate([np.full(len(member_c) + len(disabled), -1), np.where(abated <= today, abated, -1)])
    recorded = np.maximum(onset, details.enrolled_day[member])
    order = np.lexsort((onset, member))
    member, code, onset, abatement, recorded = (
        member[order],
        code[order],
        onset[order],
        abatement[order],
        recorded[order],
    )
    n = len(member)
    updated_us = np.maximum(recorded, np.where(abatement >= 0, abatement, recorded)) * DAY_US + 12 * HOUR_US
    return pa.table(
        {
            "condition_id": numbered("CND", n, 10),
            "member_id": coded(member, ctx.require_members().member_ids),
            "code_system": coded(np.zeros(n, dtype=np.int64), (cc.ICD10,)),
            "code": coded(code, [c.code for c in ALL_CONDITIONS]),
            "display": coded(code, [c.display for c in ALL_CONDITIONS]),
            "clinical_status": coded((abatement >= 0).astype(np.int64), ("active", "resolved")),
            "verification_status": coded(np.zeros(n, dtype=np.int64), ("confirmed",)),
            "onset_date": pa.array(onset.astype(np.int32), type=pa.date32()),
            "recorded_date": pa.array(recorded.astype(np.int32), type=pa.date32()),
            "abatement_date": pa.array(np.maximum(abatement, 0).astype(np.int32), type=pa.date32(), mask=abatement < 0),
            "source_updated_at": timestamps(updated_us),
        }
    )
