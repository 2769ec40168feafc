"""The permission policy: what each role may do, in one table.

A `Capability` names one thing a person may do (audit contacts, resolve disputes…) or one kind of
person the product picks out (the front line, team leaders); `POLICY` maps each capability to the
roles that hold it. Nothing else in the code names a role: services call `require(caller, …)`,
views, templates and the menu ask `caller.can(…)`, selectors ask `caller.can(…)` before widening a
read to the caller's units, and queries that pick people of a kind filter on `roles_with(…)`.

What a role may *see* (its scope: own records, its units, the division, everything) is decided here
too, by the three `SEE_*` rows, and applied by `heartline.core.scoping`.

The table is the spec of who may do what today; `tests/core/test_permission_matrix.py` walks every
page and API operation for every role against it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING

from heartline.core.errors import NotAllowed
from heartline.core.roles import Role

if TYPE_CHECKING:
    from heartline.core.contracts import Caller
    from heartline.core.viewer import Viewer


class Capability(StrEnum):
    """One thing a role may do; the value is the name templates use (`can.audit_contacts`)."""

    # What a role sees: everything, its division, its units (otherwise only its own records).
    SEE_EVERYTHING = "see_everything"
    SEE_DIVISION = "see_division"
    SEE_UNITS = "see_units"

    # Kinds of staff the product picks out (whom to coach, whose learning to track).
    TAKE_CONTACTS = "take_contacts"  # the front line: members' contacts are theirs
    LEAD_A_TEAM = "lead_a_team"
    LEAD_A_UNIT = "lead_a_unit"

    # Administration.
    ADMINISTER = "administer"  # the admin site and the administrators' API endpoints
    READ_ACCESS_LOG = "read_access_log"

    # Behaviors.
    DEFINE_DIVISION_BEHAVIORS = "define_division_behaviors"
    REWORD_UNIT_BEHAVIORS = "reword_unit_behaviors"
    LEAD_REHEARSALS = "lead_rehearsals"

    # Quality.
    AUDIT_CONTACTS = "audit_contacts"
    PLAN_AUDIT_SAMPLES = "plan_audit_samples"
    RESOLVE_DISPUTES = "resolve_disputes"
    LEAD_CALIBRATION = "lead_calibration"
    FOLLOW_CALIBRATION = "follow_calibration"  # the calibration pages in the menu
    EDIT_SCORECARDS = "edit_scorecards"
    READ_UNIT_AUDITS = "read_unit_audits"
    READ_UNIT_CALIBRATION = "read_unit_calibration"

    # Coaching.
    COACH_FRONT_LINE = "coach_front_line"
    COACH_LEADERS = "coach_leaders"
    COACH_MANAGERS = "coach_managers"  # leadership coaching of managers, not only of coaches
    READ_UNIT_COACHING = "read_unit_coaching"
    KEEP_LEADER_FOLLOW_UPS = "keep_leader_follow_ups"  # commitments and monthly check-ins of leaders
    FOLLOW_LEADERS = "follow_leaders"  # the view of who, a level down, keeps their follow-ups

    # Learning.
    DEFINE_PROGRAMS = "define_programs"
    DEFINE_CREDENTIALS = "define_credentials"
    MANAGE_TRAINING = "manage_training"
    RECORD_TRAINING = "record_training"
    REVOKE_CREDENTIALS = "revoke_credentials"
    FOLLOW_OWN_LEARNING = "follow_own_learning"
    FOLLOW_TRAINING_WAVES = "follow_training_waves"
    FOLLOW_OVERDUE_TRAINING = "follow_overdue_training"
    READ_TRAINING_IMPACT = "read_training_impact"
    GIVE_RECOGNITION = "give_recognition"  # recognise a representative for a behavior (peers, coaches, managers)
    PASS_ON_MEMBER_PRAISE = "pass_on_member_praise"  # noqa: S105 - not a password; offered members' praising verbatims to pass on
    DEFINE_BOOSTERS = "define_boosters"  # the booster catalog and each booster's assignment rule
    ASSIGN_BOOSTERS = "assign_boosters"  # assign a booster by hand, run the rules for one's units
    FOLLOW_BOOSTERS = "follow_boosters"  # whom to boost, boosters assigned, and whether they helped

    # Library.
    AUTHOR_ARTICLES = "author_articles"
    REVIEW_ARTICLES = "review_articles"
    PUBLISH_OWN_ARTICLES = "publish_own_articles"  # a reviewer may not publish their own work; these may
    RECORD_PRACTICE_ADOPTION = "record_practice_adoption"  # a unit adopted a practice; its target metric
    READ_PRACTICE_SPREAD = "read_practice_spread"  # units' figures before and after adopting a practice

    # Voice of the member.
    ANALYZE_MEMBER_VOICE = "analyze_member_voice"
    MOVE_DIVISION_IDEAS = "move_division_ideas"
    MOVE_UNIT_IDEAS = "move_unit_ideas"
    FOLLOW_UP_DETRACTORS = "follow_up_detractors"  # the unit's closed-loop queue: open follow-ups, record outcomes
    READ_LOOP_FIGURES = "read_loop_figures"  # the closed loop's figures: in time, outcomes, next score

    # Members (PHI; docs/members.md says who sees what and why — the minimum necessary).
    LOOK_UP_MEMBERS = "look_up_members"  # search any member, see the header and the service timeline
    SEE_MEMBER_CLAIMS = "see_member_claims"  # claims, payments and denial reasons
    SEE_MEMBER_CLINICAL = "see_member_clinical"  # conditions, encounters' diagnoses, medications
    RECORD_MEMBER_PREFERENCES = "record_member_preferences"  # channel, language, quiet hours, consent
    EXPORT_MEMBER_RECORDS = "export_member_records"  # FHIR bulk export of many members
    INGEST_MEMBER_RECORDS = "ingest_member_records"  # load FHIR from a payer or EHR

    # Compliance.
    FOLLOW_DECISION_CLOCKS = "follow_decision_clocks"  # grievance/appeal clocks, worklist, universes
    FOLLOW_CALL_CENTER_STANDARDS = "follow_call_center_standards"  # CMS hold time, disconnects, interpreters
    WORK_REGULATED_CASES = "work_regulated_cases"  # open a case from a contact, extend, decide, notify, reassign

    # Workforce.
    FOLLOW_WORKFORCE = "follow_workforce"  # intervals, forecasts, staffing needs, the intraday view
    PLAN_WORKFORCE = "plan_workforce"  # load staffing plans, edit the event calendar, run scenarios

    # Insights: segments and risk models.
    ANALYZE_INSIGHTS = "analyze_insights"  # segments and model cards: counts and metrics, no member named
    DEFINE_SEGMENTS = "define_segments"  # save rule segments, refresh and discover them, train the models
    SEE_MEMBERS_AT_RISK = "see_members_at_risk"  # which members a model scores highest and why (PHI, logged)
    RUN_CAMPAIGNS = "run_campaigns"  # launch a campaign on a segment, export its send list (PHI, logged)

    # Transcripts (PHI).
    READ_RAW_TRANSCRIPTS = "read_raw_transcripts"  # the unredacted text, every read access-logged
    INGEST_TRANSCRIPTS = "ingest_transcripts"


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(str(role) for role in roles)


A = Role  # the table reads as a grid of names

POLICY: Mapping[Capability, frozenset[str]] = {
    Capability.SEE_EVERYTHING: _roles(A.ADMIN),
    Capability.SEE_DIVISION: _roles(A.EXECUTIVE, A.CX_ANALYST, A.WORKFORCE_PLANNER, A.COMPLIANCE),
    Capability.SEE_UNITS: _roles(A.COACH, A.QA_ANALYST, A.TRAINER, A.MANAGER),
    Capability.TAKE_CONTACTS: _roles(A.AGENT),
    Capability.LEAD_A_TEAM: _roles(A.COACH),
    Capability.LEAD_A_UNIT: _roles(A.MANAGER),
    Capability.ADMINISTER: _roles(A.ADMIN),
    Capability.READ_ACCESS_LOG: _roles(A.COMPLIANCE, A.ADMIN),
    Capability.DEFINE_DIVISION_BEHAVIORS: _roles(A.EXECUTIVE, A.ADMIN),
    Capability.REWORD_UNIT_BEHAVIORS: _roles(A.MANAGER, A.ADMIN),
    Capability.LEAD_REHEARSALS: _roles(A.MANAGER, A.COACH, A.TRAINER, A.ADMIN),
    Capability.AUDIT_CONTACTS: _roles(A.QA_ANALYST, A.COACH, A.MANAGER, A.ADMIN),
    Capability.PLAN_AUDIT_SAMPLES: _roles(A.QA_ANALYST, A.MANAGER, A.ADMIN),
    Capability.RESOLVE_DISPUTES: _roles(A.QA_ANALYST, A.MANAGER, A.ADMIN),
    Capability.LEAD_CALIBRATION: _roles(A.QA_ANALYST, A.MANAGER, A.ADMIN),
    Capability.FOLLOW_CALIBRATION: _roles(A.QA_ANALYST, A.COACH, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.EDIT_SCORECARDS: _roles(A.QA_ANALYST, A.MANAGER, A.ADMIN),
    Capability.READ_UNIT_AUDITS: _roles(
        A.QA_ANALYST, A.COACH, A.MANAGER, A.TRAINER, A.EXECUTIVE, A.CX_ANALYST, A.COMPLIANCE, A.ADMIN
    ),
    Capability.READ_UNIT_CALIBRATION: _roles(A.QA_ANALYST, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.COACH_FRONT_LINE: _roles(A.COACH, A.MANAGER, A.QA_ANALYST, A.ADMIN),
    Capability.COACH_LEADERS: _roles(A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.COACH_MANAGERS: _roles(A.EXECUTIVE, A.ADMIN),
    Capability.READ_UNIT_COACHING: _roles(A.MANAGER, A.QA_ANALYST, A.TRAINER, A.EXECUTIVE, A.ADMIN),
    Capability.KEEP_LEADER_FOLLOW_UPS: _roles(A.COACH, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.FOLLOW_LEADERS: _roles(A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.DEFINE_PROGRAMS: _roles(A.TRAINER, A.ADMIN),
    Capability.DEFINE_CREDENTIALS: _roles(A.TRAINER, A.ADMIN),
    Capability.MANAGE_TRAINING: _roles(A.TRAINER, A.MANAGER, A.ADMIN),
    Capability.RECORD_TRAINING: _roles(A.TRAINER, A.COACH, A.MANAGER, A.ADMIN),
    Capability.REVOKE_CREDENTIALS: _roles(A.TRAINER, A.MANAGER, A.ADMIN),
    Capability.FOLLOW_OWN_LEARNING: _roles(A.AGENT, A.COACH),
    Capability.FOLLOW_TRAINING_WAVES: _roles(A.TRAINER, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.FOLLOW_OVERDUE_TRAINING: _roles(A.COACH, A.TRAINER, A.MANAGER, A.ADMIN),
    Capability.READ_TRAINING_IMPACT: _roles(A.TRAINER, A.MANAGER, A.EXECUTIVE, A.CX_ANALYST, A.QA_ANALYST, A.ADMIN),
    Capability.GIVE_RECOGNITION: _roles(A.AGENT, A.COACH, A.MANAGER, A.ADMIN),
    Capability.PASS_ON_MEMBER_PRAISE: _roles(A.COACH, A.MANAGER, A.ADMIN),
    Capability.DEFINE_BOOSTERS: _roles(A.TRAINER, A.ADMIN),
    Capability.ASSIGN_BOOSTERS: _roles(A.COACH, A.TRAINER, A.MANAGER, A.ADMIN),
    Capability.FOLLOW_BOOSTERS: _roles(A.COACH, A.TRAINER, A.MANAGER, A.EXECUTIVE, A.QA_ANALYST, A.ADMIN),
    Capability.AUTHOR_ARTICLES: _roles(A.TRAINER, A.COACH, A.MANAGER, A.ADMIN),
    Capability.REVIEW_ARTICLES: _roles(A.MANAGER, A.ADMIN),
    Capability.PUBLISH_OWN_ARTICLES: _roles(A.ADMIN),
    Capability.RECORD_PRACTICE_ADOPTION: _roles(A.MANAGER, A.ADMIN),
    Capability.READ_PRACTICE_SPREAD: _roles(
        A.COACH, A.QA_ANALYST, A.TRAINER, A.CX_ANALYST, A.MANAGER, A.EXECUTIVE, A.ADMIN
    ),
    Capability.ANALYZE_MEMBER_VOICE: _roles(
        A.CX_ANALYST, A.EXECUTIVE, A.MANAGER, A.ADMIN, A.QA_ANALYST, A.COACH, A.TRAINER
    ),
    Capability.MOVE_DIVISION_IDEAS: _roles(A.EXECUTIVE, A.CX_ANALYST, A.ADMIN),
    Capability.MOVE_UNIT_IDEAS: _roles(A.MANAGER),
    Capability.FOLLOW_UP_DETRACTORS: _roles(A.COACH, A.MANAGER, A.ADMIN),
    Capability.READ_LOOP_FIGURES: _roles(A.COACH, A.MANAGER, A.EXECUTIVE, A.CX_ANALYST, A.ADMIN),
    Capability.LOOK_UP_MEMBERS: _roles(
        A.AGENT, A.COACH, A.QA_ANALYST, A.MANAGER, A.CARE_MANAGER, A.COMPLIANCE, A.ADMIN
    ),
    Capability.SEE_MEMBER_CLAIMS: _roles(
        A.AGENT, A.COACH, A.QA_ANALYST, A.MANAGER, A.CARE_MANAGER, A.COMPLIANCE, A.ADMIN
    ),
    Capability.SEE_MEMBER_CLINICAL: _roles(A.CARE_MANAGER, A.COMPLIANCE, A.ADMIN),
    Capability.RECORD_MEMBER_PREFERENCES: _roles(A.AGENT, A.COACH, A.MANAGER, A.CARE_MANAGER, A.ADMIN),
    Capability.EXPORT_MEMBER_RECORDS: _roles(A.COMPLIANCE, A.ADMIN),
    Capability.INGEST_MEMBER_RECORDS: _roles(A.ADMIN),
    Capability.FOLLOW_DECISION_CLOCKS: _roles(A.COMPLIANCE, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.FOLLOW_CALL_CENTER_STANDARDS: _roles(A.COMPLIANCE, A.WORKFORCE_PLANNER, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.WORK_REGULATED_CASES: _roles(A.AGENT, A.COACH, A.MANAGER, A.COMPLIANCE, A.ADMIN),
    Capability.FOLLOW_WORKFORCE: _roles(A.WORKFORCE_PLANNER, A.MANAGER, A.EXECUTIVE, A.ADMIN),
    Capability.PLAN_WORKFORCE: _roles(A.WORKFORCE_PLANNER, A.ADMIN),
    Capability.ANALYZE_INSIGHTS: _roles(A.CX_ANALYST, A.EXECUTIVE, A.MANAGER, A.CARE_MANAGER, A.COMPLIANCE, A.ADMIN),
    Capability.DEFINE_SEGMENTS: _roles(A.CX_ANALYST, A.ADMIN),
    Capability.SEE_MEMBERS_AT_RISK: _roles(A.CX_ANALYST, A.MANAGER, A.CARE_MANAGER, A.COMPLIANCE, A.ADMIN),
    Capability.RUN_CAMPAIGNS: _roles(A.CX_ANALYST, A.MANAGER, A.ADMIN),
    Capability.READ_RAW_TRANSCRIPTS: _roles(A.COMPLIANCE, A.ADMIN),
    Capability.INGEST_TRANSCRIPTS: _roles(A.ADMIN),
}

del A

_MISSING = set(Capability) - set(POLICY)
if _MISSING:  # a capability without a row would refuse everyone, silently
    raise ImportError(f"capabilities without a row in the policy: {sorted(_MISSING)}")


def roles_with(capability: Capability) -> frozenset[str]:
    """The roles that hold `capability` (to filter people of a kind: `role__in=roles_with(…)`)."""
    return POLICY[capability]


def allows(role: str, capability: Capability) -> bool:
    """Whether a person of `role` holds `capability` (no role holds nothing)."""
    return role in POLICY[capability]


def capabilities_of(role: str) -> dict[str, bool]:
    """Every capability's name → whether `role` holds it: what templates see as `can`."""
    return {str(capability): role in roles for capability, roles in POLICY.items()}


def require(caller: Viewer, capability: Capability, what: str) -> None:
    """Return only if the caller holds `capability` (the command line's operator holds every one);
    otherwise raise `NotAllowed` saying they may not `what`."""
    if not caller.can(capability) and not caller.is_operator:
        raise NotAllowed(f"a {caller.role or 'person with no role'} may not {what}")


def as_superuser(caller: Caller) -> Caller:
    """`caller` with an administrator's rights: a superuser acts as one whatever their employee role."""
    return replace(caller, role=Role.ADMIN)
