"""Members' master data and preferences (PHI). The single member view arrives in a later round."""

from __future__ import annotations

from django.db import models


class Member(models.Model):
    """A health-plan member. `member_id` is the key warehouse facts carry in their `member_id` column."""

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        SPANISH = "es", "Spanish"
        CHINESE = "zh", "Chinese"

    class Channel(models.TextChoices):
        PHONE = "phone", "Phone"
        CHAT = "chat", "Chat"
        EMAIL = "email", "Email"
        PORTAL = "portal", "Portal"
        SMS = "sms", "SMS"

    member_id = models.CharField(max_length=40, unique=True)
    plan = models.CharField(max_length=60)
    legacy_company = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    preferred_channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.PHONE)
    enrolled_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member_id"]

    def __str__(self) -> str:
        return self.member_id
