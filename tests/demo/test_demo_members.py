"""The demo's members and their history: who they are fits their plan, how they want to be reached
is versioned, and their claims, visits, conditions and fills tell one story with their contacts."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import duckdb
import pytest

from heartline.contacts.tables import CONTACTS
from heartline.demo import blueprint
from heartline.demo import care_catalog as cc
from heartline.demo.timeline import FIRST_DAY, LAST_DAY
from heartline.members.models import ConsentDecision, Coverage, Member, PreferenceChange
from heartline.members.tables import CLAIM_LINES, CONDITIONS, ENCOUNTERS, HISTORY_TABLES, MEDICATIONS
from heartline.warehouse.tables import TableSpec
from tests.demo.second_builds import SecondBuild
from tests.support.shared_demo import BuiltDemo

DEMO = {"member_id__startswith": blueprint.MEMBER_ID_PREFIX}


def warehouse(demo: BuiltDemo) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for spec in (CONTACTS, *HISTORY_TABLES):
        con.read_parquet(demo.warehouse.parquet_files(spec)).create_view(spec.name)
    return con


def fetch(demo: BuiltDemo, sql: str) -> list[tuple[Any, ...]]:
    return warehouse(demo).execute(sql).fetchall()


def age(birth: dt.date) -> int:
    return LAST_DAY.year - birth.year - ((LAST_DAY.month, LAST_DAY.day) < (birth.month, birth.day))


def test_the_same_seed_builds_the_same_members_and_history(small_demo: BuiltDemo, rebuilt: SecondBuild) -> None:
    assert rebuilt.members_digest == small_demo.members_digest
    assert rebuilt.history_digests == small_demo.history_digests
    assert all(small_demo.history_digests.values())


def test_another_seed_builds_other_history(small_demo: BuiltDemo, forced: SecondBuild) -> None:
    assert forced.history_digests[CLAIM_LINES.name] != small_demo.history_digests[CLAIM_LINES.name]


@pytest.mark.parametrize("spec", HISTORY_TABLES, ids=lambda s: s.name)
def test_history_tables_have_the_registered_schema_and_known_members(
    small_demo: BuiltDemo, spec: TableSpec, db: None
) -> None:
    delta = small_demo.warehouse.open(spec)
    assert delta is not None
    members = {m for (m,) in fetch(small_demo, f"SELECT DISTINCT member_id FROM {spec.name}")}  # noqa: S608

    assert delta.to_pyarrow_table().schema == spec.schema
    assert members - set(Member.objects.filter(**DEMO).values_list("member_id", flat=True)) == set()
    assert len(members) > 1_000


def test_every_member_has_a_name_birth_date_address_and_search_fields(small_demo: BuiltDemo, db: None) -> None:
    rows = list(
        Member.objects.filter(**DEMO).values_list(
            "given_name",
            "family_name",
            "search_name",
            "phone",
            "phone_digits",
            "birth_date",
            "address_line",
            "postal_code",
            "time_zone",
            "pcp_npi",
            "enrolled_on",
        )
    )
    bad = [
        r
        for r in rows
        if not (r[0] and r[1] and r[6] and r[7] and r[8] and len(r[9]) == 10)
        or r[2] != f"{r[0]} {r[1]}".lower()
        or r[4] != re.sub(r"\D", "", r[3])
        or len(r[4]) != 10
        or r[5] is None
        or r[5] > r[10]  # born before enrolling
    ]

    assert len(rows) == small_demo.summary.members
    assert bad == []


def test_ages_fit_the_plan(small_demo: BuiltDemo, db: None) -> None:
    disabling = {c.code for c in cc.DISABLING}
    entitled = {
        m for m, code in fetch(small_demo, "SELECT member_id, code FROM member_conditions") if code in disabling
    }
    medicare = Member.objects.filter(**DEMO, plan="medicare_advantage").values_list(
        "member_id", "birth_date", "dual_eligible"
    )
    ages = {
        plan: [age(b) for b in Member.objects.filter(**DEMO, plan=plan).values_list("birth_date", flat=True)]
        for plan in blueprint.MEMBER_PLANS
    }
    children = {plan: sum(a < 18 for a in values) / len(values) for plan, values in ages.items()}

    assert [m for m, birth, dual in medicare if age(birth) < 65 and not dual and m not in entitled] == []
    assert children["medicare_advantage"] == 0
    assert children["medicaid_managed_care"] > 0.3
    assert 0.1 < children["commercial_hmo"] < 0.3


def test_each_member_has_one_current_coverage_on_their_plan_after_any_earlier_one(
    small_demo: BuiltDemo, db: None
) -> None:
    """The latest period is on the member's plan and open-ended, unless the member left during the
    demo (the disenrollment step ends it on a month end of the demo's calendar)."""
    plan = dict(Member.objects.filter(**DEMO).values_list("member_id", "plan"))
    periods: dict[str, list[tuple[dt.date, dt.date | None, str]]] = {}
    for member, product, ends_on, starts_on in Coverage.objects.filter(member__member_id__startswith="NBH").values_list(
        "member__member_id", "product", "ends_on", "starts_on"
    ):
        periods.setdefault(member, []).append((starts_on, ends_on, product))
    latest = {m: max(p, key=lambda period: period[0]) for m, p in periods.items()}
    earlier = {m: [p for p in ps if p != latest[m]] for m, ps in periods.items()}

    assert {m: period[2] for m, period in latest.items()} == plan
    assert [m for m, ps in earlier.items() for p in ps if p[1] is None or p[1] >= latest[m][0]] == []
    assert sum(bool(ps) for ps in earlier.values()) > 0.05 * len(plan)
    left = {m: period[1] for m, period in latest.items() if period[1] is not None}
    assert 0 < len(left) < 0.15 * len(plan)
    assert all(FIRST_DAY <= end <= LAST_DAY and (end + dt.timedelta(days=1)).day == 1 for end in left.values())


def test_flags_follow_plan_and_language(small_demo: BuiltDemo, db: None) -> None:
    members = Member.objects.filter(**DEMO)

    assert not members.filter(needs_interpreter=True, language="en").exists()
    assert members.filter(needs_interpreter=True).count() > 0.3 * members.exclude(language="en").count()
    assert set(members.filter(dual_eligible=True).values_list("plan", flat=True)) == {
        "medicare_advantage",
        "medicaid_managed_care",
    }
    assert members.filter(uses_tty=True).exists()


def test_consent_most_to_service_a_third_to_texts_few_to_marketing(small_demo: BuiltDemo, db: None) -> None:
    n = small_demo.summary.members
    granted = ConsentDecision.objects.filter(member__member_id__startswith="NBH", granted=True)

    def share(channel: str, purpose: str) -> float:
        return granted.filter(channel=channel, purpose=purpose).values("member").distinct().count() / n

    assert share("phone", "service") > 0.85
    assert 0.5 < share("mail", "service") < 0.7
    assert share("portal", "service") > 0.35
    assert 0.3 <= share("sms", "service") <= 0.45
    assert share("email", "marketing") < 0.1
    assert not granted.filter(channel__in=("sms", "autodialed"), express=False).exists()


def test_changes_made_on_a_call_name_that_call_and_its_representative(small_demo: BuiltDemo, db: None) -> None:
    calls = {
        c: (m, a)
        for c, m, a in fetch(small_demo, "SELECT contact_id, member_id, agent_id FROM contacts WHERE channel = 'phone'")
    }
    from heartline.core.models import Employee

    username = dict(Employee.objects.values_list("code", "user__username"))
    on_calls = list(
        ConsentDecision.objects.filter(member__member_id__startswith="NBH", source="call").values_list(
            "member__member_id", "reference", "recorded_by", "granted"
        )
    )

    assert [r for r in on_calls if calls.get(r[1], (None, None))[0] != r[0] or username[calls[r[1]][1]] != r[2]] == []
    assert any(not granted for *_, granted in on_calls)


def test_the_latest_preference_change_is_the_members_current_preference(small_demo: BuiltDemo, db: None) -> None:
    current = {
        m: (c, lang, tz)
        for m, c, lang, tz in Member.objects.filter(**DEMO).values_list(
            "member_id", "preferred_channel", "language", "time_zone"
        )
    }
    latest: dict[tuple[str, str], str] = {}
    for member, field, new in (
        PreferenceChange.objects.filter(member__member_id__startswith="NBH")
        .order_by("recorded_at", "id")
        .values_list("member__member_id", "field", "new_value")
    ):
        latest[(member, field)] = new
    column = {"preferred_channel": 0, "language": 1, "time_zone": 2}

    assert [k for k, v in latest.items() if k[1] in column and current[k[0]][column[k[1]]] != v] == []
    assert {field for _, field in latest} == {"preferred_channel", "language", "time_zone", "quiet_hours"}


def test_members_who_call_about_billing_do_so_after_their_denial(small_demo: BuiltDemo) -> None:
    late = fetch(
        small_demo,
        """
        WITH denied AS (SELECT member_id, min(source_updated_at) AS at FROM member_claim_lines
                        WHERE denied AND claim_type <> 'pharmacy' GROUP BY 1),
             calls AS (SELECT member_id, max(started_at) AS last FROM contacts
                       WHERE reason IN ('billing', 'claims') GROUP BY 1)
        SELECT d.member_id FROM denied d JOIN calls c USING (member_id) WHERE c.last <= d.at
        """,
    )
    ((linked, callers),) = fetch(
        small_demo,
        """
        WITH first_call AS (SELECT member_id, min(started_at) AS at FROM contacts
                            WHERE reason IN ('billing', 'claims') GROUP BY 1)
        SELECT count(DISTINCT f.member_id) FILTER (WHERE l.denied), count(DISTINCT f.member_id)
        FROM first_call f LEFT JOIN member_claim_lines l ON l.member_id = f.member_id AND l.denied
             AND l.source_updated_at BETWEEN f.at - INTERVAL 7 DAY AND f.at
        """,
    )

    assert late == []
    assert linked > 0.5 * callers


def test_members_who_call_about_pharmacy_do_so_after_a_declined_fill(small_demo: BuiltDemo) -> None:
    late = fetch(
        small_demo,
        """
        WITH denied AS (SELECT member_id, min(source_updated_at) AS at FROM member_claim_lines
                        WHERE denied AND claim_type = 'pharmacy' GROUP BY 1),
             calls AS (SELECT member_id, max(started_at) AS last FROM contacts WHERE reason = 'pharmacy' GROUP BY 1)
        SELECT d.member_id FROM denied d JOIN calls c USING (member_id) WHERE c.last <= d.at
        """,
    )

    assert late == []


def test_diabetic_members_fill_metformin_about_monthly(small_demo: BuiltDemo) -> None:
    without = fetch(
        small_demo,
        """
        SELECT DISTINCT c.member_id FROM member_conditions c WHERE c.code LIKE 'E11%' AND NOT EXISTS (
            SELECT 1 FROM member_medications m WHERE m.member_id = c.member_id AND m.kind = 'dispense'
              AND m.status = 'completed' AND m.medication_code = '861007')
        """,
    )
    ((median_gap, fills),) = fetch(
        small_demo,
        """
        SELECT median(gap), count(*) FROM (
            SELECT on_date - lag(on_date) OVER (PARTITION BY member_id ORDER BY on_date) AS gap
            FROM member_medications WHERE kind = 'dispense' AND status = 'completed'
              AND medication_code = '861007' AND days_supply = 30)
        WHERE gap IS NOT NULL
        """,
    )

    assert without == []
    assert 29 <= median_gap <= 33
    assert fills > 1_000


def test_every_pharmacy_claim_is_a_fill_and_every_hospital_stay_is_billed(small_demo: BuiltDemo) -> None:
    ((fills, pharmacy_claims, stays, institutional),) = fetch(
        small_demo,
        """
        SELECT (SELECT count(*) FROM member_medications WHERE kind = 'dispense'),
               (SELECT count(*) FROM member_claim_lines WHERE claim_type = 'pharmacy'),
               (SELECT count(*) FROM member_encounters WHERE encounter_class = 'IMP'
                  AND started_at < TIMESTAMPTZ '2026-10-01'),
               (SELECT count(DISTINCT claim_id) FROM member_claim_lines WHERE service_code = '0120'
                  AND service_start < DATE '2026-10-01')
        """,
    )

    assert pharmacy_claims == fills
    assert institutional == stays


def test_hypertensive_members_take_lisinopril_or_amlodipine(small_demo: BuiltDemo) -> None:
    without = fetch(
        small_demo,
        """
        SELECT DISTINCT c.member_id FROM member_conditions c WHERE c.code = 'I10' AND NOT EXISTS (
            SELECT 1 FROM member_medications m WHERE m.member_id = c.member_id
              AND m.medication_code IN ('314076', '197361'))
        """,
    )

    assert without == []


def test_the_warehouse_holds_no_names_addresses_or_contact_details(small_demo: BuiltDemo, db: None) -> None:
    personal = set()
    for row in Member.objects.filter(**DEMO).values_list(
        "search_name", "address_line", "phone", "phone_digits", "email"
    ):
        personal.update(v.lower() for v in row if v)
    con = warehouse(small_demo)
    found = set()
    for spec in HISTORY_TABLES:
        text = [f.name for f in spec.schema if str(f.type) == "string"]
        for column in text:
            values = {v.lower() for (v,) in con.execute(f'SELECT DISTINCT "{column}" FROM {spec.name}').fetchall() if v}  # noqa: S608
            found |= values & personal
    names = {f.name for spec in HISTORY_TABLES for f in spec.schema}

    assert found == set()
    assert [n for n in names if re.search(r"given|family|address|phone|email|birth", n)] == []


def test_claims_use_real_denial_codes_with_their_descriptions(small_demo: BuiltDemo) -> None:
    used = set(
        fetch(small_demo, "SELECT DISTINCT denial_reason_code, denial_reason FROM member_claim_lines WHERE denied")
    )

    assert used <= {(d.code, d.description) for d in cc.DENIALS}
    assert {"CO-16", "CO-50", "CO-97", "CO-197", "PR-204"} <= {code for code, _ in used}


@pytest.mark.parametrize("spec", [ENCOUNTERS, CONDITIONS, MEDICATIONS], ids=lambda s: s.name)
def test_history_is_never_before_the_member_was_born(small_demo: BuiltDemo, spec: TableSpec, db: None) -> None:
    birth = dict(Member.objects.filter(**DEMO).values_list("member_id", "birth_date"))
    column = {ENCOUNTERS.name: "started_at::DATE", CONDITIONS.name: "onset_date", MEDICATIONS.name: "on_date"}[
        spec.name
    ]
    rows = fetch(small_demo, f"SELECT member_id, min({column}) FROM {spec.name} GROUP BY 1")  # noqa: S608

    assert [m for m, first in rows if first < birth[m]] == []
