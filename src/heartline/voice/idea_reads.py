"""What other apps may read of ideas: those adopted, with the unit and the day (`AdoptedIdea`).

The practice library lists an idea adopted in one unit as a proposal to the others; it reads ideas
only through this function, scoped like every idea read (the caller's division).
"""

from __future__ import annotations

from django.db.models import Max, Q

from heartline.core.contracts import Caller
from heartline.voice.contracts import AdoptedIdea
from heartline.voice.models import IdeaStatus
from heartline.voice.selectors import visible_ideas


def adopted_ideas(caller: Caller, references: list[str] | None = None) -> list[AdoptedIdea]:
    """Adopted ideas the caller may see (of `references` when given), latest adopted first."""
    ideas = visible_ideas(caller).filter(status=IdeaStatus.ADOPTED).exclude(reference=None)
    if references is not None:
        ideas = ideas.filter(reference__in=references)
    ideas = ideas.annotate(adopted_at=Max("transitions__at", filter=Q(transitions__to_status=IdeaStatus.ADOPTED)))
    found = [
        AdoptedIdea(
            reference=str(i.reference),
            title=i.title,
            unit_code=i.unit_code,
            adopted_on=(i.adopted_at or i.updated_at).date(),
            outcome=i.outcome,
        )
        for i in ideas
    ]
    return sorted(found, key=lambda a: (a.adopted_on, a.reference), reverse=True)
