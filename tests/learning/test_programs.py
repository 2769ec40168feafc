"""Programs, waves, enrollments, completions and the overdue list."""

from __future__ import annotations

import datetime as dt

import pytest

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import selectors, services
from heartline.learning.models import Completion, Enrollment
from tests.learning.conftest import PROGRAM, WAVE_START, Training
from tests.support.personas import Personas


def test_a_wave_enrolls_the_units_representatives_only(training: Training, personas: Personas) -> None:
    enrolled = set(Enrollment.objects.filter(wave=training.wave).values_list("employee__code", flat=True))

    assert enrolled == {"e-agent"}
    assert training.wave.number == 1


def test_scheduling_the_same_wave_again_changes_nothing(training: Training) -> None:
    again = services.schedule_wave(OPERATOR, PROGRAM, "commercial", WAVE_START)

    assert again.pk == training.wave.pk
    assert Enrollment.objects.filter(wave=training.wave).count() == 1


def test_waves_are_numbered_by_start_date(training: Training) -> None:
    earlier = services.schedule_wave(OPERATOR, PROGRAM, "medicare", WAVE_START - dt.timedelta(days=30))
    training.wave.refresh_from_db()

    assert (earlier.number, training.wave.number) == (1, 2)


def test_a_trainer_may_not_deploy_to_a_unit_outside_their_scope(training: Training) -> None:
    trainer = caller_for(training.trainer.user)

    with pytest.raises(services.NotAllowed, match="medicare"):
        services.schedule_wave(trainer, PROGRAM, "medicare", WAVE_START)


def test_components_fall_due_at_the_end_of_their_week(training: Training, personas: Personas) -> None:
    items = {i.component_code: i for i in selectors.plan_items(caller_for(personas.agent.user))}

    assert items["course-1"].due_on == dt.date(2026, 1, 11)
    assert items["listening-1"].due_on == dt.date(2026, 2, 1)


def test_an_agent_may_mark_their_own_course_done_but_not_a_workshop(training: Training, personas: Personas) -> None:
    agent = caller_for(personas.agent.user)

    _, changed = services.record_completion(agent, "e-agent", PROGRAM, "course-1", dt.date(2026, 1, 8))
    with pytest.raises(services.NotAllowed, match="workshop"):
        services.record_completion(agent, "e-agent", PROGRAM, "workshop", dt.date(2026, 1, 8))

    assert changed
    assert Completion.objects.count() == 1


def test_recording_the_same_completion_twice_stores_it_once(training: Training, personas: Personas) -> None:
    coach = caller_for(personas.coach.user)

    services.record_completion(coach, "e-agent", PROGRAM, "workshop", dt.date(2026, 1, 20))
    _, changed = services.record_completion(coach, "e-agent", PROGRAM, "workshop", dt.date(2026, 1, 20))

    assert not changed
    assert Completion.objects.count() == 1


def test_a_manager_of_another_unit_may_not_record_completions(training: Training, personas: Personas) -> None:
    manager = caller_for(personas.manager.user)
    with pytest.raises(services.NotAllowed):
        services.record_completion(manager, "e-agent", PROGRAM, "workshop", dt.date(2026, 1, 20))


def test_the_overdue_list_shows_what_is_late_to_the_coach_only(training: Training, personas: Personas) -> None:
    services.record_completion(OPERATOR, "e-agent", PROGRAM, "course-1", dt.date(2026, 1, 8))
    today = dt.date(2026, 1, 26)  # course-2 (due 18 Jan) and the workshop (due 25 Jan) are late

    coach_view = selectors.overdue_items(caller_for(personas.coach.user), today)
    other_unit_view = selectors.overdue_items(caller_for(personas.manager.user), today)

    assert [(i.component_code, i.days_overdue(today)) for i in coach_view] == [("course-2", 8), ("workshop", 1)]
    assert other_unit_view == []


def test_wave_progress_counts_done_of_due(training: Training, personas: Personas) -> None:
    services.record_completion(OPERATOR, "e-agent", PROGRAM, "course-1", dt.date(2026, 1, 8))

    [progress] = selectors.wave_progress(caller_for(training.trainer.user), dt.date(2026, 1, 26))

    assert (progress.enrolled, progress.due, progress.done_of_due, progress.overdue) == (1, 3, 1, 2)
    assert progress.status == "running"
    assert selectors.wave_progress(caller_for(personas.manager.user), dt.date(2026, 1, 26)) == []
