"""What a transcript is, and the checks every record passes before anything is stored.

Two layouts are read into the same `Transcript`: Heartline's native one (`contact_id`, `language`,
`turns`: `speaker`, `start_ms`, `end_ms`, `text`) and Amazon Connect Contact Lens output
(`CustomerMetadata.ContactId`, `LanguageCode`, `Transcript[]` with `ParticipantId`,
`BeginOffsetMillis`, `EndOffsetMillis`, `Content`). Each check returns the problems it found as
`(field, reason)` pairs; the reasons never quote a turn's text (it is where member details are).
docs/transcripts.md lists the rules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGUAGES = ("en", "es", "zh")
SPEAKERS = ("agent", "member", "system")
NATIVE_FIELDS = ("contact_id", "language", "turns")
TURN_FIELDS = ("speaker", "start_ms", "end_ms", "text")
MAX_ID_LENGTH = 200
MAX_TURNS = 5_000
MAX_TURN_LENGTH = 10_000  # characters in one turn
MAX_MS = 24 * 3_600_000  # a contact longer than a day is a bad offset, not a long call
# Contact Lens participant roles → Heartline speakers (a supervisor who barges in speaks for the plan).
CONTACT_LENS_ROLES = {
    "AGENT": "agent",
    "SUPERVISOR": "agent",
    "CUSTOMER": "member",
    "SYSTEM": "system",
    "CUSTOM_BOT": "system",
}
CONTACT_LENS_LANGUAGES = {"en": "en", "es": "es", "zh": "zh", "cmn": "zh", "yue": "zh"}

Issue = tuple[str | None, str]  # (field, reason)


@dataclass(frozen=True)
class Turn:
    speaker: str
    start_ms: int
    end_ms: int
    text: str


@dataclass(frozen=True)
class Transcript:
    """One contact's transcript as received (raw text): what is redacted, stored and encrypted."""

    contact_id: str
    language: str
    source: str  # native or contact-lens
    turns: tuple[Turn, ...]

    @property
    def duration_ms(self) -> int:
        return max((t.end_ms for t in self.turns), default=0)

    def as_json(self) -> dict[str, Any]:
        """The native layout (what the raw store keeps, encrypted)."""
        return {
            "contact_id": self.contact_id,
            "language": self.language,
            "source": self.source,
            "turns": [
                {"speaker": t.speaker, "start_ms": t.start_ms, "end_ms": t.end_ms, "text": t.text} for t in self.turns
            ],
        }


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a number"


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def check_id(value: object, field: str) -> tuple[str | None, list[Issue]]:
    if value is None or value == "":
        return None, [(field, "is required but empty")]
    if not isinstance(value, str):
        return None, [(field, f"is {_kind(value)}, not text")]
    if len(value) > MAX_ID_LENGTH:
        return None, [(field, f"is longer than {MAX_ID_LENGTH} characters")]
    if "\x00" in value or not value.strip():
        return None, [(field, "is not a contact id (blank or holding a NUL character)")]
    return value, []


def check_millis(value: object, field: str) -> tuple[int | None, list[Issue]]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if value is None:
        return None, [(field, "is required but empty")]
    if isinstance(value, bool) or not isinstance(value, int):
        return None, [(field, f'"{_shown(value)}" is not a whole number of milliseconds')]
    if value < 0:
        return None, [(field, f'"{value}" is not a whole number of 0 or more')]
    if value > MAX_MS:
        return None, [(field, f'"{value}" is more than {MAX_MS} ms (24 hours) into the contact')]
    return value, []


def check_text(value: object, field: str) -> tuple[str | None, list[Issue]]:
    if value is None or value == "":
        return None, [(field, "is required but empty")]
    if not isinstance(value, str):
        return None, [(field, f"is {_kind(value)}, not text")]
    if len(value) > MAX_TURN_LENGTH:
        return None, [(field, f"is longer than {MAX_TURN_LENGTH} characters")]
    if "\x00" in value:
        return None, [(field, "holds a NUL character (byte 0), which is never part of text")]
    return value, []


def _check_order(turns: list[Turn], path: str, start: str = "start_ms", end: str = "end_ms") -> list[Issue]:
    issues: list[Issue] = []
    for index, turn in enumerate(turns):
        if turn.end_ms < turn.start_ms:
            issues.append((f"{path}[{index}].{end}", f'"{turn.end_ms}" is before {start} "{turn.start_ms}"'))
        if index and turn.start_ms < turns[index - 1].start_ms:
            issues.append(
                (
                    f"{path}[{index}].{start}",
                    f'"{turn.start_ms}" is before the previous turn\'s start "{turns[index - 1].start_ms}": '
                    "turns are listed in the order they were spoken",
                )
            )
    return issues


# -- native ---------------------------------------------------------------------------------------


def check_native(record: Mapping[str, Any]) -> tuple[Transcript | None, list[Issue]]:
    """A native record as a `Transcript`, or the problems that keep it out."""
    issues: list[Issue] = []
    unknown = [k for k in record if k not in NATIVE_FIELDS]
    if unknown:
        issues.append(
            (None, f"unknown field(s) {', '.join(_shown(k) for k in unknown[:20])}; "
             f"the native transcripts format has {', '.join(NATIVE_FIELDS)}")
        )  # fmt: skip
    contact_id, found = check_id(record.get("contact_id"), "contact_id")
    issues += found
    language = record.get("language")
    if language is None or language == "":
        issues.append(("language", "is required but empty"))
    elif language not in LANGUAGES:
        issues.append(("language", f'"{_shown(language)}" is not one of {", ".join(LANGUAGES)}'))
    turns, found = _native_turns(record.get("turns"))
    issues += found
    if issues or contact_id is None or not isinstance(language, str):
        return None, issues
    return Transcript(contact_id, language, "native", tuple(turns)), []


def _native_turns(value: object) -> tuple[list[Turn], list[Issue]]:
    if value is None:
        return [], [("turns", "is required but empty")]
    if not isinstance(value, list):
        return [], [("turns", f"is {_kind(value)}, not an array of turns")]
    if not value:
        return [], [("turns", "has no turns: a transcript holds at least one")]
    if len(value) > MAX_TURNS:
        return [], [("turns", f"has {len(value):,} turns; at most {MAX_TURNS:,}")]
    turns: list[Turn] = []
    issues: list[Issue] = []
    for index, item in enumerate(value):
        path = f"turns[{index}]"
        if not isinstance(item, dict):
            issues.append((path, f"is {_kind(item)}, not a turn (an object with {', '.join(TURN_FIELDS)})"))
            continue
        unknown = [k for k in item if k not in TURN_FIELDS]
        if unknown:
            issues.append((path, f"unknown field(s) {', '.join(_shown(k) for k in unknown[:20])}; a turn has "
                           f"{', '.join(TURN_FIELDS)}"))  # fmt: skip
        speaker = item.get("speaker")
        if speaker is None or speaker == "":
            issues.append((f"{path}.speaker", "is required but empty"))
        elif speaker not in SPEAKERS:
            issues.append((f"{path}.speaker", f'"{_shown(speaker)}" is not one of {", ".join(SPEAKERS)}'))
        start, found = check_millis(item.get("start_ms"), f"{path}.start_ms")
        issues += found
        end, found = check_millis(item.get("end_ms"), f"{path}.end_ms")
        issues += found
        text, found = check_text(item.get("text"), f"{path}.text")
        issues += found
        if isinstance(speaker, str) and speaker in SPEAKERS and start is not None and end is not None and text:
            turns.append(Turn(speaker, start, end, text))
    if issues:
        return [], issues
    return turns, _check_order(turns, "turns")


# -- Amazon Connect Contact Lens ------------------------------------------------------------------


def check_contact_lens(document: Mapping[str, Any]) -> tuple[Transcript | None, list[Issue]]:
    """A Contact Lens analysis file (voice or chat) as a `Transcript`, or the problems that keep it out."""
    issues: list[Issue] = []
    metadata = document.get("CustomerMetadata")
    if not isinstance(metadata, dict):
        issues.append(("CustomerMetadata", "is missing: it holds the ContactId the transcript belongs to"))
        contact_id = None
    else:
        contact_id, found = check_id(metadata.get("ContactId"), "CustomerMetadata.ContactId")
        issues += found
    language = _contact_lens_language(document.get("LanguageCode"), issues)
    roles = _participant_roles(document.get("Participants"))
    items = document.get("Transcript")
    turns: list[Turn] = []
    if items is None:
        issues.append(("Transcript", "is missing: the file holds no transcript"))
    elif not isinstance(items, list):
        issues.append(("Transcript", f"is {_kind(items)}, not an array of turns"))
    elif not items:
        issues.append(("Transcript", "has no turns: a transcript holds at least one"))
    elif len(items) > MAX_TURNS:
        issues.append(("Transcript", f"has {len(items):,} turns; at most {MAX_TURNS:,}"))
    else:
        turns = _contact_lens_turns(items, roles, issues)
    if issues or contact_id is None or language is None:
        return None, issues
    order = _check_order(turns, "Transcript", "BeginOffsetMillis", "EndOffsetMillis")
    if order:
        return None, order
    return Transcript(contact_id, language, "contact-lens", tuple(turns)), []


def _contact_lens_language(value: object, issues: list[Issue]) -> str | None:
    if not isinstance(value, str) or not value:
        issues.append(("LanguageCode", "is required but empty"))
        return None
    language = CONTACT_LENS_LANGUAGES.get(value.split("-")[0].lower())
    if language is None:
        issues.append(("LanguageCode", f'"{_shown(value)}" is not English, Spanish or Chinese (en-*, es-*, zh-*)'))
    return language


def _participant_roles(participants: object) -> dict[str, str]:
    """ParticipantId → ParticipantRole from the `Participants` list (chat ids are UUIDs)."""
    roles: dict[str, str] = {}
    if isinstance(participants, list):
        for item in participants:
            if isinstance(item, dict) and isinstance(item.get("ParticipantId"), str):
                roles[item["ParticipantId"]] = str(item.get("ParticipantRole") or item["ParticipantId"])
    return roles


def _contact_lens_turns(items: list[Any], roles: dict[str, str], issues: list[Issue]) -> list[Turn]:
    turns: list[Turn] = []
    first_time: dt.datetime | None = None
    for index, item in enumerate(items):
        path = f"Transcript[{index}]"
        if not isinstance(item, dict):
            issues.append((path, f"is {_kind(item)}, not a turn"))
            continue
        participant = (
            item.get("ParticipantRole") or roles.get(str(item.get("ParticipantId"))) or item.get("ParticipantId")
        )
        speaker = CONTACT_LENS_ROLES.get(str(participant).upper()) if participant else None
        if speaker is None:
            issues.append(
                (f"{path}.ParticipantId", f'"{_shown(participant)}" is not one of {", ".join(CONTACT_LENS_ROLES)}')
            )
        start: int | None
        end: int | None
        if "BeginOffsetMillis" not in item and isinstance(item.get("AbsoluteTime"), str):  # chat
            at = _instant(item["AbsoluteTime"])
            if at is None:
                issues.append((f"{path}.AbsoluteTime", f'"{_shown(item["AbsoluteTime"])}" is not an ISO 8601 time'))
                continue
            first_time = first_time or at
            start = end = int((at - first_time).total_seconds() * 1000)
            if start < 0:
                issues.append((f"{path}.AbsoluteTime", "is before the first message's time"))
                continue
        else:
            start, found = check_millis(item.get("BeginOffsetMillis"), f"{path}.BeginOffsetMillis")
            issues += found
            end, found = check_millis(item.get("EndOffsetMillis"), f"{path}.EndOffsetMillis")
            issues += found
        text, found = check_text(item.get("Content"), f"{path}.Content")
        issues += found
        if speaker is not None and start is not None and end is not None and text:
            turns.append(Turn(speaker, start, end, text))
    return turns


def _instant(value: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
