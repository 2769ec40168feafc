"""The One and Done pages: the dashboard, the contacts behind a figure, and one contact.

The plan below is March 2026; every contact is an answered inbound phone call (answered 20 s after it
started, ended 5 minutes after) unless its line says otherwise. Unit `medicare` is the manager's;
`commercial` is the agent's and the coach's. Medicare's representatives are Rosa Diaz (`e-rosa`, team
`medicare-a`, "Medicare team A") and Omar Haddad (`e-omar`, team `medicare-b`, "Medicare team B").

    id  unit        agent   member reason      started        what happens to it
    m1  medicare    e-rosa  M-1    claims      02 Mar 09:00   nothing after it                 → one and done
    m2  medicare    e-rosa  M-2    billing     03 Mar 09:00   route q-medicare>q-pharmacy      → handed off
                                                              (1 consult, case CASE-7)
    m3  medicare    e-omar  M-3    claims      04 Mar 09:00   c1 (commercial) 47 h 55 min after
                                                              it ended                         → repeated
    m4  medicare    e-omar  M-4    billing     05 Mar 09:00   nothing after it                 → one and done
    m5  medicare    e-rosa  M-5    benefits    20 Mar 09:00   1 consult (not a handoff)        → one and done
    m6  medicare    e-rosa  M-2    billing     04 Mar 15:00   outbound: not counted, no repeat of m2
    m7  medicare    e-rosa  M-2    billing     15 Mar 15:00   outbound: not counted
    c1  commercial  e-agent M-3    claims      06 Mar 09:00                                    → one and done
    c2  commercial  e-agent M-6    billing     10 Mar 09:00                                    → one and done
    c3  commercial  e-agent M-7    claims      11 Mar 09:00   route q-commercial>q-medicare    → handed off
    c4  commercial  e-bo    M-8    benefits    12 Mar 09:00                                    → one and done
    c5  commercial  e-bo    M-2    enrollment  05 Mar 12:00                                    → one and done

So the manager's figure is 3 of 5 (m1, m4, m5), the coach's 4 of 5 (c1, c2, c4, c5) and the agent's
2 of 3 (c1, c2 of c1–c3). The 95% Wilson interval of 3/5: centre 0.6 + 1.96²/10 = 0.98416, spread
1.96·√(0.24/5 + 1.96²/100) = 0.57617, over 1 + 1.96²/5 = 1.76832 → 0.231–0.882,
shown as 23.1–88.2%.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pyarrow as pa
import pytest
from django.test import Client

from heartline.contacts.tables import CASES, CONTACTS
from heartline.core.models import AccessLogEntry, Role
from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import write_batch
from tests.contacts.metric_fixtures import case, contact, utc
from tests.support.pages import error_message
from tests.support.personas import Personas, make_employee, make_team

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]
DASHBOARD = "/contacts/one-and-done/"
LIST = "/contacts/list/"


Row = dict[str, Any]


def medicare(contact_id: str, started: str, agent: str, team: str, member: str, reason: str, **fields: Any) -> Row:
    fields.setdefault("route", "q-medicare")
    row = contact(contact_id, utc(started), unit="medicare", agent_id=agent, member_id=member, reason=reason, **fields)
    return {**row, "team": team}


def commercial(contact_id: str, started: str, agent: str, member: str, reason: str, route: str = "q-commercial") -> Row:
    row = contact(
        contact_id, utc(started), unit="commercial", agent_id=agent, member_id=member, reason=reason, route=route
    )
    return {**row, "team": "commercial-a"}


A, B = "medicare-a", "medicare-b"
PLAN: list[Row] = [
    medicare("m1", "2026-03-02 09:00:00", "e-rosa", A, "M-1", "claims"),
    {
        **medicare(
            "m2", "2026-03-03 09:00:00", "e-rosa", A, "M-2", "billing", route="q-medicare>q-pharmacy", consult_count=1
        ),
        "case_id": "CASE-7",
    },
    medicare("m3", "2026-03-04 09:00:00", "e-omar", B, "M-3", "claims"),
    medicare("m4", "2026-03-05 09:00:00", "e-omar", B, "M-4", "billing"),
    medicare("m5", "2026-03-20 09:00:00", "e-rosa", A, "M-5", "benefits", consult_count=1),
    medicare("m6", "2026-03-04 15:00:00", "e-rosa", A, "M-2", "billing", direction="outbound"),
    medicare("m7", "2026-03-15 15:00:00", "e-rosa", A, "M-2", "billing", direction="outbound"),
    commercial("c1", "2026-03-06 09:00:00", "e-agent", "M-3", "claims"),
    commercial("c2", "2026-03-10 09:00:00", "e-agent", "M-6", "billing"),
    commercial("c3", "2026-03-11 09:00:00", "e-agent", "M-7", "claims", route="q-commercial>q-medicare"),
    commercial("c4", "2026-03-12 09:00:00", "e-bo", "M-8", "benefits"),
    commercial("c5", "2026-03-05 12:00:00", "e-bo", "M-2", "enrollment"),
]


def write(warehouse: Warehouse, contacts: list[Row], cases: list[Row] | None = None) -> None:
    write_batch(warehouse, CONTACTS, pa.Table.from_pylist(contacts, schema=CONTACTS.schema), source="tests")
    if cases:
        write_batch(warehouse, CASES, pa.Table.from_pylist(cases, schema=CASES.schema), source="tests")


@pytest.fixture
def plan(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    """PLAN and case CASE-7 in the app's warehouse; Rosa, Omar and team B in the organization."""
    org = personas.org
    team_b = make_team(org.medicare, B, "Medicare team B")
    for username, code, team, first, last in (
        ("rosa", "e-rosa", org.medicare_team, "Rosa", "Diaz"),
        ("omar", "e-omar", team_b, "Omar", "Haddad"),
    ):
        make_employee(
            username,
            Role.AGENT,
            org.division,
            code=code,
            unit=org.medicare,
            team=team,
            first_name=first,
            last_name=last,
        )
    case_7 = {**case("CASE-7", utc("2026-03-03 09:10:00"), None, unit="medicare"), "member_id": "M-2"}
    write(app_warehouse, PLAN, [case_7])
    return app_warehouse


# -- reading the pages ----------------------------------------------------------------------------


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


def figure(html: str) -> tuple[str, str]:
    """The overall figure: (the percentage, the line under it with its counts and interval)."""
    kpi = html.split('data-testid="fcr-overall"', 1)[1].split("</a>", 1)[0]
    big = re.search(r'<span class="big">([^<]*)</span>', kpi)
    n = re.search(r'<span class="n">(.*?)</span>', kpi, re.S)
    assert big, "the page shows no one-and-done figure"
    assert n, "the figure says nothing of its counts"
    return big[1], text(n[1])


def table(html: str, test_id: str) -> list[tuple[str, ...]]:
    """The text of each body row's cells of the table with data-testid `test_id`."""
    body = html.split(f'data-testid="{test_id}"', 1)[1].split("</table>", 1)[0].split("<tbody>", 1)[1]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [tuple(text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)) for row in rows]


class _FormReader(HTMLParser):
    """What the filter form submits, as a browser would: inputs' values, selects' chosen options."""

    def __init__(self) -> None:
        super().__init__()
        self.submitted: dict[str, list[str]] = {}
        self._select: tuple[str, bool] | None = None  # (name, multiple)
        self._options: list[tuple[str, bool]] = []  # (value, selected)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "input" and a.get("name"):
            self.submitted.setdefault(str(a["name"]), []).append(a.get("value") or "")
        elif tag == "select":
            self._select, self._options = (str(a.get("name")), "multiple" in a), []
        elif tag == "option" and self._select:
            self._options.append((a.get("value") or "", "selected" in a))

    def handle_endtag(self, tag: str) -> None:
        if tag != "select" or self._select is None:
            return
        name, multiple = self._select
        chosen = [value for value, selected in self._options if selected]
        if not chosen and not multiple and self._options:
            chosen = [self._options[0][0]]  # a single select with nothing selected sends its first option
        self.submitted.setdefault(name, []).extend(chosen)
        self._select = None


def form_values(html: str) -> dict[str, str]:
    """Field → the value(s) pressing Apply sends (comma-joined when a field sends several)."""
    form = html.split('<form method="get" class="filters', 1)[1].split("</form>", 1)[0]
    reader = _FormReader()
    reader.feed("<form " + form)
    return {name: ",".join(v for v in values if v) for name, values in reader.submitted.items()}


def empty_form(**chosen: str) -> dict[str, str]:
    blank = {"from": "", "to": "", "unit": "", "reason": "", "channel": "", "window_days": "7", "view": "unit"}
    return {**blank, **chosen}


def list_total(html: str) -> str:
    found = re.search(r'data-testid="list-total">(.*?)</p>', html, re.S)
    assert found, "the list shows no total"
    return text(found[1])


# -- the dashboard --------------------------------------------------------------------------------


def test_a_manager_sees_their_units_figure_with_its_counts_and_interval(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD).content.decode()

    assert figure(html) == ("60.0%", "3 of 5 contacts · 95% CI 23.1–88.2%")


def test_a_repeat_in_another_unit_leaves_the_contact_unresolved(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD).content.decode()

    # claims: m1 resolved; m3 repeated by c1 in commercial, a unit the manager cannot see.
    # Wilson 1/2: (1.4604 ∓ 1.18430) / 2.9208 → 0.09–0.91
    assert ("claims", "50.0% (9.5–90.5)", "2") in table(html, "by-reason")


def test_a_reason_in_the_url_narrows_the_figure_and_stays_chosen(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"reason": "billing"}).content.decode()

    # billing: m2 handed off, m4 resolved; Wilson 1/2 → 0.095–0.905
    assert figure(html) == ("50.0%", "1 of 2 contacts · 95% CI 9.5–90.5%")
    assert form_values(html) == empty_form(reason="billing")


def test_a_period_in_the_url_narrows_the_figure_and_stays_chosen(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"from": "2026-03-03", "to": "2026-03-05"}).content.decode()

    # m2 handed off, m3 repeated (by c1 on 6 March, after the period: a repeat still counts), m4 resolved.
    # Wilson 1/3: (0.97360 ∓ 0.83337) / 2.28053 → 0.061–0.792
    assert figure(html) == ("33.3%", "1 of 3 contacts · 95% CI 6.1–79.2%")
    assert form_values(html) == empty_form(**{"from": "2026-03-03", "to": "2026-03-05"})


def test_a_shorter_repeat_window_in_the_url_changes_the_figure(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"window_days": "1"}).content.decode()

    # c1 started 47 h 55 min after m3 ended: outside a 1-day window, so m3 is resolved too.
    # Wilson 4/5: (1.18416 ∓ 0.52011) / 1.76832 → 0.376–0.964
    assert figure(html) == ("80.0%", "4 of 5 contacts · 95% CI 37.6–96.4%")
    assert form_values(html) == empty_form(window_days="1")
    assert "within 1 days, on any channel" in text(html)


def test_rows_by_team_carry_the_team_names(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"view": "team"}).content.decode()

    # team B: m3 repeated, m4 resolved (1/2); team A: m1, m5 resolved, m2 handed off (2/3); lowest first.
    # Wilson 2/3: (1.30693 ∓ 0.83337) / 2.28053 → 0.21–0.94
    assert table(html, "by-group") == [
        ("Medicare team B", "50.0% (9.5–90.5)", "2"),
        ("Medicare team A", "66.7% (20.8–93.9)", "3"),
    ]
    assert form_values(html)["view"] == "team"


def test_rows_by_representative_carry_their_full_names(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"view": "agent"}).content.decode()

    assert table(html, "by-group") == [
        ("Omar Haddad", "50.0% (9.5–90.5)", "2"),
        ("Rosa Diaz", "66.7% (20.8–93.9)", "3"),
    ]


def test_a_group_row_links_to_its_contacts(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"view": "team", "reason": "claims"}).content.decode()

    assert '<a href="/contacts/list/?reason=claims&amp;team=medicare-b">Medicare team B</a>' in html


def test_a_coach_counts_the_contacts_of_their_unit(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("coach").get(DASHBOARD).content.decode()

    # c1, c2, c4, c5 resolved, c3 handed off. Wilson 4/5 → 0.376–0.964
    assert figure(html) == ("80.0%", "4 of 5 contacts · 95% CI 37.6–96.4%")


def test_an_agent_counts_only_the_contacts_they_handled(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("agent").get(DASHBOARD).content.decode()

    # c1, c2 resolved, c3 handed off; e-bo's c4 and c5 are not theirs.
    assert figure(html) == ("66.7%", "2 of 3 contacts · 95% CI 20.8–93.9%")
    assert table(html, "by-group") == [("Commercial inbound", "66.7% (20.8–93.9)", "3")]


def test_a_date_that_is_not_a_date_is_refused_with_the_reason(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get(DASHBOARD, {"from": "2026-02-30"})

    assert response.status_code == 400
    assert error_message(response) == "from='2026-02-30' is not a date (use YYYY-MM-DD)"


@pytest.mark.parametrize("path", [DASHBOARD, LIST])
def test_a_day_past_the_calendars_range_is_refused_naming_the_range(
    client_as: ClientAs, plan: Warehouse, path: str
) -> None:
    response = client_as("manager").get(path, {"to": "9999-12-31"})

    assert response.status_code == 400
    assert error_message(response) == "to=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"


def test_an_unknown_view_is_refused_naming_the_views(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get(DASHBOARD, {"view": "queue"})

    assert response.status_code == 400
    assert error_message(response) == "view must be one of unit, team, agent"


def test_a_repeat_window_out_of_range_is_refused(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get(DASHBOARD, {"window_days": "91"})

    assert response.status_code == 400
    assert error_message(response) == "window_days must be between 1 and 90, not 91"


def test_a_repeat_window_that_is_not_a_number_is_refused(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get(DASHBOARD, {"window_days": "a week"})

    assert response.status_code == 400
    assert error_message(response) == "window_days='a week' is not a whole number of days"


def test_when_nothing_matches_the_page_says_so(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get(DASHBOARD, {"reason": "pharmacy"})

    assert response.status_code == 200
    assert "No answered inbound contacts here" in text(response.content.decode())
    assert 'data-testid="fcr-overall"' not in response.content.decode()


def test_a_filter_without_its_own_field_is_kept_by_the_form(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"team": B}).content.decode()

    assert figure(html)[1].startswith("1 of 2 contacts")  # the filter is applied: m3, m4
    assert form_values(html) == empty_form(team=B)


def test_several_reasons_in_the_url_stay_chosen(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(DASHBOARD, {"reason": "billing,claims"}).content.decode()

    assert figure(html)[1].startswith("2 of 4 contacts")  # applied: m1, m4 resolved of m1–m4
    assert form_values(html)["reason"] == "billing,claims"


@pytest.mark.parametrize(("view", "queries"), [("unit", 8), ("team", 9), ("agent", 9)])
def test_the_dashboard_stays_cheap_on_the_database(
    client_as: ClientAs, plan: Warehouse, django_assert_max_num_queries: Callable[..., Any], view: str, queries: int
) -> None:
    client = client_as("manager")

    # session, user; the caller (employee, assigned units) for the view and again for the navigation;
    # the unit names; and for rows by team or representative, their names.
    with django_assert_max_num_queries(queries):
        response = client.get(DASHBOARD, {"view": view})

    assert response.status_code == 200


# -- the contacts behind a figure -----------------------------------------------------------------


def test_the_list_total_is_the_figures_denominator(client_as: ClientAs, plan: Warehouse) -> None:
    client = client_as("manager")

    dashboard = client.get(DASHBOARD, {"reason": "billing"}).content.decode()
    listed = client.get(LIST, {"reason": "billing"}).content.decode()

    assert figure(dashboard)[1].startswith("1 of 2 contacts")
    assert list_total(listed) == (
        "2 answered inbound contacts with a member where reason = billing. Showing 1–2, newest first."
    )


def test_contacts_with_no_reason_can_be_drilled_into(client_as: ClientAs, plan: Warehouse) -> None:
    write(plan, [medicare("m8", "2026-03-06 09:00:00", "e-omar", B, "M-9", None)])  # type: ignore[arg-type]
    client = client_as("manager")

    dashboard = client.get(DASHBOARD).content.decode()
    assert '<a href="/contacts/list/?reason=%28none%29">' in dashboard
    listed = client.get(LIST, {"reason": "(none)"}).content.decode()

    assert [row[1] for row in table(listed, "contacts")] == ["m8"]


def test_each_listed_contact_carries_its_outcome(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get(LIST).content.decode()

    assert [(row[1], row[-1]) for row in table(html, "contacts")] == [
        ("m5", "one and done"),
        ("m4", "one and done"),
        ("m3", "repeated"),
        ("m2", "handed off"),
        ("m1", "one and done"),
    ]


@pytest.fixture
def many(app_warehouse: Warehouse, personas: Personas) -> Warehouse:
    """120 medicare contacts p000–p119, ten minutes apart from 1 March, each from a member of its own."""
    start = utc("2026-03-01 00:00:00")
    rows = [
        contact(f"p{i:03d}", start + dt.timedelta(minutes=10 * i), member_id=f"M-{i}", unit="medicare")
        for i in range(120)
    ]
    write(app_warehouse, rows)
    return app_warehouse


def test_the_second_page_shows_rows_51_to_100(client_as: ClientAs, many: Warehouse) -> None:
    html = client_as("manager").get(LIST, {"page": "2"}).content.decode()

    # newest first: row 1 is p119, row 51 is p069, row 100 is p020
    assert [row[1] for row in table(html, "contacts")] == [f"p{i:03d}" for i in range(69, 19, -1)]
    assert list_total(html) == "120 answered inbound contacts with a member. Showing 51–100, newest first."
    assert '<a href="?page=1">← Newer</a>' in html
    assert '<a href="?page=3" data-testid="older">Older →</a>' in html


def test_a_contact_loaded_after_a_view_shows_in_the_next_view(client_as: ClientAs, many: Warehouse) -> None:
    manager = client_as("manager")
    manager.get(LIST)  # computed, and kept until the warehouse changes
    write(many, [contact("p120", utc("2026-03-01 20:00:00"), member_id="M-120", unit="medicare")])

    html = manager.get(LIST).content.decode()

    assert [row[1] for row in table(html, "contacts")][:2] == ["p120", "p119"]
    assert list_total(html) == "121 answered inbound contacts with a member. Showing 1–50, newest first."


def test_a_page_past_the_end_shows_the_last_page(client_as: ClientAs, many: Warehouse) -> None:
    html = client_as("manager").get(LIST, {"page": "9"}).content.decode()

    # 120 rows make three pages: rows 101-120 are p019 back to p000
    assert [row[1] for row in table(html, "contacts")] == [f"p{i:03d}" for i in range(19, -1, -1)]
    assert list_total(html) == "120 answered inbound contacts with a member. Showing 101–120, newest first."


def test_reading_the_list_is_written_to_the_access_log(
    client_as: ClientAs, plan: Warehouse, personas: Personas
) -> None:
    client_as("manager").get(LIST, {"reason": "billing"})

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.resource, entry.channel) == (
        personas.manager.user,
        "contacts.list",
        "warehouse:contacts",
        "web",
    )
    assert entry.detail == {"filters": {"reason": "billing"}, "shown": 2}


# -- one contact ----------------------------------------------------------------------------------


def test_a_contact_shows_its_route_handoffs_and_consults(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get("/contacts/c/m2/").content.decode()

    route = html.split('data-testid="route">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<li>([^<]*)</li>", route) == ["q-medicare", "q-pharmacy"]
    assert "1 handoff · 1 consult" in text(html)


def test_a_contact_shows_its_case(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get("/contacts/c/m2/").content.decode()

    case = html.split("<h2>Case</h2>", 1)[1].split("</section>", 1)[0]
    assert re.findall(r"<dt>([^<]*)</dt><dd>([^<]*)</dd>", case) == [
        ("Case", "CASE-7 (grievance, standard)"),
        ("Opened", "2026-03-03 04:10 EST"),  # 09:10 UTC, in the viewer's (here the organization's) zone
        ("Closed", "open"),
        ("Status", "open"),
    ]


def test_an_agent_sees_the_case_of_a_contact_they_handled(
    client_as: ClientAs, app_warehouse: Warehouse, personas: Personas
) -> None:
    handled = {**commercial("a1", "2026-03-06 09:00:00", "e-agent", "M-3", "claims"), "case_id": "CASE-9"}
    write(app_warehouse, [handled], [case("CASE-9", utc("2026-03-06 09:10:00"), None)])

    html = text(client_as("agent").get("/contacts/c/a1/").content.decode())

    assert "No case linked." not in html
    assert "CASE-9" in html


def test_a_contact_lists_the_members_other_visible_contacts_that_week(client_as: ClientAs, plan: Warehouse) -> None:
    html = client_as("manager").get("/contacts/c/m2/").content.decode()

    # M-2: m6 a day later; not c5 (commercial, not the manager's), not m7 (12 days later), not m2 itself;
    # the unit by its name
    assert table(html, "member-week") == [
        ("2026-03-04 10:00 EST", "m6", "phone", "billing", "Medicare", "q-medicare"),
    ]


def test_a_viewer_sees_times_in_their_browsers_time_zone_labelled(client_as: ClientAs, plan: Warehouse) -> None:
    client = client_as("manager")
    client.cookies["heartline_tz"] = "Asia/Tokyo"

    html = client.get("/contacts/c/m2/").content.decode()

    # m6 started 2026-03-04 15:00 UTC: midnight in Tokyo.
    assert table(html, "member-week")[0][0] == "2026-03-05 00:00 JST"


def test_an_unknown_time_zone_cookie_falls_back_to_the_organizations(client_as: ClientAs, plan: Warehouse) -> None:
    client = client_as("manager")
    client.cookies["heartline_tz"] = "Mars/Olympus"

    html = client.get("/contacts/c/m2/").content.decode()

    assert table(html, "member-week")[0][0] == "2026-03-04 10:00 EST"


def test_a_contact_outside_the_callers_units_is_not_found(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("manager").get("/contacts/c/c1/")

    assert response.status_code == 404


def test_an_agent_cannot_open_a_colleagues_contact(client_as: ClientAs, plan: Warehouse) -> None:
    response = client_as("agent").get("/contacts/c/c4/")  # commercial, but handled by e-bo

    assert response.status_code == 404


def test_opening_a_contact_is_written_to_the_access_log(
    client_as: ClientAs, plan: Warehouse, personas: Personas
) -> None:
    client_as("manager").get("/contacts/c/m2/")

    entry = AccessLogEntry.objects.get()
    assert (entry.user, entry.action, entry.resource, entry.detail) == (
        personas.manager.user,
        "contacts.view",
        "contact:m2",
        {"member_id": "M-2"},
    )


@pytest.mark.parametrize("path", [DASHBOARD, LIST, "/contacts/c/m2/"])
def test_anonymous_visitors_are_sent_to_sign_in(client: Client, plan: Warehouse, path: str) -> None:
    response = client.get(path)

    assert (response.status_code, response["Location"]) == (302, f"/login/?next={path}")


def test_a_contact_names_its_unit_team_and_representative(client_as: ClientAs, plan: Warehouse) -> None:
    page = text(client_as("manager").get("/contacts/c/m2/").content.decode())
    listed = client_as("manager").get("/contacts/list/").content.decode()

    assert "Medicare / " in page
    assert "Medicare / Medicare team A / Rosa Diaz e-rosa" in page  # names first, the code beside
    assert "<td>Medicare</td>" in listed
    assert "<td>medicare</td>" not in listed
