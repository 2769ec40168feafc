"""Members' master data, preferences and consent (PHI, in the app database only).

A `Member` is what a representative needs on the screen when the member calls: who they are, how to
reach them, their plan and coverage, and flags that change how to serve them. Their claims,
encounters, conditions and medication fills are high-volume history and live in the warehouse
(`heartline.members.tables`), joined by `member_id` only; names and addresses never go there.

Preferences and consent are versioned: every change is a new `PreferenceChange` or `ConsentDecision`
row with its source and time, and the current answer is the latest row. Resources received over FHIR
that Heartline does not map to its own fields (practitioners, organizations, the original Consent)
are kept as received in `StoredResource`.
"""

from __future__ import annotations

from django.db import models


class Channel(models.TextChoices):
    """Ways to reach a member. Autodialed/prerecorded calls and SMS need express consent (TCPA)."""

    PHONE = "phone", "Phone call"
    AUTODIALED = "autodialed", "Autodialed or prerecorded call"
    SMS = "sms", "SMS"
    EMAIL = "email", "Email"
    MAIL = "mail", "Mail"
    PORTAL = "portal", "Portal message"
    CHAT = "chat", "Chat"


class Purpose(models.TextChoices):
    """Why Heartline would reach out: consent is given per channel and purpose."""

    SERVICE = "service", "Service (claims, benefits, coverage)"
    CARE = "care", "Care (reminders, care management)"
    MARKETING = "marketing", "Marketing"


class Source(models.TextChoices):
    """Where a preference or consent change came from."""

    CALL = "call", "On a call"
    PORTAL = "portal", "Member portal"
    FHIR = "fhir", "FHIR Consent"
    IMPORT = "import", "Import"


class Member(models.Model):
    """A health-plan member. `member_id` is the key warehouse facts carry in their `member_id` column."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Spanish"
        CHINESE = "zh", "Chinese"

    # The channels a member may prefer to be served on (a subset of `Channel`).
    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        CHAT = "chat", "Chat"
        EMAIL = "email", "Email"
        PORTAL = "portal", "Portal"
        SMS = "sms", "SMS"

    class Sex(models.TextChoices):  # FHIR administrative gender
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        OTHER = "other", "Other"
        UNKNOWN = "unknown", "Unknown"

    member_id = models.CharField(max_length=40, unique=True)
    plan = models.CharField(max_length=60)
    legacy_company = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    preferred_channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PHONE)
    enrolled_on = models.DateField(null=True, blank=True)

    # Who they are and how to reach them.
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    birth_date = models.DateField(null=True, blank=True, db_index=True)
    sex = models.CharField(max_length=8, choices=Sex.choices, blank=True)
    address_line = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=40, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # The phone's digits alone (no country code 1), what a search by phone matches.
    phone_digits = models.CharField(max_length=20, blank=True, db_index=True)
    email = models.CharField(max_length=254, blank=True)
    # Lower-case "given family", what a search by name matches.
    search_name = models.CharField(max_length=201, blank=True, db_index=True)

    # Preferences beyond channel and language (each change is a PreferenceChange).
    time_zone = models.CharField(max_length=64, blank=True)  # IANA name; blank: the organization's
    quiet_hours_start = models.TimeField(null=True, blank=True)  # member's local time
    quiet_hours_end = models.TimeField(null=True, blank=True)

    # Care team and flags that change how to serve them.
    pcp_name = models.CharField(max_length=200, blank=True)
    pcp_npi = models.CharField(max_length=20, blank=True)
    dual_eligible = models.BooleanField(default=False)
    uses_tty = models.BooleanField(default=False)  # hearing-impaired: TTY/relay
    needs_interpreter = models.BooleanField(default=False)

    # Where the record came from: the source Patient's id and meta.lastUpdated (blank/None: not FHIR).
    fhir_id = models.CharField(max_length=64, blank=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["member_id"]
        indexes = [models.Index(fields=["family_name", "given_name"], name="member_name_idx")]

    def __str__(self) -> str:
        return self.member_id


class Coverage(models.Model):
    """One period of coverage under a plan (FHIR Coverage)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        CANCELLED = "cancelled", "Cancelled"
        DRAFT = "draft", "Draft"
        ENTERED_IN_ERROR = "entered-in-error", "Entered in error"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="coverages")
    coverage_id = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    payer = models.CharField(max_length=200, blank=True)
    plan = models.CharField(max_length=100, blank=True)  # the plan's name or code
    product = models.CharField(max_length=100, blank=True)  # line of business, e.g. medicare_advantage
    subscriber_id = models.CharField(max_length=64, blank=True)
    relationship = models.CharField(max_length=20, blank=True)  # self, spouse, child…
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)  # None: open-ended
    source_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["member", "-starts_on"]

    def __str__(self) -> str:
        return f"{self.coverage_id} ({self.plan})"


class PreferenceChange(models.Model):
    """One change of a member's preference (channel, language, time zone, quiet hours), as recorded."""

    class Field(models.TextChoices):
        PREFERRED_CHANNEL = "preferred_channel", "Preferred channel"
        LANGUAGE = "language", "Language"
        TIME_ZONE = "time_zone", "Time zone"
        QUIET_HOURS = "quiet_hours", "Quiet hours"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="preference_changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    old_value = models.CharField(max_length=100, blank=True)
    new_value = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(db_index=True)
    recorded_by = models.CharField(max_length=150, blank=True)  # username, kept as written

    class Meta:
        ordering = ["member", "-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_id} {self.field}: {self.old_value!r} → {self.new_value!r}"


class ConsentDecision(models.Model):
    """A member's yes or no to being reached on one channel for one purpose, from `recorded_at` on.

    Rows are never changed: a later decision for the same channel and purpose supersedes it. `express`
    records express (written) consent, which SMS and autodialed calls need.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="consent_decisions")
    channel = models.CharField(max_length=12, choices=Channel.choices)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    granted = models.BooleanField()
    express = models.BooleanField(default=False)
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_at = models.DateTimeField(db_index=True)
    recorded_by = models.CharField(max_length=150, blank=True)
    reference = models.CharField(max_length=200, blank=True)  # e.g. "Consent/abc", a contact id

    class Meta:
        ordering = ["member", "channel", "purpose", "-recorded_at", "-id"]
        indexes = [models.Index(fields=["member", "channel", "purpose", "recorded_at"], name="consent_latest_idx")]

    def __str__(self) -> str:
        verdict = "yes" if self.granted else "no"
        return f"{self.member_id} {self.channel}:{self.purpose} {verdict}"


class StoredResource(models.Model):
    """A FHIR resource kept as received (Practitioner, Organization, Consent, …), newest version only."""

    resource_type = models.CharField(max_length=40)
    resource_id = models.CharField(max_length=64)
    member_id = models.CharField(max_length=40, blank=True, db_index=True)
    source_updated_at = models.DateTimeField(null=True, blank=True)
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)  # sha256 of the canonical JSON: unchanged re-loads

    class Meta:
        ordering = ["resource_type", "resource_id"]
        constraints = [
            models.UniqueConstraint(fields=["resource_type", "resource_id"], name="stored_resource_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_type}/{self.resource_id}"


class LoadedResource(models.Model):
    """The version of a FHIR resource a load last stored, as the hash of its NDJSON line: a re-load of
    the same line is known unchanged before it is parsed or validated again (docs/fhir.md, "Speed")."""

    resource_type = models.CharField(max_length=40)
    resource_id = models.CharField(max_length=64)
    # sha256 of the member-id system setting and the line as received (whitespace at its ends aside)
    line_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource_type", "resource_id"], name="loaded_resource_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.resource_type}/{self.resource_id}"
