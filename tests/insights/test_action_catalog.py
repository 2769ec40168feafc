"""The action catalog: the shipped file loads with the issue's eight actions, each with its messages
in English, Spanish and Chinese; a bad file is refused naming the file, the action and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from heartline.insights.actions.catalog import CHANNELS, PURPOSES, CatalogError, catalog, load_catalog
from heartline.members.models import Channel, Purpose

EIGHT = {
    "explain_denied_claim",
    "offer_mail_order_pharmacy",
    "refill_reminder",
    "annual_wellness_visit",
    "set_up_auto_pay",
    "language_concordant_call_back",
    "care_manager_outreach",
    "detractor_follow_up",
}

GOOD_ACTION = """
[policy]
max_offers_per_week = 3
prior_strength = 10

[[actions]]
code = "explain_denied_claim"
title = "Explain a denied claim"
mode = "in_contact"
channels = ["phone"]
purpose = "service"
value = 8.0
lever = 1.0
prior_accept = 0.5
max_per_week = 2
grievance_cooloff_days = 0
decline_cooloff_days = 7
not_now_days = 1
eligible = [{ fact = "denied_claim", within_days = 30 }]
messages.en = "Hello"
messages.es = "Hola"
messages.zh = "你好"
"""


def test_the_shipped_catalog_holds_the_eight_actions_in_three_languages() -> None:
    loaded = catalog()
    assert {a.code for a in loaded.actions} >= EIGHT
    for action in loaded.actions:
        assert set(action.messages) == {"en", "es", "zh"}
        assert action.value > 0
        assert action.max_per_week >= 1


def test_channels_and_purposes_are_the_members_own() -> None:
    assert set(CHANNELS) == set(Channel.values)
    assert set(PURPOSES) == set(Purpose.values)


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "actions.toml"
    path.write_text(text, encoding="utf-8")
    load_catalog(path)


def test_a_good_file_loads(tmp_path: Path) -> None:
    _load(tmp_path, GOOD_ACTION)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'fact = "denied_claim"',
            'fact = "denied_clam"',
            "actions.toml: action 'explain_denied_claim', field 'eligible[0]': unknown fact 'denied_clam'",
        ),
        (", within_days = 30 }", " }", "field 'eligible[0]': fact 'denied_claim' needs within_days"),
        ('messages.zh = "你好"\n', "", "action 'explain_denied_claim': field 'messages.zh' is missing"),
        ('channels = ["phone"]', 'channels = ["fax"]', "field 'channels': 'fax' is not a channel"),
        ('purpose = "service"', 'purpose = "sales"', "field 'purpose' must be one of service, care, marketing"),
        ("prior_accept = 0.5", "prior_accept = 1.5", "field 'prior_accept' must be between"),
        ("max_per_week = 2", "max_per_week = -1", "field 'max_per_week' must be a whole number"),
        ('mode = "in_contact"', 'mode = "later"', "field 'mode' must be one of in_contact, outreach"),
    ],
)
def test_a_bad_file_is_refused_naming_file_action_and_field(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD_ACTION
    with pytest.raises(CatalogError) as refused:
        _load(tmp_path, GOOD_ACTION.replace(old, new))
    assert message in str(refused.value)


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"^actions\.toml: not valid TOML"):
        _load(tmp_path, "[[actions]\n")


def test_a_code_used_twice_is_refused(tmp_path: Path) -> None:
    twice = GOOD_ACTION + GOOD_ACTION.split("[[actions]]")[1].join(["\n[[actions]]", ""])
    with pytest.raises(CatalogError, match="field 'code' is used twice"):
        _load(tmp_path, twice)
