"""Values and the behaviors that make them concrete, unit wordings with versions, rehearsal sessions.

A `Value` (e.g. Compassion) is served by `Behavior`s, each front-line or leadership; a leadership
behavior may reinforce front-line ones. A behavior's words live in `BehaviorWording` rows: the
division's wording (unit empty) and any unit's adaptation, each numbered and in force from a moment
on, so an audit can show the words in force the day the call happened. Nothing is overwritten: a new
wording is a new row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from heartline.core.viewer import Viewer


class BehaviorKind(models.TextChoices):
    FRONT_LINE = "front_line", "Front line"
    LEADERSHIP = "leadership", "Leadership"


class Value(models.Model):
    """One of the division's values (Compassion, Ownership…)."""

    division = models.ForeignKey("core.Division", on_delete=models.CASCADE, related_name="values")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Behavior(models.Model):
    """A behavior expected of front-line staff or of leaders; its words are in `BehaviorWording`."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="behaviors")
    code = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=BehaviorKind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    # Leadership behaviors that encourage and reward this (front-line) behavior.
    reinforced_by = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="reinforces", limit_choices_to={"kind": "leadership"}
    )

    class Meta:
        ordering = ["value__position", "kind", "position", "code"]

    def __str__(self) -> str:
        return self.code


class BehaviorWording(models.Model):
    """The words of a behavior from `effective_from` on: the division's (no unit) or one unit's."""

    behavior = models.ForeignKey(Behavior, on_delete=models.CASCADE, related_name="wordings")
    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    looks_like = models.TextField(blank=True, help_text="Examples of the behavior, one per line")
    does_not_look_like = models.TextField(blank=True, help_text="Counter-examples, one per line")
    effective_from = models.DateTimeField()
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["behavior", "unit", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["behavior", "unit", "version"], name="behavior_wording_version_once"),
            models.UniqueConstraint(
                fields=["behavior", "version"],
                condition=models.Q(unit__isnull=True),
                name="behavior_division_wording_version_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.behavior.code} v{self.version}"


class RehearsalSessionQuerySet(models.QuerySet["RehearsalSession"]):
    def visible_to(self, viewer: Viewer) -> RehearsalSessionQuerySet:
        """Sessions of the units `viewer` may see; an agent, the ones they attended."""
        scope = viewer.scope
        if scope.unrestricted:
            return self.all()
        condition = Q(unit__code__in=scope.unit_codes)
        if scope.agent_ids:
            condition |= Q(attendees__code__in=scope.agent_ids)
        return self.filter(condition).distinct()


class RehearsalSession(models.Model):
    """Front-line staff reviewing and practising behaviors in a small group."""

    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    held_on = models.DateField()
    facilitator = models.ForeignKey("core.Employee", on_delete=models.SET_NULL, null=True, related_name="+")
    behaviors = models.ManyToManyField(Behavior, related_name="rehearsals")
    attendees = models.ManyToManyField("core.Employee", related_name="+")
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RehearsalSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Rehearsal {self.held_on}"
