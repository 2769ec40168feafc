"""The staff names the redactor hides (core.selectors.known_names / phi_redactor)."""

from __future__ import annotations

import pytest

from heartline.core.models import Role
from heartline.core.selectors import known_names, phi_redactor
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db


def test_full_names_and_their_longer_parts_are_known(personas: Personas) -> None:
    make_employee("dw", Role.AGENT, personas.agent.division, first_name="Dana", last_name="Whitfield")
    assert {"Dana Whitfield", "Dana", "Whitfield"} <= set(known_names())


def test_a_first_name_that_is_an_everyday_word_is_hidden_only_with_the_surname(personas: Personas) -> None:
    make_employee("wb", Role.AGENT, personas.agent.division, first_name="Will", last_name="Okafor")
    redactor = phi_redactor()
    assert redactor.redact("Will Okafor said he will call back") == "[NAME] said he will call back"
