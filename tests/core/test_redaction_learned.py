"""The learned tagger beside the rules (`heartline.core.redaction.learned`): it adds what the rules miss
in forms they were not written for, and leaves what they know is not PHI."""

from __future__ import annotations

import pytest

from heartline.core.redaction import Redactor
from tests.transcripts.redaction_scoring import SERVICE_WORDS


@pytest.mark.parametrize(
    ("text", "rules_alone", "with_the_tagger"),
    [
        # a correction of an identifier's last digits, said after it with no cue of its own
        (
            "Member: ssn is 123-45-6789, no wait, six seven eight zero",
            "Member: ssn is [SSN], no wait, six seven eight zero",
            "Member: ssn is [SSN], no wait, [MEMBER ID]",
        ),
        (
            "Member: phone is 312 555 0198, oh wait, the end is zero one nine seven",
            "Member: phone is [PHONE] wait, the end is zero one nine seven",
            "Member: phone is [PHONE] wait, the end is [MEMBER ID]",
        ),
        (
            "Miembro: mi seguro social es uno dos tres, cuatro cinco, seis siete ocho nueve, "
            "perdón, seis siete ocho cero",
            "Miembro: mi seguro social es [SSN], perdón, seis siete ocho cero",
            "Miembro: mi seguro social es [SSN], perdón, [MEMBER ID]",
        ),
    ],
)
def test_a_correction_said_after_an_identifier_is_redacted_beside_the_rules(
    text: str, rules_alone: str, with_the_tagger: str
) -> None:
    assert Redactor(learned=False).redact(text) == rules_alone
    assert Redactor().redact(text) == with_the_tagger


@pytest.mark.parametrize("language", sorted(SERVICE_WORDS))
def test_service_words_stay_with_the_tagger(language: str) -> None:
    # Drug names, plan words, amounts, times, state names: said among digits and e-mail words, still kept.
    words = SERVICE_WORDS[language]
    text = "Member: " + " and ".join(words) + "; my email is ana dot ruiz at gmail dot com, my phone 415 555 0142."
    redacted = Redactor(names=["Ana Ruiz"]).redact(text)
    assert [w for w in words if w not in redacted] == []


@pytest.mark.parametrize(
    "text",
    [
        "Agent: the reference is four four one oh two. Member: okay. Agent: and then nine eight seven three one",
        "Member: I read it at yahoo news and then went on medicare dot gov",
        "Member: I paid 1250.00 in 2026 and called 1-800-633-4227 at four thirty",
        "Member: is it an H M O? Agent: yes, plan H5521-004",
    ],
)
def test_what_the_rules_leave_the_tagger_leaves(text: str) -> None:
    assert Redactor().redact(text) == text
