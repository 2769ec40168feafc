"""What a FHIR R4 `Provenance` a Heartline exported says of a member's preference change (docs/adr/0009).

Read on load (`inbound`); written by `preference_out`, with the extension defined here so the two
sides cannot drift apart. Only Provenance carrying PREFERENCE_CHANGE are read: the values are checked
as `record_preference` checks them, and a problem names the element it is in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from heartline.core.errors import ActionRefused
from heartline.members.models import Source
from heartline.members.preferences import FIELDS, normalized_preference

PREFERENCE_CHANGE = "urn:heartline:fhir:extension:preference-change"
PARTS = ("field", "oldValue", "newValue", "source", "recordedBy")


class UnreadableChange(ValueError):
    """A Provenance that is no preference change Heartline can store; `path` names the element."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


@dataclass(frozen=True)
class ChangeRecord:
    """One preference change as a Provenance says it (the member still a Patient reference)."""

    patient: str
    field: str
    old_value: str
    new_value: str
    source: str
    recorded_at: dt.datetime
    recorded_by: str


def _text(part: dict[str, Any]) -> str:
    return str(part.get("valueCode") or part.get("valueString") or "")


def read_change(resource: dict[str, Any], recorded_at: dt.datetime | None) -> ChangeRecord:
    """The preference change a Provenance Heartline exported records; UnreadableChange naming the
    element when it records none or a change Heartline cannot hold."""
    found = [
        (position, e)
        for position, e in enumerate(resource.get("extension") or [])
        if isinstance(e, dict) and e.get("url") == PREFERENCE_CHANGE
    ]
    if not found:
        raise UnreadableChange(
            "Provenance.extension",
            f"no {PREFERENCE_CHANGE} extension: Heartline reads Provenance only as a member's preference change",
        )
    position, extension = found[0]
    path = f"Provenance.extension[{position}]"
    said: dict[str, str] = {}
    where: dict[str, str] = {}
    for index, part in enumerate(extension.get("extension") or []):
        name = str(part.get("url") or "") if isinstance(part, dict) else ""
        if name in PARTS:
            said[name] = _text(part)
            where[name] = f"{path}.extension[{index}]"
    if not said.get("field"):
        raise UnreadableChange(f"{path}.extension('field')", "missing: which preference changed")
    field = said["field"]
    if field not in FIELDS:
        raise UnreadableChange(where["field"], f"{field!r} is not a preference; one of: {', '.join(FIELDS)}")
    values = {}
    for name in ("oldValue", "newValue"):
        value = said.get(name, "")
        try:
            values[name] = normalized_preference(field, value) if value else ""
        except ActionRefused as exc:
            raise UnreadableChange(where[name], str(exc)) from exc
    source = said.get("source", Source.IMPORT)
    if source not in Source.values:
        raise UnreadableChange(where["source"], f"{source!r} is not a source; one of: {', '.join(Source.values)}")
    if recorded_at is None:
        raise UnreadableChange("Provenance.recorded", "missing: when the change was recorded")
    patients = [
        str(t.get("reference") or "")
        for t in resource.get("target") or []
        if isinstance(t, dict) and "Patient/" in str(t.get("reference") or "")
    ]
    if not patients:
        raise UnreadableChange("Provenance.target", "no reference to the Patient whose preference changed")
    return ChangeRecord(
        patient=patients[0],
        field=field,
        old_value=values["oldValue"],
        new_value=values["newValue"],
        source=source,
        recorded_at=recorded_at,
        recorded_by=said.get("recordedBy", "")[:150],
    )
