"""Organization and people: divisions, units, teams, queues, employees, API tokens, the access log.

Models hold data and the invariants of one record; every write goes through core.services and every
read through core.selectors, which apply the caller's scope.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from heartline.core.permissions import Capability
from heartline.core.roles import Role as Role  # re-exported: the role field's choices live with the policy

if TYPE_CHECKING:
    from heartline.core.viewer import Viewer


class Division(models.Model):
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(models.QuerySet["Unit"]):
    def visible_to(self, viewer: Viewer) -> UnitQuerySet:
        """The units `viewer` may see: those of their scope, or (an agent) their own unit."""
        scope = viewer.scope
        if scope.unrestricted:
            return self.all()
        condition = Q(code__in=scope.unit_codes)
        if scope.agent_ids:
            condition |= Q(employees__code__in=scope.agent_ids)
        return self.filter(condition).distinct()


class Unit(models.Model):
    """A business unit of a division (commercial inbound, Medicare, pharmacy…).

    `code` is the key the warehouse facts carry in their `unit` column.
    """

    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    legacy_company = models.CharField(max_length=100, blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamQuerySet(models.QuerySet["Team"]):
    def visible_to(self, viewer: Viewer) -> TeamQuerySet:
        """The teams of the units `viewer` may see."""
        return self.filter(unit__in=Unit.objects.visible_to(viewer))


class Team(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="teams")
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["unit__name", "name"]

    def __str__(self) -> str:
        return self.name


class LineOfBusiness(models.TextChoices):
    """The lines of business regulators judge a plan's service by (the same codes as warehouse cases)."""

    MEDICARE_PART_C = "medicare_part_c", "Medicare Advantage (Part C)"
    MEDICARE_PART_D = "medicare_part_d", "Medicare Part D"
    MEDICAID = "medicaid", "Medicaid"
    COMMERCIAL = "commercial", "Commercial"


class Queue(models.Model):
    """A routing queue (telephony or digital) and the unit that answers it.

    `line_of_business` says whose members the queue serves, for the standards a regulator holds that
    line's call centre to (CMS's hold time and disconnect rate for Medicare); empty when it serves
    several lines."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="queues")
    line_of_business = models.CharField(max_length=20, choices=LineOfBusiness.choices, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class EmployeeQuerySet(models.QuerySet["Employee"]):
    def visible_to(self, viewer: Viewer) -> EmployeeQuerySet:
        """The people `viewer` may see: those of the units in their scope, and (an agent) themselves."""
        scope = viewer.scope
        if scope.unrestricted:
            return self.all()
        return self.filter(Q(unit__code__in=scope.unit_codes) | Q(code__in=scope.agent_ids))


class Employee(models.Model):
    """A person on staff, linked to a login. `code` is the `agent_id` warehouse facts carry."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employee")
    code = models.SlugField(max_length=40, unique=True)
    role = models.CharField(max_length=32, choices=Role.choices)
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="employees")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="employees")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="members")
    # Coaches, QA analysts and managers may look after several units.
    scope_units = models.ManyToManyField(Unit, blank=True, related_name="scoped_employees")
    hire_date = models.DateField(null=True, blank=True)
    languages = models.JSONField(default=list, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=True) | models.Q(unit__isnull=False),
                name="employee_team_needs_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"


TOKEN_LIFETIME_DAYS = 90


def default_token_expiry() -> dt.datetime:
    """When a token issued now stops working unless told otherwise: TOKEN_LIFETIME_DAYS from now."""
    return timezone.now() + dt.timedelta(days=TOKEN_LIFETIME_DAYS)


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once.

    It stops working at `expires_at`; `last_used_at` is refreshed at most once a minute."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=12)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_token_expiry)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.employee.code})"


class TokenFailure(models.Model):
    """One request that presented a bearer token matching no usable token, kept for the cool-off
    period so that an address guessing tokens can be refused (heartline.core.throttle)."""

    address = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.address}"


class AccessOutcome(models.TextChoices):
    SHOWN = "shown", "shown"
    DENIED = "denied", "denied"


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    def visible_to(self, viewer: Viewer) -> AccessLogQuerySet:
        """The whole log for those who may read it (compliance, admins); nothing for anyone else."""
        return self.all() if viewer.can(Capability.READ_ACCESS_LOG) else self.none()


class AccessLogEntry(models.Model):
    """One access to protected data (a list of contacts, a contact's page, an ingest, a token issued),
    or one refused because the object lies outside the caller's scope or the action their role (denied).

    `username` is kept as written so the entry still says who it was after the login is deleted.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    username = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    resource = models.CharField(max_length=200)
    detail = models.JSONField(default=dict, blank=True)
    channel = models.CharField(max_length=20, default="web")
    # The member whose data was shown or refused (blank when the entry is about no one member): what
    # the compliance officer's access log and a member's accounting of disclosures filter on.
    member_id = models.CharField(max_length=40, blank=True, db_index=True)
    # Whether the data was shown, or the request refused because the caller may not see or do it.
    outcome = models.CharField(max_length=10, choices=AccessOutcome.choices, default=AccessOutcome.SHOWN)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.resource}"
