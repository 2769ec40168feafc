"""Completions in and out as CSV: clear errors naming file, row and field; nothing stored twice."""

from __future__ import annotations

import csv
import datetime as dt
import io

from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import services
from heartline.learning.models import Completion, Component
from tests.learning.conftest import PROGRAM, Training
from tests.support.personas import Personas, make_employee

TODAY = dt.date(2026, 3, 1)
GOOD = """employee_code,program,component,completed_on
e-agent,heart-4,course-1,2026-01-08
e-agent,heart-4,course-2,2026-01-15
"""


def test_a_good_file_loads_and_loading_it_again_changes_nothing(training: Training) -> None:
    first = services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)
    second = services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)

    assert first.accepted
    assert (first.created, first.unchanged) == (2, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert Completion.objects.count() == 2
    assert set(Completion.objects.values_list("source", flat=True)) == {"csv:lms.csv"}


def test_a_changed_day_updates_the_completion(training: Training) -> None:
    services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)

    report = services.import_completions(OPERATOR, GOOD.replace("2026-01-15", "2026-01-16"), "lms2.csv", today=TODAY)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert Completion.objects.get(component__code="course-2").completed_on == dt.date(2026, 1, 16)


def test_a_file_with_bad_rows_is_refused_whole_naming_file_row_and_field(training: Training) -> None:
    bad = (
        GOOD
        + "e-nobody,heart-4,course-1,2026-01-08\n"
        + "e-agent,heart-4,course-9,2026-01-08\n"
        + "e-agent,heart-4,workshop,08/01/2026\n"
        + "e-agent,heart-9,course-1,2026-01-08\n"
        + "e-agent,heart-4,workshop,2027-01-01\n"
        + "e-agent,heart-4,course-1,\n"
    )

    report = services.import_completions(OPERATOR, bad, "lms.csv", today=TODAY)

    assert not report.accepted
    assert report.problems == [
        "lms.csv: row 4, field employee_code: 'e-nobody' is not enrolled in 'heart-4'",
        "lms.csv: row 5, field component: no component 'course-9' in program 'heart-4'",
        "lms.csv: row 6, field completed_on: '08/01/2026' is not a date (YYYY-MM-DD)",
        "lms.csv: row 7, field program: no program 'heart-9'",
        "lms.csv: row 8, field component: repeats row 6 (one completion per person and component)",
        "lms.csv: row 8, field completed_on: 2027-01-01 is in the future",
        "lms.csv: row 9, field component: repeats row 2 (one completion per person and component)",
        "lms.csv: row 9, field completed_on: is empty",
    ]
    assert Completion.objects.count() == 0


def test_every_problem_of_a_row_is_named(training: Training) -> None:
    bad = GOOD + "e-nobody,heart-4,course-9,08/01/2026\n" + "e-agent,heart-9,,2027-01-01\n"

    report = services.import_completions(OPERATOR, bad, "lms.csv", today=TODAY)

    assert report.problems == [
        "lms.csv: row 4, field employee_code: 'e-nobody' is not enrolled in 'heart-4'",
        "lms.csv: row 4, field component: no component 'course-9' in program 'heart-4'",
        "lms.csv: row 4, field completed_on: '08/01/2026' is not a date (YYYY-MM-DD)",
        "lms.csv: row 5, field program: no program 'heart-9'",
        "lms.csv: row 5, field component: is empty",
        "lms.csv: row 5, field completed_on: 2027-01-01 is in the future",
    ]


def test_every_bad_row_of_a_long_file_is_named(training: Training) -> None:
    bad = GOOD + "".join(f"e-agent,heart-4,course-{n},2026-01-08\n" for n in range(10, 260))

    report = services.import_completions(OPERATOR, bad, "lms.csv", today=TODAY)

    assert len(report.problems) == 250


def test_a_refused_file_counts_its_bad_rows_as_rejected_and_nothing_stored(training: Training) -> None:
    bad = GOOD + "e-nobody,heart-4,course-1,2026-01-08\n" + "e-agent,heart-4,course-1,\n"

    report = services.import_completions(OPERATOR, bad, "lms.csv", today=TODAY)

    assert (report.accepted, report.counts()) == (
        False,
        {"rows": 4, "created": 0, "updated": 0, "unchanged": 0, "rejected": 2},
    )


def test_a_file_refused_for_its_header_counts_every_row_as_rejected(training: Training) -> None:
    text = "employee_code,program,component\ne-agent,heart-4,course-1\ne-agent,heart-4,course-2\n"

    report = services.import_completions(OPERATOR, text, "lms.csv", today=TODAY)

    assert report.counts() == {"rows": 2, "created": 0, "updated": 0, "unchanged": 0, "rejected": 2}


def test_a_missing_column_is_named(training: Training) -> None:
    report = services.import_completions(OPERATOR, "employee_code,program,component\n", "lms.csv", today=TODAY)

    assert report.problems == [
        "lms.csv: row 1 (header): missing column(s) completed_on; need employee_code, program, component, completed_on"
    ]


def test_the_same_row_twice_in_one_file_is_refused(training: Training) -> None:
    twice = GOOD + "e-agent,heart-4,course-1,2026-01-09\n"

    report = services.import_completions(OPERATOR, twice, "lms.csv", today=TODAY)

    assert report.problems == [
        "lms.csv: row 4, field component: repeats row 2 (one completion per person and component)"
    ]


def test_another_units_manager_may_not_load_completions_for_these_people(
    training: Training, personas: Personas
) -> None:
    report = services.import_completions(caller_for(personas.manager.user), GOOD, "lms.csv", today=TODAY)

    assert not report.accepted
    assert report.problems[0].startswith("lms.csv: row 2, field employee_code: manager may not record")


def test_an_export_loads_back_unchanged(training: Training, personas: Personas) -> None:
    services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)

    exported = services.export_completions(caller_for(personas.coach.user))
    report = services.import_completions(OPERATOR, exported, "export.csv", today=TODAY)

    assert exported.splitlines()[1].startswith("e-agent,heart-4,course-1,2026-01-08,Ana,Hear the member,2026-01-11")
    assert (report.rows, report.unchanged) == (2, 2)


def test_an_export_writes_a_title_that_looks_like_a_formula_as_text(training: Training, personas: Personas) -> None:
    services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)
    Component.objects.filter(code="course-1").update(title='=HYPERLINK("http://x.test","Hear")')

    exported = services.export_completions(caller_for(personas.coach.user))

    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["component_title"] for r in rows] == ['\'=HYPERLINK("http://x.test","Hear")', "Empathize"]


def test_an_agent_exports_only_their_own_completions(training: Training, personas: Personas) -> None:
    org = personas.org
    make_employee("bo", "agent", org.division, code="e-bo", unit=org.commercial, team=org.commercial_team)  # type: ignore[arg-type]
    services.schedule_wave(OPERATOR, PROGRAM, "commercial", training.wave.starts_on)  # enrolls the newcomer
    services.import_completions(OPERATOR, GOOD + "e-bo,heart-4,course-1,2026-01-09\n", "lms.csv", today=TODAY)

    mine = services.export_completions(caller_for(personas.agent.user)).splitlines()[1:]
    coachs = services.export_completions(caller_for(personas.coach.user)).splitlines()[1:]

    assert [row.split(",")[:3] for row in mine] == [
        ["e-agent", "heart-4", "course-1"],
        ["e-agent", "heart-4", "course-2"],
    ]
    assert sorted(row.split(",")[0] for row in coachs) == ["e-agent", "e-agent", "e-bo"]


def test_another_units_manager_exports_nothing(training: Training, personas: Personas) -> None:
    services.import_completions(OPERATOR, GOOD, "lms.csv", today=TODAY)

    assert services.export_completions(caller_for(personas.manager.user)).splitlines()[1:] == []


def test_rows_are_named_by_their_line_in_the_file_past_blank_lines_and_multi_line_fields(training: Training) -> None:
    text = (
        GOOD
        + "\n"
        + 'e-agent,heart-4,course-9,2026-01-08,"a note\nover two lines"\n'
        + "e-agent,heart-4,course-8,2026-01-08\n"
    )

    report = services.import_completions(OPERATOR, text, "lms.csv", today=TODAY)

    assert report.problems == [
        "lms.csv: row 5, field component: no component 'course-9' in program 'heart-4'",
        "lms.csv: row 7, field component: no component 'course-8' in program 'heart-4'",
    ]
