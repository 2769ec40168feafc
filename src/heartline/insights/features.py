"""Features per member as of a day: what Heartline knew of each member before that day, and nothing after.

Every count reads warehouse rows strictly before `as_of` (midnight UTC): contacts by channel and
reason, repeats (a contact within 7 days of the member's previous one), handoffs (a consult or a
transfer), cases and grievances, claims and denials, the last NPS answer and negative verbatims, and
pharmacy adherence as PDC; and the member's profile as it stood on `as_of` (tenure, plan, age band,
language). The warehouse is read through Ibis (DuckDB by default), one aggregate per table, so
the work happens in the engine. docs/insights.md ("Features") defines each one.

`id_parity` (the member id's last digit, odd or even) is a negative control: it carries no
information about any outcome, and the tests check the models give it no weight.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import ibis
import numpy as np
import pandas as pd

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.errors import ActionRefused
from heartline.members.contracts import MemberProfile
from heartline.members.tables import CLAIM_LINES, MEDICATIONS
from heartline.voice import sentiment, text
from heartline.voice.tables import SURVEY_RESPONSES
from heartline.warehouse.reader import TableSource

LOOKBACK_DAYS = 90  # contacts, claims and PDC
LONG_LOOKBACK_DAYS = 180  # grievances and survey answers, rarer events
REPEAT_DAYS = 7
MAINTENANCE_SUPPLY_DAYS = 28
PDC_ADHERENT = 0.8  # PQA's threshold: a PDC of 80% or more is adherent
AGE_BANDS = ((0, 18, "under 18"), (18, 35, "18-34"), (35, 50, "35-49"), (50, 65, "50-64"), (65, 200, "65+"))
CHANNEL_GROUPS = {"phone": ("phone",), "chat": ("chat",), "digital": ("email", "portal", "sms")}
REASON_FEATURES = ("billing", "claims", "pharmacy", "benefits", "enrollment", "grievance")


@dataclass(frozen=True)
class Feature:
    """One feature: its column name, what it is in words (for explanations), and whether its values
    are categories (plan, language…) rather than amounts."""

    name: str
    words: str
    categorical: bool = False


FEATURES: tuple[Feature, ...] = (
    Feature("contacts_90d", "contacts in the last 90 days"),
    *(Feature(f"{group}_contacts_90d", f"{group} contacts in the last 90 days") for group in CHANNEL_GROUPS),
    *(Feature(f"{reason}_contacts_90d", f"contacts about {reason} in the last 90 days") for reason in REASON_FEATURES),
    Feature("repeat_contacts_90d", "repeat contacts (within 7 days of the previous one) in the last 90 days"),
    Feature("handoffs_90d", "contacts handed off (consult or transfer) in the last 90 days"),
    Feature("days_since_contact", "days since the last contact"),
    Feature("open_cases", "cases open"),
    Feature("cases_90d", "cases opened in the last 90 days"),
    Feature("grievances_180d", "grievances in the last 180 days"),
    Feature("claims_90d", "claim lines in the last 90 days"),
    Feature("denied_claims_90d", "denied claim lines in the last 90 days"),
    Feature("last_nps", "the last NPS answer (0-10)"),
    Feature("negative_verbatims_180d", "negative survey comments in the last 180 days"),
    Feature("pdc_90d", "pharmacy adherence (PDC) over the last 90 days"),
    Feature("tenure_months", "months as a member"),
    Feature("plan", "plan", categorical=True),
    Feature("age_band", "age band", categorical=True),
    Feature("language", "language", categorical=True),
    Feature("id_parity", "member id parity (a negative control)", categorical=True),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
BY_NAME = {f.name: f for f in FEATURES}
CATEGORIES: dict[str, tuple[str, ...]] = {
    "plan": ("commercial_hmo", "commercial_ppo", "medicare_advantage", "medicaid_managed_care"),
    "age_band": (*(band for _, _, band in AGE_BANDS), "unknown"),
    "language": ("en", "es", "zh"),
    "id_parity": ("even", "odd"),
}


class NoHistory(ActionRefused):
    """The warehouse holds no contacts to learn from."""


def data_window(source: TableSource) -> tuple[dt.date, dt.date]:
    """The first and last day of contacts the warehouse holds (the models' data window)."""
    contacts = source.table(CONTACTS)
    row = contacts.aggregate(first=contacts.started_at.min(), last=contacts.started_at.max()).execute()
    first, last = row["first"].iloc[0], row["last"].iloc[0]
    if pd.isna(first) or pd.isna(last):
        raise NoHistory("the warehouse holds no contacts: load contacts (or build the demo) first")
    return first.date(), last.date()


def midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def age_band(birth_date: dt.date | None, on: dt.date) -> str:
    if birth_date is None:
        return "unknown"
    age = on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    return next(band for low, high, band in AGE_BANDS if low <= age < high)


def enrolled_on(profile: MemberProfile, day: dt.date) -> tuple[dt.date | None, dt.date | None, str] | None:
    """The coverage period the member was in on `day`, or None when not covered that day."""
    for period in profile.coverage:
        starts_on, ends_on, _ = period
        if (starts_on is None or starts_on <= day) and (ends_on is None or ends_on >= day):
            return period
    return None


def plan_on(profile: MemberProfile, day: dt.date) -> str:
    """The member's plan on `day`: the product of the coverage period they were in (or last in before
    it), their current plan when no period says."""
    known = [p for p in profile.coverage if p[2] and (p[0] is None or p[0] <= day)]
    return known[-1][2] if known else profile.plan


def _frame(expr: ibis.Table) -> pd.DataFrame:
    frame = expr.execute()
    return frame.set_index("member_id") if len(frame) else pd.DataFrame(index=pd.Index([], name="member_id"))


def _flag(condition: ibis.BooleanValue) -> ibis.IntegerValue:
    return condition.ifelse(1, 0)


def contact_features(source: TableSource, as_of: dt.date) -> pd.DataFrame:
    contacts = source.table(CONTACTS)
    until, since = midnight(as_of), midnight(as_of - dt.timedelta(days=LOOKBACK_DAYS))
    seen = contacts.filter(contacts.member_id.notnull(), contacts.started_at >= since, contacts.started_at < until)
    seconds = seen.started_at.epoch_seconds()
    previous = seconds.lag().over(ibis.window(group_by=seen.member_id, order_by=seen.started_at))
    seen = seen.mutate(repeat=_flag((seconds - previous) <= REPEAT_DAYS * 86_400))
    counts = {
        "contacts_90d": seen.count(),
        **{f"{g}_contacts_90d": _flag(seen.channel.isin(list(ch))).sum() for g, ch in CHANNEL_GROUPS.items()},
        **{f"{reason}_contacts_90d": _flag(seen.reason == reason).sum() for reason in REASON_FEATURES},
        "repeat_contacts_90d": seen.repeat.sum(),
        "handoffs_90d": _flag((seen.consult_count.fill_null(0) > 0) | seen.route.fill_null("").contains(">")).sum(),
        "last_contact": seen.started_at.max(),
    }
    frame = _frame(seen.group_by("member_id").aggregate(**counts))
    if len(frame):
        last = pd.to_datetime(frame.pop("last_contact"), utc=True)
        frame["days_since_contact"] = (pd.Timestamp(until) - last).dt.days
    return frame


def case_features(source: TableSource, as_of: dt.date) -> pd.DataFrame:
    cases = source.table(CASES)
    until = midnight(as_of)
    since, long_since = (midnight(as_of - dt.timedelta(days=d)) for d in (LOOKBACK_DAYS, LONG_LOOKBACK_DAYS))
    opened = cases.filter(cases.member_id.notnull(), cases.opened_at < until)
    grievance = (opened.category == "grievance") | (opened.type == "grievance")
    return _frame(
        opened.group_by("member_id").aggregate(
            open_cases=_flag(opened.closed_at.isnull() | (opened.closed_at >= until)).sum(),
            cases_90d=_flag(opened.opened_at >= since).sum(),
            grievances_180d=_flag(grievance.fill_null(False) & (opened.opened_at >= long_since)).sum(),
        )
    )


def claim_features(source: TableSource, as_of: dt.date) -> pd.DataFrame:
    lines = source.table(CLAIM_LINES)
    since = as_of - dt.timedelta(days=LOOKBACK_DAYS)
    seen = lines.filter(lines.billed_on >= since, lines.billed_on < as_of)
    return _frame(
        seen.group_by("member_id").aggregate(
            claims_90d=seen.count(), denied_claims_90d=_flag(seen.denied.fill_null(False)).sum()
        )
    )


def survey_features(source: TableSource, as_of: dt.date) -> pd.DataFrame:
    responses = source.table(SURVEY_RESPONSES)
    since = midnight(as_of - dt.timedelta(days=LONG_LOOKBACK_DAYS))
    seen = responses.filter(responses.member_id.notnull(), responses.responded_at < midnight(as_of))
    last = _frame(
        seen.filter(seen.nps.notnull()).group_by("member_id").aggregate(last_nps=seen.nps.argmax(seen.responded_at))
    )
    recent = seen.filter(seen.responded_at >= since, seen.verbatim.notnull())
    verbatims = recent.select("member_id", "verbatim", "language").execute()
    negative: dict[str, int] = {}
    for member_id, verbatim, language in verbatims.itertuples(index=False):
        lang = language if language in sentiment.LEXICON else "en"
        if sentiment.score(text.tokens(str(verbatim), lang), lang) < 0:
            negative[member_id] = negative.get(member_id, 0) + 1
    frame = last.join(pd.Series(negative, name="negative_verbatims_180d", dtype="float64"), how="outer")
    frame.index.name = "member_id"
    return frame


def proportion_of_days_covered(fills: pd.DataFrame, start: dt.date, end: dt.date) -> pd.Series:
    """Each member's PDC over [start, end): per drug, the days' supply that falls in the period
    (fills before it carry in) over the days from the later of `start` and the drug's first fill to
    `end`, capped at 1; the member's PDC is their lowest drug's (one drug missed is non-adherence).
    `fills` has member_id, drug, on_date (date) and days_supply. Overlapping fills are not shifted
    forward (an early refill cannot lift a member above 1): a simplification of PQA's method."""
    if fills.empty:
        return pd.Series(dtype="float64", name="pdc")
    day = pd.to_datetime(fills["on_date"]).to_numpy(dtype="datetime64[D]")
    s, e = np.datetime64(start, "D"), np.datetime64(end, "D")
    supply_end = day + fills["days_supply"].fillna(30).to_numpy(dtype="int64").astype("timedelta64[D]")
    covered = (np.minimum(supply_end, e) - np.maximum(day, s)).astype("int64").clip(min=0)
    frame = pd.DataFrame(
        {"member_id": fills["member_id"].to_numpy(), "drug": fills["drug"].to_numpy(), "covered": covered, "day": day}
    )
    per_drug = frame.groupby(["member_id", "drug"]).agg(covered=("covered", "sum"), first=("day", "min"))
    period = (e - np.maximum(per_drug["first"].to_numpy(dtype="datetime64[D]"), s)).astype("int64")
    pdc = np.where(period > 0, np.minimum(1.0, per_drug["covered"].to_numpy() / np.maximum(period, 1)), np.nan)
    per_drug["pdc"] = pdc
    return per_drug["pdc"].groupby(level="member_id").min().rename("pdc")


def dispensed(source: TableSource, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Completed fills of maintenance drugs (28 days' supply or more: not a course of antibiotics)
    handed over in [start, end): member_id, drug, on_date, days_supply."""
    meds = source.table(MEDICATIONS)
    rows = meds.filter(
        meds.kind == "dispense",
        meds.status == "completed",
        meds.days_supply >= MAINTENANCE_SUPPLY_DAYS,
        meds.on_date >= start,
        meds.on_date < end,
    )
    chosen = rows.select("member_id", drug=rows.medication_code, on_date=rows.on_date, days_supply=rows.days_supply)
    frame: pd.DataFrame = chosen.execute()
    return frame


def pharmacy_features(source: TableSource, as_of: dt.date) -> pd.DataFrame:
    start = as_of - dt.timedelta(days=LOOKBACK_DAYS)
    fills = dispensed(source, start - dt.timedelta(days=LOOKBACK_DAYS), as_of)
    frame = proportion_of_days_covered(fills, start, as_of).rename("pdc_90d").to_frame()
    frame.index.name = "member_id"
    return frame


def profile_features(profiles: Sequence[MemberProfile], as_of: dt.date) -> pd.DataFrame:
    rows = []
    for p in profiles:
        period = enrolled_on(p, as_of)
        began = p.enrolled_on or (period[0] if period else None)
        tenure = (as_of.year - began.year) * 12 + as_of.month - began.month if began else np.nan
        rows.append(
            {
                "member_id": p.member_id,
                "tenure_months": tenure,
                "plan": plan_on(p, as_of),
                "age_band": age_band(p.birth_date, as_of),
                "language": p.language,
                "id_parity": "odd" if p.member_id[-1:].isdigit() and int(p.member_id[-1]) % 2 else "even",
            }
        )
    return pd.DataFrame(rows).set_index("member_id")


ZERO_WHEN_ABSENT = tuple(
    f.name
    for f in FEATURES
    if not f.categorical and f.name not in {"days_since_contact", "last_nps", "pdc_90d", "tenure_months"}
)


def member_features(source: TableSource, profiles: Sequence[MemberProfile], as_of: dt.date) -> pd.DataFrame:
    """One row per member in `profiles` (indexed by member id), one column per `FEATURES`, from what
    was recorded before `as_of`. Counts of nothing are 0; unknowns (no contact yet, no NPS answer,
    no maintenance drug) are NaN, which the models treat as their own value."""
    frame = profile_features(profiles, as_of)
    for part in (
        contact_features(source, as_of),
        case_features(source, as_of),
        claim_features(source, as_of),
        survey_features(source, as_of),
        pharmacy_features(source, as_of),
    ):
        frame = frame.join(part, how="left")
    for name in FEATURE_NAMES:
        if name not in frame:
            frame[name] = np.nan
    numeric = [f.name for f in FEATURES if not f.categorical]
    frame[numeric] = frame[numeric].astype("float64")
    frame[list(ZERO_WHEN_ABSENT)] = frame[list(ZERO_WHEN_ABSENT)].fillna(0.0)
    return frame[list(FEATURE_NAMES)]


def encoded(frame: pd.DataFrame) -> np.ndarray:
    """The features as a float matrix for the models: categories as their index in `CATEGORIES`
    (unknown values NaN)."""
    columns = []
    for f in FEATURES:
        values = frame[f.name]
        if f.categorical:
            codes = {value: float(i) for i, value in enumerate(CATEGORIES[f.name])}
            columns.append(values.map(codes).astype("float64").to_numpy())
        else:
            columns.append(values.to_numpy(dtype="float64"))
    return np.column_stack(columns)


def categorical_mask() -> list[bool]:
    return [f.categorical for f in FEATURES]
