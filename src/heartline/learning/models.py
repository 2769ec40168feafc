"""Training programs and credentials: programs of components, waves by unit, enrollments and
completions; credential types (rules as data), each agent's credential, every state change with the
audits behind it, and in-app notifications.

Writes go through learning.services, reads through learning.selectors (scoped to the caller).
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from heartline.core.bounds import days_after


class ComponentKind(models.TextChoices):
    COURSE = "course", "Microlearning course"
    WORKSHOP = "workshop", "Workshop"
    CALL_LISTENING = "call_listening", "Call-listening and coaching session"
    BOOSTER = "booster", "Learning booster"


class Program(models.Model):
    """A training program, e.g. the 16-week compassion and service-excellence program."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    weeks = models.PositiveSmallIntegerField()
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Component(models.Model):
    """One part of a program, due by the end of week `week` (1 = the wave's first week)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="components")
    code = models.SlugField(max_length=60)
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ComponentKind.choices)
    week = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["program", "week", "code"]
        constraints = [models.UniqueConstraint(fields=["program", "code"], name="component_code_unique_in_program")]

    def __str__(self) -> str:
        return self.title

    def due_on(self, wave_starts_on: dt.date) -> dt.date:
        return days_after(wave_starts_on, 7 * self.week - 1)


class Wave(models.Model):
    """The program deployed to one unit from a start date; the unit's representatives are enrolled."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()
    unit = models.ForeignKey("core.Unit", on_delete=models.PROTECT, related_name="training_waves")
    starts_on = models.DateField()

    class Meta:
        ordering = ["program", "starts_on", "number"]
        constraints = [models.UniqueConstraint(fields=["program", "unit"], name="one_wave_per_unit_per_program")]

    def __str__(self) -> str:
        return f"{self.program.code} wave {self.number}"


class Enrollment(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="enrollments")
    employee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="enrollments")
    enrolled_on = models.DateField()

    class Meta:
        ordering = ["wave", "employee"]
        constraints = [models.UniqueConstraint(fields=["wave", "employee"], name="one_enrollment_per_wave")]

    def __str__(self) -> str:
        return f"{self.employee_id} in {self.wave}"


class Completion(models.Model):
    """An enrolled person finished a component; `source` says who recorded it (app, a CSV file, demo)."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="completions")
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="completions")
    completed_on = models.DateField()
    source = models.CharField(max_length=200, default="app")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["completed_on"]
        constraints = [models.UniqueConstraint(fields=["enrollment", "component"], name="one_completion_per_component")]

    def __str__(self) -> str:
        return f"{self.component} on {self.completed_on}"


class CredentialType(models.Model):
    """The rules of a credential, held as data (see docs/learning.md for how they are applied)."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    program = models.ForeignKey(Program, on_delete=models.SET_NULL, null=True, blank=True, related_name="credentials")
    scorecard_code = models.CharField(max_length=60, help_text="The scorecard whose audits count")
    audits_required = models.PositiveSmallIntegerField(default=3)
    threshold = models.FloatField(help_text="Score (0-100) an audit must reach to count, and the monthly bar")
    required_components = models.ManyToManyField(Component, blank=True, related_name="required_for")
    validity_months = models.PositiveSmallIntegerField(default=12)
    months_below_to_flag = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CredentialState(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    GRANTED = "granted", "Granted"
    FLAGGED = "flagged", "Flagged for re-credentialing"
    EXPIRED = "expired", "Expired"
    REVOKED = "revoked", "Revoked"
    RENEWED = "renewed", "Renewed"


class Credential(models.Model):
    """One agent's standing on one credential type; its history is in `events`."""

    credential_type = models.ForeignKey(CredentialType, on_delete=models.CASCADE, related_name="credentials")
    employee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="credentials")
    state = models.CharField(max_length=20, choices=CredentialState.choices, default=CredentialState.NOT_STARTED)
    state_since = models.DateField(null=True, blank=True)
    granted_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["credential_type", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["credential_type", "employee"], name="one_credential_per_type_and_agent")
        ]

    def __str__(self) -> str:
        return f"{self.credential_type.code}: {self.employee_id} {self.state}"


class CredentialEvent(models.Model):
    """One state change, with the day it took effect, why, and the audits it rests on."""

    credential = models.ForeignKey(Credential, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=CredentialState.choices)
    to_state = models.CharField(max_length=20, choices=CredentialState.choices)
    effective_on = models.DateField()
    reason = models.TextField()
    audit_ids = models.JSONField(default=list, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.CharField(max_length=150, default="credential rules")

    class Meta:
        ordering = ["credential", "effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state} on {self.effective_on}"


class Notification(models.Model):
    """An in-app message to one person (an agent, their coach) about a credential change."""

    recipient = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="notifications")
    message = models.TextField()
    event = models.ForeignKey(CredentialEvent, on_delete=models.CASCADE, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]


class GiverKind(models.TextChoices):
    PEER = "peer", "A peer"
    COACH = "coach", "Their coach"
    MANAGER = "manager", "A manager"
    MEMBER = "member", "A member, passed on by their coach"


class Recognition(models.Model):
    """Someone recognised a representative for a behavior (a behaviors-app code), optionally tied to
    a contact, an audit or a member's survey verbatim (passed on by the coach)."""

    recipient = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="recognitions_received")
    unit = models.ForeignKey(
        "core.Unit", on_delete=models.SET_NULL, null=True, blank=True, related_name="recognitions"
    )  # the recipient's unit when recognised: counts by unit stay put when people move
    given_by = models.ForeignKey(
        "core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="recognitions_given"
    )
    giver_kind = models.CharField(max_length=20, choices=GiverKind.choices)
    behavior_code = models.SlugField(max_length=60)
    message = models.TextField()
    contact_id = models.CharField(max_length=100, blank=True)
    audit_id = models.PositiveIntegerField(null=True, blank=True)
    survey_response_id = models.CharField(max_length=100, blank=True)
    given_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "survey_response_id"],
                condition=~models.Q(survey_response_id=""),
                name="a_member_verbatim_is_passed_on_once",
            )
        ]
        indexes = [models.Index(fields=["unit", "behavior_code"])]

    def __str__(self) -> str:
        return f"{self.recipient_id} for {self.behavior_code} on {self.given_on}"


class Booster(models.Model):
    """A short learning item tied to one behavior, and the rule that assigns it: missed in at least
    `misses_to_assign` of the representative's last `of_last_audits` audits rating that behavior."""

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=200)
    behavior_code = models.SlugField(max_length=60)
    minutes = models.PositiveSmallIntegerField(default=10)
    body = models.TextField(help_text="What the representative reads, listens to or practises")
    link = models.URLField(blank=True)
    misses_to_assign = models.PositiveSmallIntegerField(default=2)
    of_last_audits = models.PositiveSmallIntegerField(default=3)
    due_days = models.PositiveSmallIntegerField(default=14)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["behavior_code", "code"]

    def __str__(self) -> str:
        return self.title


class BoosterReason(models.TextChoices):
    AUDITS = "audits", "Missed in recent audits"
    CREDENTIAL = "credential", "Credential flagged"
    COACH = "coach", "Assigned by a coach"


class BoosterAssignment(models.Model):
    """A booster assigned to one representative, why (the audits or the credential event behind it),
    when it is due and when it was done. One open assignment per booster and person."""

    booster = models.ForeignKey(Booster, on_delete=models.CASCADE, related_name="assignments")
    employee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="booster_assignments")
    reason = models.CharField(max_length=20, choices=BoosterReason.choices)
    evidence_audit_ids = models.JSONField(default=list, blank=True)
    # contacts whose trusted auto-QA answers missed the behavior (quality.selectors.outcomes_with_trusted_auto)
    evidence_contact_ids = models.JSONField(default=list, blank=True)
    credential_event = models.ForeignKey(
        CredentialEvent, on_delete=models.SET_NULL, null=True, blank=True, related_name="booster_assignments"
    )
    assigned_on = models.DateField()
    due_on = models.DateField()
    assigned_by = models.CharField(max_length=150, default="booster rules")
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["booster", "employee"],
                condition=models.Q(completed_on__isnull=True),
                name="one_open_assignment_per_booster_and_person",
            ),
            models.UniqueConstraint(
                fields=["booster", "employee", "credential_event"],
                condition=models.Q(credential_event__isnull=False),
                name="one_assignment_per_credential_event",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booster.code} for {self.employee_id}, due {self.due_on}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.completed_on is None and self.due_on < today
