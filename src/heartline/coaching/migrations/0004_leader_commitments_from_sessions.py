"""Existing leadership sessions' free-text commitments become commitment records: one a line, tied to
the session's first focus behavior (a leadership behavior) and the front-line behaviors the catalog
says it reinforces, made on the day of the session. The free text stays on the session as written.
Sessions with no focus behavior or no commitments are left as they are."""

from __future__ import annotations

from typing import Any

from django.db import migrations

SHORT_NOTE_CHARS = 300


def forwards(apps: Any, schema_editor: Any) -> None:
    session_model = apps.get_model("coaching", "CoachingSession")
    commitment_model = apps.get_model("coaching", "LeaderCommitment")
    behavior_model = apps.get_model("behaviors", "Behavior")
    sessions = session_model.objects.filter(level="leadership").exclude(commitments="")
    for session in sessions.prefetch_related("focus_behaviors"):
        if commitment_model.objects.filter(session=session).exists():
            continue
        focus = sorted(b.pk for b in session.focus_behaviors.all())
        lines = [line.strip()[:SHORT_NOTE_CHARS] for line in session.commitments.splitlines() if line.strip()]
        if not focus or not lines:
            continue
        reinforced = list(behavior_model.objects.filter(reinforced_by=focus[0]).values_list("pk", flat=True))
        for line in lines:
            commitment = commitment_model.objects.create(
                leader_id=session.coachee_id,
                session=session,
                leadership_behavior_id=focus[0],
                text=line,
                made_on=session.held_on,
            )
            commitment.reinforces.set(reinforced)


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_leader_follow_ups"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
