"""The records the permission matrix walks: one of each kind a page or API operation names by id,
all in unit `commercial`, so the manager (who looks after `medicare`) is the person from another unit.

Built once per test module on top of the personas, plus a person for each role the personas lack
(trainer, CX analyst, workforce planner, compliance officer), so every role has a face.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from heartline.coaching import services as coaching
from heartline.core.models import Employee, Role
from heartline.core.scoping import OPERATOR, caller_for
from heartline.learning import services as learning
from heartline.learning.models import Credential, CredentialState
from heartline.library import services as library
from heartline.library.contracts import ArticleInput
from heartline.members.models import Member
from heartline.quality.services import audits as audits
from heartline.quality.services import calibration, scorecard_drafts
from heartline.quality.services.auto_qa import score_contacts
from heartline.transcripts.services import ingest_records as ingest_transcripts
from heartline.voice import services as voice
from heartline.voice.models import FollowUp
from heartline.voice.surveys import DRIVER_CODES
from heartline.warehouse.store import Warehouse
from heartline.workforce import services as workforce
from tests.quality.world import add_second_agent, build_behaviors, build_scorecards, write_quality_contacts
from tests.support.personas import Personas, build_personas, make_employee

# Username of the person acting in each role, in the matrix's column order.
ROLE_USERS: dict[str, str] = {
    Role.AGENT: "agent",
    Role.COACH: "coach",
    Role.QA_ANALYST: "qa",
    Role.TRAINER: "trainer",
    Role.CX_ANALYST: "cx",
    Role.WORKFORCE_PLANNER: "wfm",
    Role.MANAGER: "manager",
    Role.EXECUTIVE: "exec",
    Role.COMPLIANCE: "compliance",
    Role.ADMIN: "admin",
}


@dataclass(frozen=True)
class MatrixWorld:
    """The people by role, and the ids the URLs are filled with."""

    people: dict[str, Employee]
    ids: dict[str, str]


def _more_personas(personas: Personas) -> dict[str, Employee]:
    org = personas.org
    division = org.division
    return {
        Role.TRAINER: make_employee("trainer", Role.TRAINER, division, unit=org.commercial, first_name="Tara"),
        Role.CX_ANALYST: make_employee("cx", Role.CX_ANALYST, division, first_name="Cyd"),
        Role.WORKFORCE_PLANNER: make_employee("wfm", Role.WORKFORCE_PLANNER, division, first_name="Wes"),
        Role.COMPLIANCE: make_employee("compliance", Role.COMPLIANCE, division, first_name="Cora"),
    }


def build_matrix_world(warehouse: Warehouse) -> MatrixWorld:
    """Everything the matrix names, written through the services as the people who would write it."""
    personas = build_personas()
    people = {
        Role.AGENT: personas.agent,
        Role.COACH: personas.coach,
        Role.QA_ANALYST: personas.qa_analyst,
        Role.MANAGER: personas.manager,
        Role.EXECUTIVE: personas.executive,
        Role.ADMIN: personas.admin,
        **_more_personas(personas),
    }
    add_second_agent(personas)
    build_behaviors()
    build_scorecards()
    write_quality_contacts(warehouse)
    _write_transcript()
    qa = caller_for(personas.qa_analyst.user)
    agent = caller_for(personas.agent.user)

    audit = audits.start_audit(qa, contact_id="q-1", scorecard_code="cqa")
    answers = [audits.AnswerInput(code, 1) for code in ("greet", "verify", "listen", "own", "thank")]
    audits.save_answers(qa, audit.pk, answers, complete=True)
    dispute = audits.raise_dispute(agent, audit.pk, "I verified the member first.")
    draft = scorecard_drafts.start_next_version(qa, "cqa")
    session = calibration.create_calibration(
        qa,
        title="March calibration",
        scorecard_code="cqa",
        held_on=dt.date(2026, 3, 20),
        contact_ids=["q-2", "q-3"],
        participant_codes=["e-qa", "e-coach"],
    )
    coaching_session = coaching.hold_session(
        caller_for(personas.coach.user),
        coachee_code="e-agent",
        held_on=dt.date(2026, 3, 21),
        focus_behavior_codes=["welcome-warmly"],
        notes="Warmer greeting",
        follow_up_on=dt.date(2026, 4, 4),
    )

    commitment = coaching.add_commitment(
        caller_for(personas.coach.user),
        leader_code=personas.coach.code,
        leadership_behavior_code="model-listening",
        text="Open each huddle with a listening moment",
        made_on=dt.date(2026, 3, 6),
    )

    learning.define_program(
        OPERATOR, "heart-4", "HEART in four weeks", 4, [learning.ComponentPlan("c1", "Hear", "course", 1)]
    )
    wave = learning.schedule_wave(OPERATOR, "heart-4", "commercial", dt.date(2026, 1, 5))
    credential_type = learning.define_credential_type(
        OPERATOR, "call-quality", "Call Quality", scorecard_code="cqa", threshold=85
    )
    credential = Credential.objects.create(
        credential_type=credential_type,
        employee=personas.agent,
        state=CredentialState.GRANTED,
        state_since=dt.date(2026, 2, 1),
        granted_on=dt.date(2026, 2, 1),
        expires_on=dt.date(2027, 2, 1),
    )

    booster = learning.define_booster(
        OPERATOR, learning.BoosterPlan("boost-welcome", "Open warm", "welcome-warmly", "Two openings to hear.")
    )
    assignment = learning.assign_booster(OPERATOR, booster.code, "e-agent")

    idea = voice.propose_idea(
        agent,
        title="Call back before the claim closes",
        description="Members ask twice.",
        link_kind="driver",
        link_code=DRIVER_CODES[0],
    )

    trainer = caller_for(people[Role.TRAINER].user)
    article = library.create_article(
        trainer,
        ArticleInput(
            title="Rapid-resolution consults keep the member on the line",
            kind="practice",
            language="en",
            summary="Representatives consult a specialist by chat while the member stays on the call.",
            problem="Members were transferred two or three times.",
            what_we_tried="A rapid-resolution team answers representatives within two minutes.",
            results="Most calls were resolved in one interaction.",
            how_to_adopt="Staff a specialist chat channel during peak hours.",
            tags=("one-and-done",),
        ),
    )
    attachment = library.add_attachment(trainer, article, "Checklist", b"step one", "checklist.txt")
    library.submit_for_review(trainer, article)
    library.publish(caller_for(personas.manager.user), article)

    member = Member.objects.create(member_id="M-matrix", plan="HMO", given_name="Mo", family_name="Tricks")
    follow_up = _follow_up()
    _write_regulated_case(warehouse)
    campaign_id = _campaign(member.member_id)

    event = workforce.add_event(
        OPERATOR, name="ID-card mailing", kind="mailing", starts_on=dt.date(2026, 3, 2), ends_on=dt.date(2026, 3, 6)
    )
    return MatrixWorld(
        people=people,
        ids={
            "contact_id": "q-1",
            "behavior_code": "welcome-warmly",
            "audit_id": str(audit.pk),
            "dispute_id": str(dispute.pk),
            "draft_id": str(draft.pk),
            "scorecard_code": "cqa",
            "number": "1",
            "session_id": str(session.pk),
            "coaching_session_id": str(coaching_session.pk),
            "leader_code": personas.coach.code,
            "wave_id": str(wave.pk),
            "credential_id": str(credential.pk),
            "unit": "commercial",
            "reference": str(idea.reference),
            "action": "review",
            "article_id": str(article.pk),
            "attachment_id": str(attachment.pk),
            "name": "handoff-rate",
            "member_id": member.member_id,
            "case_id": "RC-MATRIX",
            "event_id": str(event.pk),
            "assignment_id": str(assignment.pk),
            "response_id": "R-matrix",
            "follow_up_id": str(follow_up.pk),
            "commitment_id": str(commitment.pk),
            "booster_code": booster.code,
            "campaign_id": str(campaign_id),
        },
    )


def _campaign(member_id: str) -> int:
    """A campaign (the wellness reminder) on a one-member segment, launched by the operator."""
    from heartline.insights.campaigns_services import launch_campaign
    from heartline.insights.segments_services import record_rule_segment

    rule = [{"feature": "plan", "op": "==", "value": "commercial_hmo"}]
    segment = record_rule_segment(OPERATOR, "Matrix segment", rule, [member_id], dt.date(2026, 3, 1), 1)
    starts = dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)
    return launch_campaign(OPERATOR, "Matrix campaign", segment.pk, "annual_wellness_visit", starts_at=starts).pk


def _follow_up() -> FollowUp:
    """An open follow-up of unit `commercial`: a detractor's call back owed to member M1."""
    from zoneinfo import ZoneInfo

    from heartline.voice.follow_up_clock import due_at

    answered = dt.datetime(2026, 3, 20, 15, 0, tzinfo=dt.UTC)
    return FollowUp.objects.create(
        response_id="R-matrix",
        member_id="M1",
        contact_id="q-1",
        unit_code="commercial",
        trigger="detractor",
        nps=2,
        responded_at=answered,
        opened_at=answered,
        due_at=due_at(answered, 2, ZoneInfo("UTC")),
        business_days=2,
    )


def _write_transcript() -> None:
    """The transcript of contact q-1 (the transcript pages and API read it; only administrators load it)."""
    turns = [
        {"speaker": "agent", "start_ms": 0, "end_ms": 2000, "text": "Thanks for calling, this is Ana."},
        {"speaker": "member", "start_ms": 2100, "end_ms": 5000, "text": "My number is 555-201-3344."},
    ]
    report = ingest_transcripts(OPERATOR, [{"contact_id": "q-1", "language": "en", "turns": turns}])
    assert report.accepted, report.problems
    score_contacts(["q-1"])  # its auto-QA answers (the worker would, after the ingest's commit)


def _write_regulated_case(warehouse: Warehouse) -> None:
    """A Part C grievance of unit `commercial` worked by the agent, long overdue (so no extension the
    matrix posts can succeed and change what a later role sees)."""
    import pyarrow as pa

    from heartline.contacts.tables import CASES
    from heartline.warehouse.writer import write_batch

    received = dt.datetime(2026, 1, 5, 15, 0, tzinfo=dt.UTC)
    row = {
        "case_id": "RC-MATRIX",
        "member_id": "M1",
        "unit": "commercial",
        "opened_at": received,
        "received_at": received,
        "status": "open",
        "owner_id": "e-agent",
        "line_of_business": "medicare_part_c",
        "category": "grievance",
        "priority": "standard",
        "request": "service",
        "extension_days": 0,
    }
    write_batch(warehouse, CASES, pa.Table.from_pylist([row], schema=CASES.schema))
