"""The roles a person of staff holds: one per employee, the key of every row in the permission policy.

Defined apart from the models so the policy (`heartline.core.permissions`) and the caller contract
can name roles without importing the ORM; `heartline.core.models` re-exports `Role`.
"""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    AGENT = "agent", "Representative"
    COACH = "coach", "Coach"
    QA_ANALYST = "qa_analyst", "QA analyst"
    TRAINER = "trainer", "Trainer"
    CX_ANALYST = "cx_analyst", "CX analyst"
    WORKFORCE_PLANNER = "workforce_planner", "Workforce planner"
    MANAGER = "manager", "Manager"
    EXECUTIVE = "executive", "Executive"
    CARE_MANAGER = "care_manager", "Care manager"
    COMPLIANCE = "compliance", "Compliance officer"
    ADMIN = "admin", "Administrator"
