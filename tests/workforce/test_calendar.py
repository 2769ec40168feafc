"""The planning calendar: built-in events by the published rules, the planner's events by service."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused, NotAllowed
from heartline.core.models import Role
from heartline.core.scoping import caller_for
from heartline.workforce import services
from heartline.workforce.calendar_events import ACA_OPEN_ENROLLMENT, MEDICARE_AEP, default_events, federal_holidays
from heartline.workforce.selectors import calendar_events
from tests.support.personas import Personas, make_employee

D = dt.date


def test_federal_holidays_2026_as_opm_publishes_them() -> None:
    # OPM's 2026 list: Independence Day (a Saturday) is observed on Friday 3 July.
    assert [day for _, day in federal_holidays(2026)] == [
        D(2026, 1, 1), D(2026, 1, 19), D(2026, 2, 16), D(2026, 5, 25), D(2026, 6, 19), D(2026, 7, 3),
        D(2026, 9, 7), D(2026, 10, 12), D(2026, 11, 11), D(2026, 11, 26), D(2026, 12, 25),
    ]  # fmt: skip


def test_weekend_holidays_move_to_the_nearest_weekday() -> None:
    days = dict(federal_holidays(2027))
    assert days["Juneteenth"] == D(2027, 6, 18)  # Saturday → Friday
    assert days["Independence Day"] == D(2027, 7, 5)  # Sunday → Monday
    assert days["Christmas Day"] == D(2027, 12, 24)  # Saturday → Friday
    assert dict(federal_holidays(2022))["New Year's Day"] == D(2021, 12, 31)  # as OPM observed it


def test_enrollment_periods_every_year() -> None:
    events = {(e.name, e.starts_on.year): e for e in default_events([2025, 2026])}
    aep = events[(MEDICARE_AEP, 2026)]
    assert (aep.starts_on, aep.ends_on, aep.kind) == (D(2026, 10, 15), D(2026, 12, 7), "enrollment_period")
    aca = events[(ACA_OPEN_ENROLLMENT, 2025)]
    assert (aca.starts_on, aca.ends_on) == (D(2025, 11, 1), D(2026, 1, 15))


@pytest.fixture
def planner(personas: Personas) -> Caller:
    return caller_for(make_employee("planner", Role.WORKFORCE_PLANNER, personas.org.division).user)


def test_a_planner_adds_a_mailing_for_one_queue(planner: Caller) -> None:
    services.add_event(
        planner,
        name="ID-card mailing",
        kind="mailing",
        starts_on=D(2026, 1, 5),
        ends_on=D(2026, 1, 9),
        queues=["medicare", " "],
    )
    medicare = [e.name for e in calendar_events(D(2026, 1, 1), D(2026, 1, 31), "medicare")]
    commercial = [e.name for e in calendar_events(D(2026, 1, 1), D(2026, 1, 31), "commercial")]
    assert "ID-card mailing" in medicare
    assert "ID-card mailing" not in commercial
    assert ACA_OPEN_ENROLLMENT in commercial  # the 2025 enrollment runs into January


def test_a_manager_may_not_edit_the_calendar(personas: Personas) -> None:
    caller = caller_for(personas.manager.user)
    with pytest.raises(NotAllowed, match="may not edit the planning calendar"):
        services.add_event(caller, name="x", kind="mailing", starts_on=D(2026, 1, 5), ends_on=D(2026, 1, 5))


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "name is required"),
        ({"kind": "party"}, "kind must be one of"),
        ({"ends_on": D(2026, 1, 1)}, "is before starts_on"),
        ({"starts_on": None}, "starts_on and ends_on are required"),
    ],
)
def test_bad_events_are_refused_naming_the_field(planner: Caller, fields: dict[str, object], message: str) -> None:
    given = {"name": "Mailing", "kind": "mailing", "starts_on": D(2026, 1, 5), "ends_on": D(2026, 1, 9), **fields}
    with pytest.raises(ActionRefused, match=message):
        services.add_event(planner, **given)  # type: ignore[arg-type]


def test_the_api_adds_lists_and_removes_a_planners_event(planner: Caller, client: Client, personas: Personas) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="planner"))
    body = {"name": "ID-card mailing", "kind": "mailing", "starts_on": "2026-01-05", "ends_on": "2026-01-09"}
    created = client.post("/api/v1/workforce/events", data=json.dumps(body), content_type="application/json")
    assert created.status_code == 201, created.content
    listed = client.get("/api/v1/workforce/events", {"from": "2026-01-01", "to": "2026-01-31"}).json()["events"]
    names = [(e["name"], e["built_in"]) for e in listed]
    assert ("ID-card mailing", False) in names
    assert ("Martin Luther King Jr. Day", True) in names
    assert client.delete(f"/api/v1/workforce/events/{created.json()['id']}").status_code == 204
    assert client.delete(f"/api/v1/workforce/events/{created.json()['id']}").status_code == 404


def test_a_calendar_span_beyond_four_years_is_refused(planner: Caller, client: Client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="planner"))
    answer = client.get("/api/v1/workforce/events", {"from": "1900-01-01", "to": "9000-01-01"})
    assert answer.status_code == 400
    assert "at most 1464 days" in answer.json()["detail"]


def test_the_page_lists_built_in_events_and_takes_a_planners_event(planner: Caller, client: Client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="planner"))
    posted = client.post(
        "/workforce/events/add/",
        {"name": "Rate letter", "kind": "mailing", "starts_on": "2026-12-10", "ends_on": "2026-12-11"},
    )
    assert posted.status_code == 302
    page = client.get("/workforce/events/", {"from": "2026-12-01", "to": "2026-12-31"}).content.decode()
    assert "Rate letter" in page
    assert "Christmas Day" in page
    assert MEDICARE_AEP in page
    refused = client.post(
        "/workforce/events/add/", {"name": "Bad", "kind": "mailing", "starts_on": "2026-12-10", "ends_on": "2026-12-01"}
    )
    assert refused.status_code == 400
    assert "is before starts_on" in refused.content.decode()
