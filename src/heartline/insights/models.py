"""Insights' app-database rows (segments, model cards, action outcomes, campaigns) live here."""

from __future__ import annotations

from django.db import models


class ActionOutcome(models.Model):
    """A member's answer to one next-best-action offer, as a representative (or the channel system)
    recorded it. Rows are never edited; they feed the actions' propensity and the contact policy."""

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        NOT_NOW = "not_now", "Not now"

    member_id = models.CharField(max_length=40)
    action = models.CharField(max_length=60)
    channel = models.CharField(max_length=20)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    recorded_at = models.DateTimeField()
    recorded_by = models.CharField(max_length=150)
    contact_id = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["member_id", "recorded_at"], name="insights_outcome_member"),
            models.Index(fields=["action", "outcome"], name="insights_outcome_action"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.action}: {self.outcome}"
