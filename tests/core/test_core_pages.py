"""Contact volume (the dashboard before each role had a home page), the health check and the chart bundle.

Figures come from tests.support.contact_facts: commercial has 6 phone + 3 chat + 2 email = 11 contacts,
medicare 4 phone + 2 portal + 1 sms = 7.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from heartline.warehouse.store import Warehouse
from heartline.warehouse.writer import BatchResult
from tests.support.personas import Personas

pytestmark = pytest.mark.django_db

ClientAs = Callable[[str], Client]


def total_contacts(html: str) -> str:
    found = re.findall(r'data-testid="total-contacts">([^<]*)<', html)
    assert len(found) == 1, "the dashboard shows no total (or more than one)"
    return found[0]


def by_unit_rows(html: str) -> list[tuple[str, str, str]]:
    table = html.split('data-testid="by-unit"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-key="([^"]*)"><td>([^<]*)</td><td class="num">([^<]*)</td></tr>', table)


def test_the_dashboard_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/"


def test_a_manager_sees_the_total_of_their_unit(client_as: ClientAs, contacts: BatchResult) -> None:
    response = client_as("manager").get("/contacts/volume/")

    assert response.status_code == 200
    assert total_contacts(response.content.decode()) == "7"


def test_the_dashboard_total_is_the_api_total(client_as: ClientAs, contacts: BatchResult) -> None:
    client = client_as("manager")
    api_rows = client.get("/api/v1/metrics/contact-volume").json()["rows"]

    page = client.get("/contacts/volume/").content.decode()

    assert [row["n"] for row in api_rows] == [7]
    assert total_contacts(page) == str(api_rows[0]["n"])


def test_an_executive_sees_both_units_by_name(client_as: ClientAs, contacts: BatchResult) -> None:
    html = client_as("exec").get("/contacts/volume/").content.decode()

    assert total_contacts(html) == "18"
    assert by_unit_rows(html) == [("commercial", "Commercial inbound", "11"), ("medicare", "Medicare", "7")]


def test_with_no_contacts_the_dashboard_says_how_to_load_them(
    client_as: ClientAs, personas: Personas, app_warehouse: Warehouse
) -> None:
    html = client_as("manager").get("/contacts/volume/").content.decode()

    assert 'data-testid="empty-state"' in html
    assert "No contacts yet" in html
    assert "heartline ingest contacts" in html
    assert 'data-testid="total-contacts"' not in html


def test_someone_who_may_see_nothing_is_told_why(
    client: Client, contacts: BatchResult, django_user_model: type
) -> None:
    client.force_login(django_user_model.objects.create_user(username="visitor", password="x"))

    html = client.get("/contacts/volume/").content.decode()

    assert "Nothing to show you yet" in html
    assert 'data-testid="total-contacts"' not in html


def test_the_dashboard_stays_cheap_on_the_database(
    client_as: ClientAs, contacts: BatchResult, django_assert_max_num_queries: Callable[..., object]
) -> None:
    client = client_as("manager")
    # session, user, the caller once per request (employee, assigned units), the unit names, and
    # the session saved again (three statements) so an idle session expires 30 minutes after use.
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        response = client.get("/contacts/volume/")

    assert response.status_code == 200


def test_the_health_check_reports_database_and_warehouse(client: Client, app_warehouse: Warehouse) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "warehouse": "ok"}


def test_the_health_check_reads_a_warehouse_with_contacts(client: Client, contacts: BatchResult) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok", "warehouse": "ok"}


def test_the_chart_bundle_is_served_from_here(client: Client) -> None:
    response = client.get("/vendor/vega-bundle.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert b"vegaEmbed" in response.content


def test_the_health_check_answers_503_naming_a_broken_warehouse(client: Client, app_warehouse: Warehouse) -> None:
    log = app_warehouse.root / "contacts" / "_delta_log"
    log.mkdir(parents=True)
    (log / "00000000000000000000.json").write_text("this is not a Delta log\n")

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    # the cause goes to the server's log, never to an unauthenticated caller
    assert body == {"status": "error", "database": "ok", "warehouse": "error"}
