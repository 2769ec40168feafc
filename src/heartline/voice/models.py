"""Improvement ideas staff propose in answer to what members say, their votes, comments and history.

An idea is tied to what prompted it — a theme, a key driver or a result — by `link_kind` and
`link_code`, and has a stable `reference` (IDEA-00042) that other apps (the practice library) may link
to. Its status moves new → under review → testing → adopted / declined, one service per move
(`voice.services`), each move kept in `IdeaTransition` with who made it and why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from heartline.core.viewer import Viewer


class IdeaStatus(models.TextChoices):
    NEW = "new", "New"
    UNDER_REVIEW = "under_review", "Under review"
    TESTING = "testing", "Testing"
    ADOPTED = "adopted", "Adopted"
    DECLINED = "declined", "Declined"


class LinkKind(models.TextChoices):
    THEME = "theme", "Theme"
    DRIVER = "driver", "Key driver"
    RESULT = "result", "Result"


class IdeaQuerySet(models.QuerySet["Idea"]):
    def visible_to(self, viewer: Viewer, division_code: str | None) -> IdeaQuerySet:
        """Ideas `viewer` may see: those of their division (`division_code`, the caller's, looked up
        by the selectors); every idea for an operator or a superuser with no employee record; none
        for anyone else without one."""
        if viewer.employee_code is None or division_code is None:
            return self.all() if viewer.scope.unrestricted else self.none()
        return self.filter(division_code=division_code)


class Idea(models.Model):
    reference = models.CharField(max_length=20, unique=True, null=True, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    link_kind = models.CharField(max_length=10, choices=LinkKind.choices)
    link_code = models.CharField(max_length=60)
    status = models.CharField(max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW, db_index=True)
    # Why it was declined, or what was done when it was adopted ("you said, we did").
    outcome = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        "core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="voice_ideas"
    )
    proposer_name = models.CharField(max_length=200)  # kept when the employee record goes
    division_code = models.CharField(max_length=40, db_index=True)
    unit_code = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"


class IdeaVote(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey("core.Employee", on_delete=models.CASCADE, related_name="voice_votes")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["idea", "voter"], name="one_vote_per_person_per_idea")]

    def __str__(self) -> str:
        return f"vote for {self.idea_id} by {self.voter_id}"


class IdeaComment(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        "core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="voice_comments"
    )
    author_name = models.CharField(max_length=200)
    text = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"comment by {self.author_name} on {self.idea_id}"


class IdeaTransition(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    to_status = models.CharField(max_length=20, choices=IdeaStatus.choices)
    by = models.ForeignKey(
        "core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="voice_transitions"
    )
    by_name = models.CharField(max_length=200)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.from_status} → {self.to_status}"


# -- closed-loop follow-up ------------------------------------------------------------------------


class FollowUpTrigger(models.TextChoices):
    DETRACTOR = "detractor", "Detractor (NPS 0–6)"
    LOW_CSAT = "low_csat", "Low satisfaction (CSAT 1–2)"
    COMPLAINT = "complaint", "Complaint in the verbatim"


class FollowUpOutcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved"
    EXPLAINED = "explained", "Explained"
    GRIEVANCE_FILED = "grievance_filed", "Grievance filed"


class FollowUpQuerySet(models.QuerySet["FollowUp"]):
    def visible_to(self, viewer: Viewer) -> FollowUpQuerySet:
        """Follow-ups of the units the viewer may see (every unit for an operator or an administrator)."""
        if viewer.scope.unrestricted:
            return self.all()
        return self.filter(unit_code__in=sorted(viewer.scope.unit_codes))


class FollowUp(models.Model):
    """A call back owed to a member whose survey response was low or named a complaint.

    One per survey response (`response_id` is unique: opening follow-ups again on the same responses
    opens nothing new). The member's unit is the surveyed contact's unit; `due_at` is the end of the
    unit's business-day allowance after `opened_at`. The verbatim is stored redacted.
    """

    response_id = models.CharField(max_length=80, unique=True)
    member_id = models.CharField(max_length=40, db_index=True)
    contact_id = models.CharField(max_length=80, blank=True)
    agent_code = models.CharField(max_length=40, blank=True)
    unit_code = models.CharField(max_length=40, db_index=True)
    trigger = models.CharField(max_length=20, choices=FollowUpTrigger.choices)
    nps = models.SmallIntegerField(null=True, blank=True)
    csat = models.SmallIntegerField(null=True, blank=True)
    complaint_themes = models.CharField(max_length=200, blank=True)  # taxonomy codes, comma-separated
    verbatim = models.TextField(blank=True)  # redacted
    responded_at = models.DateTimeField()
    opened_at = models.DateTimeField()
    due_at = models.DateTimeField()
    business_days = models.PositiveSmallIntegerField()
    outcome = models.CharField(max_length=20, choices=FollowUpOutcome.choices, blank=True, db_index=True)
    note = models.TextField(blank=True)  # redacted
    called_at = models.DateTimeField(null=True, blank=True)  # when the member was called back (the clock stops)
    closed_at = models.DateTimeField(null=True, blank=True)  # when the outcome was recorded
    closed_by = models.ForeignKey(
        "core.Employee", on_delete=models.SET_NULL, null=True, blank=True, related_name="voice_follow_ups"
    )
    closed_by_name = models.CharField(max_length=200, blank=True)
    case_id = models.CharField(max_length=40, blank=True)  # the regulated case a grievance opened

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["unit_code", "opened_at"], name="voice_followup_unit_opened")]

    def __str__(self) -> str:
        return f"follow-up {self.pk} of response {self.response_id}"

    @property
    def is_open(self) -> bool:
        return not self.outcome
