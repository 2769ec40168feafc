"""Completions to and from CSV, so an existing learning-management system can feed Heartline.

Columns: `employee_code, program, component, completed_on` (YYYY-MM-DD); others are ignored, so an
export can be loaded back. A file with any bad row is refused whole, with every problem of every row
named by file, row (the line number in the file) and field, and its bad rows counted as `rejected`;
loading the same file again changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction

from heartline.core import clock
from heartline.core.contracts import Caller
from heartline.core.services import log_access
from heartline.ingest.spreadsheet import spreadsheet_safe
from heartline.learning import selectors
from heartline.learning.models import Component, Enrollment
from heartline.learning.services.common import LearningError, NotAllowed
from heartline.learning.services.programs import _check_may_record, schedule_credential_check, store_completion

COLUMNS = ("employee_code", "program", "component", "completed_on")


@dataclass
class ImportReport:
    file: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0  # rows with at least one problem (every row, when the header is wrong)
    problems: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "accepted": self.accepted, **self.counts(), "problems": self.problems}


@dataclass(frozen=True)
class _Row:
    line: int
    enrollment: Enrollment
    component: Component
    completed_on: dt.date


def _fields(raw: dict[str | None, str | list[str] | None]) -> list[str]:
    """Every field of a DictReader record, extra ones (kept in a list under the key None) included."""
    out: list[str] = []
    for value in raw.values():
        if isinstance(value, list):
            out += value
        elif value is not None:
            out.append(value)
    return out


def _parse(caller: Caller, text: str, name: str, report: ImportReport, today: dt.date) -> list[_Row]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.problems.append(
            f"{name}: row 1 (header): missing column(s) {', '.join(missing)}; need {', '.join(COLUMNS)}"
        )
        report.rows = report.rejected = sum(1 for _ in reader)
        return []
    components = {(c.program.code, c.code): c for c in Component.objects.select_related("program")}
    programs = {program for program, _ in components}
    enrollments = {
        (e.employee.code, e.wave.program.code): e
        for e in Enrollment.objects.select_related("employee__unit", "wave__program")
    }
    parsed: list[_Row] = []
    seen: dict[tuple[str, str, str], int] = {}
    for raw in reader:
        report.rows += 1
        # The record's first line in the file: blank lines are skipped by the reader and a quoted
        # field may span lines, so count back from the last line read rather than counting records.
        line = reader.line_num - sum(field.count("\n") for field in _fields(raw))
        values = {c: (raw.get(c) or "").strip() for c in COLUMNS}
        problems = _row_problems(caller, values, line, today, programs, components, enrollments, seen)
        key = (values["employee_code"], values["program"], values["component"])
        if all(key):
            seen.setdefault(key, line)  # a later row repeats it even when this one is bad
        if problems:
            report.rejected += 1
            report.problems.extend(f"{name}: row {line}, field {column}: {reason}" for column, reason in problems)
            continue
        completed_on = dt.date.fromisoformat(values["completed_on"])
        parsed.append(_Row(line, enrollments[key[:2]], components[key[1:]], completed_on))
    return parsed


def _row_problems(
    caller: Caller,
    values: dict[str, str],
    line: int,
    today: dt.date,
    programs: set[str],
    components: dict[tuple[str, str], Component],
    enrollments: dict[tuple[str, str], Enrollment],
    seen: dict[tuple[str, str, str], int],
) -> list[tuple[str, str]]:
    """Every problem of one row as (column, reason), in column order; none means it can be stored."""
    problems: dict[str, list[str]] = {column: [] for column in COLUMNS}
    for column in COLUMNS:
        if not values[column]:
            problems[column].append("is empty")
    employee, program, code, day = (values[c] for c in COLUMNS)
    if day:
        try:
            if dt.date.fromisoformat(day) > today:
                problems["completed_on"].append(f"{day} is in the future")
        except ValueError:
            problems["completed_on"].append(f"{day!r} is not a date (YYYY-MM-DD)")
    if program and program not in programs:
        problems["program"].append(f"no program {program!r}")
    component = components.get((program, code))
    if program in programs and code and component is None:
        problems["component"].append(f"no component {code!r} in program {program!r}")
    enrollment = enrollments.get((employee, program))
    if employee and program in programs and enrollment is None:
        problems["employee_code"].append(f"{employee!r} is not enrolled in {program!r}")
    if enrollment is not None and component is not None:
        try:
            _check_may_record(caller, enrollment.employee, component)
        except NotAllowed as exc:
            problems["employee_code"].append(str(exc))
    if (employee, program, code) in seen:
        problems["component"].append(
            f"repeats row {seen[(employee, program, code)]} (one completion per person and component)"
        )
    return [(column, reason) for column in COLUMNS for reason in problems[column]]


def import_completions(caller: Caller, text: str, name: str, *, today: dt.date | None = None) -> ImportReport:
    """Load completions from CSV text (`name` is the file name used in problem reports)."""
    report = ImportReport(file=name)
    rows = _parse(caller, text, name, report, today or clock.today())
    if report.problems:
        return report
    changed_people: set[str] = set()
    with transaction.atomic():
        for row in rows:
            before = Enrollment.objects.filter(pk=row.enrollment.pk, completions__component=row.component).exists()
            _, changed = store_completion(row.enrollment, row.component, row.completed_on, source=f"csv:{name}")
            if not changed:
                report.unchanged += 1
                continue
            report.updated += before
            report.created += not before
            changed_people.add(row.enrollment.employee.code)
        for code in sorted(changed_people):
            schedule_credential_check(code)
        log_access(
            caller, "learning.import", f"file:{name}", channel="cli" if caller.is_operator else "web", **report.counts()
        )
    return report


def export_completions(caller: Caller, program_code: str | None = None) -> str:
    """The completions of the people the caller may see, as CSV (loadable back with the import).

    A name or title a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) is written with a
    leading `'` (`heartline.ingest.spreadsheet`).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, "employee_name", "component_title", "due_on"])
    count = 0
    for item in selectors.plan_items(caller):
        if item.completed_on is None:
            continue
        program = item.program_code
        if program_code and program != program_code:
            continue
        writer.writerow(
            [
                spreadsheet_safe(text)
                for text in (
                    item.employee_code,
                    program,
                    item.component_code,
                    item.completed_on.isoformat(),
                    item.employee_name,
                    item.component_title,
                    item.due_on.isoformat(),
                )
            ]
        )
        count += 1
    log_access(caller, "learning.export", f"program:{program_code or 'all'}", rows=count)
    return out.getvalue()


__all__ = ["COLUMNS", "ImportReport", "LearningError", "export_completions", "import_completions"]
