"""The compliance app's own records: the alerts sent when a decision clock runs low."""

from __future__ import annotations

from django.db import models


class ClockThreshold(models.TextChoices):
    """When a case's owner is warned (docs/compliance.md, "Alerts")."""

    AT_RISK = "at_risk", "75% of the clock used"
    OVERDUE = "overdue", "past its due time"


class ClockAlert(models.Model):
    """One warning that a case's clock crossed one threshold; at most one per case and threshold, so a
    re-run of the alert task never warns twice."""

    case_id = models.CharField(max_length=64)
    threshold = models.CharField(max_length=16, choices=ClockThreshold.choices)
    owner_code = models.CharField(max_length=64, blank=True)  # the employee working the case, if any
    unit_code = models.CharField(max_length=64, blank=True)
    rule_name = models.CharField(max_length=200)
    due_at = models.DateTimeField()
    raised_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case_id", "threshold"], name="one_alert_per_case_threshold")]
        ordering = ["-raised_at", "case_id"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.threshold}"
