"""Coaching sessions: who coached whom, on which audits and behaviors, what the person committed to,
and when the coach follows up. Front-line coaching is about a representative's calls; leadership
coaching is a manager coaching a coach (or a leader coaching a manager) on the leadership behaviors
that reinforce the front line's — the same record, one level up.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q

from heartline.core.permissions import Capability

if TYPE_CHECKING:
    from heartline.core.viewer import Viewer


class CoachingLevel(models.TextChoices):
    FRONT_LINE = "front_line", "Front line"
    LEADERSHIP = "leadership", "Leadership"


class CoachingSessionQuerySet(models.QuerySet["CoachingSession"]):
    def visible_to(self, viewer: Viewer) -> CoachingSessionQuerySet:
        """Sessions `viewer` held or received; for those who read their units' coaching, also the
        sessions of the people in their units."""
        if viewer.scope.unrestricted:
            return self.all()
        code = viewer.employee_code or ""
        condition = Q(coach__code=code) | Q(coachee__code=code)
        if viewer.can(Capability.READ_UNIT_COACHING) and viewer.scope.unit_codes:
            condition |= Q(coachee__unit__code__in=viewer.scope.unit_codes)
        return self.filter(condition)


class CoachingSession(models.Model):
    coach = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    coachee = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=CoachingLevel.choices, default=CoachingLevel.FRONT_LINE)
    held_on = models.DateField()
    audits = models.ManyToManyField("quality.Audit", blank=True, related_name="+")
    focus_behaviors = models.ManyToManyField("behaviors.Behavior", related_name="+")
    # The structured coaching form (a quality scorecard of kind "coaching_form"): item code -> 1–5.
    form_version = models.ForeignKey(
        "quality.ScorecardVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    form_ratings = models.JSONField(default=dict, blank=True)
    notes = models.TextField(blank=True)
    commitments = models.TextField(blank=True, help_text="What the person coached commits to, one per line")
    follow_up_on = models.DateField(null=True, blank=True)
    followed_up_on = models.DateField(null=True, blank=True)
    follow_up_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CoachingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["coach", "followed_up_on", "follow_up_on"], name="coaching_follow_up_queue")]

    def __str__(self) -> str:
        return f"Coaching {self.held_on} ({self.coachee_id})"


class LeaderCommitmentQuerySet(models.QuerySet["LeaderCommitment"]):
    def visible_to(self, viewer: Viewer) -> LeaderCommitmentQuerySet:
        """A leader's own commitments; for those who follow leaders, those of the leaders in their
        units (an executive's units are the division's; admins see all)."""
        if viewer.scope.unrestricted:
            return self.all()
        condition = Q(leader__code=viewer.employee_code or "")
        if viewer.can(Capability.FOLLOW_LEADERS) and viewer.scope.unit_codes:
            condition |= Q(leader__unit__code__in=viewer.scope.unit_codes)
        return self.filter(condition)


class LeaderCommitment(models.Model):
    """One thing a leader (a coach or a manager) committed to in leadership coaching: a leadership
    behavior they will practise, and the front-line behaviors it is meant to reinforce in their team."""

    leader = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    session = models.ForeignKey(
        CoachingSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="leader_commitments"
    )
    leadership_behavior = models.ForeignKey("behaviors.Behavior", on_delete=models.PROTECT, related_name="+")
    reinforces = models.ManyToManyField("behaviors.Behavior", blank=True, related_name="+")
    text = models.CharField(max_length=300)
    made_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    objects = LeaderCommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["leader", "made_on", "pk"]

    def __str__(self) -> str:
        return f"{self.leader_id}: {self.text}"


class ProgressMade(models.TextChoices):
    KEPT = "kept", "Kept"
    PARTLY = "partly", "Partly kept"
    NOT_DONE = "not_done", "Not done"


class LeaderCheckIn(models.Model):
    """A leader's monthly check-in: what was done on each open commitment that month, recorded by
    the leader or the person a level up (VP → managers → coaches)."""

    leader = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="+")
    month = models.DateField(help_text="The first day of the month checked in on")
    held_on = models.DateField()
    recorded_by = models.ForeignKey("core.Employee", on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["leader", "-month"]
        constraints = [models.UniqueConstraint(fields=["leader", "month"], name="coaching_one_check_in_a_month")]

    def __str__(self) -> str:
        return f"{self.leader_id} {self.month:%Y-%m}"


class CommitmentProgress(models.Model):
    """What was done on one commitment in one check-in."""

    check_in = models.ForeignKey(LeaderCheckIn, on_delete=models.CASCADE, related_name="progress")
    commitment = models.ForeignKey(LeaderCommitment, on_delete=models.CASCADE, related_name="progress")
    progress = models.CharField(max_length=10, choices=ProgressMade.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["check_in", "commitment"], name="coaching_one_progress_per_check_in")
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id}: {self.progress}"
