"""The PHI redactor: known names and the patterns of member IDs, SSNs, phones, e-mails, dates, addresses."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor, redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My member ID is NBH000012345.", "My member ID is [MEMBER ID]."),
        ("Member ID: ABC12345 please", "Member ID: [MEMBER ID] please"),
        ("SSN 123-45-6789 on file", "SSN [SSN] on file"),
        ("Call me at (555) 201-3344 or 555.201.3344", "Call me at [PHONE] or [PHONE]"),
        ("write to maria.lopez@example.org", "write to [EMAIL]"),
        ("DOB 03/14/1962", "DOB [DATE]"),
        ("born March 3, 1950", "born [DATE]"),
        ("Nací el 3 de marzo de 1950", "Nací el [DATE]"),
        ("生日1960年5月1日", "生日[DATE]"),
        ("电话13812345678", "电话[PHONE]"),
        # No space between Chinese and an ID: Unicode `\b` sees no boundary there, ASCII does.
        ("我还没有收到会员卡，会员号NBH000012345。", "我还没有收到会员卡，会员号[MEMBER ID]。"),
        ("社保号123-45-6789", "社保号[SSN]"),
        ("请打电话555-201-3344", "请打电话[PHONE]"),
        ("I live at 123 Main Street in town", "I live at [ADDRESS] in town"),
        ("Vivo en Calle Luna 45", "Vivo en [ADDRESS]"),
    ],
)
def test_patterns_are_redacted(text: str, expected: str) -> None:
    assert redact(text) == expected


def test_known_names_are_redacted_as_whole_words_in_any_case() -> None:
    redactor = Redactor(["Maria Lopez", "Lopez"])
    assert (
        redactor.redact("maria lopez said Lopez helped; Lopezville is a town")
        == "[NAME] said [NAME] helped; Lopezville is a town"
    )


def test_chinese_names_are_redacted_where_they_appear() -> None:
    assert Redactor(["王芳"]).redact("王芳说她等了很久") == "[NAME]说她等了很久"


def test_text_without_phi_is_unchanged() -> None:
    assert redact("I waited 45 minutes on hold at 2 pm.") == "I waited 45 minutes on hold at 2 pm."
