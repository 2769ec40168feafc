"""Leaders kept consistent: commitments from leadership coaching, monthly check-ins, the level above's
view of who keeps them, and the front line's audits on the behaviors the leader reinforces."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from heartline.coaching.leader_follow_up import follow_up_view, leader_page, months_due
from heartline.coaching.models import CoachingSession, LeaderCommitment
from heartline.coaching.services import CoachingError, add_commitment, hold_session, record_check_in
from heartline.core.models import Role
from heartline.quality.models import ScorecardVersion
from heartline.quality.services.audits import AnswerInput
from heartline.warehouse.store import Warehouse
from tests.quality.test_audits import ALL_MET, audited, caller
from tests.support.personas import Personas, make_employee

pytestmark = pytest.mark.django_db

APRIL_10 = dt.date(2026, 4, 10)
MARCH = dt.date(2026, 3, 1)
MISSED_LISTENING = [*ALL_MET[:2], AnswerInput("listen", 2), *ALL_MET[3:]]


@pytest.fixture
def boss(personas: Personas) -> object:
    """A manager of the coach's unit (the persona manager looks after medicare)."""
    make_employee("boss", Role.MANAGER, personas.org.division, unit=personas.org.commercial, first_name="Bea")
    return caller(personas, "boss")


def commit_listening(personas: Personas, made_on: dt.date = dt.date(2026, 3, 6)) -> LeaderCommitment:
    return add_commitment(
        caller(personas, "coach"),
        leader_code="e-coach",
        leadership_behavior_code="model-listening",
        text="Open each huddle with a listening moment",
        made_on=made_on,
    )


def test_a_leadership_sessions_commitments_become_records(personas: Personas, scorecard: ScorecardVersion) -> None:
    session = hold_session(
        caller(personas, "admin"),
        coachee_code="e-coach",
        held_on=dt.date(2026, 3, 6),
        level="leadership",
        focus_behavior_codes=["model-listening"],
        commitments="Open each huddle with a listening moment\n\nSit with two calls a week",
    )

    made = LeaderCommitment.objects.filter(session=session).order_by("pk")
    assert [c.text for c in made] == ["Open each huddle with a listening moment", "Sit with two calls a week"]
    assert {b.code for b in made[0].reinforces.all()} == {"listen-fully"}  # what model-listening reinforces


def test_the_migration_turns_existing_free_text_into_records(personas: Personas, scorecard: ScorecardVersion) -> None:
    session = hold_session(
        caller(personas, "admin"),
        coachee_code="e-coach",
        held_on=dt.date(2026, 2, 2),
        level="leadership",
        focus_behavior_codes=["recognize-ownership"],
        commitments="Thank first-contact resolutions in huddles",
    )
    LeaderCommitment.objects.all().delete()  # as before the records existed
    migration = importlib.import_module("heartline.coaching.migrations.0004_leader_commitments_from_sessions")

    migration.forwards(apps, None)
    migration.forwards(apps, None)  # a second run adds nothing

    (made,) = LeaderCommitment.objects.filter(session=session)
    assert (made.leader.code, made.made_on, made.leadership_behavior.code) == (
        "e-coach",
        session.held_on,
        "recognize-ownership",
    )
    assert [b.code for b in made.reinforces.all()] == ["own-the-outcome"]
    assert CoachingSession.objects.get(pk=session.pk).commitments == "Thank first-contact resolutions in huddles"


def test_check_ins_on_time_show_the_leader_keeps_their_follow_ups(
    personas: Personas, scorecard: ScorecardVersion, boss: object
) -> None:
    commitment = commit_listening(personas)
    record_check_in(
        boss,  # type: ignore[arg-type]
        leader_code="e-coach",
        month=MARCH,
        progress={commitment.pk: ("kept", "Three huddles opened with a call clip")},
        held_on=dt.date(2026, 4, 2),
    )

    view = follow_up_view(boss, today=APRIL_10)  # type: ignore[arg-type]

    assert view.lookback[-1] == MARCH
    assert len(view.lookback) == 12
    ((label, (row,)),) = view.levels
    assert row.months == (MARCH,)
    assert (label, row.code, row.verdict) == ("Coaches", "e-coach", "keeps follow-ups")
    assert (row.months_due, row.on_time, row.missing, row.kept.hits, row.kept.n) == (1, 1, 0, 1, 1)
    assert row.kept.ci_low == pytest.approx(0.2065, abs=1e-4)  # Wilson, 1 of 1


def test_a_late_or_missing_check_in_falls_behind_and_the_vp_sees_managers_and_coaches(
    personas: Personas, scorecard: ScorecardVersion, boss: object
) -> None:
    first = commit_listening(personas, made_on=dt.date(2026, 1, 20))
    record_check_in(
        caller(personas, "coach"),
        leader_code="e-coach",
        month=dt.date(2026, 1, 1),
        progress={first.pk: ("partly", "")},
        held_on=dt.date(2026, 2, 20),  # after 5 February: late
    )

    view = follow_up_view(caller(personas, "exec"), today=APRIL_10)

    levels = dict(view.levels)
    assert [r.code for r in levels["Managers"]] == ["e-boss", "e-manager"]
    (coach,) = levels["Coaches"]
    assert (coach.verdict, coach.months_due, coach.on_time, coach.late, coach.missing) == ("falls behind", 3, 0, 1, 2)
    assert (coach.kept.hits, coach.kept.n) == (0, 1)  # partly kept is not kept
    assert levels["Managers"][0].verdict == "nothing due"


def test_the_front_line_signal_compares_the_team_before_and_after_the_commitment(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse, boss: object
) -> None:
    for contact in ("q-1", "q-2"):  # 3 and 4 March: listening missed
        audited(personas, contact, MISSED_LISTENING)
    for contact in ("q-5", "q-6"):  # 7 and 8 March: shown
        audited(personas, contact, ALL_MET)
    commit_listening(personas, made_on=dt.date(2026, 3, 6))

    ((_, (row,)),) = follow_up_view(boss, today=APRIL_10).levels  # type: ignore[arg-type]

    (signal,) = row.signals
    assert (signal.behavior_code, signal.since) == ("listen-fully", dt.date(2026, 3, 6))
    assert (signal.before.hits, signal.before.n, signal.after.hits, signal.after.n) == (0, 2, 2, 2)
    assert signal.change is not None
    assert signal.change.change == pytest.approx(1.0)
    assert signal.change.ci_low < 1.0  # two answers each side: a wide interval


def test_one_check_in_a_month_covering_every_open_commitment(personas: Personas, scorecard: ScorecardVersion) -> None:
    coach = caller(personas, "coach")
    first = commit_listening(personas)
    second = commit_listening(personas)
    with pytest.raises(CoachingError, match=f"missing: {second.pk}"):
        record_check_in(coach, leader_code="e-coach", month=MARCH, progress={first.pk: ("kept", "")}, held_on=APRIL_10)
    record_check_in(
        coach,
        leader_code="e-coach",
        month=MARCH,
        progress={first.pk: ("kept", ""), second.pk: ("not_done", "")},
        held_on=APRIL_10,
    )
    with pytest.raises(CoachingError, match="already has a check-in for March 2026"):
        record_check_in(coach, leader_code="e-coach", month=MARCH, progress={first.pk: ("kept", "")}, held_on=APRIL_10)
    with pytest.raises(CoachingError, match="progress must be one of"):
        record_check_in(
            coach,
            leader_code="e-coach",
            month=dt.date(2026, 4, 1),
            progress={first.pk: ("maybe", ""), second.pk: ("kept", "")},
        )


def test_who_may_record_a_leaders_follow_ups(personas: Personas, scorecard: ScorecardVersion) -> None:
    with pytest.raises(PermissionDenied):  # an agent keeps no leader's follow-ups
        add_commitment(
            caller(personas, "agent"), leader_code="e-coach", leadership_behavior_code="model-listening",
            text="x", made_on=MARCH,
        )  # fmt: skip
    with pytest.raises(PermissionDenied):  # the persona manager looks after medicare, not the coach's unit
        add_commitment(
            caller(personas, "manager"), leader_code="e-coach", leadership_behavior_code="model-listening",
            text="x", made_on=MARCH,
        )  # fmt: skip
    with pytest.raises(CoachingError, match="not a leadership behavior"):
        add_commitment(
            caller(personas, "coach"), leader_code="e-coach", leadership_behavior_code="listen-fully",
            text="x", made_on=MARCH,
        )  # fmt: skip
    assert leader_page(caller(personas, "agent"), "e-coach") is None


def test_months_due_skip_the_month_whose_check_in_is_not_yet_due() -> None:
    assert months_due(dt.date(2026, 4, 5)) == (dt.date(2025, 12, 1), dt.date(2026, 1, 1), dt.date(2026, 2, 1))
    assert months_due(dt.date(2026, 4, 6))[-1] == MARCH


def test_every_leaders_front_line_signal_is_counted_in_one_query(
    personas: Personas, scorecard: ScorecardVersion, quality_contacts: Warehouse, boss: object
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    audited(personas, "q-1", MISSED_LISTENING)
    commit_listening(personas)
    with CaptureQueriesContext(connection) as one_leader:
        follow_up_view(caller(personas, "exec"), today=APRIL_10)
    add_commitment(
        boss,  # type: ignore[arg-type]
        leader_code="e-boss",
        leadership_behavior_code="model-listening",
        text="Listen first in every one-to-one",
        made_on=dt.date(2026, 3, 20),
    )
    with CaptureQueriesContext(connection) as two_leaders:
        view = follow_up_view(caller(personas, "exec"), today=APRIL_10)

    assert sum(len(r.signals) for _, rows in view.levels for r in rows) == 2
    assert len(two_leaders.captured_queries) == len(one_leader.captured_queries)
