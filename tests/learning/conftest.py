"""Fixtures of the learning tests: a trainer, a short program, a wave for the commercial unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from tests.quality.conftest import quality_contacts, scorecard  # noqa: F401 - quality's fixtures, used by name

if TYPE_CHECKING:
    from pytest_django.fixtures import SettingsWrapper

    from heartline.core.models import Employee
    from heartline.learning.models import CredentialType, Program, Wave
    from heartline.quality.contracts import AuditScore
    from tests.support.personas import Personas

PROGRAM = "heart-4"
WAVE_START = dt.date(2026, 1, 5)
COURSES = ("course-1", "course-2")


@dataclass(frozen=True)
class Training:
    trainer: Employee
    program: Program
    wave: Wave
    credential_type: CredentialType


@pytest.fixture
def immediate_tasks(settings: SettingsWrapper) -> None:
    """Run queued tasks at once, in the test's process (the worker's job in production)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def training(personas: Personas) -> Training:
    from heartline.core.models import Role
    from heartline.core.scoping import OPERATOR
    from heartline.learning import services
    from tests.support.personas import make_employee

    org = personas.org
    trainer = make_employee("trainer", Role.TRAINER, org.division, scope_units=[org.commercial], first_name="Tara")
    program = services.define_program(
        OPERATOR,
        PROGRAM,
        "HEART in four weeks",
        4,
        [
            services.ComponentPlan("course-1", "Hear the member", "course", 1),
            services.ComponentPlan("course-2", "Empathize", "course", 2),
            services.ComponentPlan("workshop", "Program data workshop", "workshop", 3),
            services.ComponentPlan("listening-1", "Call listening with your coach", "call_listening", 4),
        ],
    )
    wave = services.schedule_wave(OPERATOR, PROGRAM, "commercial", WAVE_START)
    credential_type = services.define_credential_type(
        OPERATOR,
        "call-quality",
        "Call Quality",
        scorecard_code="cqa",
        threshold=85,
        program_code=PROGRAM,
        required_component_codes=COURSES,
    )
    return Training(trainer=trainer, program=program, wave=wave, credential_type=credential_type)


def fake_audits(audits: Sequence[AuditScore]) -> Callable[[Sequence[str] | None, str], list[AuditScore]]:
    """An audit source standing in for quality's scored_audits."""

    def source(agent_codes: Sequence[str] | None, scorecard_code: str) -> list[AuditScore]:
        return [
            a
            for a in audits
            if a.scorecard_code == scorecard_code and (agent_codes is None or a.agent_code in agent_codes)
        ]

    return source
