"""Scorecards (versions, sections, items tied to behaviors), sampling plans, audits and their
answers, disputes, and calibration sessions.

A scorecard is never edited in place once audits use it: a change is a new `ScorecardVersion`, and
each audit points at the version it was scored on. A calibration session's blind scores are audits
too (purpose `calibration`), so they are scored exactly like production audits but never count in
anyone's results.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from heartline.core.permissions import Capability

if TYPE_CHECKING:
    from heartline.core.viewer import Viewer


class ScorecardKind(models.TextChoices):
    AUDIT = "audit", "Call quality audit"
    COACHING_FORM = "coaching_form", "Coaching form"


class Scale(models.TextChoices):
    YES_NO_NA = "yes_no_na", "Yes / No / Not applicable"
    ONE_TO_FIVE = "one_to_five", "1–5"


class Scorecard(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ScorecardKind.choices, default=ScorecardKind.AUDIT)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScorecardVersion(models.Model):
    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    published_at = models.DateTimeField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["scorecard", "-number"]
        constraints = [models.UniqueConstraint(fields=["scorecard", "number"], name="scorecard_version_once")]

    def __str__(self) -> str:
        return f"{self.scorecard.code} v{self.number}"


class ScorecardSection(models.Model):
    version = models.ForeignKey(ScorecardVersion, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title


class ScorecardItem(models.Model):
    """One question of a scorecard version, tied to the behavior it observes."""

    version = models.ForeignKey(ScorecardVersion, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(ScorecardSection, on_delete=models.CASCADE, related_name="items")
    code = models.SlugField(max_length=60)
    text = models.CharField(max_length=300)
    behavior = models.ForeignKey(
        "behaviors.Behavior", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scale = models.CharField(max_length=20, choices=Scale.choices)
    weight = models.PositiveSmallIntegerField(default=1)
    # A failed critical item (No, or 1–2 on a 1–5 scale) fails the whole audit: score 0.
    critical = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["section__position", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="scorecard_item_code_once")]

    def __str__(self) -> str:
        return self.code


class SamplingMethod(models.TextChoices):
    RANDOM = "random", "Random"
    RISK = "risk", "Weighted to risk (handoffs, repeat contacts)"


class SamplingPlan(models.Model):
    """N contacts per representative of a unit for a month, drawn at random or weighted to risk."""

    scorecard_version = models.ForeignKey(ScorecardVersion, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="First day of the month sampled")
    per_agent = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=10, choices=SamplingMethod.choices)
    channels = models.JSONField(default=list, blank=True)
    seed = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-month", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard_version", "unit", "month"], name="sampling_plan_once_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.month:%Y-%m}"


class SampledContactQuerySet(models.QuerySet["SampledContact"]):
    def visible_to(self, viewer: Viewer) -> SampledContactQuerySet:
        """Sampled contacts of plans for the units `viewer` may see."""
        if viewer.scope.unrestricted:
            return self.all()
        return self.filter(plan__unit__code__in=viewer.scope.unit_codes)


class SampledContact(models.Model):
    """A contact drawn by a plan, waiting for (or done by) an audit."""

    plan = models.ForeignKey(SamplingPlan, on_delete=models.CASCADE, related_name="contacts")
    contact_id = models.CharField(max_length=80)
    agent = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    contact_started_at = models.DateTimeField()
    handoffs = models.PositiveSmallIntegerField(default=0)
    repeated = models.BooleanField(default=False)
    risk_weight = models.FloatField(default=1.0)
    auditor = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = SampledContactQuerySet.as_manager()

    class Meta:
        ordering = ["contact_started_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "contact_id"], name="sampled_contact_once_per_plan")]

    def __str__(self) -> str:
        return self.contact_id


class AuditPurpose(models.TextChoices):
    PRODUCTION = "production", "Audit"
    CALIBRATION = "calibration", "Calibration"


class AuditStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class AuditQuerySet(models.QuerySet["Audit"]):
    def visible_to(self, viewer: Viewer) -> AuditQuerySet:
        """Production audits `viewer` may see: an agent their own completed ones; those who read their
        units' audits, their units'; an auditor also their own (drafts included)."""
        audits = self.filter(purpose=AuditPurpose.PRODUCTION)
        scope = viewer.scope
        if scope.unrestricted:
            return audits
        condition = Q(pk__in=[])
        if viewer.can(Capability.READ_UNIT_AUDITS) and scope.unit_codes:
            condition |= Q(unit__code__in=scope.unit_codes)
        if scope.agent_ids:
            condition |= Q(agent__code__in=scope.agent_ids, status=AuditStatus.COMPLETED)
        if viewer.employee_code:
            condition |= Q(auditor__code=viewer.employee_code)
        return audits.filter(condition)


class Audit(models.Model):
    """One auditor's scoring of one contact on one scorecard version."""

    scorecard_version = models.ForeignKey(ScorecardVersion, on_delete=models.PROTECT, related_name="audits")
    purpose = models.CharField(max_length=12, choices=AuditPurpose.choices, default=AuditPurpose.PRODUCTION)
    contact_id = models.CharField(max_length=80)
    contact_started_at = models.DateTimeField()
    agent = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("core.Unit", on_delete=models.SET_NULL, null=True, related_name="+")
    team = models.ForeignKey("core.Team", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    auditor = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    sample = models.OneToOneField(
        SampledContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="audit"
    )
    calibration = models.ForeignKey(
        "quality.CalibrationSession", on_delete=models.CASCADE, null=True, blank=True, related_name="audits"
    )
    status = models.CharField(max_length=10, choices=AuditStatus.choices, default=AuditStatus.DRAFT)
    score = models.FloatField(null=True, blank=True)
    passed_critical = models.BooleanField(null=True)
    summary = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-contact_started_at", "-pk"]
        indexes = [
            models.Index(fields=["agent", "contact_started_at"], name="audit_agent_when"),
            models.Index(fields=["unit", "contact_started_at"], name="audit_unit_when"),
            models.Index(fields=["purpose", "status", "contact_started_at"], name="audit_purpose_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["calibration", "auditor", "contact_id"],
                condition=models.Q(calibration__isnull=False),
                name="calibration_score_once_per_auditor",
            )
        ]

    def __str__(self) -> str:
        return f"Audit {self.pk} of {self.contact_id}"


class AuditAnswer(models.Model):
    """An item's answer: rating 1/0 for Yes/No, 1–5 on a 1–5 scale; N/A leaves the rating empty."""

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ScorecardItem, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    not_applicable = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    evidence = models.TextField(blank=True, help_text="What in the contact shows it: a time stamp, a quote")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["audit", "item"], name="audit_answer_once"),
            models.CheckConstraint(
                condition=models.Q(not_applicable=True, rating__isnull=True)
                | models.Q(not_applicable=False, rating__isnull=False),
                name="audit_answer_rating_or_na",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.audit_id}:{self.item_id}"


class DisputeOutcome(models.TextChoices):
    UPHELD = "upheld", "Score upheld"
    REVISED = "revised", "Score revised"


class Dispute(models.Model):
    """An agent's challenge of an audit, resolved by a second auditor."""

    audit = models.OneToOneField(Audit, on_delete=models.CASCADE, related_name="dispute")
    raised_by = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    raised_at = models.DateTimeField()
    resolver = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=DisputeOutcome.choices, blank=True)
    resolution = models.TextField(blank=True)
    score_before = models.FloatField()
    score_after = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Dispute of audit {self.audit_id}"


class CalibrationSessionQuerySet(models.QuerySet["CalibrationSession"]):
    def visible_to(self, viewer: Viewer) -> CalibrationSessionQuerySet:
        """Sessions `viewer` facilitates, scores or is the expert of; for those who read their units'
        calibration, also the sessions whose contacts all belong to their units (or division)."""
        if viewer.scope.unrestricted:
            return self.all()
        code = viewer.employee_code or ""
        condition = Q(participants__code=code) | Q(expert__code=code) | Q(facilitator__code=code)
        units = viewer.scope.unit_codes
        if viewer.can(Capability.READ_UNIT_CALIBRATION) and units:
            inside = CalibrationContact.objects.filter(agent__unit__code__in=units).values("session_id")
            outside = CalibrationContact.objects.exclude(agent__unit__code__in=units).values("session_id")
            condition |= Q(pk__in=inside) & ~Q(pk__in=outside)
        return self.filter(condition).distinct()


class CalibrationSession(models.Model):
    """Several auditors score the same contacts blind, optionally beside an expert's baseline."""

    title = models.CharField(max_length=200)
    scorecard_version = models.ForeignKey(ScorecardVersion, on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField()
    facilitator = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    expert = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    participants = models.ManyToManyField("core.Employee", related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CalibrationSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class CalibrationContact(models.Model):
    session = models.ForeignKey(CalibrationSession, on_delete=models.CASCADE, related_name="contacts")
    contact_id = models.CharField(max_length=80)
    agent = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    contact_started_at = models.DateTimeField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "position"]
        constraints = [models.UniqueConstraint(fields=["session", "contact_id"], name="calibration_contact_once")]

    def __str__(self) -> str:
        return self.contact_id


class ScorecardDraft(models.Model):
    """The next version of a scorecard (or the first of a new one) while its editors build it.

    Sections and items are kept as JSON in the shape the API takes
    (`[{title, items: [{code, text, scale, behavior, weight, critical}]}]`); publishing turns the
    draft into a `ScorecardVersion` through the same checks as the API, and deletes the draft.
    """

    scorecard = models.OneToOneField(Scorecard, on_delete=models.CASCADE, null=True, blank=True, related_name="draft")
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ScorecardKind.choices, default=ScorecardKind.AUDIT)
    description = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    sections = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"draft of {self.code}"


class AutoAnswerSource(models.TextChoices):
    RULE = "rule", "Rule"
    MODEL = "model", "Model"


class AutoAnswerQuerySet(models.QuerySet["AutoAnswer"]):
    def visible_to(self, viewer: Viewer) -> AutoAnswerQuerySet:
        """Auto answers of the contacts `viewer` may see: everything, their units', or their own."""
        scope = viewer.scope
        if scope.unrestricted:
            return self.all()
        condition = Q(pk__in=[])
        if scope.unit_codes:
            condition |= Q(unit_code__in=scope.unit_codes)
        if scope.agent_ids:
            condition |= Q(agent_code__in=scope.agent_ids)
        return self.filter(condition)


class AutoAnswer(models.Model):
    """Auto-QA's answer to one item of one transcribed contact (quality.auto_qa), with the evidence.

    Written only by `services.auto_qa.record_auto_answers`; scoring a contact again replaces its
    answers. `model_version` 0 means the rules answered alone (no trained model yet). `evidence_text`
    is cut from the stored, redacted transcript: it never holds an identifier.
    """

    contact_id = models.CharField(max_length=80)
    item = models.CharField(max_length=30)  # an auto item code (auto_qa.items.ITEM_CODES)
    agent_code = models.CharField(max_length=40, blank=True)
    unit_code = models.CharField(max_length=60, blank=True)
    answer = models.CharField(max_length=8)  # met, not_met, na
    confidence = models.FloatField()
    evidence_turn = models.PositiveIntegerField(null=True, blank=True)
    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    evidence_text = models.TextField(blank=True)
    source = models.CharField(max_length=5, choices=AutoAnswerSource.choices)
    model_version = models.PositiveSmallIntegerField(default=0)
    model_trained_on = models.DateField(null=True, blank=True)
    scored_at = models.DateTimeField()

    objects = AutoAnswerQuerySet.as_manager()

    class Meta:
        ordering = ["contact_id", "item"]
        constraints = [models.UniqueConstraint(fields=["contact_id", "item"], name="auto_answer_once")]
        indexes = [models.Index(fields=["agent_code", "item"], name="auto_answer_agent_item")]

    def __str__(self) -> str:
        return f"{self.contact_id}:{self.item}={self.answer}"


class AutoAnswerOverride(models.Model):
    """An auditor's answer to an auto item of a contact, replacing auto-QA's: a human answer the next
    `heartline quality train-auto` learns from (it wins over the audit's rating of the same item)."""

    contact_id = models.CharField(max_length=80)
    item = models.CharField(max_length=30)
    answer = models.CharField(max_length=8)  # met, not_met, na
    auto_answer = models.CharField(max_length=8, blank=True)  # what auto-QA had answered
    note = models.TextField(blank=True)
    auditor = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["contact_id", "item"]
        constraints = [models.UniqueConstraint(fields=["contact_id", "item"], name="auto_override_once")]

    def __str__(self) -> str:
        return f"{self.contact_id}:{self.item} overridden {self.answer}"
