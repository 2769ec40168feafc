"""`/api/v1/metrics`: the list, and one metric grouped, filtered and limited to the caller's scope.

Figures come from tests.support.contact_facts. Commercial: phone 6, chat 3, email 2 (11); medicare:
phone 4, portal 2, sms 1 (7). The i-th contact of a (unit, channel) starts on 2026-01-05 + 9·i days,
so January holds i = 0, 1, 2 (5th, 14th, 23rd) and February i = 3, 4, 5 (1st, 10th, 19th): 14 contacts
in January (3+3+2 commercial, 3+2+1 medicare) and 4 in February (3 commercial phone, 1 medicare phone).
Every commercial contact was handled by the agent persona, `e-agent`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from heartline.warehouse.writer import BatchResult

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]


@pytest.fixture
def get(client: Client, api_token: TokenFor, contacts: BatchResult) -> Callable[..., Any]:
    """`get(username, path, **params)`: the API response to that persona's personal token."""

    def call(username: str, path: str, params: dict[str, Any] | str = "") -> Any:
        headers = {"Authorization": f"Bearer {api_token(username)}"}
        if isinstance(params, str):
            return client.get(f"{path}{params}", headers=headers)
        return client.get(path, params, headers=headers)

    return call


def volume(n: int, **keys: Any) -> dict[str, Any]:
    """A contact-volume row: a count, so no interval."""
    return {**keys, "value": float(n), "ci_low": None, "ci_high": None, "numerator": None, "denominator": None, "n": n}


def test_the_metric_list_describes_contact_volume(get: Callable[..., Any]) -> None:
    response = get("manager", "/api/v1/metrics")

    assert response.status_code == 200
    entry = next(m for m in response.json() if m["name"] == "contact-volume")
    assert entry["title"] == "Contact volume"
    assert {"unit", "team", "agent", "channel", "day", "week", "month"} <= set(entry["dimensions"])


def test_the_metric_list_says_what_each_metric_estimates(get: Callable[..., Any]) -> None:
    entries = {m["name"]: m for m in get("manager", "/api/v1/metrics").json()}

    assert entries["one-and-done"]["estimate"] == "proportion"
    assert entries["handle-time"]["estimate"] == "mean"
    assert entries["contact-volume"]["estimate"] is None


def test_the_metric_list_describes_each_option(get: Callable[..., Any]) -> None:
    entries = {m["name"]: m for m in get("manager", "/api/v1/metrics").json()}

    window = entries["one-and-done"]["options"][0]
    assert {k: window[k] for k in ("name", "type", "default", "minimum", "maximum", "choices")} == {
        "name": "window_days",
        "type": "int",
        "default": 7,
        "minimum": 1,
        "maximum": 90,
        "choices": [],
    }
    assert entries["contact-volume"]["options"] == []


def test_total_contacts_without_grouping(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume")

    assert response.status_code == 200
    assert response.json() == {"metric": "contact-volume", "rows": [volume(18)]}


def test_a_manager_sees_only_their_unit(get: Callable[..., Any]) -> None:
    response = get("manager", "/api/v1/metrics/contact-volume", {"by": "unit"})

    assert response.status_code == 200
    assert response.json()["rows"] == [volume(7, unit="medicare")]


def test_an_executive_sees_both_units(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"by": "unit"})

    assert response.status_code == 200
    assert response.json()["rows"] == [volume(11, unit="commercial"), volume(7, unit="medicare")]


def test_an_agent_sees_the_contacts_they_handled(get: Callable[..., Any]) -> None:
    response = get("agent", "/api/v1/metrics/contact-volume", {"by": "unit"})

    assert response.json()["rows"] == [volume(11, unit="commercial")]


def test_a_scope_cannot_be_widened_with_a_filter(get: Callable[..., Any]) -> None:
    response = get("manager", "/api/v1/metrics/contact-volume", {"by": "unit", "unit": "commercial,medicare"})

    assert response.json()["rows"] == [volume(7, unit="medicare")]


def test_by_month(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"by": "month"})

    assert response.json()["rows"] == [volume(14, month="2026-01-01"), volume(4, month="2026-02-01")]


def test_by_may_be_repeated_or_comma_separated(get: Callable[..., Any]) -> None:
    repeated = get("manager", "/api/v1/metrics/contact-volume", "?by=unit&by=month")
    comma = get("manager", "/api/v1/metrics/contact-volume", "?by=unit,month")

    expected = [volume(6, unit="medicare", month="2026-01-01"), volume(1, unit="medicare", month="2026-02-01")]
    assert repeated.json()["rows"] == expected
    assert comma.json()["rows"] == expected


def test_from_and_to_limit_the_period(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"by": "unit", "from": "2026-02-01", "to": "2026-02-28"})

    assert response.json()["rows"] == [volume(3, unit="commercial"), volume(1, unit="medicare")]


def test_a_filter_takes_comma_separated_values(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"by": "channel", "channel": "phone,chat"})

    assert response.json()["rows"] == [volume(3, channel="chat"), volume(10, channel="phone")]


def test_a_bad_from_date_is_a_400_saying_what_to_send(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"from": "2026-02-30"})

    assert response.status_code == 400
    assert response.json() == {"detail": "from='2026-02-30' is not a date (use YYYY-MM-DD)"}


def test_a_day_past_the_calendars_range_is_a_400_naming_the_range(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"to": "9999-12-31"})

    assert response.status_code == 400
    assert response.json() == {"detail": "to=9999-12-31 is out of range (1900-01-01 … 9000-12-31)"}


def test_a_threshold_past_its_bound_is_a_400_naming_the_bounds(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/service-level", {"threshold_seconds": "9223372036854775808"})

    assert response.status_code == 400
    assert response.json() == {"detail": "threshold_seconds must be between 0 and 86400, not 9223372036854775808"}


def test_a_period_that_ends_before_it_starts_is_a_400(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"from": "2026-03-01", "to": "2026-02-01"})

    assert response.status_code == 400
    assert response.json() == {"detail": "period starts 2026-03-01 after it ends 2026-02-01"}


def test_an_unknown_metric_is_a_400_naming_it(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/no-such-metric")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("no metric named 'no-such-metric' (known: ")
    assert "contact-volume" in response.json()["detail"]


def test_an_unknown_dimension_is_a_400_naming_the_choices(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"by": "colour"})

    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "has no dimension 'colour'" in detail
    assert "unit" in detail.split("choose from", 1)[1]


def test_an_unknown_parameter_is_a_400(get: Callable[..., Any]) -> None:
    response = get("exec", "/api/v1/metrics/contact-volume", {"colour": "blue"})

    assert response.status_code == 400
    assert response.json()["detail"].startswith("unknown parameter(s) ['colour']")


def test_metrics_need_credentials(client: Client, contacts: BatchResult) -> None:
    assert client.get("/api/v1/metrics/contact-volume").status_code == 401
