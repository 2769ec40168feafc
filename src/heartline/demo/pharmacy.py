"""The members' pharmacy history: prescriptions, fills and the pharmacy claims that paid for them.

A chronic condition brings its maintenance drugs (type 2 diabetes: metformin; hypertension:
lisinopril and often amlodipine; hyperlipidemia: simvastatin; heart failure: furosemide; asthma and
COPD: an albuterol inhaler), prescribed by the member's PCP and filled every 30 days — or every 90
by mail order for about half the Medicare and commercial members — with the odd late refill. Sore throats and
ear infections seen at a visit get amoxicillin the same day. Every fill is a pharmacy claim; a
rejected claim is a declined fill. For about half the members who contact the plan about pharmacy,
a fill was declined (prior authorization absent) a few days before their first such contact; other
rejections go only to members who never contact the plan about pharmacy, billing or claims.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from heartline.demo import care_catalog as cc
from heartline.demo.contacts import coded, numbered, timestamps
from heartline.demo.member_details import MEDICAID, MEDICARE, day_number, details_of
from heartline.demo.roster import Bool, Int
from heartline.demo.steps import DemoContext
from heartline.members.tables import CLAIM_LINES, MEDICATIONS

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MAIL_ORDER_SHARE = 0.55  # of Medicare and commercial maintenance prescriptions
SECOND_DRUG_SHARE = 0.25
LATE_REFILL_SHARE = 0.04
LINKED_REJECTION_SHARE = 0.5
BACKGROUND_REJECTION_RATE = 0.012
DISPENSING_FEE = 2.5
COPAY_30 = np.array([10.0, 10.0, 5.0, 1.0])  # by plan; 90 days' supply costs two copays
ANTIBIOTIC_CONDITIONS = tuple(a.condition.code for a in cc.ACUTE if a.antibiotic)


def build_pharmacy(
    ctx: DemoContext,
    rng: np.random.Generator,
    chronic_has: Bool,
    chronic_onset: Int,
    chronic_code: Int,
    condition_codes: list[str],
    visits: tuple[Int, Int, Int],
    pharmacy_calls: tuple[Int, Int],
    calls_about_billing: Bool,
) -> pa.Table:
    """Emit the medications table; return the pharmacy claim lines (the caller adds them to the rest)."""
    details, roster = details_of(ctx), ctx.require_members()
    start, end = day_number(ctx.timeline.first_day), day_number(ctx.timeline.last_day)
    plan = roster.plan
    # Maintenance prescriptions: (member, drug, condition code, first fill, supply, interval).
    member_k, k = np.nonzero(chronic_has)
    drugs = [[cc.MEDICATION_KEYS.index(d) for d in c.medications] for c in cc.CHRONIC]
    p_member, p_drug, p_code, p_onset = [], [], [], []
    for position in (0, 1):
        for kk, options in enumerate(drugs):
            if len(options) <= position:
                continue
            rows = member_k[k == kk]
            if position == 1:
                rows = rows[rng.random(len(rows)) < SECOND_DRUG_SHARE]
            p_member.append(rows)
            p_drug.append(np.full(len(rows), options[position], dtype=np.int64))
            p_code.append(chronic_code[rows, kk])
            p_onset.append(chronic_onset[rows, kk])
    member, drug, code, onset = (np.concatenate(p).astype(np.int64) for p in (p_member, p_drug, p_code, p_onset))
    refill = np.array([m.refill_days for m in cc.MEDICATIONS.values()])[drug]
    mail = (plan[member] != MEDICAID) & (refill == 30) & (rng.random(len(member)) < MAIL_ORDER_SHARE)
    supply = np.where(mail, 90, 30)
    interval = np.where(mail, 90, refill)
    first = np.where(
        onset < start,
        start + (rng.random(len(member)) * interval).astype(np.int64),
        onset + rng.integers(0, 5, len(member)),
    )
    columns = int((end - start) // 26) + 2
    gaps = interval[:, None] + rng.integers(-2, 5, (len(member), columns))
    gaps += np.where(rng.random(gaps.shape) < LATE_REFILL_SHARE, rng.integers(10, 41, gaps.shape), 0)
    gaps[:, 0] = 0
    fill_day = first[:, None] + np.cumsum(gaps, axis=1)
    pair, _ = np.nonzero(fill_day <= end)
    fills_day = fill_day[fill_day <= end]
    f_member, f_drug, f_code, f_supply = member[pair], drug[pair], code[pair], supply[pair]
    f_mail = mail[pair]
    declined = np.zeros(len(pair), dtype=np.bool_)

    # Declined fills: just before a member's first pharmacy contact, or for members who never call.
    caller, called_us = pharmacy_calls
    first_call = np.full(len(roster), np.iinfo(np.int64).max)
    np.minimum.at(first_call, caller, called_us)
    calls_about_pharmacy = first_call < np.iinfo(np.int64).max
    first_pair = np.full(len(roster), -1)
    first_pair[member[::-1]] = np.arange(len(member))[::-1]
    linked = np.flatnonzero(
        calls_about_pharmacy & (first_pair >= 0) & (rng.random(len(roster)) < LINKED_REJECTION_SHARE)
    )
    call_day = first_call[linked] // DAY_US
    linked = linked[call_day - 4 >= start]
    call_day = first_call[linked] // DAY_US
    lp = first_pair[linked]
    quiet = ~calls_about_pharmacy[f_member] & ~calls_about_billing[f_member]
    declined |= quiet & (rng.random(len(pair)) < BACKGROUND_REJECTION_RATE)
    f_member = np.concatenate([f_member, linked])
    f_drug = np.concatenate([f_drug, drug[lp]])
    f_code = np.concatenate([f_code, code[lp]])
    f_supply = np.concatenate([f_supply, supply[lp]])
    f_mail = np.concatenate([f_mail, mail[lp]])
    fills_day = np.concatenate([fills_day, call_day - rng.integers(1, 5, len(linked))])
    declined = np.concatenate([declined, np.ones(len(linked), dtype=np.bool_)])
    denial = np.where(
        declined,
        np.array(cc.PHARMACY_DENIALS)[rng.choice(len(cc.PHARMACY_DENIALS), len(declined), p=cc.PHARMACY_DENIAL_SHARES)],
        -1,
    )
    denial[len(denial) - len(linked) :] = cc.PHARMACY_DENIALS[0]  # prior authorization absent

    # Antibiotics on the day of a visit for a sore throat or an ear infection.
    v_member, v_day, v_reason = visits
    antibiotic_codes = [condition_codes.index(c) for c in ANTIBIOTIC_CONDITIONS]
    sick = np.flatnonzero(np.isin(v_reason, antibiotic_codes))
    a_member, a_day, a_code = v_member[sick], start + v_day[sick], v_reason[sick]
    amoxicillin = cc.MEDICATION_KEYS.index("amoxicillin")

    fill_member = np.concatenate([f_member, a_member])
    fill_drug = np.concatenate([f_drug, np.full(len(sick), amoxicillin)])
    fill_code = np.concatenate([f_code, a_code])
    fill_supply = np.concatenate([f_supply, np.full(len(sick), 10)])
    fill_mail = np.concatenate([f_mail, np.zeros(len(sick), dtype=np.bool_)])
    fill_on = np.concatenate([fills_day, a_day])
    fill_denial = np.concatenate([denial, np.full(len(sick), -1)])
    per_day = np.array([m.units_per_day for m in cc.MEDICATIONS.values()])
    quantity = np.round(np.maximum(per_day[fill_drug] * fill_supply, 1.0), 1)
    fill_at_us = fill_on * DAY_US + rng.integers(13, 23, len(fill_on)) * HOUR_US  # 9-6 local, in UTC
    pharmacy = np.where(fill_mail, cc.MAIL_ORDER_PHARMACY, np.array([0, 1, 3])[fill_member % 3])

    # Prescriptions: one per maintenance drug (renewed yearly), one per antibiotic.
    r_first = np.minimum(first, end) - rng.integers(0, 7, len(member))
    req_member = np.concatenate([member, a_member])
    req_drug = np.concatenate([drug, np.full(len(sick), amoxicillin)])
    req_on = np.concatenate([r_first, a_day])
    req_supply = np.concatenate([supply, np.full(len(sick), 10)])
    req_status = np.concatenate([np.zeros(len(member), dtype=np.int64), np.ones(len(sick), dtype=np.int64)])
    req_quantity = np.round(np.maximum(per_day[req_drug] * req_supply, 1.0), 1)

    kind = np.concatenate([np.zeros(len(req_member), dtype=np.int64), np.ones(len(fill_member), dtype=np.int64)])
    m_member = np.concatenate([req_member, fill_member])
    m_day = np.concatenate([req_on, fill_on])
    order = np.lexsort((kind, m_day, m_member))
    status = np.concatenate([req_status, np.where(fill_denial >= 0, 3, 2)])  # labels below
    ids = pc.binary_join_element_wise(
        pa.array(np.array(["request/RXR", "dispense/RXD"])[kind]),
        pa.concat_arrays([numbered("", len(req_member), 10), numbered("", len(fill_member), 10)]),
        "",
    )
    drug_all = np.concatenate([req_drug, fill_drug])
    meds = list(cc.MEDICATIONS.values())
    updated_us = np.concatenate([req_on * DAY_US + 14 * HOUR_US, fill_at_us])
    table = pa.table(
        {
            "medication_record_id": ids,
            "kind": coded(kind, ("request", "dispense")),
            "member_id": coded(m_member, roster.member_ids),
            "status": coded(status, ("active", "completed", "completed", "declined")),
            "medication_code": coded(drug_all, [m.rxnorm for m in meds]),
            "medication_display": coded(drug_all, [m.display for m in meds]),
            "quantity": pa.array(np.concatenate([req_quantity, quantity])),
            "days_supply": pa.array(np.concatenate([req_supply, fill_supply]).astype(np.int32)),
            "on_date": pa.array(m_day.astype(np.int32), type=pa.date32()),
            "prescriber_name": coded(details.pcp[m_member], details.pcp_names),
            "pharmacy_name": coded(np.concatenate([np.full(len(req_member), -1), pharmacy]), cc.PHARMACIES),
            "source_updated_at": timestamps(updated_us),
        }
    ).take(pa.array(order))
    ctx.emit(MEDICATIONS, table)
    return _pharmacy_claims(
        ctx,
        rng,
        fill_member,
        fill_drug,
        fill_code,
        condition_codes,
        quantity,
        fill_supply,
        fill_on,
        fill_at_us,
        pharmacy,
        fill_denial,
    )


def _pharmacy_claims(
    ctx: DemoContext,
    rng: np.random.Generator,
    member: Int,
    drug: Int,
    code: Int,
    condition_codes: list[str],
    quantity: np.ndarray,
    supply: Int,
    day: Int,
    at_us: Int,
    pharmacy: Int,
    denial: Int,
) -> pa.Table:
    roster, details = ctx.require_members(), details_of(ctx)
    order = np.lexsort((at_us, member))
    member, drug, code, quantity, supply, day, at_us, pharmacy, denial = (
        a[order] for a in (member, drug, code, quantity, supply, day, at_us, pharmacy, denial)
    )
    n = len(member)
    plan = roster.plan[member]
    meds = list(cc.MEDICATIONS.values())
    billed = np.round(
        np.array([m.unit_cost for m in meds])[drug] * quantity * rng.lognormal(0, 0.08, n) + DISPENSING_FEE, 2
    )
    allowed = np.round(billed * np.where(plan == MEDICARE, 0.55, 0.62), 2)
    copay = COPAY_30[plan] * np.where(supply >= 90, 2, 1)
    copay = np.where(details.dual[member], 1.6, copay)
    denied = denial >= 0
    member_pays = np.array([d.member_pays for d in cc.DENIALS])[np.maximum(denial, 0)] & denied
    liability = np.where(denied, np.where(member_pays, billed, 0.0), np.minimum(copay, allowed))
    allowed = np.where(denied, 0.0, allowed)
    paid = np.where(denied, 0.0, np.round(allowed - liability, 2))
    claim_ids = numbered("RXC", n, 10)
    pharmacy_npis = [cc.npi(300_000_000 + 15_485_863 * i) for i in range(len(cc.PHARMACIES))]
    dates = pa.array(day.astype(np.int32), type=pa.date32())
    return pa.table(
        {
            "claim_line_id": pc.binary_join_element_wise(claim_ids, "1", "#"),
            "claim_id": claim_ids,
            "line_number": pa.array(np.ones(n, dtype=np.int32)),
            "member_id": coded(member, roster.member_ids),
            "claim_type": coded(np.zeros(n, dtype=np.int64), ("pharmacy",)),
            "status": coded(np.zeros(n, dtype=np.int64), ("active",)),
            "outcome": coded(np.zeros(n, dtype=np.int64), ("complete",)),
            "service_start": dates,
            "service_end": dates,
            "billed_on": dates,
            "provider_npi": coded(pharmacy, pharmacy_npis),
            "provider_name": coded(pharmacy, cc.PHARMACIES),
            "service_code": coded(drug, [m.ndc for m in meds]),
            "service_display": coded(drug, [m.display for m in meds]),
            "diagnosis_codes": coded(code, condition_codes),
            "billed_amount": pa.array(billed),
            "allowed_amount": pa.array(allowed),
            "paid_amount": pa.array(paid),
            "member_liability": pa.array(np.round(liability, 2)),
            "denied": pa.array(denied),
            "denial_reason_code": coded(denial, [d.code for d in cc.DENIALS]),
            "denial_reason": coded(denial, [d.description for d in cc.DENIALS]),
            "source_updated_at": timestamps(at_us),
        }
    ).cast(CLAIM_LINES.schema)
