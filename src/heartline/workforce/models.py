"""The workforce app's own records: the planner's event calendar (staffing plans come with the staffing work)."""

from __future__ import annotations

from django.db import models

from heartline.core.bounds import NAME_CHARS
from heartline.workforce.calendar_events import ENROLLMENT_PERIOD, EVENT_KINDS, CalendarEvent


class PlanningEvent(models.Model):
    """An event a planner entered (an ID-card mailing, a campaign, a closure) that changes contact volume.

    `queues` is a comma-separated list of queue names; blank means every queue. The built-in events
    (Medicare AEP, ACA open enrollment, federal holidays) are computed each year, not stored.
    """

    name = models.CharField(max_length=NAME_CHARS)
    kind = models.CharField(
        max_length=30, choices=[(k, k.replace("_", " ")) for k in EVENT_KINDS], default=ENROLLMENT_PERIOD
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    queues = models.CharField(max_length=500, blank=True, default="")
    created_by = models.CharField(max_length=150, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("starts_on", "name")

    def __str__(self) -> str:
        return f"{self.name} ({self.starts_on} – {self.ends_on})"

    def queue_names(self) -> frozenset[str]:
        return frozenset(q.strip() for q in self.queues.split(",") if q.strip())

    def as_event(self) -> CalendarEvent:
        return CalendarEvent(self.name, self.kind, self.starts_on, self.ends_on, self.queue_names(), event_id=self.pk)
