"""Contact volume: every contact that started in the period, on every channel and in both directions."""

from __future__ import annotations

from pathlib import Path

from tests.contacts.metric_fixtures import abandoned_call, contact, count_row, run, utc, warehouse_with

EVERY_KIND = [
    contact("phone-in", utc("2026-03-05 10:00")),  # answered inbound call
    contact("chat-in", utc("2026-03-05 11:00"), channel="chat"),
    contact("email-out", utc("2026-03-05 12:00"), channel="email", direction="outbound"),
    abandoned_call("abandoned", utc("2026-03-05 13:00")),  # never answered: still a contact
    contact("sms-anonymous", utc("2026-03-05 14:00"), channel="sms", member_id=None),  # no member: still a contact
    contact("february", utc("2026-02-27 10:00")),  # started before the period → out
]


def test_volume_counts_every_contact_started_in_the_period(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, EVERY_KIND)

    assert run("contact-volume", warehouse) == [count_row(5)]


def test_volume_by_channel(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, EVERY_KIND)

    assert run("contact-volume", warehouse, by=("channel",)) == [
        count_row(1, channel="chat"),
        count_row(1, channel="email"),
        count_row(2, channel="phone"),  # phone-in and the abandoned call
        count_row(1, channel="sms"),
    ]


def test_volume_by_direction(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path, EVERY_KIND)

    assert run("contact-volume", warehouse, by=("direction",)) == [
        count_row(4, direction="inbound"),
        count_row(1, direction="outbound"),
    ]


def test_volume_of_an_empty_warehouse_is_zero(tmp_path: Path) -> None:
    warehouse = warehouse_with(tmp_path)

    assert run("contact-volume", warehouse) == [count_row(0)]
